package io.pharos.auth;

import io.javalin.http.Context;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import java.util.Map;
import java.util.function.Supplier;

/** HTTP in and out for service info, the caller's identity and access tokens; JSON from {@link AuthViews}. */
public final class AuthHandlers {
    private final AuthService auth;
    private final Requests requests;
    private final Supplier<String> publicUrl;

    public AuthHandlers(AuthService auth, Requests requests, Supplier<String> publicUrl) {
        this.auth = auth;
        this.requests = requests;
        this.publicUrl = publicUrl;
    }

    record CreateTokenRequest(String name) {
    }

    record UpdateUserRequest(Boolean canLaunch) {
    }

    public void serviceInfo(Context ctx) {
        ctx.json(AuthViews.serviceInfo(publicUrl.get()));
    }

    public void userInfo(Context ctx) {
        ctx.json(AuthViews.userInfo(Requests.principal(ctx).user()));
    }

    /** The workspaces a user belongs to: their own may be read by them and by an administrator. */
    public void workspaces(Context ctx) {
        ctx.json(AuthViews.workspaces(ownOrAdmin(ctx, "You may list only your own workspaces")));
    }

    /** GET /api/users/{userId}: a user describes themselves, an administrator anyone (DescribeUserResponse). */
    public void describeUser(Context ctx) {
        ctx.json(AuthViews.userInfo(ownOrAdmin(ctx, "You may describe only yourself")));
    }

    /** The user of the path's {userId}, when it is the caller or the caller is an administrator (else 403). */
    private User ownOrAdmin(Context ctx, String refusal) {
        Principal p = Requests.principal(ctx);
        long userId = Requests.longPath(ctx, "userId");
        if (userId != p.userId() && !p.isAdmin()) {
            throw ApiException.forbidden(refusal);
        }
        return auth.findUser(userId).orElseThrow(() -> ApiException.notFound("Unknown user " + userId));
    }

    /** GET /api/users/validate?name=: 204 when a new user could take the name, 409 when one has it, 400 when none could. */
    public void validateUserName(Context ctx) {
        String name = ctx.queryParam("name");
        if (name == null || name.isBlank()) {
            throw ApiException.badRequest("Missing name");
        }
        if (!AuthService.isValidUserName(name)) {
            throw ApiException.badRequest("Invalid user name '" + name + "': 1 to 80 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
        if (auth.findUser(name).isPresent()) {
            throw ApiException.conflict("The user name '" + name + "' is taken");
        }
        ctx.status(204);
    }

    public void listTokens(Context ctx) {
        ctx.json(AuthViews.tokens(auth.listTokens(Requests.principal(ctx).userId())));
    }

    public void createToken(Context ctx) {
        CreateTokenRequest req = requests.body(ctx, CreateTokenRequest.class);
        ctx.json(AuthViews.newToken(auth.createToken(Requests.principal(ctx).userId(), req.name(), null)));
    }

    public void revokeToken(Context ctx) {
        auth.revokeToken(Requests.principal(ctx), Requests.longPath(ctx, "tokenId"));
        ctx.status(204);
    }

    /** PUT /api/users/{userId} {"canLaunch": true}: an admin grants or takes the launch permission. */
    public void updateUser(Context ctx) {
        UpdateUserRequest req = requests.body(ctx, UpdateUserRequest.class);
        User u = auth.updateCanLaunch(Requests.longPath(ctx, "userId"), req.canLaunch());
        ctx.json(Map.of("user", AuthViews.user(u)));
    }

    public void listUsers(Context ctx) {
        ctx.json(AuthViews.users(auth.listUsers()));
    }
}
