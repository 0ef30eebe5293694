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
        List<String> left = jobsOfThisTest();
        if (!left.isEmpty()) {
            run(Stream.concat(Stream.of("scancel"), left.stream()).toArray(String[]::new));
        }
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
        return sshEnv("over-ssh", 2222, null);
    }

    /** An SSH environment on this port (the test sshd's, or a relay's), its connection tested by an admin. */
    String sshEnv(String name, int port, String headJobOptions) {
        ObjectNode body = slurmEnv(name, true);
        ((ObjectNode) body.at("/computeEnv/config")).put("port", port);
        if (headJobOptions != null) {
            ((ObjectNode) body.at("/computeEnv/config")).put("headJobOptions", headJobOptions);
        }
        body.put("credentialsId", credential(name + "-key", privateKey));
        ((ObjectNode) body.get("computeEnv")).put("credentialsId", body.get("credentialsId").asText());
        body.remove("credentialsId");
        String id = create(body);
        // The first connection, an admin's test, records the host key.
        Http.Response t = http.send("POST", "/api/compute-envs/" + id + "/test", admin, null);
        assertThat(t.status()).as(t.body()).isEqualTo(200);
        assertThat(t.json().at("/connection/slurmVersion").asText()).matches("[0-9]+\\.[0-9]+.*");
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
        assertThat(jobInfo(id).get("id").asLong()).isPositive();
    }

    /** The run's head job as the Seqera shape of describe has it (jobInfo: id, status, exitCode, message). */
    JsonNode jobInfo(String id) {
        return runs.get("/api/workflow/" + id + "?attributes=labels", admin).get("jobInfo");
    }

    String console(String id) {
        return http.get("/api/workflow/" + id + "/download?fileName=nf-" + id + ".txt", admin).body();
    }

    /** The Slurm job id of a run's head job once it is in this Slurm state (a hang guard only). */
    String awaitHeadJob(String id, String state) throws InterruptedException {
        return await(() -> {
            JsonNode j = jobInfo(id);
            return j != null && !j.isNull() && state.equals(j.path("status").asText()) ? j.get("id").asText() : null;
        }, Duration.ofSeconds(180));
    }

    void restartPharos() {
        server = server.restart();
        http = server.http();
        runs = new LaunchedRuns(server);
    }

    ObjectNode relaunchRecord(String id) {
        ObjectNode record = (ObjectNode) runs.get("/api/workflow/" + id + "/launch", admin).get("launch");
        record.put("computeEnvId", record.at("/computeEnv/id").asText());
        return record;
    }

    /** Jobs whose working folder is under this test's data folder (head jobs and their tasks), by id. */
    List<String> jobsOfThisTest() {
        try {
            return run("squeue", "--me", "-h", "-o", "%i|%Z").lines().map(String::strip)
                    .filter(l -> l.contains("|" + dataDir)).map(l -> l.substring(0, l.indexOf('|'))).toList();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
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
        ObjectNode longBody = hello(envId, Double.parseDouble(marker), false);
        // A job submitted from the head job that Nextflow knows nothing of, as one whose sbatch is
        // under way when Nextflow is stopped: held, so that it waits in the queue until cancelled.
        String stray = dataDir.resolve("work-local-submit").resolve("stray").toString();
        longBody.put("preRunScript", "mkdir -p " + stray + " && sbatch --hold -J pharos-test-stray -D " + stray
                + " -o /dev/null --wrap 'sleep 600'");
        String longRun = runs.launch(admin, longBody);
        await(() -> squeueNames().stream().anyMatch(n -> n.startsWith("nf-GREET")) ? true : null, Duration.ofSeconds(180));
        assertThat(squeueNames()).contains("pharos-test-stray");
        Http.Response c = http.send("POST", "/api/workflow/" + longRun + "/cancel", admin, null);
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat(runs.status(longRun)).isEqualTo("CANCELLED");
        // Hang guard only: scancel makes Nextflow cancel its task jobs, and Pharos the ones left.
        awaitNoJobIn(dataDir.resolve("work-local-submit"), Duration.ofSeconds(15));
        runs.awaitEnded(longRun);
        assertThat(runs.status(longRun)).isEqualTo("CANCELLED");
        assertThat(console(longRun)).containsPattern("Pharos: cancelled [0-9]+ Slurm jobs? the head job left behind: ");
    }

    /**
     * No job working in this folder (an environment's head jobs and their tasks) left in Slurm's
     * queue within the guard; else the queue as it is, in the failure.
     */
    void awaitNoJobIn(Path folder, Duration guard) throws Exception {
        try {
            await(() -> {
                try {
                    return run("squeue", "--me", "-h", "-o", "%Z").lines().map(String::strip)
                            .noneMatch(d -> d.startsWith(folder.toString())) ? true : null;
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, guard);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; squeue:\n" + run("squeue", "--me", "-o", "%i %j %T %M %r %Z"), e);
        }
    }

    @Test
    void head_jobs_running_queued_or_submitted_but_not_recorded_are_followed_across_a_pharos_restart() throws Exception {
        String envId = create(slurmEnv("restart", false));
        // Head jobs of this environment wait in Slurm's queue (held) until the test releases them:
        // the one-node cluster has two CPUs, one head job and one task at a time.
        ObjectNode heldBody = slurmEnv("held", false);
        ((ObjectNode) heldBody.at("/computeEnv/config")).put("headJobOptions", "--hold");
        String heldEnv = create(heldBody);
        String running = runs.launch(admin, hello(envId, 1.5, false));
        String queued = runs.launch(admin, hello(heldEnv, 0.1, false));
        String unrecorded = runs.launch(admin, hello(heldEnv, 0.1, false));
        awaitHeadJob(running, "RUNNING");
        String queuedJob = awaitHeadJob(queued, "PENDING");
        String unrecordedJob = awaitHeadJob(unrecorded, "PENDING");

        // As if Pharos had died between sbatch and recording the job id: the launch is marked
        // running (recorded before sbatch), its job is in Slurm, its job id is nowhere in the database.
        server.app().db().jdbi().useHandle(h -> h.createUpdate("DELETE FROM head_jobs WHERE workflow_id = :id")
                .bind("id", unrecorded).execute());
        restartPharos();

        runs.awaitEnded(running);
        assertThat(runs.status(running)).isEqualTo("SUCCEEDED");
        assertThat(runs.get("/api/workflow/" + running + "/tasks?max=100", admin).get("tasks")).hasSize(6);
        assertThat(console(running)).contains("done: carol.upper.txt");

        // Found again by its name, and followed: the same Slurm job, and Pharos' cancel reaches it.
        await(() -> jobInfo(unrecorded) != null && !jobInfo(unrecorded).isNull() ? true : null, Duration.ofSeconds(60));
        assertThat(jobInfo(unrecorded).get("id").asText()).isEqualTo(unrecordedJob);
        assertThat(console(unrecorded)).contains("found the head job again by its name pharos-" + unrecorded);

        assertThat(jobInfo(queued).get("status").asText()).isEqualTo("PENDING");
        run("scontrol", "release", queuedJob);
        runs.awaitEnded(queued);
        assertThat(runs.status(queued)).isEqualTo("SUCCEEDED");
        assertThat(runs.get("/api/workflow/" + queued + "/tasks?max=100", admin).get("tasks")).hasSize(6);

        // A forced cancel: the run ends at once, and its job (known only by name before) is gone from Slurm.
        Http.Response c = http.send("POST", "/api/workflow/" + unrecorded + "/cancel?force=true", admin, null);
        assertThat(c.status()).as(c.body()).isEqualTo(200);
        assertThat(runs.get("/api/workflow/" + unrecorded, admin).at("/workflow/complete").isNull()).isFalse();
        runs.awaitEnded(unrecorded);
        assertThat(runs.status(unrecorded)).isEqualTo("CANCELLED");
        await(() -> jobsOfThisTest().isEmpty() ? true : null, Duration.ofSeconds(15));
    }

    /** A TCP relay from a loopback port to the test sshd: closing it is the login node going away. */
    static final class Relay implements AutoCloseable {
        private final java.net.ServerSocket listener;
        private final List<java.net.Socket> open = new java.util.concurrent.CopyOnWriteArrayList<>();

        Relay(int port) throws IOException {
            listener = new java.net.ServerSocket();
            listener.setReuseAddress(true);
            listener.bind(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port));
            Thread t = new Thread(this::accept, "ssh-relay");
            t.setDaemon(true);
            t.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void accept() {
            while (!listener.isClosed()) {
                try {
                    java.net.Socket in = listener.accept();
                    java.net.Socket out = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), 2222);
                    open.add(in);
                    open.add(out);
                    pump(in, out);
                    pump(out, in);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        private static void pump(java.net.Socket from, java.net.Socket to) {
            Thread t = new Thread(() -> {
                try {
                    from.getInputStream().transferTo(to.getOutputStream());
                } catch (IOException e) {
                    // one side closed
                } finally {
                    try {
                        from.close();
                        to.close();
                    } catch (IOException ignored) {
                        // closing
                    }
                }
            }, "ssh-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (java.net.Socket s : open) {
                s.close();
            }
        }
    }

    /** A long run's head job, scancel'ed by hand while its task runs: the run ends, and its console says why. */
    void scancelOutside(String envId) throws Exception {
        String marker = LaunchedRuns.uniqueSleep();
        String id = runs.launch(admin, hello(envId, Double.parseDouble(marker), false));
        String job = awaitHeadJob(id, "RUNNING");
        await(() -> squeueNames().stream().anyMatch(n -> n.startsWith("nf-GREET")) ? true : null, Duration.ofSeconds(180));
        run("scancel", job);
        runs.awaitEnded(id);
        assertThat(runs.status(id)).isIn("FAILED", "CANCELLED");
        assertThat(console(id)).contains("Pharos: Slurm job " + job + " ended CANCELLED (scancel)");
        assertThat(jobInfo(id).get("status").asText()).isEqualTo("CANCELLED");
        // Hang guard only: Nextflow, stopped by Slurm's signal, cancels its task jobs.
        await(() -> jobsOfThisTest().isEmpty() ? true : null, Duration.ofSeconds(30));
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
