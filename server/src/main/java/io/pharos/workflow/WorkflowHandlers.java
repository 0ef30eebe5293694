package io.pharos.workflow;

import io.javalin.http.Context;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.Map;

/** HTTP in and out of the seed's workflow read API; JSON from {@link WorkflowViews}. */
public final class WorkflowHandlers {
    private final WorkflowService workflows;
    private final WorkflowViews views;
    private final java.util.function.Function<String, Map<String, Object>> jobInfo;

    /** @param jobInfo the spec's JobInfoDto of a run's head job (its scheduler job), or null where there is none */
    public WorkflowHandlers(WorkflowService workflows, WorkflowViews views,
                            java.util.function.Function<String, Map<String, Object>> jobInfo) {
        this.workflows = workflows;
        this.views = views;
        this.jobInfo = jobInfo;
    }

    public void list(Context ctx) {
        ctx.json(views.list(workflows.list(Requests.principal(ctx), ctx.queryParam("search"),
                Requests.intQuery(ctx, "max", 50), Requests.intQuery(ctx, "offset", 0))));
    }

    public void describe(Context ctx) {
        String id = ctx.pathParam("workflowId");
        Map<String, Object> out = views.describe(workflows.describe(Requests.principal(ctx), id));
        // Only where known: a run whose head job is a scheduler's job (Slurm) has one.
        Map<String, Object> job = jobInfo.apply(id);
        if (job != null) {
            out.put("jobInfo", job);
        }
        ctx.json(out);
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
