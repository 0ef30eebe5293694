package io.pharos.workflow;

import io.javalin.http.Context;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.Map;

/** HTTP in and out of the seed's workflow read API; JSON from {@link WorkflowViews}. */
public final class WorkflowHandlers {
    private final WorkflowService workflows;
    private final WorkflowViews views;

    public WorkflowHandlers(WorkflowService workflows, WorkflowViews views) {
        this.workflows = workflows;
        this.views = views;
    }

    public void list(Context ctx) {
        ctx.json(views.list(workflows.list(Requests.principal(ctx), ctx.queryParam("search"),
                Requests.intQuery(ctx, "max", 50), Requests.intQuery(ctx, "offset", 0))));
    }

    public void describe(Context ctx) {
        ctx.json(views.describe(workflows.describe(Requests.principal(ctx), ctx.pathParam("workflowId"))));
    }

    public void progress(Context ctx) {
        ctx.json(views.progress(workflows.progress(Requests.principal(ctx), ctx.pathParam("workflowId"))));
    }

    public void tasks(Context ctx) {
        ctx.json(views.tasks(workflows.tasks(Requests.principal(ctx), ctx.pathParam("workflowId"),
                ctx.queryParam("search"), ctx.queryParam("sortBy"), ctx.queryParam("sortDir"),
                Requests.intQuery(ctx, "max", 100), Requests.intQuery(ctx, "offset", 0))));
    }

    public void task(Context ctx) {
        Task t = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"), Requests.longPath(ctx, "taskId"));
        ctx.json(Map.of("task", views.task(t)));
    }

    public void metrics(Context ctx) {
        ctx.json(views.metrics(workflows.metrics(Requests.principal(ctx), ctx.pathParam("workflowId"))));
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
