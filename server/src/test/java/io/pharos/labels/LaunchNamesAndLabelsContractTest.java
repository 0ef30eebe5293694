package io.pharos.labels;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Http;
import io.pharos.support.Nextflow;
import io.pharos.support.SeqeraSchemas;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Runs launched from Pharos with real Nextflow: each has a name from submit on (the one asked
 * for, else a random one), Nextflow runs it under that name (-name) and reports it back, and it
 * carries the labels asked for and the launcher's default labels.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LaunchNamesAndLabelsContractTest {
    abstract TestDb.Kind kind();

    Path dataDir;
    TestServer server;
    Http http;
    String admin;
    String computeEnv;

    @BeforeAll
    void start() throws Exception {
        dataDir = Files.createTempDirectory("pharos-launch-names");
        server = TestServer.onNewDatabase(kind(), dataDir, c -> c.withNextflow(Nextflow.command()));
        http = server.http();
        admin = Http.bearer(server.adminToken());
        computeEnv = http.get("/api/compute-envs", admin).json().at("/computeEnvs/0/id").asText();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
        Nextflow.killProcessesUnder(dataDir); // never leave a head job or a task behind
    }

    @Test
    void a_launched_run_has_its_name_from_submit_runs_under_it_and_carries_its_labels() throws Exception {
        long asked = label("{\"name\": \"launch-asked\"}");
        long byDefault = label("{\"name\": \"launch-default\", \"isDefault\": true}");
        label("{\"name\": \"launch-not-asked\"}");
        ObjectNode named = hello();
        named.put("runName", "pharos_named-run1");
        named.putArray("labelIds").add(asked);
        String namedRun = launch(named);
        String randomRun = launch(hello());

        // Named from the start, while the head job may not even have started.
        JsonNode submitted = http.get("/api/workflow/" + namedRun, admin).json().get("workflow");
        assertThat(submitted.get("runName").asText()).isEqualTo("pharos_named-run1");
        String random = http.get("/api/workflow/" + randomRun, admin).json().at("/workflow/runName").asText();
        assertThat(random).matches("[a-z]+_[a-z]+");
        assertThat(labels(namedRun)).containsExactly("launch-asked", "launch-default");
        assertThat(labels(randomRun)).containsExactly("launch-default");
        assertThat(http.get("/api/workflow?search=label:launch-asked", admin).json().at("/workflows/0/workflow/id")
                .asText()).isEqualTo(namedRun);

        for (String[] run : List.of(new String[] {namedRun, "pharos_named-run1"}, new String[] {randomRun, random})) {
            awaitEnded(run[0]);
            JsonNode wf = http.get("/api/workflow/" + run[0], admin).json().get("workflow");
            assertThat(wf.get("status").asText()).isEqualTo("SUCCEEDED");
            // Nextflow was given the name (its command line) and reported it back (begin and complete).
            assertThat(wf.get("runName").asText()).isEqualTo(run[1]);
            assertThat(wf.get("commandLine").asText()).contains("-name " + run[1]);
            assertThat(console(run[0])).contains("[" + run[1] + "]");
            // The name and the session Nextflow reported are now taken for this user.
            Http.Response taken = http.get("/api/workflow/validate?runName=" + run[1] + "&sessionId="
                    + wf.get("sessionId").asText(), admin);
            assertThat(taken.status()).isEqualTo(409);
            SeqeraSchemas.assertAnswer("GET", "/api/workflow/validate?runName=" + run[1], taken);
        }
        assertThat(labels(namedRun)).containsExactly("launch-asked", "launch-default");
    }

    @Test
    void a_bad_run_name_or_label_on_a_launch_is_refused_and_starts_nothing() {
        String bob = server.newUserToken("bob", false);
        long bobsLabel = http.send("POST", "/api/labels", Http.bearer(bob), "{\"name\": \"bobs\"}").json().get("id").asLong();
        long before = runCount();
        for (String name : List.of("9lives", "trailing-", "two__seps", "last", "has space", "x".repeat(81))) {
            ObjectNode f = hello();
            f.put("runName", name);
            Http.Response r = send(f);
            assertThat(r.status()).as(name + ": " + r.body()).isEqualTo(400);
            assertThat(r.json().get("message").asText()).contains("'runName'");
        }
        ObjectNode unknown = hello();
        unknown.putArray("labelIds").add(987654321L);
        Http.Response r = send(unknown);
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().get("message").asText()).contains("'labelIds'");
        ObjectNode foreign = hello();
        foreign.putArray("labelIds").add(bobsLabel);
        // Another user's label: 403 for a user who may launch; an admin may use it, but only on bob's runs.
        var carol = server.app().auth().createUser("carol", null, false);
        server.app().auth().setCanLaunch(carol.id(), true);
        String carolToken = Http.bearer(server.app().auth().createToken(carol.id(), "t", null).secret());
        assertThat(send(foreign, carolToken).status()).isEqualTo(403);
        Http.Response byAdmin = send(foreign);
        assertThat(byAdmin.status()).isEqualTo(400);
        assertThat(byAdmin.json().get("message").asText()).contains("only on runs of the user it belongs to");
        ObjectNode wrongType = hello();
        wrongType.putArray("labelIds").add("abc");
        assertThat(send(wrongType).status()).isEqualTo(400);
        assertThat(runCount()).isEqualTo(before);
    }

    // ---- helpers ----

    ObjectNode hello() {
        ObjectNode f = Http.JSON.createObjectNode();
        f.put("computeEnvId", computeEnv);
        f.put("pipeline", Nextflow.pipeline("hello-launch").toString());
        f.put("paramsText", "{\"params\": {\"sleep\": 0.1, \"names\": \"alice\"}}");
        return f;
    }

    Http.Response send(ObjectNode fields) {
        return send(fields, admin);
    }

    Http.Response send(ObjectNode fields, String auth) {
        ObjectNode body = Http.JSON.createObjectNode();
        body.set("launch", fields);
        return http.send("POST", "/api/workflow/launch", auth, body.toString());
    }

    String launch(ObjectNode fields) {
        Http.Response r = send(fields);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("workflowId").asText();
    }

    long label(String body) {
        Http.Response r = http.send("POST", "/api/labels", admin, body);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        SeqeraSchemas.assertAnswer("POST", "/api/labels", r);
        return r.json().get("id").asLong();
    }

    List<String> labels(String run) {
        JsonNode list = http.get("/api/workflow?attributes=labels&search=workflowId:" + run, admin).json();
        List<String> out = new ArrayList<>();
        list.at("/workflows/0/labels").forEach(l -> out.add(l.get("name").asText()));
        return out;
    }

    /** The run has ended and its head job has exited (so its console is whole). */
    void awaitEnded(String id) throws InterruptedException {
        await(() -> {
            JsonNode wf = http.get("/api/workflow/" + id, admin).json().get("workflow");
            boolean ended = List.of("SUCCEEDED", "FAILED", "CANCELLED").contains(wf.get("status").asText());
            return ended && !http.get("/api/workflow/" + id + "/log", admin).json().at("/log/pending").asBoolean()
                    ? true : null;
        }, Duration.ofSeconds(240));
    }

    String console(String id) {
        return http.get("/api/workflow/" + id + "/download?fileName=nf-" + id + ".txt", admin).body();
    }

    long runCount() {
        return server.app().db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM workflows")
                .mapTo(Long.class).one());
    }
}
