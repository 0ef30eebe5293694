package io.pharos.workflow;

import io.javalin.http.Context;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * HTTP in and out of the workflow read API, in either API family's shape ({@link Shape}): the
 * seed's JSON from {@link WorkflowViews}, the Seqera Platform's from {@link SeqeraViews}.
 */
public final class WorkflowHandlers {
    private final WorkflowService workflows;
    private final WorkflowViews views;
    private final SeqeraViews seqera;
    private final RunAdditions additions;
    private final Requests requests;
    private final java.util.function.Function<String, Map<String, Object>> jobInfo;

    /** @param jobInfo the spec's JobInfoDto of a run's head job (its scheduler job), or null where there is none */
    public WorkflowHandlers(WorkflowService workflows, WorkflowViews views, RunAdditions additions, Requests requests,
                            java.util.function.Function<String, Map<String, Object>> jobInfo) {
        this.workflows = workflows;
        this.views = views;
        this.seqera = new SeqeraViews(views);
        this.additions = additions;
        this.requests = requests;
        this.jobInfo = jobInfo;
        workflows.beforeDelete(w -> views.forgetMetrics(w.id()));
    }

    /** DeleteWorkflowsRequest. */
    record DeleteMany(List<String> workflowIds) {
    }

    /** The shape a request asks for; 400 for a Seqera parameter with a bad value, before anything is read. */
    static Shape shape(Context ctx) {
        return Shape.of(ctx.queryParam("workspaceId"), ctx.queryParams("attributes"), ctx.queryParam("includeTotalSize"));
    }

    public void list(Context ctx) {
        Shape shape = shape(ctx);
        Principal caller = Requests.principal(ctx);
        String kept = !shape.seqera() ? "seed" : shape.has(Shape.Attribute.MINIMAL) ? "seqera minimal" : "seqera";
        WorkflowService.RunPage page = workflows.list(caller, ctx.queryParam("search"),
                Requests.intQuery(ctx, "max", 50), Requests.intQuery(ctx, "offset", 0), kept,
                new WorkflowService.ListedJson() {
                    @Override
                    public byte[] workflow(Workflow w) {
                        return requests.bytes(g -> views.workflow(g, w, shape, true));
                    }

                    @Override
                    public byte[] progress(Progress p) {
                        return requests.bytes(g -> views.listedProgress(g, p, shape.seqera()));
                    }
                });
        if (!shape.seqera()) {
            requests.json(ctx, g -> views.list(g, page));
            return;
        }
        List<RunAdditions.Added> added = additions.toList(caller,
                page.runs().stream().map(WorkflowService.Listed::id).toList(), shape);
        requests.json(ctx, g -> seqera.list(g, page, shape, added));
    }

    public void describe(Context ctx) {
        Shape shape = shape(ctx);
        Principal caller = Requests.principal(ctx);
        if (!shape.seqera()) {
            requests.json(ctx, workflows.describe(caller, ctx.pathParam("workflowId"),
                    d -> requests.bytes(g -> views.describe(g, d))));
            return;
        }
        WorkflowService.Detail d = workflows.describe(caller, ctx.pathParam("workflowId"));
        // Only where known: a run whose head job is a scheduler's job (Slurm) has one.
        Map<String, Object> job = jobInfo.apply(d.workflow().id());
        Object labels = additions.toDescribe(caller, d.workflow().id(), shape);
        requests.json(ctx, g -> seqera.describe(g, d, shape, job, labels));
    }

    public void progress(Context ctx) {
        Shape shape = shape(ctx);
        boolean seqera = shape.seqera();
        requests.json(ctx, workflows.progress(Requests.principal(ctx), ctx.pathParam("workflowId"),
                seqera ? "seqera" : "seed", p -> requests.bytes(g -> views.progress(g, p, seqera))));
    }

    public void tasks(Context ctx) {
        Shape shape = shape(ctx);
        boolean seqera = shape.seqera();
        requests.json(ctx, workflows.tasks(Requests.principal(ctx), ctx.pathParam("workflowId"),
                ctx.queryParam("search"), ctx.queryParam("sortBy"), ctx.queryParam("sortDir"),
                Requests.intQuery(ctx, "max", 100), Requests.intQuery(ctx, "offset", 0), seqera ? "seqera" : "seed",
                page -> requests.bytes(g -> views.tasks(g, page, seqera))));
    }

    public void task(Context ctx) {
        Shape shape = shape(ctx);
        Task t = workflows.task(Requests.principal(ctx), ctx.pathParam("workflowId"), Requests.longPath(ctx, "taskId"));
        requests.json(ctx, g -> views.task(g, t, shape.seqera()));
    }

    /** The same in both shapes. */
    public void metrics(Context ctx) {
        shape(ctx);
        String id = ctx.pathParam("workflowId");
        requests.json(ctx, workflows.metrics(Requests.principal(ctx), id, m -> requests.bytes(g -> views.metrics(g, id, m))));
    }

    public void delete(Context ctx) {
        workflows.delete(Requests.principal(ctx), ctx.pathParam("workflowId"), force(ctx));
        ctx.status(204);
    }

    /** POST /api/workflow/delete: DeleteWorkflowsResponse with the ids that were not deleted. */
    public void deleteMany(Context ctx) {
        boolean force = force(ctx);
        DeleteMany body = requests.body(ctx, DeleteMany.class);
        List<String> failed = workflows.deleteMany(Requests.principal(ctx), body.workflowIds(), force);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("failedWorkflowIds", failed);
        requests.json(ctx, out);
    }

    /** GET /api/workflow/random-name: RandomWorkflowNameResponse. */
    public void randomName(Context ctx) {
        requests.json(ctx, Map.of("name", RunNames.random()));
    }

    /** GET /api/workflow/validate: 204 when the name may be used, else 400 or 409. */
    public void validateName(Context ctx) {
        workflows.checkRunName(Requests.principal(ctx), ctx.queryParam("runName"), ctx.queryParam("sessionId"));
        ctx.status(204);
    }

    private static boolean force(Context ctx) {
        return Requests.booleanQuery(ctx, "force");
    }

}
