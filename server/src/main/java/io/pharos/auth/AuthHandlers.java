package io.pharos.auth;

import io.javalin.http.Context;
import io.pharos.Version;
import io.pharos.http.Requests;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** HTTP in and out for service info, the caller's identity and access tokens. */
public final class AuthHandlers {
    private final AuthService auth;
    private final Requests requests;
    private final Supplier<String> publicUrl;

    public AuthHandlers(AuthService auth, Requests requests, Supplier<String> publicUrl) {
        this.auth = auth;
        this.requests = requests;
        this.publicUrl = publicUrl;
    }

    record TokenView(long id, String name, String hint, Instant dateCreated, Instant lastUsed) {
        static TokenView of(AccessToken t) {
            return new TokenView(t.id(), t.name(), t.hint(), t.dateCreated(), t.lastUsed());
        }
    }

    record UserView(long id, String userName, String email, String role, boolean canLaunch, Instant dateCreated) {
        static UserView of(User u) {
            return new UserView(u.id(), u.name(), u.email(), u.role(), u.canLaunch(), u.dateCreated());
        }
    }

    record CreateTokenRequest(String name) {
    }

    public void serviceInfo(Context ctx) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "Pharos");
        info.put("version", Version.get());
        info.put("apiVersion", Version.API_VERSION);
        info.put("serverUrl", publicUrl.get());
        ctx.json(Map.of("serviceInfo", info));
    }

    public void userInfo(Context ctx) {
        ctx.json(Map.of("user", UserView.of(Requests.principal(ctx).user())));
    }

    public void listTokens(Context ctx) {
        List<TokenView> tokens = auth.listTokens(Requests.principal(ctx).userId()).stream().map(TokenView::of).toList();
        ctx.json(Map.of("tokens", tokens));
    }

    public void createToken(Context ctx) {
        CreateTokenRequest req = requests.body(ctx, CreateTokenRequest.class);
        AuthService.NewToken t = auth.createToken(Requests.principal(ctx).userId(), req.name(), null);
        ctx.json(Map.of("accessKey", t.secret(), "token", TokenView.of(t.token())));
    }

    public void revokeToken(Context ctx) {
        auth.revokeToken(Requests.principal(ctx), Requests.longPath(ctx, "tokenId"));
        ctx.status(204);
    }

    record UpdateUserRequest(Boolean canLaunch) {
    }

    /** PUT /api/users/{userId} {"canLaunch": true}: an admin grants or takes the launch permission. */
    public void updateUser(Context ctx) {
        UpdateUserRequest req = requests.body(ctx, UpdateUserRequest.class);
        long id = Requests.longPath(ctx, "userId");
        User u = auth.findUser(id).orElseThrow(() -> io.pharos.error.ApiException.notFound("No user with id " + id));
        if (req.canLaunch() == null) {
            throw io.pharos.error.ApiException.badRequest("Field 'canLaunch' is required");
        }
        auth.setCanLaunch(u.id(), req.canLaunch());
        ctx.json(Map.of("user", UserView.of(auth.findUser(id).orElseThrow())));
    }

    public void listUsers(Context ctx) {
        ctx.json(Map.of("users", auth.listUsers().stream().map(UserView::of).toList()));
    }
}
