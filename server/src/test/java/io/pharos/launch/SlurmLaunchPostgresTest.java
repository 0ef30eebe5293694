package io.pharos.launch;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The Slurm tests whose code does not depend on the database (resume, clusters that go away, jobs
 * ended outside Pharos, SSH, bad settings) run once, on PostgreSQL; those that do (a run's records,
 * following head jobs across a restart) run on both databases, in {@link SlurmLaunchContractTest}.
 */
class SlurmLaunchPostgresTest extends SlurmLaunchContractTest {
    @Override
    TestDb.Kind kind() {
        return TestDb.Kind.POSTGRES;
    }

    @Test
    void a_failed_run_resumed_through_its_launch_record_comes_back_with_cached_tasks() throws Exception {
        String envId = create(slurmEnv("resume", false));
        String failed = runs.launch(admin, hello(envId, 0.1, true));
        runs.awaitEnded(failed);
        assertThat(runs.status(failed)).isEqualTo("FAILED");
        JsonNode failedTasks = runs.get("/api/workflow/" + failed + "/tasks?search=status:FAILED", admin);
        assertThat(failedTasks.get("total").asLong()).isEqualTo(1);
        assertThat(failedTasks.at("/tasks/0/task/exit").asText()).isEqualTo("7");
        assertThat(failedTasks.at("/tasks/0/task/executor").asText()).isEqualTo("slurm");

        // The launch record, posted back with resume (as the UI's Relaunch... does), the failing param turned off.
        ObjectNode again = relaunchRecord(failed);
        String session = again.get("sessionId").asText();
        assertThat(session).isNotBlank();
        again.put("resume", true);
        again.put("paramsText", "{\"sleep\": 0.1, \"fail\": false}");
        String resumed = runs.launch(admin, again);
        runs.awaitEnded(resumed);
        assertThat(runs.status(resumed)).isEqualTo("SUCCEEDED");
        assertThat(runs.get("/api/workflow/" + resumed, admin).at("/workflow/sessionId").asText()).isEqualTo(session);
        assertThat(runs.get("/api/workflow/" + resumed + "/tasks?search=process:GREET%20status:CACHED", admin)
                .get("total").asLong()).isEqualTo(3);
        JsonNode shout = runs.get("/api/workflow/" + resumed + "/tasks?search=process:SHOUT%20status:COMPLETED", admin);
        assertThat(shout.get("total").asLong()).isGreaterThanOrEqualTo(1); // at least bob's, run again
        assertThat(jobInfo(resumed).get("id").asLong()).isNotEqualTo(jobInfo(failed).get("id").asLong());
    }

    @Test
    void an_unreachable_cluster_marks_the_environment_errored_fails_no_run_and_the_connection_is_reopened() throws Exception {
        try (Relay relay = new Relay(0)) {
            int port = relay.port();
            String envId = sshEnv("through-relay", port, "--hold");
            String id = runs.launch(admin, hello(envId, 0.1, false));
            String job = awaitHeadJob(id, "PENDING");

            // The login node goes away: the open SSH connection drops and new ones are refused.
            relay.close();
            JsonNode errored = await(() -> {
                JsonNode e = runs.get("/api/compute-envs/" + envId, admin).get("computeEnv");
                return "ERRORED".equals(e.path("status").asText()) ? e : null;
            }, Duration.ofSeconds(60));
            assertThat(errored.get("message").asText()).startsWith("Cannot reach the cluster to follow its head jobs: ");
            assertThat(runs.status(id)).isEqualTo("SUBMITTED");
            assertThat(runs.launchColumn(id, "state", String.class)).isEqualTo("RUNNING");

            // It is back: the next poll opens a new connection, the environment is AVAILABLE, the job still followed.
            try (Relay back = new Relay(port)) {
                await(() -> "AVAILABLE".equals(runs.get("/api/compute-envs/" + envId, admin).at("/computeEnv/status").asText())
                        ? true : null, Duration.ofSeconds(60));
                assertThat(jobInfo(id).get("id").asText()).isEqualTo(job);
                Http.Response c = http.send("POST", "/api/workflow/" + id + "/cancel", admin, null);
                assertThat(c.status()).as(c.body()).isEqualTo(200);
                runs.awaitEnded(id);
                assertThat(runs.status(id)).isEqualTo("CANCELLED");
                await(() -> jobsOfThisTest().isEmpty() ? true : null, Duration.ofSeconds(15));
            }
        }
    }

    @Test
    void a_head_job_cancelled_with_scancel_outside_pharos_ends_its_run_with_the_reason_in_the_console() throws Exception {
        scancelOutside(create(slurmEnv("scancel", false)));
    }

    @Test
    void over_ssh_a_run_succeeds_and_the_key_is_in_no_answer_log_or_run_file() throws Exception {
        String envId = sshEnv();
        String id = runs.launch(admin, hello(envId, 0.1, false));
        assertSucceededOnSlurm(id);
        // A line of the key that no other key shares (its first lines are the same header in every key).
        List<String> body = privateKey.lines().filter(l -> !l.startsWith("-----")).toList();
        String keyBody = body.get(body.size() - 2);
        for (String path : List.of("/api/compute-envs", "/api/compute-envs/" + envId, "/api/credentials",
                "/api/workflow/" + id, "/api/workflow/" + id + "/launch", "/api/workflow/" + id + "/log")) {
            assertThat(http.get(path, admin).body()).as(path).doesNotContain(keyBody).doesNotContain("PRIVATE KEY");
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                if (f.toString().endsWith(".mv.db") || f.toString().endsWith(".trace.db")) {
                    continue; // the database holds the credential, by design
                }
                assertThat(Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(keyBody);
            }
        }
        assertThat(log.toString()).doesNotContain(keyBody);

        // Over SSH too, a head job scancel'ed on the cluster ends its run with the reason.
        scancelOutside(envId);
    }

    @Test
    void a_wrong_host_key_or_queue_is_a_clear_error_at_test_and_at_launch_and_changes_nothing() throws Exception {
        long before = runCount();
        // Wrong key: a key the sshd does not know.
        Path other = dataDir.resolve("other-key");
        run("ssh-keygen", "-q", "-t", "ecdsa", "-b", "256", "-N", "", "-f", other.toString());
        ObjectNode wrongKey = slurmEnv("wrong-key", true);
        ((ObjectNode) wrongKey.get("computeEnv")).put("credentialsId", credential("other", Files.readString(other)));
        String wrongKeyEnv = create(wrongKey);
        Http.Response t1 = http.send("POST", "/api/compute-envs/" + wrongKeyEnv + "/test", admin, null);
        assertThat(t1.status()).as(t1.body()).isEqualTo(400);
        assertThat(t1.json().get("message").asText()).contains("refused");
        // Wrong host: nothing listens there.
        ObjectNode wrongHost = slurmEnv("wrong-host", true);
        ((ObjectNode) wrongHost.at("/computeEnv/config")).put("port", 2);
        ((ObjectNode) wrongHost.get("computeEnv")).put("credentialsId", credential("right", privateKey));
        String wrongHostEnv = create(wrongHost);
        Http.Response t2 = http.send("POST", "/api/compute-envs/" + wrongHostEnv + "/test", admin, null);
        assertThat(t2.status()).as(t2.body()).isEqualTo(400);
        assertThat(t2.json().get("message").asText()).contains("Cannot log in to");
        // Unknown queue, submitted on this host.
        ObjectNode badQueue = slurmEnv("bad-queue", false);
        ((ObjectNode) badQueue.at("/computeEnv/config")).put("headQueue", "nosuchqueue");
        String badQueueEnv = create(badQueue);
        Http.Response t3 = http.send("POST", "/api/compute-envs/" + badQueueEnv + "/test", admin, null);
        assertThat(t3.status()).as(t3.body()).isEqualTo(400);
        assertThat(t3.json().get("message").asText()).contains("nosuchqueue").contains("not a partition");
        for (String env : List.of(wrongKeyEnv, wrongHostEnv, badQueueEnv)) {
            ObjectNode body = Http.JSON.createObjectNode();
            body.set("launch", hello(env, 0, false));
            Http.Response r = http.send("POST", "/api/workflow/launch", admin, body.toString());
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).contains("computeEnvId");
        }
        assertThat(runCount()).isEqualTo(before);
    }
}
