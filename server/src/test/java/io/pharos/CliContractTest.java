package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Await;
import io.pharos.support.Cli;
import io.pharos.support.Http;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The `user`, `token` and `db` commands against the database of a running server, as an
 * operator uses them. In one JVM this shows the commands and the server agree on one
 * database; that a separate CLI process reaches a served H2 file is shown by ServeProcess*IT.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class CliContractTest {
    /** The versions of the migrations the server ships: SQL ones and Java ones (a hash, say, computed in Java). */
    private static final List<Integer> VERSIONS = migrationVersions();
    /** How many versioned migrations the server ships. */
    static final int MIGRATIONS = VERSIONS.size();
    /** The schema version they bring a database to: the highest (versions may leave gaps). */
    static final int LATEST = VERSIONS.stream().mapToInt(Integer::intValue).max().orElse(0);

    private static List<Integer> migrationVersions() {
        List<Integer> versions = new java.util.ArrayList<>();
        for (String dir : new String[] {"src/main/resources/db/migration", "src/main/java/db/migration"}) {
            try (var files = java.nio.file.Files.list(java.nio.file.Path.of(dir))) {
                files.map(f -> f.getFileName().toString()).filter(f -> f.matches("V\\d+__.*\\.(sql|java)"))
                        .forEach(f -> versions.add(Integer.parseInt(f.substring(1, f.indexOf("__")))));
            } catch (java.io.IOException e) {
                throw new IllegalStateException("migrations folder " + dir + " not found from "
                        + java.nio.file.Path.of("").toAbsolutePath(), e);
            }
        }
        return versions;
    }

    abstract TestDb.Kind kind();

    @TempDir
    Path tmp;

    private TestDb testDb;
    private TestServer server;
    private List<String> db;

    @BeforeAll
    void start(@TempDir Path dataDir) {
        testDb = TestDb.create(kind(), dataDir);
        server = TestServer.start(testDb.config());
        db = Cli.dbOptions(testDb.config());
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    @Test
    void user_add_creates_a_user_that_user_list_shows() {
        Cli.Result added = Cli.run(db, "user", "add", "carol", "--email", "carol@example.org");

        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.err()).isEmpty();
        assertThat(added.out()).matches("Created user carol \\(id \\d+, user\\)\\R");

        Cli.Result list = Cli.run(db, "user", "list");
        assertThat(list.exitCode()).isZero();
        List<String> lines = list.out().lines().toList();
        assertThat(lines.get(0).split("\\s+")).containsExactly("ID", "NAME", "ROLE", "LAUNCH", "EMAIL");
        assertThat(lines).anyMatch(l -> l.matches("\\d+\\s+admin\\s+admin\\s+yes\\s*"))
                .anyMatch(l -> l.matches("\\d+\\s+carol\\s+user\\s+no\\s+carol@example\\.org"));
    }

    @Test
    void user_add_admin_makes_an_administrator_the_server_recognises() {
        assertThat(Cli.run(db, "user", "add", "dave", "--admin").out()).matches("Created user dave \\(id \\d+, admin\\)\\R");
        String token = Cli.run(db, "token", "create", "--user", "dave").out().strip();

        assertThat(server.http().get("/api/users", Http.bearer(token)).status()).isEqualTo(200);
    }

    @Test
    void user_add_of_an_existing_name_exits_1_with_one_line() {
        Cli.Result r = Cli.run(db, "user", "add", "admin");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("pharos: A user named 'admin' already exists");
    }

    @Test
    void user_add_with_an_invalid_name_exits_1_with_one_line() {
        Cli.Result r = Cli.run(db, "user", "add", "no spaces");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("pharos: Invalid user name 'no spaces'");
    }

    @Test
    void token_create_prints_only_the_token_and_it_works_against_the_running_server() {
        Cli.run(db, "user", "add", "erin");

        Cli.Result r = Cli.run(db, "token", "create", "--user", "erin", "--name", "laptop");

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).matches("pharos_[0-9A-Za-z]{40}\\R");
        String token = r.out().strip();
        for (String header : List.of(Http.bearer(token), Http.basic(token))) {
            Http.Response me = server.http().get("/api/user-info", header);
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().at("/user/userName").asText()).isEqualTo("erin");
        }
    }

    @Test
    void token_create_for_an_unknown_user_exits_1() {
        Cli.Result r = Cli.run(db, "token", "create", "--user", "ghost");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly("pharos: No user named 'ghost'");
    }

    @Test
    void token_create_without_a_user_is_a_usage_error() {
        Cli.Result r = Cli.run(db, "token", "create");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required option: '--user=<user>'").contains("Usage: pharos token create");
    }

    @Test
    void token_list_shows_live_tokens_without_their_secrets() {
        Cli.run(db, "user", "add", "frank");
        String ci = Cli.run(db, "token", "create", "--user", "frank", "--name", "ci").out().strip();
        String unused = Cli.run(db, "token", "create", "--user", "frank", "--name", "unused").out().strip();
        assertThat(server.http().get("/api/user-info", Http.bearer(ci)).status()).isEqualTo(200);

        Cli.Result r = Cli.run(db, "token", "list", "--user", "frank");

        assertThat(r.exitCode()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(3);
        assertThat(lines.get(0).split("\\s+")).containsExactly("ID", "NAME", "ENDS", "CREATED", "LAST", "USED");
        assertThat(lines.get(1)).as("newest first, never used")
                .matches("\\d+\\s+unused\\s+\\.\\.\\." + unused.substring(unused.length() - 4) + "\\s+\\S+Z\\s+never");
        assertThat(lines.get(2)).as("used once through HTTP")
                .matches("\\d+\\s+ci\\s+\\.\\.\\." + ci.substring(ci.length() - 4) + "\\s+\\S+Z\\s+\\d{4}-\\S+Z");
        assertThat(r.out()).doesNotContain(ci).doesNotContain(unused);
    }

    @Test
    void token_revoke_makes_the_token_401_on_the_running_server() throws InterruptedException {
        Cli.run(db, "user", "add", "gina");
        String token = Cli.run(db, "token", "create", "--user", "gina", "--name", "doomed").out().strip();
        long id = server.http().get("/api/tokens", Http.bearer(token)).json().at("/tokens/0/id").asLong();

        Cli.Result r = Cli.run(db, "token", "revoke", String.valueOf(id));

        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("Revoked token " + id + System.lineSeparator());
        // Another process revoked it: the server sees that once its cached principal (1 s) expires;
        // the deadline here only catches a server that never does.
        Await.await(() -> server.http().get("/api/user-info", Http.bearer(token)).status() == 401 ? true : null,
                Duration.ofSeconds(10));
        assertThat(Cli.run(db, "token", "list", "--user", "gina").out().lines()).hasSize(1);

        Cli.Result again = Cli.run(db, "token", "revoke", String.valueOf(id));
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.errLines()).containsExactly("pharos: No live access token with id " + id);
    }

    @Test
    void db_migrate_and_db_info_report_the_schema_of_the_served_database() {
        Cli.Result migrate = Cli.run(db, "db", "migrate");
        assertThat(migrate.exitCode()).as(migrate.err()).isZero();
        assertThat(migrate.out()).contains(" is at schema version " + LATEST + " (0 migrations applied now)");

        Cli.Result info = Cli.run(db, "db", "info");
        assertThat(info.exitCode()).isZero();
        List<String> lines = info.out().lines().toList();
        assertThat(lines.get(0)).startsWith(kind() == TestDb.Kind.H2 ? "Database: embedded H2 jdbc:h2:file:"
                : "Database: PostgreSQL jdbc:postgresql://");
        assertThat(lines.get(1)).isEqualTo("Schema version: " + LATEST);
        assertThat(lines.get(2)).matches("1\\s+schema\\s+SUCCESS\\s+\\S+Z");
    }

    @Test
    void db_migrate_applies_the_schema_to_an_empty_database_once() {
        try (TestDb empty = TestDb.create(kind(), tmp.resolve("empty"))) {
            List<String> other = Cli.dbOptions(empty.config());

            Cli.Result before = Cli.run(other, "db", "info");
            assertThat(before.out()).contains("Schema version: none").containsPattern("1\\s+schema\\s+PENDING");

            assertThat(Cli.run(other, "db", "migrate").out())
                    .contains("(" + MIGRATIONS + " migration" + (MIGRATIONS == 1 ? "" : "s") + " applied now)");
            assertThat(Cli.run(other, "db", "migrate").out()).contains("(0 migrations applied now)");
            assertThat(Cli.run(other, "db", "info").out()).contains("Schema version: " + LATEST);
        }
    }
}
