package io.pharos.http;

import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import io.pharos.Config;
import io.pharos.auth.AuthService;
import io.pharos.error.StartupException;
import java.net.BindException;
import java.util.List;

/** Builds and starts the Javalin server: JSON, errors, the access filter and the route table. */
public final class HttpServer {
    private HttpServer() {
    }

    public static Javalin start(Config config, Requests requests, AuthService auth, List<Routes.Route> routes) {
        AccessFilter access = new AccessFilter(auth);
        Javalin app = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.startup.showOldJavalinVersionWarning = false;
            c.jsonMapper(new JavalinJackson(requests.mapper(), false));
            // Bodies are streamed and limited by Requests.body; this is Javalin's own cap for bodyAsBytes.
            c.http.maxRequestSize = config.maxBodyBytes();
            c.router.ignoreTrailingSlashes = true;
            c.jetty.host = config.host();
            c.jetty.port = config.port();
            c.routes.beforeMatched(access::check);
            Errors.install(c.routes);
            Routes.install(c.routes, routes);
        });
        try {
            return app.start();
        } catch (RuntimeException e) {
            if (causedBy(e, BindException.class)) {
                throw new StartupException("Port " + config.port() + " on " + config.host()
                        + " is already in use: stop the other server or choose another port with --port");
            }
            throw new StartupException("Cannot start the HTTP server on " + config.host() + ":" + config.port()
                    + ": " + io.pharos.db.Database.rootMessage(e), e);
        }
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
