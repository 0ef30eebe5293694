package io.pharos.launch;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.Map;

/**
 * HTTP in and out for launching, cancelling, launch records and compute environments; JSON from
 * {@link LaunchViews}. The console of a launched run is served by logs/LogHandlers.
 */
public final class LaunchHandlers {
    private final LaunchService launches;
    private final ComputeEnvService envs;
    private final LaunchViews views;
    private final Requests requests;

    public LaunchHandlers(LaunchService launches, ComputeEnvService envs, LaunchViews views, Requests requests) {
        this.launches = launches;
        this.envs = envs;
        this.views = views;
        this.requests = requests;
    }

    /** The seed's sample wraps the fields in {"launch": {...}}; a bare object is accepted too. */
    public void launch(Context ctx) {
        JsonNode body = requests.body(ctx, JsonNode.class);
        JsonNode fields = body.has("launch") ? body.get("launch") : body;
        if (!fields.isObject()) {
            throw ApiException.badRequest("Field 'launch' must be an object");
        }
        LaunchRequest req;
        try {
            req = requests.mapper().treeToValue(fields, LaunchRequest.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            String field = e instanceof com.fasterxml.jackson.databind.JsonMappingException m && !m.getPath().isEmpty()
                    ? m.getPath().get(m.getPath().size() - 1).getFieldName() : "launch";
            throw ApiException.badRequest("Invalid value for '" + field + "': " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        ctx.json(LaunchViews.launched(launches.launch(Requests.principal(ctx), req)));
    }

    public void cancel(Context ctx) {
        String id = ctx.pathParam("workflowId");
        launches.cancel(Requests.principal(ctx), id, Requests.booleanQuery(ctx, "force"));
        if (ctx.queryParam(io.pharos.auth.Workspaces.PARAM) != null) {
            ctx.status(204); // a Seqera client (it names a workspace, even empty): the spec's answer has no body
        } else {
            ctx.json(LaunchViews.cancelled(id)); // the seed's 200
        }
    }

    public void describeLaunch(Context ctx) {
        Principal caller = Requests.principal(ctx);
        ctx.json(views.launch(caller, launches.describe(caller, ctx.pathParam("workflowId"))));
    }

    public void listComputeEnvs(Context ctx) {
        Principal caller = Requests.principal(ctx);
        ctx.json(views.computeEnvs(caller, envs.list()));
    }

    public void createComputeEnv(Context ctx) {
        JsonNode body = requests.body(ctx, JsonNode.class);
        JsonNode fields = body.has("computeEnv") ? body.get("computeEnv") : body;
        ComputeEnvService.NewComputeEnv req;
        try {
            req = requests.mapper().treeToValue(fields, ComputeEnvService.NewComputeEnv.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("Invalid compute environment: " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        Principal caller = Requests.principal(ctx);
        ctx.json(views.created(caller, envs.create(caller, req)));
    }

    public void getComputeEnv(Context ctx) {
        Principal caller = Requests.principal(ctx);
        ctx.json(Map.of("computeEnv", views.computeEnv(caller, envs.get(ctx.pathParam("computeEnvId")))));
    }

    /** POST /api/compute-envs/{id}/test: reaches the cluster and finds its commands; 400 with the reason if not. */
    public void testComputeEnv(Context ctx) {
        ComputeEnv env = envs.get(ctx.pathParam("computeEnvId"));
        ctx.json(Map.of("connection", launches.testConnection(env)));
    }

    public void listCredentials(Context ctx) {
        ctx.json(Map.of("credentials", envs.credentials(Requests.principal(ctx)).stream().map(LaunchViews::credential).toList()));
    }

    /** The spec's CreateCredentialsRequest: {"credentials": {"name", "provider": "ssh", "keys": {"privateKey", "passphrase"}}}. */
    public void createCredential(Context ctx) {
        JsonNode body = requests.body(ctx, JsonNode.class);
        JsonNode fields = body.has("credentials") ? body.get("credentials") : body;
        ComputeEnvService.NewCredential req;
        try {
            req = requests.mapper().treeToValue(fields, ComputeEnvService.NewCredential.class);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw ApiException.badRequest("Invalid credentials: expected {name, provider, keys: {privateKey, passphrase}}");
        }
        CredentialStore.Credential c = envs.createCredential(Requests.principal(ctx), req);
        ctx.json(Map.of("credentialsId", c.id()));
    }

    public void deleteCredential(Context ctx) {
        envs.deleteCredential(Requests.principal(ctx), ctx.pathParam("credentialsId"));
        ctx.status(204);
    }

    public void deleteComputeEnv(Context ctx) {
        envs.delete(Requests.principal(ctx), ctx.pathParam("computeEnvId"));
        ctx.status(204);
    }
}
