package io.pharos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.pharos.support.Await;
import io.pharos.support.Cli;
import io.pharos.support.Http;
import io.pharos.support.PharosProcess;
import io.pharos.support.TestDb;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged server as a user starts it, `./pharos serve`, in its own process: that it
 * answers, what it prints, that the printed token works, and that the CLI in another process
 * (this JVM) works on the same database while it runs. Runs after `package`, under Failsafe.
 * How soon it answers is a benchmark (tools/bench-startup.sh, docs/benchmarks.md), not a test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class ServeProcessContractIT {
    abstract TestDb.Kind kind();

    private TestDb testDb;
    private List<String> db;
    private PharosProcess serve;
    private int port;

    @BeforeAll
    void start(@TempDir Path tmp) throws IOException {
        testDb = TestDb.create(kind(), tmp.resolve("data"));
        db = Cli.dbOptions(testDb.config());
        port = PharosProcess.freePort();
        List<String> args = new ArrayList<>(List.of("serve", "--port", String.valueOf(port)));
        args.addAll(db);
        serve = PharosProcess.start(tmp.resolve("stderr.txt"), args);
        serve.awaitServiceInfo(port);
    }

    @AfterAll
    void stop() {
        if (serve != null) {
            serve.kill();
        }
        if (testDb != null) {
            testDb.close();
        }
    }

    @Test
    @Order(1)
    void answers_service_info_once_started_without_a_token() {
        // start() waited for the first 200; the answer is Pharos's own, to anyone
        Http.Response r = serve.http(port).get("/api/service-info", null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/serviceInfo/name").asText()).isEqualTo("Pharos");
        assertThat(r.json().at("/serviceInfo/serverUrl").asText()).isEqualTo("http://localhost:" + port);
    }

    @Test
    @Order(2)
    void prints_the_admin_token_once_and_the_line_to_run_nextflow_with() {
        String token = serve.printedToken();

        List<String> out = serve.stdout();
        assertThat(out.get(0)).matches("Pharos \\S+ listening on http://localhost:" + port + " \\(database: "
                + (kind() == TestDb.Kind.H2 ? "embedded H2" : "PostgreSQL") + " .*\\), started in \\d+ ms");
        assertThat(out).contains("First start: created the admin user 'admin'. Its access token, shown only once:",
                "    " + token,
                "    TOWER_ACCESS_TOKEN=" + token + " nextflow run <pipeline> -with-tower http://localhost:" + port
                        + "/api");
        assertThat(token).matches("pharos_[0-9A-Za-z]{40}");
    }

    @Test
    @Order(3)
    void the_printed_token_works_in_both_header_forms_and_a_wrong_one_is_401() {
        Http http = serve.http(port);
        String token = serve.printedToken();

        for (String header : List.of(Http.bearer(token), Http.basic(token))) {
            Http.Response r = http.get("/api/user-info", header);
            assertThat(r.status()).as(header).isEqualTo(200);
            assertThat(r.json().at("/user/userName").asText()).isEqualTo("admin");
        }
        String wrong = token.substring(0, token.length() - 1) + (token.endsWith("x") ? "y" : "x");
        for (String header : List.of(Http.bearer(wrong), Http.basic(wrong))) {
            Http.Response r = http.get("/api/user-info", header);
            assertThat(r.status()).as(header + " -> " + r.body()).isEqualTo(401);
            assertThat(r.json().get("message").asText()).isEqualTo("Unknown or revoked access token");
        }
    }

    @Test
    @Order(4)
    void the_cli_in_another_process_shares_the_database_while_the_server_runs() throws InterruptedException {
        // For H2 this is AUTO_SERVER at work: the serve process holds the file, this JVM connects through it.
        assertThat(Cli.run(db, "user", "add", "ops").exitCode()).isZero();
        Cli.Result created = Cli.run(db, "token", "create", "--user", "ops");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String token = created.out().strip();

        Http.Response me = serve.http(port).get("/api/user-info", Http.bearer(token));
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().at("/user/userName").asText()).isEqualTo("ops");

        long id = serve.http(port).get("/api/tokens", Http.bearer(token)).json().at("/tokens/0/id").asLong();
        assertThat(Cli.run(db, "token", "revoke", String.valueOf(id)).exitCode()).isZero();
        // The server keeps a principal for 1 s; the deadline only catches one that never lets go.
        Await.await(() -> serve.http(port).get("/api/user-info", Http.bearer(token)).status() == 401 ? true : null,
                Duration.ofSeconds(10));
    }

    @Test
    @Order(5)
    void stops_on_sigterm_and_frees_its_port_and_database() throws Exception {
        Process p = serve.process();
        p.destroy();

        if (!p.waitFor(15, TimeUnit.SECONDS)) {
            fail("serve did not stop within 15 s of SIGTERM");
        }
        assertThat(p.exitValue()).as("128 + SIGTERM").isEqualTo(143);
        assertThat(serve.stderr()).doesNotContain("Exception");
        try (ServerSocket again = new ServerSocket(port)) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
        try (App restarted = App.start(testDb.config())) {
            assertThat(restarted.bootstrap()).as("the admin exists already").isEmpty();
        }
    }
}
