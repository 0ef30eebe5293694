package io.pharos.workflow;

import io.javalin.http.Context;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** HTTP in and out of the seed's workflow read API; JSON from {@link WorkflowViews}. */
public final class WorkflowHandlers {
    private final WorkflowService workflows;
    private final WorkflowViews views;
    private final RunAdditions additions;
    private final Requests requests;

    public WorkflowHandlers(WorkflowService workflows, WorkflowViews views, RunAdditions additions, Requests requests) {
        this.workflows = workflows;
        this.views = views;
        this.additions = additions;
        this.requests = requests;
    }

    /** DeleteWorkflowsRequest. */
    record DeleteMany(List<String> workflowIds) {
    }

    public void list(Context ctx) {
        Principal caller = Requests.principal(ctx);
        WorkflowService.RunPage page = workflows.list(caller, ctx.queryParam("search"),
                Requests.intQuery(ctx, "max", 50), Requests.intQuery(ctx, "offset", 0));
        Map<String, Object> out = views.list(page);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) out.get("workflows");
        additions.toList(caller, page.runs().stream().map(r -> r.workflow().id()).toList(), items, attributes(ctx));
        ctx.json(out);
    }

    public void describe(Context ctx) {
        Principal caller = Requests.principal(ctx);
        String id = ctx.pathParam("workflowId");
        Map<String, Object> out = views.describe(workflows.describe(caller, id));
        additions.toDescribe(caller, id, out, attributes(ctx));
        ctx.json(out);
    }

    /** The attributes asked for: {@code attributes=labels,optimized} (the spec's form), or the parameter repeated. */
    private static Set<String> attributes(Context ctx) {
        Set<String> out = new java.util.HashSet<>();
        for (String v : ctx.queryParams("attributes")) {
            for (String a : v.split(",")) {
                if (!a.isBlank()) {
                    out.add(a.strip());
                }
            }
        }
        return out;
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
        ctx.json(out);
    }

    /** GET /api/workflow/random-name: RandomWorkflowNameResponse. */
    public void randomName(Context ctx) {
        ctx.json(Map.of("name", RunNames.random()));
    }

    /** GET /api/workflow/validate: 204 when the name may be used, else 400 or 409. */
    public void validateName(Context ctx) {
        workflows.checkRunName(Requests.principal(ctx), ctx.queryParam("runName"), ctx.queryParam("sessionId"));
        ctx.status(204);
    }

    private static boolean force(Context ctx) {
        String force = ctx.queryParam("force");
        if (force != null && !force.equals("true") && !force.equals("false")) {
            throw ApiException.badRequest("Invalid force '" + force + "': use true or false");
        }
        return "true".equals(force);
    }

}
