package io.pharos.http;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.pharos.auth.AuthService;
import io.pharos.auth.Principal;
import io.pharos.auth.Role;
import io.pharos.auth.Workspaces;
import io.pharos.error.ApiException;
import io.pharos.web.WebSession;
import java.util.Set;

/** The one place where a request's token is checked against the roles of its route. */
final class AccessFilter {
    private final AuthService auth;

    AccessFilter(AuthService auth) {
        this.auth = auth;
    }

    void check(Context ctx) {
        Set<RouteRole> roles = ctx.routeRoles();
        if (roles.contains(Role.PUBLIC)) {
            return;
        }
        // A route without roles is treated as USER: forgetting a role never opens a route, and a
        // run-scoped token reaches only RUN routes.
        WebSession.Credential credential = WebSession.credential(ctx);
        if (credential.fromCookie()) {
            // The web UI's session cookie; a browser sends it by itself, so changes need the UI's header (CSRF).
            if (!WebSession.isSafeMethod(ctx.method().name()) && ctx.header(WebSession.CSRF_HEADER) == null) {
                throw ApiException.forbidden("Requests signed in by cookie must send the "
                        + WebSession.CSRF_HEADER + " header");
            }
        }
        Principal p = auth.authenticate(credential.authorization());
        if (p.runScoped()) {
            // A launched run's token is readable by its pipeline's code: it reports that run, nothing more.
            String run = ctx.pathParamMap().get("workflowId");
            if (!roles.contains(Role.RUN) || run != null && !run.equals(p.token().workflowId())) {
                throw ApiException.forbidden("This access token may only report run " + p.token().workflowId());
            }
        }
        if (roles.contains(Role.ADMIN) && !p.isAdmin()) {
            throw ApiException.forbidden("This needs an administrator's access token");
        }
        if (!roles.contains(Role.RUN)) {
            // The trace protocol is exempt: Nextflow sends the TOWER_WORKSPACE_ID of the user's Seqera set-up,
            // and refusing it would lose the run. A reported run is in its token owner's workspace.
            Workspaces.checkMember(p, ctx.queryParam(Workspaces.PARAM));
        }
        ctx.attribute(Requests.PRINCIPAL, p);
    }
}
