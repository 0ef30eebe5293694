package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Cli;
import io.pharos.support.TestDb;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * `pharos serve` that cannot start says why in one line and exits 1. (A serve that does start
 * blocks until stopped, so each case here would hang, not pass, if start-up wrongly succeeded:
 * hence the timeouts.)
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ServeFailureTest {
    @TempDir
    Path tmp;

    @Test
    void port_in_use_exits_1_with_one_line_naming_the_port() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            int port = taken.getLocalPort();

            Cli.Result r = Cli.run("serve", "--port", String.valueOf(port), "--data-dir", tmp.toString());

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.out()).isEmpty();
            assertThat(r.errLines()).singleElement().asString()
                    .startsWith("pharos: Port " + port + " on 0.0.0.0 is already in use");
        }
    }

    @Test
    void a_first_start_that_cannot_bind_keeps_the_admin_bootstrap_for_the_next_start() throws IOException {
        try (ServerSocket taken = new ServerSocket(0)) {
            Cli.run("serve", "--port", String.valueOf(taken.getLocalPort()), "--data-dir", tmp.toString());
        }
        // The one-time admin token must be shown by the start that succeeds, not lost with the failed one.
        try (App app = App.start(TestDb.create(TestDb.Kind.H2, tmp).config())) {
            assertThat(app.bootstrap()).isPresent();
        }
    }

    @Test
    void unreachable_database_exits_1_with_one_line() {
        Cli.Result r = Cli.run("serve", "--port", "0", "--db-url", "jdbc:postgresql://127.0.0.1:1/x");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .isEqualTo("pharos: Cannot open the database at jdbc:postgresql://127.0.0.1:1/x: Connection refused");
    }

    @Test
    void missing_postgres_database_exits_1_naming_it() {
        String url = TestDb.pgUrl("pharos_no_such_database");

        Cli.Result r = Cli.run("serve", "--port", "0", "--db-url", url, "--db-user", TestDb.pgUser());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("pharos: Cannot open the database at " + url)
                .contains("database \"pharos_no_such_database\" does not exist");
    }

    @Test
    void unsupported_database_url_exits_1() {
        Cli.Result r = Cli.run("serve", "--port", "0", "--db-url", "jdbc:mysql://127.0.0.1/pharos");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("pharos: Unsupported database URL (use jdbc:h2: or jdbc:postgresql:)");
    }

    @Test
    void data_folder_under_a_regular_file_exits_1_naming_the_folder() throws IOException {
        // Tests run as root, where permissions do not stop writes: a file in the way does.
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        Path dataDir = file.resolve("data");

        Cli.Result r = Cli.run("serve", "--port", "0", "--data-dir", dataDir.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString()
                .startsWith("pharos: Data folder " + dataDir.toAbsolutePath() + " cannot be created");
    }

    @Test
    void data_folder_that_is_a_regular_file_exits_1() throws IOException {
        Path file = Files.writeString(tmp.resolve("data"), "x");

        Cli.Result r = Cli.run("serve", "--port", "0", "--data-dir", file.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.errLines()).singleElement().asString().startsWith("pharos: Data folder " + file.toAbsolutePath());
    }

    @Test
    void other_commands_fail_the_same_way_on_an_unreachable_database() {
        Cli.Result r = Cli.run("user", "list", "--db-url", "jdbc:postgresql://127.0.0.1:1/x");

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.errLines()).containsExactly(
                "pharos: Cannot open the database at jdbc:postgresql://127.0.0.1:1/x: Connection refused");
    }
}
