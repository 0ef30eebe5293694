package io.pharos.launch;

import static io.pharos.support.Await.await;
import static io.pharos.support.Nextflow.tasksWith;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.Config;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Launching real Nextflow runs through the API: console, cancel, queue, restart, bad bodies. */
abstract class LaunchContractTest {
    abstract TestDb.Kind kind();

    Path dataDir;
    TestDb db;
    TestServer server;
    Http http;
    String admin;
    String computeEnv;

    @BeforeEach
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-launch");
        db = TestDb.create(kind(), dataDir);
        server = TestServer.start(db.config().withNextflow(Nextflow.command()));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        computeEnv = get("/api/compute-envs", admin).at("/computeEnvs/0/id").asText();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        Nextflow.killProcessesUnder(dataDir); // never leave a head job or a task behind
        db.close();
    }

    String launch(String auth, ObjectNode fields) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("launch", fields);
        Http.Response r = http.send("POST", "/api/workflow/launch", auth, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("workflowId").asText();
    }

    ObjectNode hello(double sleep, boolean fail) {
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", computeEnv);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        f.put("paramsText", "{\"params\": {\"sleep\": " + sleep + ", \"fail\": " + fail + "}}");
        return f;
    }

    @Test
    void a_launched_run_reaches_its_end_and_its_console_can_be_read_while_and_after() throws Exception {
        String id = launch(admin, hello(0.5, false));
        assertThat(status(id)).isIn("SUBMITTED", "RUNNING");
        JsonNode running = await(() -> {
            JsonNode log = get("/api/workflow/" + id + "/log", admin).get("log");
            return log.get("entries").toString().contains("N E X T F L O W") ? log : null;
        }, Duration.ofSeconds(120));
        assertThat(running.get("downloads")).hasSize(2);
        // Tail from where the first page ended: later lines arrive through forwardToken.
        String forward = running.get("forwardToken").asText();
        awaitEnded(id);
        assertThat(status(id)).isEqualTo("SUCCEEDED");
        JsonNode rest = get("/api/workflow/" + id + "/log?next=" + forward, admin).get("log");
        JsonNode all = get("/api/workflow/" + id + "/log", admin).get("log");
        assertThat(all.get("pending").asBoolean()).isFalse();
        assertThat(all.get("entries").toString()).contains("done: alice.upper.txt");
        assertThat(rest.get("entries").toString()).contains("done:");
        String console = http.get("/api/workflow/" + id + "/download?fileName=nf-" + id + ".txt", admin).body();
        assertThat(console).contains("N E X T F L O W").contains("done: bob.upper.txt");
        Http.Response nflog = http.get("/api/workflow/" + id + "/download?fileName=nf-" + id + ".log", admin);
        assertThat(nflog.status()).isEqualTo(200);
        assertThat(nflog.body()).contains("nextflow");
        assertThat(http.get("/api/workflow/" + id + "/download?fileName=../../etc/passwd", admin).status()).isEqualTo(400);
        JsonNode record = get("/api/workflow/" + id + "/launch", admin).get("launch");
        assertThat(record.get("pipeline").asText()).isEqualTo(Nextflow.pipeline("hello-launch").toString());
        assertThat(record.at("/computeEnv/id").asText()).isEqualTo(computeEnv);
        assertThat(record.at("/computeEnv/platform").asText()).isEqualTo("local-platform");
        // The run's own token died with it.
        long live = server.app().db().jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM access_tokens WHERE workflow_id = :id AND revoked IS NULL")
                .bind("id", id).mapTo(Long.class).one());
        assertThat(live).isZero();
    }

    @Test
    void cancelling_a_long_run_stops_the_head_job_and_its_tasks() throws Exception {
        String marker = "4242.5";
        String id = launch(admin, hello(Double.parseDouble(marker), false));
        await(() -> tasksWith(marker).isEmpty() ? null : true, Duration.ofSeconds(180));
        Http.Response r = http.send("POST", "/api/workflow/" + id + "/cancel", admin, null);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("CANCELLED");
        // The task sleeps for over an hour: its being gone is what proves the cancel (the wait only guards a hang).
        await(() -> tasksWith(marker).isEmpty() && headJobGone(id) ? true : null, Duration.ofSeconds(120));
        await(() -> get("/api/workflow/" + id, admin).at("/workflow/complete").isNull() ? null : true,
                Duration.ofSeconds(15));
        assertThat(status(id)).isEqualTo("CANCELLED");
        Http.Response again = http.send("POST", "/api/workflow/" + id + "/cancel", admin, null);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.json().get("message").asText())
                .isEqualTo("Invalid cancel request for workflow id: " + id + "; status: CANCELLED");
    }

    @Test
    void a_failed_run_relaunched_with_resume_comes_back_with_cached_tasks() throws Exception {
        String failed = launch(admin, hello(0.1, true));
        awaitEnded(failed);
        assertThat(status(failed)).isEqualTo("FAILED");
        JsonNode failedTasks = get("/api/workflow/" + failed + "/tasks?search=status:FAILED", admin);
        assertThat(failedTasks.get("total").asLong()).isEqualTo(1);
        assertThat(failedTasks.at("/tasks/0/task/exit").asText()).isEqualTo("7");
        JsonNode record = get("/api/workflow/" + failed + "/launch", admin).get("launch");
        String session = record.get("sessionId").asText();
        assertThat(session).isNotBlank();
        assertThat(record.get("resumeDir").asText()).isNotBlank();

        ObjectNode again = hello(0.1, false);
        again.put("resume", true);
        again.put("sessionId", session);
        String resumed = launch(admin, again);
        awaitEnded(resumed);
        assertThat(status(resumed)).isEqualTo("SUCCEEDED");
        assertThat(get("/api/workflow/" + resumed, admin).at("/workflow/sessionId").asText()).isEqualTo(session);
        JsonNode cached = get("/api/workflow/" + resumed + "/tasks?search=status:CACHED", admin);
        assertThat(cached.get("total").asLong()).isGreaterThanOrEqualTo(3); // every GREET task
        assertThat(get("/api/workflow/" + resumed + "/tasks?search=process:GREET%20status:CACHED", admin)
                .get("total").asLong()).isEqualTo(3);
    }

    @Test
    void the_queue_limit_holds_and_the_next_run_starts_when_one_ends() throws Exception {
        String envId = new LaunchedRuns(server).oneAtATimeEnv(dataDir.resolve("work1"));
        ObjectNode first = hello(3333.5, false).put("computeEnvId", envId);
        ObjectNode second = hello(0.1, false).put("computeEnvId", envId);
        String a = launch(admin, first);
        String b = launch(admin, second);
        await(() -> tasksWith("3333.5").isEmpty() ? null : true, Duration.ofSeconds(180));
        assertThat(launchState(b)).isEqualTo("QUEUED");
        assertThat(status(b)).isEqualTo("SUBMITTED");
        assertThat(http.send("POST", "/api/workflow/" + a + "/cancel?force=true", admin, null).status()).isEqualTo(200);
        await(() -> isEnded(status(b)) ? true : null, Duration.ofSeconds(180));
        assertThat(status(b)).isEqualTo("SUCCEEDED");
    }

    @Test
    void a_run_keeps_going_across_a_pharos_restart_and_its_end_is_recorded() throws Exception {
        String id = launch(admin, hello(2.25, false));
        await(() -> tasksWith("2.25").isEmpty() ? null : true, Duration.ofSeconds(180));
        Config config = server.app().config().withPort(server.app().port());
        server.close();
        server = TestServer.start(config);
        http = server.http();
        awaitEnded(id);
        assertThat(status(id)).isEqualTo("SUCCEEDED");
        assertThat(launchState(id)).isEqualTo("ENDED");
    }

    @Test
    void a_head_job_that_dies_without_reporting_ends_its_run_failed_with_the_reason_in_the_log() throws Exception {
        String id = launch(admin, hello(5151.5, false));
        await(() -> tasksWith("5151.5").isEmpty() ? null : true, Duration.ofSeconds(180));
        long pid = server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT pid FROM launches WHERE workflow_id = :id")
                .bind("id", id).mapTo(Long.class).one());
        new ProcessBuilder("kill", "-KILL", "--", "-" + pid).start().waitFor();
        await(() -> isEnded(status(id)) ? true : null, Duration.ofSeconds(30));
        assertThat(status(id)).isEqualTo("FAILED");
        JsonNode wf = get("/api/workflow/" + id, admin).get("workflow");
        assertThat(wf.get("errorMessage").asText()).contains("died without reporting");
        assertThat(get("/api/workflow/" + id + "/log", admin).at("/log/entries").toString()).contains("died without reporting");
    }

    @Test
    void bad_launch_bodies_are_400_naming_the_field_and_start_nothing() {
        long before = runCount();
        String p = Nextflow.pipeline("hello-launch").toString();
        List<String> bodies = List.of(
                "{\"launch\":{\"pipeline\":\"" + p + "\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\"}}",
                "{\"launch\":{\"computeEnvId\":\"nope\",\"pipeline\":\"" + p + "\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"-with-docker\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"revision\":\"--x\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"configProfiles\":[\"a b\"]}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"configProfiles\":{}}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"resume\":true}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"resume\":\"maybe\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"mainScript\":\"../x.nf\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"entryName\":\"a;b\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"workDir\":\"relative/dir\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"paramsText\":\"{oops\"}}",
                "{\"launch\":{\"computeEnvId\":\"" + computeEnv + "\",\"pipeline\":\"" + p + "\",\"sessionId\":\"x y\"}}",
                "{\"launch\": [1]}",
                "{not json");
        List<String> fields = List.of("computeEnvId", "pipeline", "computeEnvId", "pipeline", "revision",
                "configProfiles", "configProfiles", "sessionId", "resume", "mainScript", "entryName", "workDir",
                "paramsText", "sessionId", "launch", "JSON");
        for (int i = 0; i < bodies.size(); i++) {
            Http.Response r = http.send("POST", "/api/workflow/launch", admin, bodies.get(i));
            assertThat(r.status()).as(bodies.get(i) + " -> " + r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(bodies.get(i)).contains(fields.get(i));
        }
        assertThat(runCount()).isEqualTo(before);
        // configProfiles as a comma-separated string (the seed's table) or an array (its sample) are both fine.
        assertThat(http.send("POST", "/api/workflow/launch", admin, "{\"launch\":{\"computeEnvId\":\"" + computeEnv
                + "\",\"pipeline\":\"" + p + "\",\"configProfiles\":\"standard\",\"paramsText\":\"{\\\"params\\\":{\\\"sleep\\\":0}}\"}}")
                .status()).isEqualTo(200);
    }

    @Test
    void launching_needs_the_launch_permission_that_admins_grant() {
        String carol = Http.bearer(server.newUserToken("carol", false));
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("launch", hello(0, false));
        Http.Response refused = http.send("POST", "/api/workflow/launch", carol, body.toString());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("message").asText()).contains("launch permission");
        long carolId = server.app().auth().findUser("carol").orElseThrow().id();
        assertThat(http.send("PUT", "/api/users/" + carolId, carol, "{\"canLaunch\":true}").status()).isEqualTo(403);
        assertThat(http.send("PUT", "/api/users/" + carolId, admin, "{\"canLaunch\":true}").status()).isEqualTo(200);
        Http.Response ok = http.send("POST", "/api/workflow/launch", carol, body.toString());
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        String id = ok.json().get("workflowId").asText();
        // Her run is hers: another user cannot see or cancel it, and she cannot add compute environments.
        String dave = Http.bearer(server.newUserToken("dave", false));
        assertThat(http.get("/api/workflow/" + id + "/launch", dave).status()).isEqualTo(403);
        assertThat(http.get("/api/workflow/" + id + "/log", dave).status()).isEqualTo(403);
        assertThat(http.send("POST", "/api/workflow/" + id + "/cancel", dave, null).status()).isEqualTo(403);
        assertThat(http.send("POST", "/api/compute-envs", carol, "{\"name\":\"x\",\"config\":{\"workDir\":\"/tmp\"}}").status())
                .isEqualTo(403);
    }

    @Test
    void a_run_not_launched_here_is_cancelled_only_by_force() {
        String t = admin;
        String id = new io.pharos.support.Replayer(http, t).replay(
                io.pharos.support.Fixtures.nextflowTower("nf25.04.0-ok").subList(0, 3));
        Http.Response r = http.send("POST", "/api/workflow/" + id + "/cancel", t, null);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("force=true");
        assertThat(http.send("POST", "/api/workflow/" + id + "/cancel?force=true", t, null).status()).isEqualTo(200);
        assertThat(status(id)).isEqualTo("CANCELLED");
        assertThat(http.get("/api/workflow/" + id + "/log", t).status()).isEqualTo(404);
        // Its launch record is built from what it reported, without a launch id or compute environment.
        Http.Response launch = http.get("/api/workflow/" + id + "/launch", t);
        assertThat(launch.status()).isEqualTo(200);
        assertThat(launch.json().get("launch").has("id")).isFalse();
    }

    // ---- helpers ----

    long runCount() {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workflows").mapTo(Long.class).one());
    }

    String launchState(String id) {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT state FROM launches WHERE workflow_id = :id")
                .bind("id", id).mapTo(String.class).one());
    }

    boolean headJobGone(String id) {
        Long pid = server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT pid FROM launches WHERE workflow_id = :id")
                .bind("id", id).mapTo(Long.class).findOne().orElse(null));
        return pid == null || ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
    }


    /**
     * The run has its final status and its head job has exited. The reporter sends its last
     * call before Nextflow itself is done, so the two are not the same moment.
     */
    void awaitEnded(String id) throws InterruptedException {
        await(() -> isEnded(status(id)) && "ENDED".equals(launchState(id)) ? true : null, Duration.ofSeconds(180));
    }

    static boolean isEnded(String status) {
        return List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(status);
    }

    String status(String id) {
        return get("/api/workflow/" + id, admin).at("/workflow/status").asText();
    }

    JsonNode get(String path, String auth) {
        Http.Response r = http.get(path, auth);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

}
