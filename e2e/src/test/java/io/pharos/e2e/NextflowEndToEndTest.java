package io.pharos.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.App;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real Nextflow runs of the demo pipeline (4 processes, 31 tasks) reported by nf-pharos to an
 * in-process Pharos; each test compares what Pharos stored, read back through its API, with
 * Nextflow's own trace file of the same run.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NextflowEndToEndTest {
    private static final Pattern WATCH = Pattern.compile("/watch/([A-Za-z0-9]+)");

    @TempDir
    static Path tmp;
    private TestServer pharos;
    private Http http;
    private String auth;

    @BeforeAll
    void start() {
        NextflowRun.launcher();
        NextflowRun.pluginsDir();
        pharos = TestServer.start(TestDb.create(TestDb.Kind.H2, tmp.resolve("pharos")).config());
        http = pharos.http();
        auth = Http.bearer(pharos.adminToken());
    }

    @AfterAll
    void stop() {
        if (pharos != null) {
            pharos.close();
        }
    }

    @Test
    @Order(1)
    void a_successful_run_with_a_retried_task_is_stored_as_nextflow_ran_it_and_sends_what_nextflows_client_sends()
            throws Exception {
        List<CapturingProxy.Request> sent;
        NextflowRun run;
        try (CapturingProxy proxy = new CapturingProxy(pharos.baseUrl())) {
            run = new NextflowRun(tmp.resolve("ok"), NextflowRun.reportTo(proxy.url() + "/api", pharos.adminToken()),
                    "--flaky", "3");
            assertThat(run.run()).as(run.console()).isZero();
            sent = proxy.requests();
        }
        String id = workflowId(run);
        Map<Long, NextflowRun.TraceRow> trace = run.trace();
        assertThat(trace).hasSize(32); // 31 tasks and the second attempt of CHECK (3)
        assertThat(trace.values()).filteredOn(t -> t.name().equals("CHECK (3)"))
                .extracting(NextflowRun.TraceRow::attempt, NextflowRun.TraceRow::status, NextflowRun.TraceRow::exit)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(1, "FAILED", 7),
                        org.assertj.core.groups.Tuple.tuple(2, "COMPLETED", 0));

        JsonNode wf = http.get("/api/workflow/" + id, auth).json().get("workflow");
        assertThat(wf.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(wf.get("exitStatus").asInt()).isZero();
        assertThat(wf.get("success").asBoolean()).isTrue();
        assertStoredExactly(id, trace, true);

        Conformance.assertSameFieldsAsNextflowsClient(sent, Fixtures.nextflowTowerDir("nf24.10.0-ok"));
    }

    @Test
    @Order(2)
    void a_failing_run_is_stored_failed_with_the_exit_status_nextflow_reports() throws Exception {
        NextflowRun run = new NextflowRun(tmp.resolve("resumable"), NextflowRun.reportTo(pharos.baseUrl() + "/api",
                pharos.adminToken()), "--fail_on", "7");
        int exit = run.run();
        assertThat(exit).as(run.console()).isNotZero();
        String id = workflowId(run);
        Map<Long, NextflowRun.TraceRow> trace = run.trace();
        NextflowRun.TraceRow failed = trace.values().stream().filter(t -> t.status().equals("FAILED")).findFirst()
                .orElseThrow(() -> new AssertionError("no FAILED task in Nextflow's trace"));
        assertThat(failed.name()).isEqualTo("UPPER (7)");
        assertThat(failed.exit()).isEqualTo(3);

        JsonNode wf = http.get("/api/workflow/" + id, auth).json().get("workflow");
        assertThat(wf.get("status").asText()).isEqualTo("FAILED");
        assertThat(wf.get("success").asBoolean()).isFalse();
        assertThat(wf.get("exitStatus").asInt()).isEqualTo(3);
        // Nextflow's own words: the task's standard error as the message, the task in the report
        assertThat(wf.get("errorMessage").asText()).contains("failing on purpose");
        assertThat(wf.get("errorReport").asText()).contains("UPPER (7)");
        assertStoredExactly(id, trace, false);
    }

    @Test
    @Order(3)
    void resuming_the_failed_run_reports_its_finished_tasks_as_cached() throws Exception {
        NextflowRun run = new NextflowRun(tmp.resolve("resumable"), NextflowRun.reportTo(pharos.baseUrl() + "/api",
                pharos.adminToken()), "-resume");
        assertThat(run.run()).as(run.console()).isZero();
        String id = workflowId(run);
        Map<Long, NextflowRun.TraceRow> trace = run.trace();
        long cached = trace.values().stream().filter(t -> t.status().equals("CACHED")).count();
        assertThat(cached).as("tasks Nextflow took from the cache").isGreaterThanOrEqualTo(10);

        JsonNode wf = http.get("/api/workflow/" + id, auth).json().get("workflow");
        assertThat(wf.get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(wf.get("resume").asBoolean()).isTrue();
        assertStoredExactly(id, trace, true);
    }

    @Test
    @Order(4)
    void pharos_stopped_in_the_middle_does_not_fail_the_pipeline_and_after_a_restart_sees_its_end() throws Exception {
        Path data = tmp.resolve("restart-data");
        io.pharos.Config config = TestDb.create(TestDb.Kind.H2, data).config();
        TestServer first = TestServer.start(config);
        int port = first.app().port();
        String token = first.adminToken();
        NextflowRun run = new NextflowRun(tmp.resolve("restart"), NextflowRun.reportTo(first.baseUrl() + "/api", token),
                "--nap", "1").start();
        String id;
        try {
            id = awaitTasks(first.app(), run, 3);
        } finally {
            first.close();
        }
        // down while tasks go on finishing, then back on the same port and data
        Thread.sleep(4000);
        try (TestServer second = TestServer.start(config.withPort(port))) {
            assertThat(run.await()).as(run.console()).isZero();
            assertThat(run.log()).contains("nf-pharos:").contains("not delivered");
            Http back = second.http();
            JsonNode wf = back.get("/api/workflow/" + id, Http.bearer(token)).json().get("workflow");
            assertThat(wf.get("status").asText()).isEqualTo("SUCCEEDED");
            NextflowEndToEndTest other = new NextflowEndToEndTest();
            other.http = back;
            other.auth = Http.bearer(token);
            other.assertStoredExactly(id, run.trace(), true);
        }
    }

    @Test
    @Order(5)
    void pharos_gone_for_good_in_the_middle_does_not_fail_the_pipeline() throws Exception {
        io.pharos.Config config = TestDb.create(TestDb.Kind.H2, tmp.resolve("gone-data")).config();
        TestServer server = TestServer.start(config);
        NextflowRun run = new NextflowRun(tmp.resolve("gone"), NextflowRun.reportTo(server.baseUrl() + "/api",
                server.adminToken()), "--n", "4", "--nap", "1").start();
        try {
            awaitTasks(server.app(), run, 1);
        } finally {
            server.close();
        }
        assertThat(run.await()).as(run.console()).isZero();
        assertThat(run.log()).contains("nf-pharos:");
        assertThat(run.trace().values()).allMatch(t -> t.status().equals("COMPLETED"));
    }

    @Test
    @Order(6)
    void quiet_stretches_send_heartbeats_and_a_5xx_progress_is_sent_again_with_back_off() throws Exception {
        List<CapturingProxy.Request> sent;
        NextflowRun run;
        // the first two progress calls get a 503; a 4 s task leaves quiet stretches for heartbeats
        try (CapturingProxy proxy = new CapturingProxy(pharos.baseUrl(), 2)) {
            String config = NextflowRun.reportTo(proxy.url() + "/api", pharos.adminToken())
                    + "pharos.aliveInterval = '1s'\npharos.backOffDelay = '300ms'\npharos.backOffBase = 2\n";
            run = new NextflowRun(tmp.resolve("heartbeat"), config, "--n", "1", "--nap", "4");
            assertThat(run.run()).as(run.console()).isZero();
            sent = proxy.requests();
        }
        List<CapturingProxy.Request> progress = sent.stream().filter(r -> r.call().equals("progress")).toList();
        assertThat(progress).extracting(CapturingProxy.Request::answered).startsWith(503, 503, 200);
        // the same tasks, sent again after waiting out the back-off: at least 300 ms, then 300 * 2 ms
        assertThat(progress.get(1).body().get("tasks")).isEqualTo(progress.get(0).body().get("tasks"));
        assertThat(progress.get(2).body().get("tasks")).isEqualTo(progress.get(0).body().get("tasks"));
        assertThat(progress.get(1).atMillis() - progress.get(0).atMillis()).isGreaterThanOrEqualTo(300);
        assertThat(progress.get(2).atMillis() - progress.get(1).atMillis()).isGreaterThanOrEqualTo(600);

        List<CapturingProxy.Request> beats = sent.stream().filter(r -> r.call().equals("heartbeat")).toList();
        assertThat(beats).as("heartbeats during the 4 s task").isNotEmpty();
        assertThat(beats).allSatisfy(b -> assertThat(b.answered()).isEqualTo(200));
        Conformance.assertHeartbeatsLikeNextflowsClient(sent, Fixtures.nextflowTowerDir("nf25.04.0-heartbeat"));
        // a heartbeat only after a quiet alive interval (1 s), not at every turn of the sender's
        // 100 ms loop; half the interval as the bound, since arrival times carry the calls' jitter
        for (int i = 1; i < beats.size(); i++) {
            assertThat(beats.get(i).atMillis() - beats.get(i - 1).atMillis()).isGreaterThanOrEqualTo(500);
        }
        assertStoredExactly(workflowId(run), run.trace(), true);
    }

    /** Waits until Pharos has at least {@code n} tasks of the run; returns the run's id. */
    private static String awaitTasks(App app, NextflowRun run, int n) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            List<String> ids = app.db().jdbi().withHandle(h -> h.createQuery(
                    "SELECT w.id FROM workflows w WHERE (SELECT COUNT(*) FROM tasks t WHERE t.workflow_id = w.id) >= :n")
                    .bind("n", n).mapTo(String.class).list());
            if (!ids.isEmpty()) {
                return ids.get(0);
            }
            Thread.sleep(200);
        }
        throw new AssertionError("Pharos never got " + n + " tasks:\n" + run.console());
    }

    private static String workflowId(NextflowRun run) {
        Matcher m = WATCH.matcher(run.log());
        assertThat(m.find()).as("the watch URL in .nextflow.log:\n" + run.console()).isTrue();
        return m.group(1);
    }

    /**
     * Every task of Nextflow's trace file is stored with its status, attempt and exit code; the
     * per-process counters match the trace; every process with finished tasks has metrics whose
     * time and memory statistics are those of the trace's values.
     */
    void assertStoredExactly(String id, Map<Long, NextflowRun.TraceRow> trace, boolean complete) {
        JsonNode tasksBody = http.get("/api/workflow/" + id + "/tasks?max=10000", auth).json();
        Map<Long, JsonNode> stored = new HashMap<>();
        tasksBody.get("tasks").forEach(t -> stored.put(t.get("task").get("taskId").asLong(), t.get("task")));
        for (NextflowRun.TraceRow row : trace.values()) {
            JsonNode t = stored.get(row.taskId());
            assertThat(t).as("task %d (%s) stored", row.taskId(), row.name()).isNotNull();
            assertThat(t.get("status").asText()).as("status of %s", row.name()).isEqualTo(row.status());
            assertThat(t.get("attempt").asInt()).as("attempt of %s", row.name()).isEqualTo(row.attempt());
            JsonNode exit = t.hasNonNull("exit") ? t.get("exit") : t.get("exitStatus");
            if (row.exit() != null) {
                assertThat(exit.asInt()).as("exit of %s", row.name()).isEqualTo(row.exit());
            }
            assertThat(t.get("name").asText()).isEqualTo(row.name());
            assertThat(t.get("process").asText()).isEqualTo(row.process());
        }
        if (complete) {
            assertThat(stored.keySet()).as("tasks stored").containsExactlyInAnyOrderElementsOf(trace.keySet());
        } else {
            // tasks never submitted before the run failed are known to Pharos only as NEW
            stored.forEach((taskId, t) -> {
                if (!trace.containsKey(taskId)) {
                    assertThat(t.get("status").asText()).as("task %d missing from the trace", taskId).isEqualTo("NEW");
                }
            });
        }

        Map<String, Map<String, Long>> expected = new LinkedHashMap<>();
        for (NextflowRun.TraceRow row : trace.values()) {
            Map<String, Long> c = expected.computeIfAbsent(row.process(), k -> new HashMap<>());
            c.merge(switch (row.status()) {
                case "COMPLETED" -> "succeeded";
                case "CACHED" -> "cached";
                case "FAILED" -> "failed";
                default -> "other";
            }, 1L, Long::sum);
        }
        JsonNode processes = http.get("/api/workflow/" + id + "/progress", auth).json().get("progress").get("processesProgress");
        Map<String, JsonNode> byName = new HashMap<>();
        processes.forEach(p -> byName.put(p.get("process").asText(), p));
        expected.forEach((process, counts) -> {
            JsonNode p = byName.get(process);
            assertThat(p).as("progress of %s", process).isNotNull();
            for (String k : List.of("succeeded", "cached", "failed")) {
                assertThat(p.get(k).asLong()).as("%s %s", process, k).isEqualTo(counts.getOrDefault(k, 0L));
            }
        });

        if (complete) {
            JsonNode metrics = http.get("/api/workflow/" + id + "/metrics", auth).json().get("metrics");
            Map<String, JsonNode> m = new HashMap<>();
            metrics.forEach(e -> m.put(e.get("process").asText(), e));
            assertThat(m.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
            for (String process : expected.keySet()) {
                List<NextflowRun.TraceRow> rows = trace.values().stream().filter(r -> r.process().equals(process)).toList();
                assertSeries(m.get(process).get("time"), rows, "realtime", process);
                assertSeries(m.get(process).get("mem"), rows, "peak_rss", process);
                assertSeries(m.get(process).get("reads"), rows, "rchar", process);
            }
        }
    }

    private static void assertSeries(JsonNode stat, Collection<NextflowRun.TraceRow> rows, String field, String process) {
        List<Double> values = new ArrayList<>(rows.stream().map(r -> r.number(field)).filter(Objects::nonNull).toList());
        if (values.isEmpty() || values.stream().allMatch(v -> v == 0)) {
            assertThat(stat == null || stat.isNull()).as("%s %s has no values", process, field).isTrue();
            return;
        }
        values.sort(Double::compare);
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        assertThat(stat).as("%s metrics of %s", field, process).isNotNull();
        assertThat(stat.get("min").asDouble()).as("%s min of %s", field, process).isCloseTo(values.get(0), within(0.01));
        assertThat(stat.get("max").asDouble()).as("%s max of %s", field, process)
                .isCloseTo(values.get(values.size() - 1), within(0.01));
        assertThat(stat.get("mean").asDouble()).as("%s mean of %s", field, process).isCloseTo(mean, within(0.01));
        double j = (values.size() - 1) * 0.5;
        double q2 = values.get((int) j) + (j - Math.floor(j)) * (values.get((int) Math.ceil(j)) - values.get((int) j));
        assertThat(stat.get("q2").asDouble()).as("%s median of %s", field, process).isCloseTo(q2, within(0.01));
    }
}
