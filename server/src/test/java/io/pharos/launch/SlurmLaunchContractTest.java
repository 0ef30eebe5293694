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
 * Launching on the real one-node Slurm cluster that tools/slurm-local.sh starts (./test does),
 * submitted on this host and over SSH through the test sshd on 127.0.0.1:2222. Without the
 * cluster or the key these tests fail: they never skip.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SlurmLaunchContractTest {
    static final Path KEY_DIR = Path.of(System.getProperty("user.home"), ".pharos", "slurm-test");

    abstract TestDb.Kind kind();

    Path dataDir;
    TestServer server;
    Http http;
    String admin;
    String privateKey;
    LaunchedRuns runs;
    /** Everything the server logs (slf4j-simple writes to System.err), to look for the key in. */
    final java.io.ByteArrayOutputStream log = new java.io.ByteArrayOutputStream();
    java.io.PrintStream stderr;

    @BeforeAll
    void start() throws Exception {
        stderr = System.err;
        // Pharos' launch logging at info for this class's server (the tests' default is warn), captured below.
        System.setProperty("org.slf4j.simpleLogger.log.io.pharos.launch", "info");
        java.io.PrintStream original = stderr;
        System.setErr(new java.io.PrintStream(new java.io.OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (log) {
                    log.write(b);
                }
            }
        }, true));
        assertThat(run("sinfo", "-h", "-o", "%T")).as("a Slurm cluster: run tools/slurm-local.sh start (./test --setup-only)")
                .containsAnyOf("idle", "mixed", "alloc");
        assertThat(KEY_DIR.resolve("id_ecdsa")).as("the test key of tools/slurm-local.sh").exists();
        privateKey = Files.readString(KEY_DIR.resolve("id_ecdsa"));
        dataDir = Files.createTempDirectory("pharos-slurm");
        server = TestServer.onNewDatabase(kind(), dataDir);
        http = server.http();
        admin = Http.bearer(server.adminToken());
        runs = new LaunchedRuns(server);
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        System.setErr(stderr);
        // Never leave a job of this test's runs behind.
        run("bash", "-c", "squeue --me -h -o '%i %j' | grep -F " + "pharos- | true");
        LaunchedRuns.killLeftovers(dataDir);
    }

    static String run(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        p.waitFor();
        return out;
    }

    ObjectNode slurmEnv(String name, boolean ssh) {
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode env = body.putObject("computeEnv");
        env.put("name", name);
        env.put("platform", "slurm-platform");
        ObjectNode cfg = env.putObject("config");
        cfg.put("discriminator", "slurm-platform");
        cfg.put("workDir", dataDir.resolve("work-" + name).toString());
        cfg.put("headQueue", "debug");
        cfg.put("computeQueue", "debug");
        cfg.put("nextflowCommand", Nextflow.command());
        cfg.put("nextflowConfig", "executor { pollInterval = '1s'; queueStatInterval = '2s'; queueSize = 4 }");
        cfg.put("maxRunning", 4);
        if (ssh) {
            cfg.put("hostName", "127.0.0.1");
            cfg.put("port", 2222);
            cfg.put("userName", System.getProperty("user.name"));
        }
        return body;
    }

    String credential(String name, String key) {
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode c = body.putObject("credentials");
        c.put("name", name);
        c.put("provider", "ssh");
        c.putObject("keys").put("privateKey", key);
        Http.Response r = http.send("POST", "/api/credentials", admin, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("PRIVATE KEY");
        return r.json().get("credentialsId").asText();
    }

    String create(ObjectNode body) {
        Http.Response r = http.send("POST", "/api/compute-envs", admin, body.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().at("/computeEnv/config/discriminator").asText()).isEqualTo("slurm-platform");
        return r.json().get("computeEnvId").asText();
    }

    ObjectNode hello(String envId, double sleep, boolean fail) {
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", envId);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        f.put("paramsText", "{\"sleep\": " + sleep + ", \"fail\": " + fail + "}");
        return f;
    }

    String sshEnv() {
        ObjectNode body = slurmEnv("over-ssh", true);
        body.put("credentialsId", credential("test-key", privateKey));
        ((ObjectNode) body.get("computeEnv")).put("credentialsId", body.get("credentialsId").asText());
        body.remove("credentialsId");
        String id = create(body);
        // The first connection, an admin's test, records the host key.
        Http.Response t = http.send("POST", "/api/compute-envs/" + id + "/test", admin, null);
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        assertThat(t.json().at("/connection/slurmVersion").asText()).isNotBlank();
        assertThat(t.json().at("/connection/commands/sbatch").asText()).endsWith("sbatch");
        assertThat(t.json().at("/connection/hostKeyRecorded").asBoolean()).isTrue();
        assertThat(t.body()).doesNotContain("PRIVATE KEY");
        return id;
    }

    void assertSucceededOnSlurm(String id) throws Exception {
        runs.awaitEnded(id);
        assertThat(runs.status(id)).isEqualTo("SUCCEEDED");
        JsonNode tasks = runs.get("/api/workflow/" + id + "/tasks?max=100", admin).get("tasks");
        assertThat(tasks).hasSize(6);
        for (JsonNode t : tasks) {
            assertThat(t.at("/task/executor").asText()).isEqualTo("slurm");
            assertThat(t.at("/task/nativeId").asText()).matches("[0-9]+");
        }
        String console = http.get("/api/workflow/" + id + "/download?fileName=nf-" + id + ".txt", admin).body();
        assertThat(console).contains("Slurm job").contains("N E X T F L O W").contains("done: alice.upper.txt");
        JsonNode describe = runs.get("/api/workflow/" + id, admin);
        assertThat(describe.at("/jobInfo/id").asLong()).isPositive();
    }

    @Test
    void a_run_submitted_on_this_host_succeeds_with_its_tasks_as_slurm_jobs_and_a_long_one_is_cancelled() throws Exception {
        String envId = create(slurmEnv("local-submit", false));
        Http.Response t = http.send("POST", "/api/compute-envs/" + envId + "/test", admin, null);
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        String id = runs.launch(admin, hello(envId, 0.2, false));
        // The console while it runs, copied from the cluster's folder.
        await(() -> runs.get("/api/workflow/" + id + "/log", admin).at("/log/entries").toString().contains("Slurm job")
                ? true : null, Duration.ofSeconds(120));
        assertSucceededOnSlurm(id);

        String marker = LaunchedRuns.uniqueSleep();
        String longRun = runs.launch(admin, hello(envId, Double.parseDouble(marker), false));
        await(() -> squeueNames().stream().anyMatch(n -> n.startsWith("nf-GREET")) ? true : null, Duration.ofSeconds(180));
        Http.Response c = http.send("POST", "/api/workflow/" + longRun + "/cancel", admin, null);
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat(runs.status(longRun)).isEqualTo("CANCELLED");
        // Hang guard only: scancel makes Nextflow cancel its task jobs.
        await(() -> squeueNames().isEmpty() ? true : null, Duration.ofSeconds(15));
        runs.awaitEnded(longRun);
        assertThat(runs.status(longRun)).isEqualTo("CANCELLED");
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

    long runCount() {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workflows").mapTo(Long.class).one());
    }

    static List<String> squeueNames() {
        try {
            return run("squeue", "--me", "-h", "-o", "%j").lines().map(String::strip).filter(s -> !s.isEmpty()).toList();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
