package io.pharos.web;

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

    /** GET, HEAD and OPTIONS change nothing, so they need no CSRF header. */
    public static boolean isSafeMethod(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS");
    }
}
