package io.pharos.launch;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Launching real runs on a test server and looking at them: the steps the launch tests share. */
final class LaunchedRuns {
    private final TestServer server;
    private final Http http;
    private final String admin;

    LaunchedRuns(TestServer server) {
        this.server = server;
        this.http = server.http();
        this.admin = Http.bearer(server.adminToken());
    }

    /** POST /api/workflow/launch as {@code auth}; the new run's id. */
    String launch(String auth, ObjectNode fields) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("launch", fields);
        Http.Response r = http.send("POST", "/api/workflow/launch", auth, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("workflowId").asText();
    }

    /** A new local compute environment that runs one head job at a time (the rest queue); its id. */
    String oneAtATimeEnv(Path workDir) {
        ObjectNode env = Http.JSON.createObjectNode();
        env.put("name", "one-at-a-time");
        env.put("platform", "local-platform");
        ObjectNode cfg = env.putObject("config");
        cfg.put("workDir", workDir.toString());
        cfg.put("maxRunning", 1);
        cfg.put("nextflowCommand", Nextflow.command());
        Http.Response created = http.send("POST", "/api/compute-envs", admin, env.toString());
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        return created.json().at("/computeEnv/id").asText();
    }

    /** The run has its final status and its head job has exited. */
    void awaitEnded(String id) throws InterruptedException {
        await(() -> isEnded(status(id)) && Launch.ENDED.equals(launchColumn(id, "state", String.class)) ? true : null,
                Duration.ofSeconds(180));
    }

    static boolean isEnded(String status) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status);
    }

    String status(String id) {
        return get("/api/workflow/" + id, admin).at("/workflow/status").asText();
    }

    /** A column of the run's launch row, straight from the database. */
    <T> T launchColumn(String id, String column, Class<T> type) {
        return server.app().db().jdbi().withHandle(h -> h.createQuery(
                "SELECT " + column + " FROM launches WHERE workflow_id = :id").bind("id", id)
                .mapTo(type).findOne().orElse(null));
    }

    Path runDir(String id) {
        return Path.of(launchColumn(id, "run_dir", String.class));
    }

    JsonNode get(String path, String auth) {
        Http.Response r = http.get(path, auth);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    /** Processes whose command line names this folder (head jobs and their tasks run in it). */
    static List<ProcessHandle> processesUnder(Path dir) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(dir.toString())).orElse(false))
                .toList();
    }

    /**
     * A long sleep for a test task whose command line is this run's alone, so that finding or
     * missing it is not confused by other test runs on the same machine.
     */
    static String uniqueSleep() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "7" + r.nextInt(100, 1000) + "." + r.nextInt(10_000, 100_000) + "1"; // no trailing zero to lose
    }

    /** Never leave a head job or a task behind (tasks run in work folders under the data folder). */
    static void killLeftovers(Path dataDir) {
        processesUnder(dataDir).forEach(ProcessHandle::destroyForcibly);
        ProcessHandle.allProcesses().filter(p -> workingIn(p, dataDir)).forEach(ProcessHandle::destroyForcibly);
    }

    private static boolean workingIn(ProcessHandle p, Path dir) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", Long.toString(p.pid()), "cwd")).startsWith(dir);
        } catch (IOException | RuntimeException e) {
            return false; // gone, or not ours to look at
        }
    }
}
