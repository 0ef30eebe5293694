package io.pharos.http;

import static io.pharos.auth.Role.ADMIN;
import static io.pharos.auth.Role.PUBLIC;
import static io.pharos.auth.Role.RUN;
import static io.pharos.auth.Role.USER;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.pharos.auth.AuthHandlers;
import io.pharos.auth.Role;
import io.pharos.labels.LabelHandlers;
import io.pharos.launch.LaunchHandlers;
import io.pharos.logs.LogHandlers;
import io.pharos.trace.TraceHandlers;
import io.pharos.web.LiveEvents;
import io.pharos.web.WebHandlers;
import io.pharos.workflow.WorkflowHandlers;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole URL table of Pharos, as data: each route with the one role that may call it.
 * Roles are checked once, in {@link AccessFilter}; the authorization matrix test walks this table.
 */
public final class Routes {
    private Routes() {
    }

    public record Handlers(AuthHandlers auth, TraceHandlers trace, WorkflowHandlers workflows, LogHandlers logs,
                           LaunchHandlers launch, LabelHandlers labels, WebHandlers web, LiveEvents events) {
    }

    /** One row of the table. */
    public record Route(HandlerType method, String path, Role role, Handler handler) {
        public String key() {
            return method + " " + path;
        }
    }

    /** Every route, in the order they are matched. */
    public static List<Route> table(Handlers h) {
        Table t = new Table();
        t.get("/api/service-info", PUBLIC, h.auth()::serviceInfo);
        t.get("/api/user-info", USER, h.auth()::userInfo);
        t.get("/api/user/{userId}/workspaces", USER, h.auth()::workspaces);

        t.get("/api/tokens", USER, h.auth()::listTokens);
        t.post("/api/tokens", USER, h.auth()::createToken);
        t.delete("/api/tokens/{tokenId}", USER, h.auth()::revokeToken);

        t.get("/api/users", ADMIN, h.auth()::listUsers);
        t.put("/api/users/{userId}", ADMIN, h.auth()::updateUser);
        t.get("/api/users/validate", USER, h.auth()::validateUserName);
        t.get("/api/users/{userId}", USER, h.auth()::describeUser);

        // The Tower trace protocol, as Nextflow's -with-tower client calls it; a launched run's token may too.
        t.post("/api/trace/create", RUN, h.trace()::create);
        t.put("/api/trace/{workflowId}/begin", RUN, h.trace()::begin);
        t.put("/api/trace/{workflowId}/progress", RUN, h.trace()::progress);
        t.put("/api/trace/{workflowId}/heartbeat", RUN, h.trace()::heartbeat);
        t.put("/api/trace/{workflowId}/complete", RUN, h.trace()::complete);

        // The seed's workflow API (both list spellings are in use by Tower clients). The fixed
        // paths come before /api/workflow/{workflowId}, which would match them too.
        t.get("/api/workflows", USER, h.workflows()::list);
        t.get("/api/workflow", USER, h.workflows()::list);
        t.get("/api/workflow/random-name", USER, h.workflows()::randomName);
        t.get("/api/workflow/validate", USER, h.workflows()::validateName);
        t.post("/api/workflow/delete", USER, h.workflows()::deleteMany);
        t.get("/api/workflow/{workflowId}", USER, h.workflows()::describe);
        t.delete("/api/workflow/{workflowId}", USER, h.workflows()::delete);
        t.get("/api/workflow/{workflowId}/progress", USER, h.workflows()::progress);
        t.get("/api/workflow/{workflowId}/tasks", USER, h.workflows()::tasks);
        t.get("/api/workflow/{workflowId}/tasks/{taskId}", USER, h.workflows()::task);
        t.get("/api/workflow/{workflowId}/task/{taskId}", USER, h.workflows()::task);
        t.get("/api/workflow/{workflowId}/metrics", USER, h.workflows()::metrics);
        t.get("/api/workflow/{workflowId}/log/{taskId}", USER, h.logs()::taskLog);
        t.get("/api/workflow/{workflowId}/download/{taskId}", USER, h.logs()::taskDownload);

        // Launching, on compute environments.
        t.post("/api/workflow/launch", USER, h.launch()::launch);
        t.post("/api/workflow/{workflowId}/cancel", USER, h.launch()::cancel);
        t.get("/api/workflow/{workflowId}/launch", USER, h.launch()::describeLaunch);
        t.get("/api/workflow/{workflowId}/log", USER, h.logs()::consoleLog);
        t.get("/api/workflow/{workflowId}/download", USER, h.logs()::downloadConsole);
        // Labels (each user's own) on runs, and stars.
        t.get("/api/labels", USER, h.labels()::list);
        t.get("/api/labels/dynamic/allowed", USER, h.labels()::allowedDynamic);
        t.post("/api/labels", USER, h.labels()::create);
        t.put("/api/labels/{labelId}", USER, h.labels()::update);
        t.delete("/api/labels/{labelId}", USER, h.labels()::delete);
        t.post("/api/workflow/labels/add", USER, h.labels()::addToRuns);
        t.post("/api/workflow/labels/apply", USER, h.labels()::applyToRuns);
        t.post("/api/workflow/labels/remove", USER, h.labels()::removeFromRuns);
        t.get("/api/workflow/{workflowId}/star", USER, h.labels()::isStarred);
        t.post("/api/workflow/{workflowId}/star", USER, h.labels()::star);
        t.delete("/api/workflow/{workflowId}/star", USER, h.labels()::unstar);

        t.get("/api/compute-envs", USER, h.launch()::listComputeEnvs);
        t.post("/api/compute-envs", ADMIN, h.launch()::createComputeEnv);
        t.get("/api/compute-envs/{computeEnvId}", USER, h.launch()::getComputeEnv);
        t.delete("/api/compute-envs/{computeEnvId}", ADMIN, h.launch()::deleteComputeEnv);
        t.post("/api/compute-envs/{computeEnvId}/test", ADMIN, h.launch()::testComputeEnv);
        t.get("/api/credentials", ADMIN, h.launch()::listCredentials);
        t.post("/api/credentials", ADMIN, h.launch()::createCredential);
        t.delete("/api/credentials/{credentialsId}", ADMIN, h.launch()::deleteCredential);

        // The browser UI: one data-free page for every UI path (Nextflow prints /watch/{id}), its assets,
        // the session cookie, and live events of the caller's runs.
        t.get("/", PUBLIC, h.web()::page);
        t.get("/watch/{workflowId}", PUBLIC, h.web()::page);
        t.get("/tokens", PUBLIC, h.web()::page);
        t.get("/launch", PUBLIC, h.web()::page);
        t.get("/compute-envs", PUBLIC, h.web()::page);
        t.get("/ui/{file}", PUBLIC, h.web()::asset);
        t.post("/api/session", PUBLIC, h.web()::signIn);
        t.delete("/api/session", PUBLIC, h.web()::signOut);
        t.get("/api/events", USER, h.events()::open);
        return t.routes;
    }

    static void install(RoutesConfig r, List<Route> table) {
        for (Route route : table) {
            r.addHttpHandler(route.method(), route.path(), route.handler(), route.role());
        }
    }

    private static final class Table {
        private final List<Route> routes = new ArrayList<>();

        void get(String path, Role role, Handler handler) {
            add(HandlerType.GET, path, role, handler);
        }

        void post(String path, Role role, Handler handler) {
            add(HandlerType.POST, path, role, handler);
        }

        void put(String path, Role role, Handler handler) {
            add(HandlerType.PUT, path, role, handler);
        }

        void delete(String path, Role role, Handler handler) {
            add(HandlerType.DELETE, path, role, handler);
        }

        private void add(HandlerType method, String path, Role role, Handler handler) {
            routes.add(new Route(method, path, role, handler));
        }
    }
}
