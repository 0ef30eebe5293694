package io.pharos.workflow;

import io.javalin.http.Context;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;

/** HTTP in and out of the seed's workflow read API. */
public final class WorkflowHandlers {
    private final WorkflowService workflows;

    public WorkflowHandlers(WorkflowService workflows) {
        this.workflows = workflows;
    }

    public void list(Context ctx) {
        ctx.json(workflows.list(Requests.principal(ctx), ctx.queryParam("search"),
                Requests.intQuery(ctx, "max", 50), Requests.intQuery(ctx, "offset", 0)));
    }

    public void describe(Context ctx) {
        ctx.json(workflows.describe(Requests.principal(ctx), ctx.pathParam("workflowId")));
    }

    public void progress(Context ctx) {
        ctx.json(workflows.progress(Requests.principal(ctx), ctx.pathParam("workflowId")));
    }

    public void tasks(Context ctx) {
        ctx.json(workflows.tasks(Requests.principal(ctx), ctx.pathParam("workflowId"), ctx.queryParam("search"),
                ctx.queryParam("sortBy"), ctx.queryParam("sortDir"), Requests.intQuery(ctx, "max", 100),
                Requests.intQuery(ctx, "offset", 0)));
    }

    public void task(Context ctx) {
        ctx.json(workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"),
                Requests.longPath(ctx, "taskId")));
    }

    public void metrics(Context ctx) {
        ctx.json(workflows.metrics(Requests.principal(ctx), ctx.pathParam("workflowId")));
    }

    public void delete(Context ctx) {
        String force = ctx.queryParam("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw ApiException.badRequest("Invalid force '" + force + "': use true or false");
        }
        workflows.delete(Requests.principal(ctx), ctx.pathParam("workflowId"), "true".equals(force));
        ctx.status(204);
    }

}
