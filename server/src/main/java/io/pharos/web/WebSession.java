package io.pharos.web;

import io.javalin.http.Context;

/**
 * How the browser UI authenticates. Sign-in puts the access token in an HttpOnly,
 * SameSite=Strict cookie (scripts cannot read it; other sites cannot send it), and every
 * state-changing request the UI makes carries {@link #CSRF_HEADER}, which a cross-site form
 * cannot add and a cross-site script could add only after a CORS preflight that Pharos never allows.
 */
public final class WebSession {
    public static final String COOKIE = "pharos_session";
    public static final String CSRF_HEADER = "X-Pharos-UI";

    private WebSession() {
    }

    /**
     * The credential a request carries, as an Authorization header value: the header itself, else
     * the UI's session cookie as a Bearer token ({@code fromCookie}), else null.
     */
    public record Credential(String authorization, boolean fromCookie) {
    }

    /** The one place that reads a caller's credential: the access filter and event streams alike. */
    public static Credential credential(Context ctx) {
        String header = ctx.header("Authorization");
        if (header != null) {
            return new Credential(header, false);
        }
        String cookie = ctx.cookie(COOKIE);
        return cookie == null ? new Credential(null, false) : new Credential(bearer(cookie), true);
    }

    /** A token as the Authorization header value that AuthService.authenticate reads. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** GET, HEAD and OPTIONS change nothing, so they need no CSRF header. */
    public static boolean isSafeMethod(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
