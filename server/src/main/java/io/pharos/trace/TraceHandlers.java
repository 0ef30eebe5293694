package io.pharos.trace;

import io.javalin.http.Context;
import io.pharos.http.Requests;
import java.util.function.Supplier;

/** HTTP in and out of the Tower trace protocol; answers from {@link TraceViews}. */
public final class TraceHandlers {
    private final TraceService trace;
    private final Requests requests;
    private final Supplier<String> publicUrl;

    public TraceHandlers(TraceService trace, Requests requests, Supplier<String> publicUrl) {
        this.trace = trace;
        this.requests = requests;
        this.publicUrl = publicUrl;
    }

    public void create(Context ctx) {
        TracePayloads.Create body = requests.body(ctx, TracePayloads.Create.class);
        String id = trace.create(Requests.principal(ctx), body, ctx.queryParam("workspaceId"));
        ctx.json(TraceViews.created(id));
    }

    public void begin(Context ctx) {
        String id = ctx.pathParam("workflowId");
        trace.begin(Requests.principal(ctx), id, requests.body(ctx, TracePayloads.Begin.class));
        ctx.json(TraceViews.begun(id, publicUrl.get() + "/watch/" + id));
    }

    public void progress(Context ctx) {
        String id = ctx.pathParam("workflowId");
        trace.progress(Requests.principal(ctx), id, requests.body(ctx, TracePayloads.Progress.class));
        ok(ctx, id);
    }

    public void heartbeat(Context ctx) {
        String id = ctx.pathParam("workflowId");
        trace.heartbeat(Requests.principal(ctx), id, requests.body(ctx, TracePayloads.Heartbeat.class));
        ok(ctx, id);
    }

    public void complete(Context ctx) {
        String id = ctx.pathParam("workflowId");
        trace.complete(Requests.principal(ctx), id, requests.body(ctx, TracePayloads.Complete.class));
        ok(ctx, id);
    }

    private static void ok(Context ctx, String id) {
        ctx.json(TraceViews.ok(id));
    }
}
