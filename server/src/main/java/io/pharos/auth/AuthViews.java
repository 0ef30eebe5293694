package io.pharos.auth;

import io.pharos.Version;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of service info, users and tokens, built from records as ordered maps, the style of
 * every view class: the keys and their order are the API's, written out once here.
 */
public final class AuthViews {
    private AuthViews() {
    }

    public static Map<String, Object> serviceInfo(String serverUrl) {
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("name", "Pharos");
        info.put("version", Version.get());
        info.put("apiVersion", Version.API_VERSION);
        info.put("serverUrl", serverUrl);
        return Map.of("serviceInfo", info);
    }

    public static Map<String, Object> user(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u.id());
        m.put("userName", u.name());
        m.put("email", u.email());
        m.put("role", u.role());
        m.put("canLaunch", u.canLaunch());
        m.put("dateCreated", u.dateCreated());
        return m;
    }

    public static Map<String, Object> users(List<User> users) {
        return Map.of("users", users.stream().map(AuthViews::user).toList());
    }

    /** A token as its owner sees it: never the secret, only the hint. */
    public static Map<String, Object> token(AccessToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("name", t.name());
        m.put("hint", t.hint());
        m.put("dateCreated", t.dateCreated());
        m.put("lastUsed", t.lastUsed());
        return m;
    }

    public static Map<String, Object> tokens(List<AccessToken> tokens) {
        return Map.of("tokens", tokens.stream().map(AuthViews::token).toList());
    }

    /** The one answer that shows a token's secret: the answer that created it. */
    public static Map<String, Object> newToken(AuthService.NewToken t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accessKey", t.secret());
        m.put("token", token(t.token()));
        return m;
    }

    /** Who signed in to the web UI. */
    public static Map<String, Object> signedIn(Principal p) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("id", p.userId());
        user.put("userName", p.user().name());
        user.put("role", p.user().role());
        return Map.of("user", user);
    }
}
