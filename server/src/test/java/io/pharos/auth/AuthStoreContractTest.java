package io.pharos.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pharos.App;
import io.pharos.db.Database;
import io.pharos.error.ApiException;
import io.pharos.support.Http;
import io.pharos.support.TestClock;
import io.pharos.support.TestDb;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Users and tokens through {@link AuthService} over a real, migrated database, emptied before
 * each test. Written once; the subclasses run it on H2 and on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthStoreContractTest {
    private static final Instant T0 = Instant.parse("2025-01-02T03:04:05Z");

    abstract TestDb.Kind kind();

    private TestDb testDb;
    private Database db;
    private TestClock clock;
    private AuthService auth;

    @BeforeAll
    void open(@TempDir Path dataDir) {
        testDb = TestDb.create(kind(), dataDir);
        db = App.openDatabase(testDb.config());
    }

    @BeforeEach
    void empty() {
        db.jdbi().useHandle(h -> {
            h.execute("DELETE FROM access_tokens");
            h.execute("DELETE FROM users");
        });
        clock = new TestClock(T0);
        auth = new AuthService(db.jdbi(), clock);
    }

    @AfterAll
    void close() {
        if (db != null) {
            db.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    @Test
    void created_user_is_stored_with_its_fields() {
        User alice = auth.createUser("alice", "alice@example.org", false);

        assertThat(alice.id()).isPositive();
        assertThat(alice.name()).isEqualTo("alice");
        assertThat(alice.email()).isEqualTo("alice@example.org");
        assertThat(alice.role()).isEqualTo(User.USER);
        assertThat(alice.isAdmin()).isFalse();
        assertThat(alice.canLaunch()).isFalse();
        assertThat(alice.dateCreated()).isEqualTo(T0);
        assertThat(alice.lastUpdated()).isEqualTo(T0);
        assertThat(auth.findUser("alice")).contains(alice);
        assertThat(auth.findUser(alice.id())).contains(alice);
        assertThat(auth.requireUser("alice")).isEqualTo(alice);
    }

    @Test
    void created_admin_has_the_admin_role_and_may_launch() {
        User boss = auth.createUser("boss", "  ", true);

        assertThat(boss.role()).isEqualTo(User.ADMIN);
        assertThat(boss.isAdmin()).isTrue();
        assertThat(boss.canLaunch()).isTrue();
        assertThat(boss.email()).as("a blank email is stored as none").isNull();
    }

    @Test
    void users_are_listed_in_creation_order() {
        User b = auth.createUser("bob", null, false);
        User a = auth.createUser("alice", null, true);

        assertThat(auth.listUsers()).containsExactly(b, a);
    }

    @Test
    void duplicate_user_name_is_409() {
        auth.createUser("alice", null, false);

        assertStatus(() -> auth.createUser("alice", "other@example.org", true), 409)
                .hasMessageContaining("'alice' already exists");
        assertThat(auth.listUsers()).hasSize(1);
    }

    @Test
    void invalid_user_names_are_400() {
        for (String bad : new String[] {null, "", " alice", "-alice", ".alice", "a b", "a/b", "al'ice", "élodie",
                                        "x".repeat(81)}) {
            assertStatus(() -> auth.createUser(bad, null, false), 400).hasMessageContaining("Invalid user name");
        }
        assertThat(auth.listUsers()).isEmpty();
    }

    @Test
    void valid_user_names_may_use_dots_dashes_underscores_and_80_characters() {
        for (String good : new String[] {"a", "A.b_c-1", "0day", "x".repeat(80)}) {
            assertThat(auth.createUser(good, null, false).name()).isEqualTo(good);
        }
    }

    @Test
    void invalid_email_is_400() {
        assertStatus(() -> auth.createUser("alice", "not-an-address", false), 400)
                .hasMessageContaining("Invalid email");
    }

    @Test
    void unknown_user_name_is_404() {
        assertStatus(() -> auth.requireUser("nobody"), 404).hasMessageContaining("'nobody'");
        assertThat(auth.findUser("nobody")).isEmpty();
    }

    @Test
    void can_launch_is_changed_and_stamped() {
        User alice = auth.createUser("alice", null, false);
        clock.advance(Duration.ofMinutes(5));

        auth.setCanLaunch(alice.id(), true);

        User changed = auth.findUser(alice.id()).orElseThrow();
        assertThat(changed.canLaunch()).isTrue();
        assertThat(changed.lastUpdated()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
        assertThat(changed.dateCreated()).isEqualTo(T0);
    }

    @Test
    void created_token_is_stored_as_a_hash_and_listed_without_its_secret() {
        User alice = auth.createUser("alice", null, false);

        AuthService.NewToken t = auth.createToken(alice.id(), "  laptop  ", null);

        assertThat(t.secret()).matches("pharos_[0-9A-Za-z]{40}");
        AccessToken stored = t.token();
        assertThat(stored.name()).isEqualTo("laptop");
        assertThat(stored.userId()).isEqualTo(alice.id());
        assertThat(stored.hint()).isEqualTo(t.secret().substring(t.secret().length() - 4));
        assertThat(stored.tokenHash()).matches("[0-9a-f]{64}").doesNotContain(t.secret());
        assertThat(stored.workflowId()).isNull();
        assertThat(stored.dateCreated()).isEqualTo(T0);
        assertThat(stored.lastUsed()).isNull();
        assertThat(stored.revoked()).isNull();
        assertThat(auth.listTokens(alice.id())).containsExactly(stored);
    }

    @Test
    void tokens_are_listed_newest_first_and_only_for_their_owner() {
        User alice = auth.createUser("alice", null, false);
        User bob = auth.createUser("bob", null, false);
        AccessToken first = auth.createToken(alice.id(), "first", null).token();
        AccessToken second = auth.createToken(alice.id(), "second", null).token();
        AccessToken bobs = auth.createToken(bob.id(), "first", null).token();

        assertThat(auth.listTokens(alice.id())).containsExactly(second, first);
        assertThat(auth.listTokens(bob.id())).containsExactly(bobs);
    }

    @Test
    void duplicate_live_token_name_is_409_but_a_revoked_name_may_be_reused() {
        User alice = auth.createUser("alice", null, false);
        AccessToken first = auth.createToken(alice.id(), "laptop", null).token();

        assertStatus(() -> auth.createToken(alice.id(), "laptop", null), 409)
                .hasMessageContaining("'laptop' already exists");

        auth.revokeToken(first.id());
        AccessToken again = auth.createToken(alice.id(), "laptop", null).token();
        assertThat(auth.listTokens(alice.id())).containsExactly(again);
    }

    @Test
    void token_name_must_be_1_to_80_characters() {
        User alice = auth.createUser("alice", null, false);

        for (String bad : new String[] {null, "", "   ", "x".repeat(81)}) {
            assertStatus(() -> auth.createToken(alice.id(), bad, null), 400).hasMessageContaining("Token name");
        }
        assertThat(auth.createToken(alice.id(), "x".repeat(80), null).token().name()).hasSize(80);
    }

    @Test
    void bearer_and_basic_forms_authenticate_the_same_token() {
        User alice = auth.createUser("alice", null, false);
        AuthService.NewToken t = auth.createToken(alice.id(), "laptop", null);

        for (String header : new String[] {Http.bearer(t.secret()), Http.basic(t.secret()),
                                           "bearer " + t.secret(), "  Bearer   " + t.secret() + "  "}) {
            Principal p = auth.authenticate(header);
            assertThat(p.user()).as(header).isEqualTo(alice);
            assertThat(p.token().id()).isEqualTo(t.token().id());
            assertThat(p.isAdmin()).isFalse();
        }
    }

    @Test
    void unknown_token_is_401() {
        assertStatus(() -> auth.authenticate(Http.bearer("pharos_" + "x".repeat(40))), 401)
                .hasMessage("Unknown or revoked access token");
        assertStatus(() -> auth.authenticate(Http.basic("pharos_nope")), 401);
    }

    @Test
    void missing_or_malformed_authorization_is_401() {
        for (String header : new String[] {null, "", "   ", "Bearer", "Bearer ", "Token abc", "Basic",
                                           "Basic !!!not-base64!!!", Http.basicOf("alice:secret"),
                                           Http.basicOf("@token:"), Http.basicOf("@token")}) {
            assertStatus(() -> auth.authenticate(header), 401);
        }
    }

    @Test
    void revoked_token_is_401_and_cannot_be_revoked_twice() {
        User alice = auth.createUser("alice", null, false);
        AuthService.NewToken t = auth.createToken(alice.id(), "laptop", null);
        clock.advance(Duration.ofSeconds(7));

        auth.revokeToken(t.token().id());

        assertStatus(() -> auth.authenticate(Http.bearer(t.secret())), 401);
        assertThat(auth.listTokens(alice.id())).isEmpty();
        assertStatus(() -> auth.revokeToken(t.token().id()), 404);
        Principal owner = ownPrincipal(alice);
        assertStatus(() -> auth.revokeToken(owner, t.token().id()), 404);
    }

    @Test
    void owner_may_revoke_its_own_token() {
        User alice = auth.createUser("alice", null, false);
        AuthService.NewToken keep = auth.createToken(alice.id(), "keep", null);
        AuthService.NewToken drop = auth.createToken(alice.id(), "drop", null);

        auth.revokeToken(auth.authenticate(Http.bearer(keep.secret())), drop.token().id());

        assertStatus(() -> auth.authenticate(Http.bearer(drop.secret())), 401);
        assertThat(auth.authenticate(Http.bearer(keep.secret())).user()).isEqualTo(alice);
    }

    @Test
    void another_user_may_not_revoke_my_token_but_an_admin_may() {
        User alice = auth.createUser("alice", null, false);
        AuthService.NewToken mine = auth.createToken(alice.id(), "laptop", null);
        Principal bob = ownPrincipal(auth.createUser("bob", null, false));
        Principal admin = ownPrincipal(auth.createUser("boss", null, true));

        assertStatus(() -> auth.revokeToken(bob, mine.token().id()), 403);
        assertThat(auth.authenticate(Http.bearer(mine.secret())).user()).isEqualTo(alice);

        auth.revokeToken(admin, mine.token().id());
        assertStatus(() -> auth.authenticate(Http.bearer(mine.secret())), 401);
    }

    @Test
    void revoking_an_unknown_token_is_404() {
        Principal admin = ownPrincipal(auth.createUser("boss", null, true));

        assertStatus(() -> auth.revokeToken(admin, 987_654L), 404).hasMessageContaining("987654");
        assertStatus(() -> auth.revokeToken(987_654L), 404);
    }

    @Test
    void last_used_is_recorded_on_authentication_at_most_every_30_seconds() {
        User alice = auth.createUser("alice", null, false);
        AuthService.NewToken t = auth.createToken(alice.id(), "laptop", null);
        assertThat(lastUsed(alice)).isNull();

        clock.advance(Duration.ofSeconds(1));
        auth.authenticate(Http.bearer(t.secret()));
        Instant first = T0.plusSeconds(1);
        assertThat(lastUsed(alice)).isEqualTo(first);

        clock.advance(Duration.ofSeconds(20));
        auth.authenticate(Http.basic(t.secret()));
        assertThat(lastUsed(alice)).as("within 30 s the stamp is not rewritten").isEqualTo(first);

        clock.advance(Duration.ofSeconds(15));
        auth.authenticate(Http.basic(t.secret()));
        assertThat(lastUsed(alice)).isEqualTo(first.plusSeconds(35));
    }

    @Test
    void bootstrap_creates_exactly_one_admin_with_a_working_token_once() {
        AuthService.Bootstrap b = auth.bootstrapAdmin().orElseThrow();

        assertThat(b.admin().name()).isEqualTo("admin");
        assertThat(b.admin().isAdmin()).isTrue();
        assertThat(b.token().token().name()).isEqualTo("first-start");
        Principal p = auth.authenticate(Http.bearer(b.token().secret()));
        assertThat(p.user()).isEqualTo(b.admin());
        assertThat(p.isAdmin()).isTrue();

        assertThat(auth.bootstrapAdmin()).isEmpty();
        assertThat(auth.listUsers()).containsExactly(b.admin());
        assertThat(auth.listTokens(b.admin().id())).hasSize(1);
    }

    @Test
    void bootstrap_does_nothing_when_an_admin_exists() {
        User boss = auth.createUser("boss", null, true);

        assertThat(auth.bootstrapAdmin()).isEmpty();
        assertThat(auth.listUsers()).containsExactly(boss);
    }

    @Test
    void bootstrap_picks_another_name_when_a_normal_user_is_called_admin() {
        User plain = auth.createUser("admin", null, false);

        AuthService.Bootstrap b = auth.bootstrapAdmin().orElseThrow();

        assertThat(b.admin().name()).isEqualTo("pharos-admin");
        assertThat(auth.listUsers()).containsExactly(plain, b.admin());
    }

    @Test
    void run_scoped_tokens_authenticate_but_are_not_listed_and_end_with_their_run() {
        User alice = auth.createUser("alice", null, false);
        AuthService.NewToken run1 = auth.createToken(alice.id(), "launch", "wf00000000001");
        AuthService.NewToken run1b = auth.createToken(alice.id(), "launch", "wf00000000001");
        AuthService.NewToken run2 = auth.createToken(alice.id(), "launch", "wf00000000002");

        assertThat(auth.listTokens(alice.id())).isEmpty();
        Principal p = auth.authenticate(Http.bearer(run1.secret()));
        assertThat(p.user()).isEqualTo(alice);
        assertThat(p.token().workflowId()).isEqualTo("wf00000000001");

        auth.revokeRunTokens("wf00000000001");

        assertStatus(() -> auth.authenticate(Http.bearer(run1.secret())), 401);
        assertStatus(() -> auth.authenticate(Http.bearer(run1b.secret())), 401);
        assertThat(auth.authenticate(Http.bearer(run2.secret())).token().workflowId()).isEqualTo("wf00000000002");
    }

    private Instant lastUsed(User u) {
        return auth.listTokens(u.id()).get(0).lastUsed();
    }

    /** A caller as the HTTP layer would see it: the user with a token of its own. */
    private Principal ownPrincipal(User u) {
        return auth.authenticate(Http.bearer(auth.createToken(u.id(), "own", null).secret()));
    }


    private static org.assertj.core.api.AbstractThrowableAssert<?, ? extends Throwable> assertStatus(
            ThrowingCallable call, int status) {
        return assertThatThrownBy(call)
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status));
    }
}
