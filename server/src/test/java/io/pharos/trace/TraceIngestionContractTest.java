package io.pharos.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import io.pharos.workflow.TaskStatus;
import io.pharos.workflow.WorkflowEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real Nextflow traffic replayed against a running Pharos: what the read API then says must be
 * exactly what Nextflow reported. Runs once on H2 and once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TraceIngestionContractTest {
    Path dataDir;
    TestServer server;
    Http http;
    String auth;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws java.io.IOException {
        dataDir = java.nio.file.Files.createTempDirectory("pharos-trace-test");
        server = TestServer.onNewDatabase(kind(), dataDir);
        http = server.http();
        auth = Http.bearer(server.newUserToken("alice", false));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    static List<String> nextflowFolders() {
        return Fixtures.nextflowTowerFolders();
    }

    @ParameterizedTest
    @MethodSource("nextflowFolders")
    void replayed_nextflow_run_is_stored_exactly_as_reported(String folder) {
        List<Call> calls = Fixtures.nextflowTower(folder);
        String id = new Replayer(http, auth).replay(calls);
        assertRunMatches(id, calls);
    }

    @Test
    void replayed_2020_tower_test_run_with_a_progress_block_is_stored() {
        List<Call> calls = Fixtures.towerCe("workflow_success");
        String id = new Replayer(http, auth).replay(calls);
        JsonNode wf = get("/api/workflow/" + id).get("workflow");
        assertThat(wf.get("status").asText()).isEqualTo("SUCCEEDED");
        assertTasksMatch(id, calls);
        // The only progress block of this capture: its per-process counters are what we show.
        JsonNode procs = get("/api/workflow/" + id + "/progress").at("/progress/processesProgress");
        JsonNode bar = find(procs, "bar");
        assertThat(bar.get("pending").asLong()).isEqualTo(1);
        assertThat(bar.get("submitted").asLong()).isEqualTo(2);
        assertThat(bar.get("running").asLong()).isEqualTo(3);
        assertThat(bar.get("succeeded").asLong()).isEqualTo(4);
        assertThat(bar.get("failed").asLong()).isEqualTo(5);
        assertThat(bar.get("cached").asLong()).isEqualTo(10);
    }

    @Test
    void create_and_begin_answer_what_nextflow_reads() {
        List<Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        Replayer r = new Replayer(http, auth);
        Http.Response created = r.send(calls.get(0), null);
        assertThat(created.status()).isEqualTo(200);
        String id = created.json().get("workflowId").asText();
        assertThat(id).matches("[0-9A-Za-z]{1,16}");
        assertThat(created.json().has("message")).isTrue();
        Http.Response begun = r.send(calls.get(1), id);
        assertThat(begun.status()).isEqualTo(200);
        assertThat(begun.json().get("workflowId").asText()).isEqualTo(id);
        assertThat(begun.json().get("watchUrl").asText()).isEqualTo(server.app().url() + "/watch/" + id);
        assertThat(begun.json().get("status").asText()).isNotBlank();
        assertThat(get("/api/workflow/" + id).at("/workflow/status").asText()).isEqualTo("RUNNING");
    }

    @Test
    void every_progress_body_sent_twice_gives_the_same_run() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-fail-ws");
        List<Call> doubled = new ArrayList<>();
        for (Call c : calls) {
            doubled.add(c);
            if (c.path().contains("/progress")) {
                doubled.add(c);
            }
        }
        String once = new Replayer(http, auth).replay(calls);
        String twice = new Replayer(http, auth).replay(doubled);
        assertThat(stable(twice)).isEqualTo(stable(once));
        assertRunMatches(twice, calls);
    }

    @Test
    void task_updates_arriving_shuffled_give_the_same_run() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        List<JsonNode> updates = new ArrayList<>();
        List<Call> progress = new ArrayList<>();
        for (Call c : calls) {
            if (c.path().contains("/progress")) {
                c.body().get("tasks").forEach(updates::add);
                progress.add(c);
            }
        }
        Collections.shuffle(updates, new Random(42));
        // Same number of progress calls, same counters, task updates dealt out in random order.
        List<Call> shuffled = new ArrayList<>();
        Iterator<JsonNode> it = updates.iterator();
        int perBody = (updates.size() + progress.size() - 1) / progress.size();
        for (Call c : calls) {
            if (!c.path().contains("/progress")) {
                shuffled.add(c);
                continue;
            }
            ObjectNode body = c.body().deepCopy();
            ArrayNode tasks = body.putArray("tasks");
            for (int i = 0; i < perBody && it.hasNext(); i++) {
                tasks.add(it.next());
            }
            shuffled.add(new Call(c.method(), c.path(), body));
        }
        String ordered = new Replayer(http, auth).replay(calls);
        String random = new Replayer(http, auth).replay(shuffled);
        assertThat(stable(random)).isEqualTo(stable(ordered));
    }

    @Test
    void twenty_runs_replayed_at_once_keep_every_task_in_its_own_run() throws Exception {
        List<String> folders = nextflowFolders();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Map.Entry<String, List<Call>>>> runs = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                List<Call> calls = Fixtures.nextflowTower(folders.get(i % folders.size()));
                runs.add(pool.submit(() -> Map.entry(new Replayer(http, auth).replay(calls), calls)));
            }
            Set<String> ids = new HashSet<>();
            for (Future<Map.Entry<String, List<Call>>> f : runs) {
                Map.Entry<String, List<Call>> run = f.get();
                ids.add(run.getKey());
                assertRunMatches(run.getKey(), run.getValue());
            }
            assertThat(ids).hasSize(20);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void a_run_completed_without_metrics_gets_them_computed_like_nextflow_does() {
        for (String folder : List.of("nf25.04.0-ok", "nf25.04.0-fail-ws", "nf24.10.0-ok")) {
            List<Call> calls = new ArrayList<>(Fixtures.nextflowTower(folder));
            Call complete = calls.remove(calls.size() - 1);
            ObjectNode body = complete.body().deepCopy();
            JsonNode sent = body.remove("metrics");
            calls.add(new Call(complete.method(), complete.path(), body));
            String id = new Replayer(http, auth).replay(calls);
            JsonNode computed = get("/api/workflow/" + id + "/metrics").get("metrics");
            assertThat(computed).as(folder).hasSize(sent.size());
            Map<String, JsonNode> byName = new java.util.HashMap<>();
            Fixtures.finalTasks(calls).values().forEach(t -> byName.put(t.get("name").asText(), t));
            for (JsonNode expected : sent) {
                JsonNode actual = find(computed, expected.get("process").asText());
                for (String series : List.of("cpu", "mem", "vmem", "time", "reads", "writes", "cpuUsage",
                        "memUsage", "timeUsage")) {
                    String what = folder + " " + expected.get("process").asText() + "." + series;
                    assertSameValues(what, actual.get(series), expected.get(series));
                    if (expected.get(series) != null && !expected.get(series).isNull()) {
                        // A label names a task with the labelled value; among tied tasks any one will do.
                        for (String k : List.of("minLabel", "maxLabel", "q1Label", "q2Label", "q3Label")) {
                            assertThat(seriesValue(byName.get(actual.get(series).get(k).asText()), series))
                                    .as(what + "." + k)
                                    .isEqualTo(seriesValue(byName.get(expected.get(series).get(k).asText()), series));
                        }
                    }
                }
            }
        }
    }

    @Test
    void metrics_of_a_live_run_read_between_bodies_follow_every_body() {
        List<Call> calls = new ArrayList<>(Fixtures.nextflowTower("nf25.04.0-ok"));
        Call complete = calls.remove(calls.size() - 1);
        ObjectNode ending = complete.body().deepCopy();
        ending.remove("metrics");
        Replayer replayer = new Replayer(http, auth);
        String id = null;
        int bodies = 0;
        for (int i = 0; i < calls.size(); i++) {
            Http.Response r = replayer.send(calls.get(i), id);
            assertThat(r.status()).isEqualTo(200);
            if (id == null) {
                id = r.json().get("workflowId").asText();
                continue;
            }
            JsonNode live = get("/api/workflow/" + id + "/metrics");
            assertThat(get("/api/workflow/" + id + "/metrics")).as("read twice").isEqualTo(live);
            if (calls.get(i).path().contains("/progress")) {
                bodies++;
                // The same calls to a new run whose metrics were never read: computed from its tasks now.
                String reference = replayer.replay(calls.subList(0, i + 1));
                assertThat(live).as("after progress body " + bodies)
                        .isEqualTo(get("/api/workflow/" + reference + "/metrics"));
            }
        }
        assertThat(bodies).isGreaterThan(1);
        JsonNode lastLive = get("/api/workflow/" + id + "/metrics");
        assertThat(replayer.send(new Call(complete.method(), complete.path(), ending), id).status()).isEqualTo(200);
        // Stored rows are numbered by the database; everything else is the same.
        assertThat(withoutIds(get("/api/workflow/" + id + "/metrics"))).as("stored on complete")
                .isEqualTo(withoutIds(lastLive));
    }

    private static JsonNode withoutIds(JsonNode metrics) {
        JsonNode copy = metrics.deepCopy();
        copy.get("metrics").forEach(m -> ((ObjectNode) m).remove("id"));
        return copy;
    }

    @Test
    void resumed_runs_and_reused_run_names_are_distinct_runs() {
        List<Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        String first = new Replayer(http, auth).replay(calls);
        String resumed = new Replayer(http, auth).replay(calls); // same sessionId and runName again
        assertThat(resumed).isNotEqualTo(first);
        assertThat(get("/api/workflow/" + first + "/tasks?max=100").get("total").asLong())
                .isEqualTo(get("/api/workflow/" + resumed + "/tasks?max=100").get("total").asLong())
                .isEqualTo(Fixtures.finalTasks(calls).size());
    }

    @Test
    void a_late_running_update_never_moves_an_ended_task_back() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        String id = new Replayer(http, auth).replay(calls.subList(0, calls.size() - 1));
        JsonNode before = stable(id);
        // Re-send the first progress body (tasks SUBMITTED/RUNNING) after they completed.
        Call early = calls.stream().filter(c -> c.path().contains("/progress")).findFirst().orElseThrow();
        ObjectNode body = early.body().deepCopy();
        body.remove("progress");
        Http.Response r = new Replayer(http, auth).send(new Call("PUT", early.path(), body), id);
        assertThat(r.status()).isEqualTo(200);
        assertThat(stable(id).get("tasks")).isEqualTo(before.get("tasks"));
        assertThat(stable(id).get("progress")).isEqualTo(before.get("progress"));
    }

    @Test
    void long_scripts_env_and_workdirs_are_stored_whole() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        String id = new Replayer(http, auth).replay(calls.subList(0, 2));
        String script = "echo x\n".repeat(12_000);
        String env = "A=" + "y".repeat(30_000);
        String workdir = "/scratch/" + "d/".repeat(3_000);
        ObjectNode body = Http.JSON.createObjectNode();
        ObjectNode t = body.putArray("tasks").addObject();
        t.put("taskId", 99).put("status", "RUNNING").put("name", "BIG (1)").put("process", "BIG")
                .put("script", script).put("env", env).put("workdir", workdir);
        assertThat(http.send("PUT", "/api/trace/" + id + "/progress", auth, body.toString()).status()).isEqualTo(200);
        JsonNode task = get("/api/workflow/" + id + "/tasks/99").get("task");
        assertThat(task.get("script").asText()).isEqualTo(script);
        assertThat(task.get("env").asText()).isEqualTo(env);
        assertThat(task.get("workdir").asText()).isEqualTo(workdir);
    }

    @Test
    void every_stored_change_is_published_to_the_runs_owner() throws Exception {
        List<WorkflowEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable sub = server.app().events().subscribe(seen::add)) {
            String id = new Replayer(http, auth).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
            long owner = server.app().auth().findUser("alice").orElseThrow().id();
            List<WorkflowEvent> mine = seen.stream().filter(e -> e.workflowId().equals(id)).toList();
            assertThat(mine).allMatch(e -> e.ownerId() == owner);
            assertThat(mine.get(0).type()).isEqualTo(WorkflowEvent.CREATED);
            assertThat(mine).anyMatch(e -> e.type().equals(WorkflowEvent.TASKS));
            assertThat(mine.get(mine.size() - 1).type()).isEqualTo(WorkflowEvent.ENDED);
            assertThat(mine.get(mine.size() - 1).status()).isEqualTo("SUCCEEDED");
            assertThat(mine).hasSize(Fixtures.nextflowTower("nf24.10.0-ok").size());
        }
    }

    // ---- assertions shared by the replays ----

    void assertRunMatches(String id, List<Call> calls) {
        JsonNode complete = Fixtures.last(calls, "complete");
        JsonNode describe = get("/api/workflow/" + id);
        JsonNode wf = describe.get("workflow");
        JsonNode sentWf = complete.get("workflow");
        boolean success = sentWf.get("success").asBoolean();
        assertThat(wf.get("status").asText()).isEqualTo(success ? "SUCCEEDED" : "FAILED");
        assertThat(wf.get("exitStatus").asInt()).isEqualTo(sentWf.get("exitStatus").asInt());
        assertThat(wf.get("errorMessage").isNull() ? null : wf.get("errorMessage").asText())
                .isEqualTo(sentWf.get("errorMessage").isNull() ? null : sentWf.get("errorMessage").asText());
        assertThat(wf.get("runName").asText()).isEqualTo(sentWf.get("runName").asText());
        assertThat(wf.get("sessionId").asText()).isEqualTo(sentWf.get("sessionId").asText());
        assertThat(wf.get("success").asBoolean()).isEqualTo(success);
        assertThat(wf.get("duration").asLong()).isEqualTo(sentWf.get("duration").asLong());
        assertThat(wf.at("/nextflow/version").asText()).isEqualTo(sentWf.at("/nextflow/version").asText());
        assertThat(wf.get("params")).isEqualTo(sentWf.get("params"));
        assertTasksMatch(id, calls);

        // Per-process counters: exactly the final progress body's.
        JsonNode sentProgress = complete.get("progress");
        JsonNode progress = describe.get("progress");
        JsonNode procs = progress.get("processesProgress");
        List<String> order = new ArrayList<>();
        procs.forEach(p -> order.add(p.get("process").asText()));
        List<String> expectedOrder = new ArrayList<>();
        Fixtures.last(calls, "begin").get("processNames").forEach(n -> expectedOrder.add(n.asText()));
        assertThat(order).isEqualTo(expectedOrder);
        for (JsonNode sp : sentProgress.get("processes")) {
            JsonNode p = find(procs, sp.get("name").asText());
            for (String k : List.of("pending", "submitted", "running", "succeeded", "cached", "failed")) {
                assertThat(p.get(k).asLong()).as(sp.get("name").asText() + "." + k).isEqualTo(sp.get(k).asLong());
            }
            assertThat(p.get("peakTasks").asLong()).isEqualTo(sp.get("peakRunning").asLong());
        }
        JsonNode wp = progress.get("workflowProgress");
        for (String k : List.of("pending", "submitted", "running", "succeeded", "cached", "failed")) {
            assertThat(wp.get(k).asLong()).as("workflow." + k).isEqualTo(sentProgress.get(k).asLong());
        }
        assertThat(wp.get("peakTasks").asLong()).isEqualTo(sentProgress.get("peakRunning").asLong());

        // Totals: from the tasks that ran in this run and ended.
        long cpus = 0;
        long cpuTime = 0;
        long readBytes = 0;
        long writeBytes = 0;
        long memoryRss = 0;
        Set<String> executors = new HashSet<>();
        for (JsonNode t : Fixtures.finalTasks(calls).values()) {
            if (!TaskStatus.valueOf(t.get("status").asText()).countsInTotals()) {
                continue;
            }
            cpus += t.path("cpus").asLong();
            cpuTime += t.path("cpus").asLong() * t.path("realtime").asLong();
            readBytes += t.path("rchar").asLong();
            writeBytes += t.path("wchar").asLong();
            memoryRss += t.path("peakRss").asLong();
            if (t.hasNonNull("executor")) {
                executors.add(t.get("executor").asText());
            }
        }
        assertThat(wp.get("cpus").asLong()).isEqualTo(cpus);
        assertThat(wp.get("cpuTime").asLong()).isEqualTo(cpuTime);
        assertThat(wp.get("readBytes").asLong()).isEqualTo(readBytes);
        assertThat(wp.get("writeBytes").asLong()).isEqualTo(writeBytes);
        assertThat(wp.get("memoryRss").asLong()).isEqualTo(memoryRss);
        Set<String> shown = new HashSet<>();
        wp.get("executors").forEach(e -> shown.add(e.asText()));
        assertThat(shown).isEqualTo(executors);
        long sumOfProcesses = 0;
        for (JsonNode p : procs) {
            sumOfProcesses += p.get("cpuTime").asLong();
        }
        assertThat(sumOfProcesses).isEqualTo(cpuTime);

        // Metrics: as sent on complete, one entry per process.
        JsonNode metrics = get("/api/workflow/" + id + "/metrics").get("metrics");
        JsonNode sentMetrics = complete.get("metrics");
        assertThat(metrics).hasSize(sentMetrics.size());
        for (JsonNode sm : sentMetrics) {
            JsonNode m = find(metrics, sm.get("process").asText());
            for (String series : List.of("cpu", "mem", "vmem", "time", "reads", "writes", "cpuUsage", "memUsage",
                    "timeUsage")) {
                assertSameSummary(sm.get("process").asText() + "." + series, m.get(series), sm.get(series));
            }
        }
    }

    void assertTasksMatch(String id, List<Call> calls) {
        Map<Long, JsonNode> expected = Fixtures.finalTasks(calls);
        JsonNode page = get("/api/workflow/" + id + "/tasks?max=10000");
        assertThat(page.get("total").asLong()).isEqualTo(expected.size());
        assertThat(page.get("tasks")).hasSize(expected.size());
        for (JsonNode item : page.get("tasks")) {
            JsonNode t = item.get("task");
            JsonNode e = expected.get(t.get("taskId").asLong());
            assertThat(e).as("task " + t.get("taskId")).isNotNull();
            assertThat(t.get("status").asText()).as("status of task " + t.get("taskId")).isEqualTo(e.get("status").asText());
            assertThat(t.get("hash").asText()).isEqualTo(e.get("hash").asText());
            assertThat(t.get("name").asText()).isEqualTo(e.get("name").asText());
            assertThat(t.get("process").asText()).isEqualTo(e.get("process").asText());
            assertThat(t.get("attempt").asInt()).isEqualTo(e.path("attempt").asInt());
            int exit = e.path("exit").asInt(Integer.MAX_VALUE);
            if (exit == Integer.MAX_VALUE) {
                assertThat(t.get("exit").isNull()).isTrue();
            } else {
                assertThat(t.get("exit").asText()).isEqualTo(String.valueOf(exit));
                assertThat(t.get("exitStatus").asInt()).isEqualTo(exit);
            }
            for (String k : List.of("realtime", "rchar", "wchar", "peakRss", "peakVmem", "volCtxt", "invCtxt")) {
                if (e.hasNonNull(k)) {
                    assertThat(t.get(k).asLong()).as(k + " of task " + t.get("taskId")).isEqualTo(e.get(k).asLong());
                }
            }
            if (e.hasNonNull("pcpu")) {
                assertThat(t.get("pcpu").asDouble()).isEqualTo(e.get("pcpu").asDouble());
            }
            if (e.hasNonNull("script")) {
                assertThat(t.get("script").asText()).isEqualTo(e.get("script").asText());
            }
        }
    }

    static void assertSameSummary(String what, JsonNode actual, JsonNode expected) {
        assertSameValues(what, actual, expected);
        if (expected == null || expected.isNull()) {
            return;
        }
        for (String k : List.of("minLabel", "maxLabel", "q1Label", "q2Label", "q3Label")) {
            assertThat(actual.get(k).asText()).as(what + "." + k).isEqualTo(expected.get(k).asText());
        }
    }

    static void assertSameValues(String what, JsonNode actual, JsonNode expected) {
        if (expected == null || expected.isNull()) {
            assertThat(actual == null || actual.isNull()).as(what + " should be null, was " + actual).isTrue();
            return;
        }
        assertThat(actual).as(what).isNotNull();
        assertThat(actual.isNull()).as(what + " should not be null").isFalse();
        for (String k : List.of("mean", "min", "q1", "q2", "q3", "max")) {
            assertThat(actual.get(k).asDouble()).as(what + "." + k).isCloseTo(expected.get(k).asDouble(), within(0.011));
        }
    }

    /** The value of one metrics series for one task, by Nextflow's definitions. */
    static Double seriesValue(JsonNode t, String series) {
        double pcpu = t.path("pcpu").asDouble();
        return switch (series) {
            case "cpu", "cpuUsage" -> pcpu / (series.equals("cpu") ? 1 : Math.max(1, t.path("cpus").asInt(1)));
            case "mem" -> t.path("peakRss").asDouble();
            case "vmem" -> t.path("peakVmem").asDouble();
            case "time" -> t.path("realtime").asDouble();
            case "reads" -> t.path("rchar").asDouble();
            case "writes" -> t.path("wchar").asDouble();
            case "memUsage" -> t.path("peakRss").asDouble() / t.path("memory").asDouble() * 100;
            default -> t.path("realtime").asDouble() / t.path("time").asDouble() * 100;
        };
    }

    /** A run as the API shows it, without the fields that differ between two replays by nature. */
    ObjectNode stable(String id) {
        ObjectNode out = Http.JSON.createObjectNode();
        ObjectNode progress = (ObjectNode) get("/api/workflow/" + id + "/progress").get("progress").deepCopy();
        strip(progress);
        out.set("progress", progress);
        ArrayNode tasks = (ArrayNode) get("/api/workflow/" + id + "/tasks?max=10000").get("tasks").deepCopy();
        strip(tasks);
        out.set("tasks", tasks);
        out.set("metrics", get("/api/workflow/" + id + "/metrics").get("metrics").deepCopy());
        strip(out.get("metrics"));
        ObjectNode wf = (ObjectNode) get("/api/workflow/" + id).get("workflow").deepCopy();
        strip(wf);
        wf.remove("id");
        out.set("workflow", wf);
        return out;
    }

    private static void strip(JsonNode n) {
        if (n instanceof ObjectNode o) {
            o.remove(List.of("dateCreated", "lastUpdated", "id", "submit"));
            o.forEach(TraceIngestionContractTest::strip);
        } else if (n instanceof ArrayNode a) {
            a.forEach(TraceIngestionContractTest::strip);
        }
    }

    static JsonNode find(JsonNode list, String name) {
        for (JsonNode n : list) {
            if (name.equals(n.path("process").asText(null)) || name.equals(n.path("name").asText(null))) {
                return n;
            }
        }
        throw new AssertionError("no entry for " + name + " in " + list);
    }

    JsonNode get(String path) {
        Http.Response r = http.get(path, auth);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }
}
