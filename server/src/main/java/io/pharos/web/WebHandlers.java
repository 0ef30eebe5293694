package io.pharos.web;

import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;
import io.pharos.auth.AuthService;
import io.pharos.auth.AuthViews;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The browser UI: one static page for every UI route, its few assets, and sign-in/out. */
public final class WebHandlers {
    /**
     * Every asset the UI has; anything else under /ui is a 404, so no path ever reaches the class path.
     * The scripts are ES modules that import each other by these names: a new one must be listed here.
     */
    static final List<String> ASSETS = List.of(
            "app.js", "core.js", "dom.js", "format.js", "runs.js", "run.js", "runtasks.js", "charts.js", "tokens.js",
            "launch.js", "envs.js", "labels.js", "app.css", "favicon.svg");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml");
    /** Scripts, styles and images only from Pharos itself: the UI works offline and injected markup cannot run. */
    private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final AuthService auth;
    private final Requests requests;
    private final byte[] page;
    private final Map<String, byte[]> assets;

    public WebHandlers(AuthService auth, Requests requests) {
        this.auth = auth;
        this.requests = requests;
        this.page = resource("index.html");
        Map<String, byte[]> files = new HashMap<>();
        for (String name : ASSETS) {
            files.put(name, resource(name));
        }
        this.assets = Map.copyOf(files);
    }

    record SignIn(String token) {
    }

    /** The same page for every UI path (/, /watch/{id}, /tokens, ...): it holds no data, the scripts ask the API. */
    public void page(Context ctx) {
        secure(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8").result(page);
    }

    public void asset(Context ctx) {
        String name = ctx.pathParam("file");
        byte[] body = assets.get(name);
        if (body == null) {
            throw ApiException.notFound("No UI file named '" + name + "'");
        }
        secure(ctx);
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType(TYPES.get(name.substring(name.lastIndexOf('.') + 1))).result(body);
    }

    /** Checks a token and keeps it in the session cookie. */
    public void signIn(Context ctx) {
        requireUiHeader(ctx);
        SignIn req = requests.body(ctx, SignIn.class);
        if (req.token() == null || req.token().isBlank()) {
            throw ApiException.badRequest("Paste an access token to sign in");
        }
        String token = req.token().strip();
        Principal p = auth.authenticate(WebSession.bearer(token));
        if (p.runScoped()) {
            throw ApiException.forbidden("This access token may only report run " + p.token().workflowId()
                    + "; sign in with a personal access token");
        }
        ctx.cookie(cookie(ctx, token, -1));
        ctx.json(AuthViews.signedIn(p));
    }

    public void signOut(Context ctx) {
        requireUiHeader(ctx);
        ctx.cookie(cookie(ctx, "", 0));
        ctx.status(204);
    }

    // Session routes are public (they are how a session starts), so they check the header themselves.
    private static void requireUiHeader(Context ctx) {
        if (ctx.header(WebSession.CSRF_HEADER) == null) {
            throw ApiException.forbidden("Requests from the web UI must send the " + WebSession.CSRF_HEADER + " header");
        }
    }

    /** A session cookie (maxAge -1: gone when the browser closes); Secure when the request came over HTTPS. */
    private static Cookie cookie(Context ctx, String value, int maxAge) {
        boolean https = "https".equalsIgnoreCase(ctx.scheme())
                || "https".equalsIgnoreCase(ctx.header("X-Forwarded-Proto"));
        return new Cookie(WebSession.COOKIE, value, "/", maxAge, https, true, null, SameSite.STRICT);
    }

    private static void secure(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
    }

    private static byte[] resource(String name) {
        try (InputStream in = WebHandlers.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                throw new IllegalStateException("UI file web/" + name + " is missing from the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
