package io.pharos.workflow;

import io.javalin.http.Context;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.Map;

/**
 * HTTP in and out of the workflow read API, in either API family's shape ({@link Shape}): the
 * seed's JSON from {@link WorkflowViews}, the Seqera Platform's from {@link SeqeraViews}.
 */
public final class WorkflowHandlers {
    private final WorkflowService workflows;
    private final WorkflowViews views;
    private final SeqeraViews seqera;

    public WorkflowHandlers(WorkflowService workflows, WorkflowViews views) {
        this.workflows = workflows;
        this.views = views;
        this.seqera = new SeqeraViews(views);
    }

    /** The shape a request asks for; 400 for a Seqera parameter with a bad value, before anything is read. */
    static Shape shape(Context ctx) {
        return Shape.of(ctx.queryParam("workspaceId"), ctx.queryParams("attributes"), ctx.queryParam("includeTotalSize"));
    }

    public void list(Context ctx) {
        Shape shape = shape(ctx);
        WorkflowService.RunPage page = workflows.list(Requests.principal(ctx), ctx.queryParam("search"),
                Requests.intQuery(ctx, "max", 50), Requests.intQuery(ctx, "offset", 0));
        ctx.json(shape.seqera() ? seqera.list(page, shape) : views.list(page));
    }

    public void describe(Context ctx) {
        Shape shape = shape(ctx);
        WorkflowService.Detail d = workflows.describe(Requests.principal(ctx), ctx.pathParam("workflowId"));
        ctx.json(shape.seqera() ? seqera.describe(d, shape) : views.describe(d));
    }

    public void progress(Context ctx) {
        Shape shape = shape(ctx);
        WorkflowService.RunProgress p = workflows.progress(Requests.principal(ctx), ctx.pathParam("workflowId"));
        ctx.json(shape.seqera() ? seqera.progress(p) : views.progress(p));
    }

    public void tasks(Context ctx) {
        Shape shape = shape(ctx);
        WorkflowService.TaskPage page = workflows.tasks(Requests.principal(ctx), ctx.pathParam("workflowId"),
                ctx.queryParam("search"), ctx.queryParam("sortBy"), ctx.queryParam("sortDir"),
                Requests.intQuery(ctx, "max", 100), Requests.intQuery(ctx, "offset", 0));
        ctx.json(shape.seqera() ? seqera.tasks(page) : views.tasks(page));
    }

    public void task(Context ctx) {
        Shape shape = shape(ctx);
        Task t = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"), Requests.longPath(ctx, "taskId"));
        ctx.json(shape.seqera() ? seqera.describeTask(t) : Map.of("task", views.task(t)));
    }

    public void metrics(Context ctx) {
        Shape shape = shape(ctx);
        WorkflowService.RunMetrics m = workflows.metrics(Requests.principal(ctx), ctx.pathParam("workflowId"));
        ctx.json(shape.seqera() ? seqera.metrics(m) : views.metrics(m));
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
