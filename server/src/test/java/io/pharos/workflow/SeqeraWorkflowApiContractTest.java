package io.pharos.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Await;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.Replayer;
import io.pharos.support.SeqeraSchemas;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The workflow read API in the Seqera Platform's shapes (a request with workspaceId, attributes
 * or includeTotalSize), over replayed real runs of Nextflow 24.10 and 25.04: everything Nextflow
 * sent comes back where the spec has a place for it, the counters (aborted, ignored, retries,
 * totalProcesses) per run and per process, the attributes, includeTotalSize, runs without a name,
 * and every answer checked against the published spec. Once on H2, once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeqeraWorkflowApiContractTest {
    /**
     * The fields Pharos answers that the spec does not name (docs/api.md, "Seqera Platform
     * compatibility"): the seed's own keys, and what Nextflow sends that the spec has no place for.
     */
    static final String[] NOT_IN_SPEC = {
            "workflow.peakLoadCpus", "workflow.peakLoadTasks", "workflow.peakLoadMemory",
            "workflow.outputDir", "workflow.preview", "workflow.stubRun", "workflow.failOnIgnore",
            "workflow.manifest.contributors", "workflow.manifest.docsUrl", "workflow.manifest.doi",
            "workflow.manifest.license", "workflow.manifest.organization",
            "workflow.stats.pendingCount", "workflow.stats.submittedCount", "workflow.stats.runningCount",
            "workflow.stats.retriesCount", "workflow.stats.abortedCount", "workflow.stats.peakRunning",
            "task.cpuModel"};

    TestServer server;
    Http http;
    String admin;
    String alice;
    String bob;
    long aliceId;
    /** Captured runs replayed as they are. */
    String plain24;
    String plain25;
    String failed;
    /** The same captures with a value for every field Nextflow may leave empty. */
    String full24;
    String full25;
    List<Call> full24Calls;
    List<Call> full25Calls;

    abstract TestDb.Kind kind();

    Path dataDir;

    @BeforeAll
    void start() throws IOException {
        dataDir = Files.createTempDirectory("pharos-seqera-api");
        server = TestServer.onNewDatabase(kind(), dataDir, c -> c.withNextflow(Nextflow.command()));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        alice = Http.bearer(server.newUserToken("alice", false));
        bob = Http.bearer(server.newUserToken("bob", false));
        aliceId = http.get("/api/user-info", alice).json().at("/user/id").asLong();
        Replayer replayer = new Replayer(http, alice);
        plain24 = replayer.replay(Fixtures.nextflowTower("nf24.10.0-ok"));
        plain25 = replayer.replay(Fixtures.nextflowTower("nf25.04.0-ok"));
        failed = replayer.replay(Fixtures.nextflowTower("nf25.04.0-fail-ws"));
        full24Calls = withEveryField(Fixtures.nextflowTower("nf24.10.0-ok"), "24");
        full25Calls = withEveryField(Fixtures.nextflowTower("nf25.04.0-ok"), "25");
        full24 = replayer.replay(full24Calls);
        full25 = replayer.replay(full25Calls);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        Nextflow.killProcessesUnder(dataDir); // never leave a head job or a task behind
    }

    // ---- everything Nextflow sends ----

    @Test
    void every_workflow_field_nextflow_sends_is_returned_as_sent_in_describe_and_list() {
        Map<String, List<Call>> runs = Map.of(plain24, Fixtures.nextflowTower("nf24.10.0-ok"),
                plain25, Fixtures.nextflowTower("nf25.04.0-ok"), full24, full24Calls, full25, full25Calls);
        runs.forEach((id, calls) -> {
            JsonNode sent = Fixtures.last(calls, "complete").get("workflow");
            JsonNode described = get("/api/workflow/" + id + "?workspaceId=").get("workflow");
            JsonNode listed = listItem(id, "").get("workflow");
            for (String k : List.of("logFile", "outFile", "operationId", "fusion", "wave")) {
                assertThat(described.get(k)).as(id + " " + k).isEqualTo(sent.get(k));
                assertThat(listed.has(k)).as("a list's run (WorkflowDbDto) has no " + k).isFalse();
            }
            for (JsonNode w : List.of(described, listed)) {
                for (String k : List.of("outputDir", "preview", "stubRun", "failOnIgnore")) {
                    assertThat(w.get(k)).as(id + " " + k).isEqualTo(sent.get(k));
                }
                for (String k : List.of("contributors", "docsUrl", "doi", "icon", "license", "organization",
                        "author", "mainScript")) {
                    assertThat(w.get("manifest").get(k)).as(id + " manifest." + k).isEqualTo(sent.get("manifest").get(k));
                }
                for (String k : List.of("abortedCount", "retriesCount", "pendingCount", "submittedCount",
                        "runningCount", "peakRunning", "succeedCount", "failedCount")) {
                    assertThat(w.get("stats").get(k)).as(id + " stats." + k).isEqualTo(sent.get("stats").get(k));
                }
                assertThat(w.get("runName").asText()).isEqualTo(sent.get("runName").asText());
            }
        });
        // the values a run sent where Nextflow left them empty (captured values: null, false)
        JsonNode full = get("/api/workflow/" + full25 + "?workspaceId=").get("workflow");
        assertThat(full.get("logFile").asText()).isEqualTo("/data/25/nextflow.log");
        assertThat(full.at("/fusion/enabled").asBoolean()).isTrue();
        assertThat(full.at("/manifest/contributors/0/name").asText()).isEqualTo("Ada 25");
        assertThat(full.get("stubRun").asBoolean()).isTrue();
        JsonNode plain = get("/api/workflow/" + plain24 + "?workspaceId=").get("workflow");
        assertThat(plain.get("outputDir").asText()).isEqualTo("/home/user/pipelines/work24/results");
        assertThat(plain.get("preview").asBoolean()).isFalse();
        assertThat(plain.get("logFile").isNull()).isTrue();
    }

    @Test
    void the_seeds_shape_stays_the_seeds() {
        JsonNode seed = get("/api/workflow/" + full24).get("workflow");
        assertThat(seed.has("outputDir")).isFalse();
        assertThat(seed.get("manifest").has("doi")).isFalse();
        assertThat(seed.get("stats").has("abortedCount")).isFalse();
        assertThat(get("/api/workflow/" + failed + "/progress").at("/progress/workflowProgress").has("aborted")).isFalse();
        assertThat(get("/api/workflow/" + full24 + "/tasks/1").at("/task/exit").isTextual()).isTrue();
        assertThat(get("/api/workflow/" + full24 + "/tasks/1").get("task").has("cpuModel")).isFalse();
        assertThat(get("/api/workflows").has("totalSize")).isTrue();
    }

    @Test
    void tasks_carry_cpu_model_and_exit_as_a_number() {
        Map<Long, JsonNode> sent = Fixtures.finalTasks(full25Calls);
        JsonNode page = get("/api/workflow/" + full25 + "/tasks?workspaceId=&max=100");
        assertThat(page.get("total").asLong()).isEqualTo(sent.size());
        for (JsonNode item : page.get("tasks")) {
            JsonNode t = item.get("task");
            JsonNode s = sent.get(t.get("taskId").asLong());
            assertThat(t.get("cpuModel")).as("task " + t.get("taskId")).isEqualTo(s.get("cpuModel"));
            assertThat(t.get("exit").asInt()).isEqualTo(s.get("exit").asInt());
            assertThat(t.get("exit").isInt()).isTrue();
            assertThat(get("/api/workflow/" + full25 + "/task/" + t.get("taskId").asLong() + "?workspaceId=").get("task"))
                    .isEqualTo(t);
        }
        assertThat(page.findValuesAsText("cpuModel")).contains("AMD EPYC");
    }

    // ---- counters ----

    @Test
    void counters_of_a_failed_run_are_nextflows_last_with_its_aborted_task_counted() {
        JsonNode sent = Fixtures.last(Fixtures.nextflowTower("nf25.04.0-fail-ws"), "complete").get("progress");
        JsonNode progress = get("/api/workflow/" + failed + "/progress?workspaceId=").get("progress");
        assertCounters(progress.get("workflowProgress"), sent);
        assertThat(progress.get("totalProcesses").asInt()).isEqualTo(sent.get("processes").size());
        JsonNode processes = progress.get("processesProgress");
        assertThat(processes).hasSize(sent.get("processes").size());
        for (int i = 0; i < processes.size(); i++) {
            assertThat(processes.get(i).get("process").asText()).isEqualTo(sent.at("/processes/" + i + "/name").asText());
            assertCounters(processes.get(i), sent.get("processes").get(i));
        }
        // The killed task is in a count: the run's and its process's aborted.
        JsonNode aborted = get("/api/workflow/" + failed + "/tasks?workspaceId=&search=status:ABORTED");
        assertThat(aborted.get("total").asLong()).isPositive()
                .isEqualTo(progress.at("/workflowProgress/aborted").asLong());
        String process = aborted.at("/tasks/0/task/process").asText();
        for (JsonNode p : processes) {
            if (p.get("process").asText().equals(process)) {
                assertThat(p.get("aborted").asLong()).isEqualTo(aborted.get("total").asLong());
            }
        }
        assertThat(get("/api/workflow/" + failed + "?workspaceId=").get("progress")).isEqualTo(progress);
        JsonNode listed = listItem(failed, "").get("progress");
        assertThat(listed.get("workflowProgress")).isEqualTo(progress.get("workflowProgress"));
        assertThat(listed.get("totalProcesses")).isEqualTo(progress.get("totalProcesses"));
        assertThat(listed.get("processesProgress")).isEmpty();
    }

    @Test
    void ignored_retries_and_aborted_are_kept_per_run_and_process_idempotent_and_never_from_an_older_body() {
        List<Call> calls = Fixtures.nextflowTower("nf24.10.0-ok");
        Replayer replayer = new Replayer(http, alice);
        String run = replayer.replay(calls.subList(0, 2));
        Call captured = calls.stream().filter(c -> c.is("progress") && c.body().path("tasks").size() > 0)
                .findFirst().orElseThrow();
        long instant = captured.body().get("instant").asLong();
        ObjectNode newer = counters(captured.body(), instant + 1000, 7);
        ObjectNode older = counters(captured.body(), instant, 3);
        String path = "/api/trace/" + run + "/progress";
        for (int i = 0; i < 2; i++) { // a retried body changes nothing
            assertThat(http.send("PUT", path, alice, newer.toString()).status()).isEqualTo(200);
            JsonNode p = get("/api/workflow/" + run + "/progress?workspaceId=").get("progress");
            assertCounters(p.get("workflowProgress"), newer.get("progress"));
            for (int j = 0; j < p.get("processesProgress").size(); j++) {
                assertCounters(p.get("processesProgress").get(j), newer.at("/progress/processes/" + j));
            }
        }
        assertThat(http.send("PUT", path, alice, older.toString()).status()).isEqualTo(200);
        JsonNode p = get("/api/workflow/" + run + "/progress?workspaceId=").get("progress");
        assertCounters(p.get("workflowProgress"), newer.get("progress"));
        assertThat(p.at("/workflowProgress/ignored").asLong()).isEqualTo(7 + 1);
        assertThat(p.at("/processesProgress/0/retries").asLong()).isEqualTo(7 + 2);
    }

    // ---- attributes, includeTotalSize, where a run is ----

    @Test
    void attributes_add_labels_optimized_and_messages_and_minimal_trims_the_workflow() {
        String q = "/api/workflow/" + full24 + "?attributes=labels,optimized,messages,minimal,pipelineInfo";
        JsonNode d = get(q);
        assertThat(d.get("labels")).isEmpty();
        assertThat(d.get("optimized").asBoolean()).isFalse();
        assertThat(d.get("messages")).isEmpty();
        assertThat(d.has("pipelineInfo")).isTrue();
        assertThat(names(d.get("workflow"))).isEqualTo(SeqeraViews.MINIMAL_KEYS);
        assertThat(d.at("/workflow/runName").asText()).isNotBlank();
        // each attribute on its own; repeated parameters add up
        JsonNode none = get("/api/workflow/" + full24 + "?attributes=");
        for (String k : List.of("labels", "optimized", "messages", "pipelineInfo")) {
            assertThat(none.get(k).isNull()).as(k).isTrue();
        }
        assertThat(none.has("starred")).as("starred is a list's").isFalse();
        assertThat(none.get("workflow").has("configText")).isTrue();
        JsonNode two = get("/api/workflow/" + full24 + "?attributes=labels&attributes=optimized");
        assertThat(two.get("labels").isArray()).isTrue();
        assertThat(two.get("optimized").isBoolean()).isTrue();
        assertThat(two.get("messages").isNull()).isTrue();
        JsonNode list = get("/api/workflows?attributes=minimal,labels&search=sessionId:"
                + d.at("/workflow/sessionId").asText());
        assertThat(list.get("workflows")).isNotEmpty();
        for (JsonNode item : list.get("workflows")) {
            assertThat(names(item.get("workflow"))).isEqualTo(SeqeraViews.MINIMAL_KEYS);
            assertThat(item.get("labels").isArray()).isTrue();
            assertThat(item.get("starred").asBoolean()).isFalse();
            assertThat(item.has("messages")).isFalse();
        }
    }

    @Test
    void bad_attributes_and_include_total_size_are_400_and_name_the_values() {
        for (String q : List.of("/api/workflow/" + full24 + "?attributes=bogus",
                "/api/workflow/" + full24 + "?attributes=labels,nope", "/api/workflows?attributes=everything",
                "/api/workflows?includeTotalSize=maybe", "/api/workflow/" + full24 + "/progress?attributes=bogus")) {
            Http.Response r = http.get(q, alice);
            assertThat(r.status()).as(q).isEqualTo(400);
            assertThat(r.json().get("message").asText()).as(q).containsAnyOf("attributes", "includeTotalSize");
            assertMatchesSpec(q, r);
        }
    }

    @Test
    void include_total_size_makes_the_list_carry_its_total() {
        long total = get("/api/workflows?max=1000").get("totalSize").asLong();
        JsonNode with = get("/api/workflows?includeTotalSize=true&max=1");
        assertThat(with.get("totalSize").asLong()).isEqualTo(total);
        assertThat(with.get("hasMore").asBoolean()).isEqualTo(total > 1);
        assertThat(get("/api/workflows?includeTotalSize=false").has("totalSize")).isFalse();
        assertThat(get("/api/workflow?workspaceId=" + aliceId).has("totalSize")).isFalse();
        assertThat(get("/api/workflow?workspaceId=" + aliceId).get("hasMore").isBoolean()).isTrue();
    }

    @Test
    void each_run_says_whose_workspace_it_is_in_and_a_command_line_run_has_no_platform_or_job() {
        JsonNode d = get("/api/workflow/" + full24 + "?workspaceId=" + aliceId);
        assertThat(d.get("workspaceId").asLong()).isEqualTo(aliceId);
        assertThat(d.get("workspaceName").asText()).isEqualTo("alice");
        assertThat(d.get("orgId").isNull()).isTrue();
        assertThat(d.get("orgName").isNull()).isTrue();
        assertThat(d.get("platform").isNull()).isTrue();
        assertThat(d.get("jobInfo").isNull()).isTrue();
        // an admin reading alice's run sees it in alice's workspace
        JsonNode asAdmin = http.get("/api/workflow/" + full24 + "?workspaceId=", admin).json();
        assertThat(asAdmin.get("workspaceId").asLong()).isEqualTo(aliceId);
        JsonNode item = listItem(full24, "");
        assertThat(item.get("workspaceId").asLong()).isEqualTo(aliceId);
        assertThat(item.get("workspaceName").asText()).isEqualTo("alice");
        assertThat(http.get("/api/workflow/" + full24 + "?workspaceId=", bob).status()).isEqualTo(403);
    }

    @Test
    void a_launched_run_names_the_platform_it_was_launched_on() throws InterruptedException {
        String env = http.get("/api/compute-envs", admin).json().at("/computeEnvs/0/id").asText();
        ObjectNode launch = Http.JSON.createObjectNode();
        launch.putObject("launch").put("computeEnvId", env)
                .put("pipeline", Nextflow.pipeline("hello-launch").toString())
                .put("paramsText", "{\"params\": {\"sleep\": 0.1, \"fail\": false}}");
        Http.Response r = http.send("POST", "/api/workflow/launch", admin, launch.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().get("workflowId").asText();
        String q = "/api/workflow/" + id + "?workspaceId=";
        Http.Response submitted = http.get(q, admin);
        assertThat(submitted.json().at("/platform/id").asText()).isEqualTo("local-platform");
        assertThat(submitted.json().get("jobInfo").isNull()).isTrue();
        assertMatchesSpec(q, submitted);
        // the wait only guards a hang: the run ends, and its answer still names the platform
        JsonNode ended = Await.await(() -> {
            JsonNode d = http.get(q, admin).json();
            return List.of("SUCCEEDED", "FAILED").contains(d.at("/workflow/status").asText())
                    && d.at("/workflow/stats").isObject() ? d : null;
        }, Duration.ofSeconds(180));
        assertThat(ended.at("/workflow/status").asText()).isEqualTo("SUCCEEDED");
        assertThat(ended.at("/platform/id").asText()).isEqualTo("local-platform");
        assertThat(ended.at("/workflow/outputDir").isTextual()).isTrue();
        assertMatchesSpec(q, http.get(q, admin));
        assertMatchesSpec("/api/workflow/" + id + "/progress?workspaceId=", http.get("/api/workflow/" + id
                + "/progress?workspaceId=", admin));
    }

    // ---- a run without a name ----

    @Test
    void a_run_without_a_name_lists_and_describes_in_both_shapes() {
        String body = "{\"sessionId\":\"0b2c4d6e-1111-2222-3333-444455556666\",\"runName\":null,"
                + "\"projectName\":null,\"repository\":null,\"workflowId\":null}";
        Http.Response created = http.send("POST", "/api/trace/create", bob, body);
        assertThat(created.status()).isEqualTo(200);
        String id = created.json().get("workflowId").asText();
        for (String q : List.of("/api/workflow/" + id, "/api/workflows", "/api/workflow/" + id + "/progress")) {
            Http.Response r = http.get(q, bob);
            assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(200);
        }
        for (String q : List.of("/api/workflow/" + id + "?workspaceId=", "/api/workflow/" + id + "?attributes=minimal",
                "/api/workflows?workspaceId=", "/api/workflows?attributes=minimal,labels,optimized&includeTotalSize=true",
                "/api/workflow/" + id + "/progress?workspaceId=", "/api/workflow/" + id + "/tasks?workspaceId=",
                "/api/workflow/" + id + "/metrics?workspaceId=")) {
            Http.Response r = http.get(q, bob);
            assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(200);
            assertMatchesSpec(q, r);
        }
        JsonNode d = http.get("/api/workflow/" + id + "?workspaceId=", bob).json();
        assertThat(d.at("/workflow/status").asText()).isEqualTo("SUBMITTED");
        assertThat(d.at("/workflow/sessionId").asText()).isEqualTo("0b2c4d6e-1111-2222-3333-444455556666");
        assertThat(d.at("/progress/workflowProgress/aborted").asLong()).isZero();
        assertThat(d.at("/progress/totalProcesses").asInt()).isZero();
    }

    // ---- against the published spec ----

    @Test
    void every_answer_matches_the_published_spec() {
        List<String> queries = new ArrayList<>();
        for (String id : List.of(plain24, plain25, failed, full24, full25)) {
            queries.add("/api/workflow/" + id + "?workspaceId=");
            queries.add("/api/workflow/" + id + "?attributes=labels,optimized,messages,pipelineInfo");
            queries.add("/api/workflow/" + id + "?attributes=minimal&workspaceId=" + aliceId);
            queries.add("/api/workflow/" + id + "/progress?workspaceId=");
            queries.add("/api/workflow/" + id + "/tasks?workspaceId=&max=100");
            queries.add("/api/workflow/" + id + "/tasks?workspaceId=&sortBy=realtime&sortDir=desc&search="
                    + URLEncoder.encode("status:COMPLETED", StandardCharsets.UTF_8));
            queries.add("/api/workflow/" + id + "/task/1?workspaceId=");
            queries.add("/api/workflow/" + id + "/metrics?workspaceId=");
        }
        queries.add("/api/workflow?workspaceId=");
        queries.add("/api/workflow?attributes=labels,optimized,minimal,pipelineInfo&includeTotalSize=true&max=3");
        queries.add("/api/workflows?includeTotalSize=true&search=status:FAILED");
        List<Runnable> checks = new ArrayList<>();
        for (String q : queries) {
            checks.add(() -> {
                Http.Response r = http.get(q, alice);
                assertThat(r.status()).as(q + ": " + r.body()).isEqualTo(200);
                assertMatchesSpec(q, r);
            });
        }
        checks.add(() -> SeqeraSchemas.assertAnswer("GET", "/api/workflow/NoSuchRun1234?workspaceId=",
                http.get("/api/workflow/NoSuchRun1234?workspaceId=", alice)));
        assertThat(SeqeraSchemas.findings(checks)).isEmpty();
    }

    // ---- helpers ----

    /** Each name a field may have at any level of the workflow answers (list items and describe alike). */
    static final String[] NOT_IN_SPEC_LIST = allowed();

    private static String[] allowed() {
        List<String> out = new ArrayList<>();
        for (String f : NOT_IN_SPEC) {
            out.add(f);
            if (f.startsWith("workflow.")) {
                out.add("workflows[]." + f);
            }
            if (f.startsWith("task.")) {
                out.add("tasks[]." + f);
            }
        }
        return out.toArray(String[]::new);
    }

    /** The spec's answer to the request; the spec spells the run list /workflow only (Pharos takes both). */
    static void assertMatchesSpec(String query, Http.Response r) {
        SeqeraSchemas.assertAnswer("GET", query.replace("/api/workflows", "/api/workflow"), r, NOT_IN_SPEC_LIST);
    }

    /** The captured calls with a value for each workflow field Nextflow left empty (begin and complete). */
    static List<Call> withEveryField(List<Call> calls, String tag) {
        List<Call> out = new ArrayList<>();
        for (Call c : calls) {
            if (c.is("begin") || c.is("complete")) {
                ObjectNode body = c.body().deepCopy();
                ObjectNode w = (ObjectNode) body.get("workflow");
                w.put("logFile", "/data/" + tag + "/nextflow.log").put("outFile", "/data/" + tag + "/out.txt")
                        .put("operationId", "op-" + tag).put("preview", false).put("stubRun", true)
                        .put("failOnIgnore", true);
                w.putObject("fusion").put("enabled", true).put("version", "2." + tag);
                w.putObject("wave").put("enabled", true);
                ObjectNode m = (ObjectNode) w.get("manifest");
                m.putArray("contributors").addObject().put("name", "Ada " + tag).put("affiliation", "Pharos")
                        .putArray("contribution").add("author");
                m.put("docsUrl", "https://docs.example.org/" + tag).put("doi", "10.5281/zenodo." + tag)
                        .put("icon", "icon-" + tag + ".png").put("license", "MIT").put("organization", "org-" + tag)
                        .put("author", "Grace " + tag);
                c = new Call(c.method(), c.path(), body);
            }
            out.add(c);
        }
        return out;
    }

    /** A progress body with its run's and processes' counters set apart (base, base+1, ...) and a newer/older instant. */
    private static ObjectNode counters(JsonNode captured, long instant, int base) {
        ObjectNode body = captured.deepCopy();
        body.put("instant", instant);
        ObjectNode p = (ObjectNode) body.get("progress");
        p.put("aborted", base).put("ignored", base + 1).put("retries", base + 2).put("failed", base + 3);
        for (JsonNode proc : p.get("processes")) {
            ((ObjectNode) proc).put("aborted", base + 1).put("ignored", base).put("retries", base + 2);
        }
        return body;
    }

    private static void assertCounters(JsonNode ours, JsonNode sent) {
        for (String k : List.of("pending", "submitted", "running", "succeeded", "cached", "failed", "aborted",
                "ignored", "retries")) {
            assertThat(ours.get(k).asLong()).as(k + " of " + ours.path("process").asText("the run")).isEqualTo(sent.get(k).asLong());
        }
    }

    private JsonNode listItem(String id, String extra) {
        JsonNode list = get("/api/workflows?workspaceId=&max=1000" + extra);
        for (JsonNode item : list.get("workflows")) {
            if (item.at("/workflow/id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError("run " + id + " is not listed");
    }

    JsonNode get(String path) {
        Http.Response r = http.get(path, alice);
        assertThat(r.status()).as("GET " + path + ": " + r.body()).isEqualTo(200);
        return r.json();
    }

    private static Set<String> names(JsonNode o) {
        Set<String> out = new HashSet<>();
        o.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
