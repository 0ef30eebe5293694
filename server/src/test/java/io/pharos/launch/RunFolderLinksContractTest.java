package io.pharos.launch;

import static io.pharos.support.Await.await;
import static io.pharos.support.Nextflow.tasksWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A launched pipeline runs in its run folder and can swap the files Pharos serves from there
 * (the console, Nextflow's log) for links to any file the server may read. The console page and
 * the downloads must then show nothing of that file, and Pharos must not write through the link.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class RunFolderLinksContractTest {
    static final String SECRET = "the-content-of-a-file-only-pharos-may-read";

    abstract TestDb.Kind kind();

    Path dataDir;
    TestServer server;
    Http http;
    String admin;
    String computeEnv;
    LaunchedRuns runs;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-run-links");
        server = TestServer.onNewDatabase(kind(), dataDir, c -> c.withNextflow(Nextflow.command()));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        runs = new LaunchedRuns(server);
        computeEnv = runs.get("/api/compute-envs", admin).at("/computeEnvs/0/id").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        LaunchedRuns.killLeftovers(dataDir);
    }

    /** A file of the server's (on the same disk as the run folders, so it can be hard-linked too). */
    Path secretFile(String name) throws Exception {
        Path f = dataDir.resolve(name);
        Files.writeString(f, SECRET + "\n");
        return f;
    }

    String launchLinking(Path target, String mode, double hold) {
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", computeEnv);
        f.put("pipeline", Nextflow.pipeline("link-run-files").toString());
        f.put("paramsText", Http.JSON.createObjectNode().set("params", Http.JSON.createObjectNode()
                .put("target", target.toString()).put("mode", mode).put("hold", hold)).toString());
        return runs.launch(admin, f);
    }

    /** What the console page of an ended run with no console at all looks like. */
    JsonNode noOutput(String id) throws Exception {
        JsonNode expected = Http.JSON.readTree("""
                {"entries": [], "rewindToken": "b/0", "forwardToken": "f/0", "pending": false, "message": null,
                 "downloads": [
                   {"fileName": "nf-ID.txt", "displayText": "Nextflow console output", "saveName": "nf-ID.txt"},
                   {"fileName": "nf-ID.log", "displayText": "Nextflow log file", "saveName": "nf-ID.log"}],
                 "truncated": false}
                """.replace("ID", id));
        return expected;
    }

    void assertNothingServed(String id) throws Exception {
        Http.Response page = http.get("/api/workflow/" + id + "/log", admin);
        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(page.body()).doesNotContain(SECRET).doesNotContain(dataDir.resolve("secret").toString());
        assertThat(page.json().get("log")).isEqualTo(noOutput(id));
        for (String name : new String[] {"nf-" + id + ".txt", "nf-" + id + ".log"}) {
            Http.Response download = http.get("/api/workflow/" + id + "/download?fileName=" + name, admin);
            assertThat(download.status()).as(download.body()).isEqualTo(404);
            assertThat(download.json().get("message").asText()).isEqualTo("Run " + id + " has no " + name + " yet");
        }
    }

    @Test
    void a_console_and_log_replaced_by_symlinks_read_as_no_output_and_are_not_downloaded() throws Exception {
        Path secret = secretFile("secret-symlinked.txt");
        String id = launchLinking(secret, "symlink", 0);
        runs.awaitEnded(id);
        Path runDir = runs.runDir(id);
        assertThat(Files.isSymbolicLink(runDir.resolve("console.txt"))).as("the pipeline linked its console").isTrue();
        assertThat(Files.isSymbolicLink(runDir.resolve(".nextflow.log"))).isTrue();
        assertNothingServed(id);
    }

    @Test
    void a_console_and_log_replaced_by_hard_links_read_as_no_output_and_are_not_downloaded() throws Exception {
        Path secret = secretFile("secret-hardlinked.txt");
        String id = launchLinking(secret, "hardlink", 0);
        runs.awaitEnded(id);
        Path runDir = runs.runDir(id);
        assertThat(Files.isSameFile(runDir.resolve("console.txt"), secret)).as("the pipeline linked its console").isTrue();
        assertThat(Files.getAttribute(secret, "unix:nlink", LinkOption.NOFOLLOW_LINKS)).isEqualTo(3);
        assertNothingServed(id);
    }

    @Test
    void pharos_writes_nothing_through_a_console_link_when_the_head_job_dies() throws Exception {
        Path secret = secretFile("secret-appended.txt");
        String marker = LaunchedRuns.uniqueSleep();
        String id = launchLinking(secret, "symlink", Double.parseDouble(marker));
        await(() -> tasksWith(marker).isEmpty() ? null : true, Duration.ofSeconds(180));
        assertThat(Files.isSymbolicLink(runs.runDir(id).resolve("console.txt"))).isTrue();
        long pid = runs.launchColumn(id, "pid", Long.class);
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor();
        // Pharos records the death in the run and would add a line to its console: not to the link's target.
        await(() -> LaunchedRuns.isEnded(runs.status(id)) ? true : null, Duration.ofSeconds(60));
        assertThat(runs.get("/api/workflow/" + id, admin).at("/workflow/errorMessage").asText())
                .contains("died without reporting");
        assertThat(Files.readString(secret)).isEqualTo(SECRET + "\n");
        assertNothingServed(id);
    }
}
