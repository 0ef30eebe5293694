package io.pharos.http;

import static io.pharos.auth.Role.ADMIN;
import static io.pharos.auth.Role.PUBLIC;
import static io.pharos.auth.Role.USER;

import io.javalin.config.RoutesConfig;
import io.pharos.auth.AuthHandlers;
import io.pharos.launch.LaunchHandlers;
import io.pharos.logs.LogHandlers;
import io.pharos.trace.TraceHandlers;
import io.pharos.web.LiveEvents;
import io.pharos.web.WebHandlers;
import io.pharos.workflow.WorkflowHandlers;

/** The whole URL table of Pharos. Roles are checked once, in {@link AccessFilter}. */
public final class Routes {
    private Routes() {
    }

    public record Handlers(AuthHandlers auth, TraceHandlers trace, WorkflowHandlers workflows, LogHandlers logs,
                           LaunchHandlers launch, WebHandlers web, LiveEvents events) {
    }

    static void install(RoutesConfig r, Handlers h) {
        r.get("/api/service-info", h.auth()::serviceInfo, PUBLIC);
        r.get("/api/user-info", h.auth()::userInfo, USER);

        r.get("/api/tokens", h.auth()::listTokens, USER);
        r.post("/api/tokens", h.auth()::createToken, USER);
        r.delete("/api/tokens/{tokenId}", h.auth()::revokeToken, USER);

        r.get("/api/users", h.auth()::listUsers, ADMIN);
        r.put("/api/users/{userId}", h.auth()::updateUser, ADMIN);

        // The Tower trace protocol, as Nextflow's -with-tower client calls it.
        r.post("/api/trace/create", h.trace()::create, USER);
        r.put("/api/trace/{workflowId}/begin", h.trace()::begin, USER);
        r.put("/api/trace/{workflowId}/progress", h.trace()::progress, USER);
        r.put("/api/trace/{workflowId}/heartbeat", h.trace()::heartbeat, USER);
        r.put("/api/trace/{workflowId}/complete", h.trace()::complete, USER);

        // The seed's workflow API (both list spellings are in use by Tower clients).
        r.get("/api/workflows", h.workflows()::list, USER);
        r.get("/api/workflow", h.workflows()::list, USER);
        r.get("/api/workflow/{workflowId}", h.workflows()::describe, USER);
        r.delete("/api/workflow/{workflowId}", h.workflows()::delete, USER);
        r.get("/api/workflow/{workflowId}/progress", h.workflows()::progress, USER);
        r.get("/api/workflow/{workflowId}/tasks", h.workflows()::tasks, USER);
        r.get("/api/workflow/{workflowId}/tasks/{taskId}", h.workflows()::task, USER);
        r.get("/api/workflow/{workflowId}/task/{taskId}", h.workflows()::task, USER);
        r.get("/api/workflow/{workflowId}/metrics", h.workflows()::metrics, USER);
        r.get("/api/workflow/{workflowId}/log/{taskId}", h.logs()::taskLog, USER);
        r.get("/api/workflow/{workflowId}/download/{taskId}", h.logs()::taskDownload, USER);

        // Launching, on compute environments.
        r.post("/api/workflow/launch", h.launch()::launch, USER);
        r.post("/api/workflow/{workflowId}/cancel", h.launch()::cancel, USER);
        r.get("/api/workflow/{workflowId}/launch", h.launch()::describeLaunch, USER);
        r.get("/api/workflow/{workflowId}/log", h.launch()::consoleLog, USER);
        r.get("/api/workflow/{workflowId}/download", h.launch()::downloadConsole, USER);
        r.get("/api/compute-envs", h.launch()::listComputeEnvs, USER);
        r.post("/api/compute-envs", h.launch()::createComputeEnv, ADMIN);
        r.get("/api/compute-envs/{computeEnvId}", h.launch()::getComputeEnv, USER);
        r.delete("/api/compute-envs/{computeEnvId}", h.launch()::deleteComputeEnv, ADMIN);

        // The browser UI: one data-free page for every UI path (Nextflow prints /watch/{id}), its assets,
        // the session cookie, and live events of the caller's runs.
        r.get("/", h.web()::page, PUBLIC);
        r.get("/watch/{workflowId}", h.web()::page, PUBLIC);
        r.get("/tokens", h.web()::page, PUBLIC);
        r.get("/launch", h.web()::page, PUBLIC);
        r.get("/compute-envs", h.web()::page, PUBLIC);
        r.get("/ui/{file}", h.web()::asset, PUBLIC);
        r.post("/api/session", h.web()::signIn, PUBLIC);
        r.delete("/api/session", h.web()::signOut, PUBLIC);
        r.sse("/api/events", h.events()::subscribe, USER);
    }
}
