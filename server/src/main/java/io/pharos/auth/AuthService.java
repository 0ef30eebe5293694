package io.pharos.auth;

import io.pharos.Ids;
import io.pharos.error.ApiException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;

/** Users, access tokens, and turning an Authorization header into a {@link Principal}. */
public final class AuthService {
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");
    private static final String TOKEN_PREFIX = "pharos_";
    /** last_used is a day-to-day hint, not an audit log: write it at most this often per token. */
    private static final Duration TOUCH_INTERVAL = Duration.ofSeconds(30);

    private final Jdbi jdbi;
    private final UserStore users;
    private final TokenStore tokens;
    private final Clock clock;
    /** When this process last wrote each token's last_used: concurrent requests write it once, not each. */
    private final ConcurrentHashMap<Long, Instant> touched = new ConcurrentHashMap<>();
    /**
     * Principals read in the last second, by token hash. Changes made through this service clear
     * it at once; a change made by another process (the CLI revoking a token) is seen once the
     * entry is older than {@link #PRINCIPAL_TTL_NANOS}.
     */
    private final ConcurrentHashMap<String, Cached> principals = new ConcurrentHashMap<>();
    private static final long PRINCIPAL_TTL_NANOS = Duration.ofSeconds(1).toNanos();
    private static final int PRINCIPAL_CACHE_MAX = 10_000;

    private record Cached(Principal principal, long readAt) {
    }

    /** The token and its owner in one read: {@code u_} columns are the user's. */
    private static final String PRINCIPAL_SQL = """
            SELECT t.id, t.user_id, t.name, t.token_hash, t.hint, t.workflow_id, t.date_created, t.last_used,
                   u.name AS u_name, u.email AS u_email, u.role AS u_role, u.can_launch AS u_can_launch,
                   u.date_created AS u_date_created, u.last_updated AS u_last_updated
            FROM access_tokens t JOIN users u ON u.id = t.user_id
            WHERE t.token_hash = :hash AND t.revoked IS NULL
            """;

    public AuthService(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.users = jdbi.onDemand(UserStore.class);
        this.tokens = jdbi.onDemand(TokenStore.class);
        this.clock = clock;
    }

    /** A token as the client receives it once: the stored record and the clear text. */
    public record NewToken(AccessToken token, String secret) {
    }

    /** What the first start creates: the admin and its token. */
    public record Bootstrap(User admin, NewToken token) {
    }

    /** Whether a user could be given this name. */
    public static boolean isValidUserName(String name) {
        return name != null && USER_NAME.matcher(name).matches();
    }

    public User createUser(String name, String email, boolean admin) {
        if (name == null || !USER_NAME.matcher(name).matches()) {
            throw ApiException.badRequest("Invalid user name '" + name
                    + "': use 1 to 80 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        if (email != null && !email.isBlank() && !email.matches("[^@\\s]+@[^@\\s]+")) {
            throw ApiException.badRequest("Invalid email address '" + email + "'");
        }
        return jdbi.inTransaction(h -> {
            UserStore store = h.attach(UserStore.class);
            if (store.findByName(name).isPresent()) {
                throw ApiException.conflict("A user named '" + name + "' already exists");
            }
            Instant now = clock.instant();
            long id = store.insert(name, blankToNull(email), admin ? User.ADMIN : User.USER, admin, now);
            return store.findById(id).orElseThrow();
        });
    }

    /** When no admin exists yet (a first start): an admin user and its first token. */
    public synchronized Optional<Bootstrap> bootstrapAdmin() {
        if (users.countAdmins() > 0) {
            return Optional.empty();
        }
        String name = users.findByName("admin").isPresent() ? "pharos-admin" : "admin";
        User admin = createUser(name, null, true);
        return Optional.of(new Bootstrap(admin, createToken(admin.id(), "first-start", null)));
    }

    public List<User> listUsers() {
        return users.list();
    }

    public Optional<User> findUser(String name) {
        return users.findByName(name);
    }

    public Optional<User> findUser(long id) {
        return users.findById(id);
    }

    public User requireUser(String name) {
        return findUser(name).orElseThrow(() -> ApiException.notFound("No user named '" + name + "'"));
    }

    public void setCanLaunch(long userId, boolean canLaunch) {
        users.setCanLaunch(userId, canLaunch, clock.instant());
        principals.clear();
    }

    /** Grants or takes the launch permission of a user (404 unknown, 400 without a value); the user as now stored. */
    public User updateCanLaunch(long userId, Boolean canLaunch) {
        User u = findUser(userId).orElseThrow(() -> ApiException.notFound("No user with id " + userId));
        if (canLaunch == null) {
            throw ApiException.badRequest("Field 'canLaunch' is required");
        }
        setCanLaunch(u.id(), canLaunch);
        return findUser(userId).orElseThrow();
    }

    /** A new token for a user; {@code workflowId} non-null makes it valid for that run only. */
    public NewToken createToken(long userId, String name, String workflowId) {
        String label = name == null ? "" : name.strip();
        if (label.isEmpty() || label.length() > 80) {
            throw ApiException.badRequest("Token name is required, 1 to 80 characters");
        }
        String secret = TOKEN_PREFIX + Ids.random(40);
        String hint = secret.substring(secret.length() - 4);
        return jdbi.inTransaction(h -> {
            TokenStore store = h.attach(TokenStore.class);
            if (workflowId == null && store.countLiveNamed(userId, label) > 0) {
                throw ApiException.conflict("A token named '" + label + "' already exists");
            }
            long id = store.insert(userId, label, hash(secret), hint, workflowId, clock.instant());
            return new NewToken(store.findById(id).orElseThrow(), secret);
        });
    }

    public List<AccessToken> listTokens(long userId) {
        return tokens.listLive(userId);
    }

    /** Revokes a token: the owner's own, or any for an admin. Takes effect on this server's next request. */
    public void revokeToken(Principal caller, long tokenId) {
        AccessToken t = tokens.findById(tokenId)
                .filter(x -> x.revoked() == null)
                .orElseThrow(() -> ApiException.notFound("No access token with id " + tokenId));
        if (!caller.mayAccess(t.userId())) {
            throw ApiException.forbidden("Access token " + tokenId + " belongs to another user");
        }
        tokens.revoke(tokenId, clock.instant());
        principals.clear();
    }

    /**
     * Revokes by id without a caller: for the command line, which is trusted like the server host.
     * A server in another process stops taking the token within a second (its cache's lifetime).
     */
    public void revokeToken(long tokenId) {
        int revoked = tokens.revoke(tokenId, clock.instant());
        principals.clear();
        if (revoked == 0) {
            throw ApiException.notFound("No live access token with id " + tokenId);
        }
    }

    public void revokeRunTokens(String workflowId) {
        tokens.revokeForWorkflow(workflowId, clock.instant());
        principals.clear();
    }

    /**
     * Reads the token from an Authorization header in either form Nextflow sends:
     * {@code Bearer <token>} or {@code Basic base64("@token:<token>")}.
     */
    public Principal authenticate(String authorization) {
        String hash = hash(secretFrom(authorization));
        long nanos = System.nanoTime();
        Cached c = principals.get(hash);
        Principal p;
        if (c != null && nanos - c.readAt() < PRINCIPAL_TTL_NANOS) {
            p = c.principal();
        } else {
            p = jdbi.withHandle(h -> h.createQuery(PRINCIPAL_SQL).bind("hash", hash)
                            .map((rs, ctx) -> principal(rs)).findOne())
                    .orElseThrow(() -> ApiException.unauthorized("Unknown or revoked access token"));
            if (principals.size() >= PRINCIPAL_CACHE_MAX) {
                principals.clear(); // a crude bound; the next second refills it with the tokens in use
            }
            principals.put(hash, new Cached(p, nanos));
        }
        AccessToken t = p.token();
        Instant now = clock.instant();
        if ((t.lastUsed() == null || t.lastUsed().plus(TOUCH_INTERVAL).isBefore(now)) && claimTouch(t.id(), now)) {
            tokens.touch(t.id(), now);
        }
        return p;
    }

    private static Principal principal(ResultSet rs) throws SQLException {
        long userId = rs.getLong("user_id");
        User u = new User(userId, rs.getString("u_name"), rs.getString("u_email"), rs.getString("u_role"),
                rs.getBoolean("u_can_launch"), instant(rs, "u_date_created"), instant(rs, "u_last_updated"));
        AccessToken t = new AccessToken(rs.getLong("id"), userId, rs.getString("name"), rs.getString("token_hash"),
                rs.getString("hint"), rs.getString("workflow_id"), instant(rs, "date_created"),
                instant(rs, "last_used"), null);
        return new Principal(u, t);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** True for the one caller that should write last_used now; the others skip the row lock wait. */
    private boolean claimTouch(long tokenId, Instant now) {
        Instant[] claimed = {null};
        touched.compute(tokenId, (id, last) -> {
            if (last == null || last.plus(TOUCH_INTERVAL).isBefore(now)) {
                claimed[0] = now;
                return now;
            }
            return last;
        });
        return claimed[0] != null;
    }

    static String secretFrom(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw ApiException.unauthorized("Missing access token: send 'Authorization: Bearer <token>'");
        }
        String h = authorization.strip();
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        String value = space < 0 ? "" : h.substring(space + 1).strip();
        if (scheme.equalsIgnoreCase("Bearer") && !value.isEmpty()) {
            return value;
        }
        if (scheme.equalsIgnoreCase("Basic") && !value.isEmpty()) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw ApiException.unauthorized("Malformed Basic authorization header");
            }
            int colon = decoded.indexOf(':');
            if (colon >= 0 && decoded.substring(0, colon).equals("@token") && colon + 1 < decoded.length()) {
                return decoded.substring(colon + 1);
            }
            throw ApiException.unauthorized("Basic authorization must carry '@token:<access token>'");
        }
        throw ApiException.unauthorized("Unsupported Authorization header: use 'Bearer <token>'");
    }

    static String hash(String secret) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
