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
        m.put("lastUpdated", u.lastUpdated());
        return m;
    }

    /**
     * Who the caller is, as Seqera's clients read it: the user, their default workspace (their personal
     * one: Pharos has no organisations yet), and no consent to ask for.
     */
    public static Map<String, Object> userInfo(User u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("user", user(u));
        m.put("needConsent", false);
        m.put("defaultWorkspaceId", Workspaces.personalOf(u.id()));
        return m;
    }

    /** The workspaces a user belongs to: their personal one, which no organisation holds. */
    public static Map<String, Object> workspaces(User u) {
        Map<String, Object> w = new LinkedHashMap<>();
        w.put("orgId", null);
        w.put("orgName", null);
        w.put("orgLogoUrl", null);
        w.put("orgType", null);
        w.put("workspaceId", Workspaces.personalOf(u.id()));
        w.put("workspaceName", Workspaces.nameOf(u));
        w.put("workspaceFullName", Workspaces.nameOf(u) + " (personal)");
        w.put("visibility", "PRIVATE");
        w.put("roles", List.of("owner"));
        return Map.of("orgsAndWorkspaces", List.of(w));
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
