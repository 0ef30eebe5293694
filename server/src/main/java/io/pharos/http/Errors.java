package io.pharos.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.pharos.Ids;
import io.pharos.error.ApiException;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every failure becomes {@code {"message": ...}} with its status. Unexpected ones are logged
 * with an error id that the response repeats, so a user's report leads to the stack trace.
 */
final class Errors {
    private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

    private Errors() {
    }

    static void install(RoutesConfig routes) {
        routes.exception(ApiException.class, (e, ctx) -> respond(ctx, e.status(), e.getMessage()));
        routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, e.getStatus(), clientMessage(e)));
        routes.exception(Exception.class, Errors::unexpected);
    }

    static void unexpected(Exception e, Context ctx) {
        String errorId = Ids.random(22);
        LOG.error("Error ID: {} on {} {}", errorId, ctx.method(), ctx.path(), e);
        respond(ctx, 500, "Oops... Unable to process request - Error ID: " + errorId);
    }

    static void respond(Context ctx, int status, String message) {
        ctx.status(status).json(Map.of("message", message == null ? "" : message));
    }

    private static String clientMessage(HttpResponseException e) {
        return switch (e.getStatus()) {
            case 404 -> "Not found: " + e.getMessage().replaceFirst("^Endpoint ", "");
            case 405 -> "Method not allowed";
            case 413 -> "Request body is larger than the server's limit";
            default -> e.getMessage();
        };
    }
}
