package io.pharos.seqera;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.Replayer;
import io.pharos.support.SeqeraSchemas;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every answer of the workflow, compute-env, label, user and trace routes, for real runs (every
 * captured Nextflow client's traffic replayed, and one run launched on real Nextflow), checked
 * against the published Seqera Platform API by {@link SeqeraSchemas}: the schema, and no field the
 * spec does not name except Pharos's own, listed in {@link #PHAROS_FIELDS} and in docs/api.md.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SeqeraShapesContractTest {
    abstract TestDb.Kind kind();

    /**
     * The fields Pharos answers that the Seqera spec does not name, or names with another type: the
     * seed's (its 2020 Workflow API, kept field for field) and Pharos's own. Each is in the compatibility
     * table of docs/api.md.
     */
    static final List<String> PHAROS_FIELDS = new ArrayList<>(List.of(
            "serviceInfo.name", "serviceInfo.serverUrl", "user.role", "user.canLaunch",
            // tokens show the last characters of their secret, never more
            "tokens[].hint", "token.hint",
            // the trace protocol answers every call alike
            "status", "workflowId",
            // compute environments: Pharos's own settings, and the list's entries carry what describe does
            "computeEnv.config.maxRunning", "computeEnv.config.nextflowCommand",
            "launch.computeEnv.config.maxRunning", "launch.computeEnv.config.nextflowCommand",
            "computeEnvs[].config", "computeEnvs[].dateCreated", "computeEnvs[].lastUpdated", "computeEnvs[].deleted",
            // the create answer also shows what was created
            "computeEnv"));

    static {
        for (String f : io.pharos.workflow.SeqeraFieldsForTests.NOT_IN_SPEC_LIST) {
            PHAROS_FIELDS.add(f);
        }
    }

    private Path dataDir;
    private TestDb db;
    private TestServer server;
    private Http http;
    private String user;
    private final List<String> runs = new ArrayList<>();
    private String launched;
    private long workspace;
    private final List<String> findings = new ArrayList<>();

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-seqera");
        db = TestDb.create(kind(), dataDir);
        server = TestServer.start(db.config().withNextflow(Nextflow.command()));
        http = server.http();
        String token = server.newUserToken("shapes", false);
        user = Http.bearer(token);
        http.send("PUT", "/api/users/" + userId(), Http.bearer(server.adminToken()), "{\"canLaunch\": true}");
        workspace = http.get("/api/user-info", user).json().get("defaultWorkspaceId").asLong();
        for (String folder : Fixtures.nextflowTowerFolders()) {
            runs.add(replayChecked(Fixtures.nextflowTower(folder)));
        }
        launched = launchAndWait();
        runs.add(launched);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }

        Nextflow.killProcessesUnder(dataDir); // never leave a head job or a task behind
        if (db != null) {
            db.close();
        }
    }

    private long userId() {
        return http.get("/api/user-info", user).json().at("/user/id").asLong();
    }

    /** Replays captured traffic, each trace answer checked; the run's id. */
    private String replayChecked(List<Fixtures.Call> calls) {
        Replayer replayer = new Replayer(http, user);
        String id = null;
        for (Fixtures.Call c : calls) {
            Http.Response r = replayer.send(c, id);
            String path = id == null ? c.path() : c.path().replace("/abc123/", "/" + id + "/");
            check(c.method(), path, r);
            if (c.path().startsWith("/api/trace/create")) {
                id = r.json().get("workflowId").asText();
            }
        }
        return id;
    }

    private String launchAndWait() throws Exception {
        String id = launch("shapes_run", 0.2);
        awaitEnded(id);
        return id;
    }

    private void awaitEnded(String id) throws InterruptedException {
        await(() -> List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(
                http.get("/api/workflow/" + id, user).json().at("/workflow/status").asText()) ? true : null,
                Duration.ofSeconds(180));
    }

    private String launch(String runName, double sleep) {
        String env = http.get("/api/compute-envs", user).json().at("/computeEnvs/0/id").asText();
        ObjectNode launch = Http.JSON.createObjectNode();
        ObjectNode f = launch.putObject("launch");
        f.put("computeEnvId", env);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        f.put("runName", runName);
        f.put("paramsText", "{\"params\": {\"sleep\": " + sleep + ", \"fail\": false}}");
        Http.Response r = http.send("POST", "/api/workflow/launch", user, launch.toString());
        check("POST", "/api/workflow/launch", r);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("workflowId").asText();
    }

    /** Checks one answer, collecting findings so that one test run shows all of them. */
    private Http.Response check(String method, String path, Http.Response r) {
        try {
            SeqeraSchemas.assertAnswer(method, path, r, PHAROS_FIELDS.toArray(String[]::new));
        } catch (AssertionError e) {
            findings.add(e.getMessage());
        }
        return r;
    }

    /** As Seqera's clients call: with the caller's workspace. */
    private String inWorkspace(String path) {
        return path + (path.contains("?") ? "&" : "?") + "workspaceId=" + workspace;
    }

    private Http.Response get(String path) {
        return check("GET", path, http.get(inWorkspace(path), user));
    }

    private Http.Response send(String method, String path, String body) {
        return check(method, path, http.send(method, inWorkspace(path), user, body));
    }

    private void assertNoFindings() {
        List<String> all = new ArrayList<>(findings);
        findings.clear();
        assertThat(all).as(String.join("\n\n", all)).isEmpty();
    }

    @Test
    void the_trace_protocol_answers_in_the_spec_shapes() {
        assertThat(runs).doesNotContainNull();
        assertNoFindings();
    }

    @Test
    void user_and_service_routes() {
        long id = userId();
        get("/api/service-info");
        get("/api/user-info");
        get("/api/user/" + id + "/workspaces");
        get("/api/users/" + id);
        assertThat(get("/api/users/validate?name=someone-new").status()).isEqualTo(204);
        assertThat(get("/api/users/validate?name=shapes").status()).isEqualTo(409);
        assertThat(get("/api/users/validate?name=no%20spaces").status()).isEqualTo(400);
        assertThat(get("/api/users/" + (id + 1000)).status()).isEqualTo(403);
        get("/api/tokens");
        send("POST", "/api/tokens", "{\"name\": \"shapes-token\"}");
        assertNoFindings();
    }

    @Test
    void every_run_read_route() {
        for (String run : runs) {
            get("/api/workflow/" + run);
            get("/api/workflow/" + run + "?attributes=labels,optimized,minimal,pipelineInfo");
            get("/api/workflow/" + run + "/progress");
            JsonNode tasks = get("/api/workflow/" + run + "/tasks?max=5").json();
            for (JsonNode t : tasks.get("tasks")) {
                long taskId = t.at("/task/taskId").asLong();
                get("/api/workflow/" + run + "/task/" + taskId);
            }
            get("/api/workflow/" + run + "/metrics");
            get("/api/workflow/" + run + "/launch");
            get("/api/workflow/" + run + "/star");
        }
        get("/api/workflow/" + launched + "/log");
        assertNoFindings();
    }

    @Test
    void run_lists_and_searches() {
        for (String q : List.of("", "?attributes=labels", "?attributes=labels,optimized,minimal,pipelineInfo",
                "?attributes=minimal", "?includeTotalSize=true&max=2", "?search=shapes*", "?search=is:starred",
                "?search=workflowId:" + launched)) {
            get("/api/workflow" + q);
        }
        assertNoFindings();
    }

    @Test
    void run_names() {
        JsonNode name = get("/api/workflow/random-name").json();
        assertThat(name.get("name").asText()).matches("[a-z]+_[a-z]+");
        Http.Response free = get("/api/workflow/validate?runName=" + name.get("name").asText());
        assertThat(free.status()).isEqualTo(204);
        assertThat(get("/api/workflow/validate?runName=no%20spaces").status()).isEqualTo(400);
        assertNoFindings();
    }

    @Test
    void labels_and_stars() {
        JsonNode created = send("POST", "/api/labels", "{\"name\": \"shape-label\"}").json();
        long labelId = created.get("id").asLong();
        send("POST", "/api/labels", "{\"name\": \"owner\", \"value\": \"lab-7\", \"resource\": true}");
        get("/api/labels");
        assertThat(get("/api/labels/dynamic/allowed").json().get("values")).isEmpty();
        get("/api/labels?max=1&offset=0&search=shape");
        send("PUT", "/api/labels/" + labelId, "{\"name\": \"shape-label-2\"}");
        String body = "{\"workflowIds\": [\"" + launched + "\"], \"labelIds\": [\"" + labelId + "\"]}";
        send("POST", "/api/workflow/labels/add", body);
        send("POST", "/api/workflow/labels/apply", body);
        get("/api/workflow?attributes=labels&search=label:shape-label-2");
        get("/api/workflow/" + launched + "?attributes=labels");
        send("POST", "/api/workflow/labels/remove", body);
        send("POST", "/api/workflow/" + launched + "/star", null);
        get("/api/workflow/" + launched + "/star");
        send("DELETE", "/api/workflow/" + launched + "/star", null);
        send("DELETE", "/api/labels/" + labelId, null);
        assertNoFindings();
    }

    @Test
    void compute_environments() {
        JsonNode list = get("/api/compute-envs").json();
        String env = list.at("/computeEnvs/0/id").asText();
        get("/api/compute-envs/" + env);
        String admin = Http.bearer(server.adminToken());
        String created = "{\"computeEnv\": {\"name\": \"shapes-env\", \"platform\": \"local-platform\", \"config\": {"
                + "\"discriminator\": \"local-platform\", \"workDir\": \"" + dataDir.resolve("w") + "\", \"environment\": "
                + "[{\"name\": \"GREETING\", \"value\": \"hi\", \"head\": true, \"compute\": false}]}}}";
        Http.Response r = check("POST", "/api/compute-envs", http.send("POST", "/api/compute-envs", admin, created));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        String id = r.json().get("computeEnvId").asText();
        check("GET", "/api/compute-envs/" + id, http.get("/api/compute-envs/" + id, admin));
        check("DELETE", "/api/compute-envs/" + id, http.send("DELETE", "/api/compute-envs/" + id, admin, null));
        String key = "{\"credentials\": {\"name\": \"shapes-key\", \"provider\": \"ssh\", \"keys\": {\"privateKey\": "
                + "\"-----BEGIN OPENSSH PRIVATE KEY-----\\nnot-a-real-key\\n-----END OPENSSH PRIVATE KEY-----\\n\"}}}";
        Http.Response cred = check("POST", "/api/credentials", http.send("POST", "/api/credentials", admin, key));
        assertThat(cred.status()).as(cred.body()).isEqualTo(200);
        assertThat(cred.body()).doesNotContain("not-a-real-key");
        Http.Response creds = check("GET", "/api/credentials", http.get("/api/credentials", admin));
        assertThat(creds.body()).doesNotContain("not-a-real-key");
        String credId = cred.json().get("credentialsId").asText();
        check("DELETE", "/api/credentials/" + credId, http.send("DELETE", "/api/credentials/" + credId, admin, null));
        assertNoFindings();
    }

    @Test
    void cancelling_a_live_run_answers_as_the_spec_says() throws Exception {
        String live = launch("cancel_me", 3600);
        Http.Response r = send("POST", "/api/workflow/" + live + "/cancel", "{}");
        assertThat(r.status()).as(r.body()).isEqualTo(204);
        awaitEnded(live);
        assertThat(http.get("/api/workflow/" + live, user).json().at("/workflow/status").asText()).isEqualTo("CANCELLED");
        assertThat(send("POST", "/api/workflow/" + live + "/cancel?force=maybe", "{}").status()).isEqualTo(400);
        assertNoFindings();
    }

    @Test
    void run_actions() {
        String extra = replayChecked(Fixtures.nextflowTower("nf24.10.0-ok"));
        send("POST", "/api/workflow/" + launched + "/cancel", "{}");
        send("POST", "/api/workflow/delete", "{\"workflowIds\": [\"" + extra + "\", \"nope\"]}");
        String another = replayChecked(Fixtures.nextflowTower("nf24.10.0-ok"));
        send("DELETE", "/api/workflow/" + another + "?force=true", null);
        assertNoFindings();
    }
}
