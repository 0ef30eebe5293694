package io.pharos.launch;

import static io.pharos.support.Await.await;
import static io.pharos.support.Nextflow.tasksWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Deleting a launched run that is still running (DELETE ?force=true) leaves nothing working for
 * it: its head job and tasks are killed, its token is revoked, and a launch still queued never starts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ForceDeleteContractTest {
    abstract TestDb.Kind kind();

    Path dataDir;
    TestServer server;
    Http http;
    String admin;
    LaunchedRuns runs;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-force-delete");
        server = TestServer.onNewDatabase(kind(), dataDir, c -> c.withNextflow(Nextflow.command()));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        runs = new LaunchedRuns(server);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        LaunchedRuns.killLeftovers(dataDir);
    }

    ObjectNode sleeping(String envId, String seconds) {
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", envId);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        f.put("paramsText", "{\"params\": {\"sleep\": " + seconds + ", \"names\": \"alice\"}}");
        return f;
    }

    /** The run's own token, as its head job got it: in its reporter config, else in its environment. */
    static String runToken(Path runDir, long pid) throws IOException {
        Pattern token = Pattern.compile("(pharos_[A-Za-z0-9]{40})");
        Path config = runDir.resolve("pharos.config");
        Matcher m = token.matcher(Files.exists(config) ? Files.readString(config) : "");
        if (m.find()) {
            return m.group(1);
        }
        m = token.matcher(new String(Files.readAllBytes(Path.of("/proc/" + pid + "/environ")), StandardCharsets.UTF_8));
        if (m.find()) {
            return m.group(1);
        }
        throw new AssertionError("no run token found for the head job in " + runDir);
    }

    int heartbeat(String id, String token) {
        return http.send("PUT", "/api/trace/" + id + "/heartbeat", Http.bearer(token), "{\"instant\": 1}").status();
    }

    @Test
    void force_deleting_a_running_launched_run_kills_its_head_job_and_revokes_its_token() throws Exception {
        String local = runs.get("/api/compute-envs", admin).at("/computeEnvs/0/id").asText();
        String marker = LaunchedRuns.uniqueSleep();
        String id = runs.launch(admin, sleeping(local, marker));
        await(() -> tasksWith(marker).isEmpty() ? null : true, Duration.ofSeconds(180));
        Path runDir = runs.runDir(id);
        long pid = runs.launchColumn(id, "pid", Long.class);
        String token = runToken(runDir, pid);
        assertThat(heartbeat(id, token)).as("the run token works while the run runs").isNotEqualTo(401);

        Http.Response deleted = http.send("DELETE", "/api/workflow/" + id + "?force=true", admin, null);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(204);
        assertThat(http.get("/api/workflow/" + id, admin).status()).isEqualTo(404);
        assertThat(heartbeat(id, token)).isEqualTo(401);
        await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)
                && tasksWith(marker).isEmpty() && LaunchedRuns.processesUnder(runDir).isEmpty() ? true : null,
                Duration.ofSeconds(30));
        assertThat(runs.launchColumn(id, "state", String.class)).isEqualTo("ENDED");
    }

    @Test
    void bulk_delete_names_a_running_launched_run_as_failed_and_with_force_kills_its_head_job() throws Exception {
        String local = runs.get("/api/compute-envs", admin).at("/computeEnvs/0/id").asText();
        String marker = LaunchedRuns.uniqueSleep();
        String id = runs.launch(admin, sleeping(local, marker));
        await(() -> tasksWith(marker).isEmpty() ? null : true, Duration.ofSeconds(180));
        Path runDir = runs.runDir(id);
        long pid = runs.launchColumn(id, "pid", Long.class);
        String body = "{\"workflowIds\": [\"" + id + "\"]}";

        Http.Response kept = http.send("POST", "/api/workflow/delete", admin, body);
        assertThat(kept.status()).as(kept.body()).isEqualTo(200);
        assertThat(kept.json().get("failedWorkflowIds").toString()).isEqualTo("[\"" + id + "\"]");
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isTrue();
        assertThat(runs.status(id)).isEqualTo("RUNNING");

        Http.Response deleted = http.send("POST", "/api/workflow/delete?force=true", admin, body);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(deleted.json().get("failedWorkflowIds")).isEmpty();
        assertThat(http.get("/api/workflow/" + id, admin).status()).isEqualTo(404);
        await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)
                && tasksWith(marker).isEmpty() && LaunchedRuns.processesUnder(runDir).isEmpty() ? true : null,
                Duration.ofSeconds(30));
        assertThat(runs.launchColumn(id, "state", String.class)).isEqualTo("ENDED");
    }

    @Test
    void a_queued_launch_whose_run_is_force_deleted_never_starts() throws Exception {
        String envId = runs.oneAtATimeEnv(dataDir.resolve("work1"));
        String marker = LaunchedRuns.uniqueSleep();
        String running = runs.launch(admin, sleeping(envId, marker));
        String queued = runs.launch(admin, sleeping(envId, "0.1"));
        await(() -> tasksWith(marker).isEmpty() ? null : true, Duration.ofSeconds(180));
        assertThat(runs.launchColumn(queued, "state", String.class)).isEqualTo("QUEUED");

        assertThat(http.send("DELETE", "/api/workflow/" + queued + "?force=true", admin, null).status()).isEqualTo(204);
        assertThat(runs.launchColumn(queued, "state", String.class)).isEqualTo("ENDED");
        // The running one makes room; the deleted one must not take it.
        long pid = runs.launchColumn(running, "pid", Long.class);
        assertThat(http.send("POST", "/api/workflow/" + running + "/cancel?force=true", admin, null).status())
                .isEqualTo(200);
        await(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true)
                && "ENDED".equals(runs.launchColumn(running, "state", String.class)) ? true : null, Duration.ofSeconds(30));
        assertThat(runs.launchColumn(queued, "state", String.class)).isEqualTo("ENDED");
        assertThat(runs.launchColumn(queued, "pid", Long.class)).isNull();
    }
}
