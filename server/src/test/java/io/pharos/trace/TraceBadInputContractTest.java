package io.pharos.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Fixtures.Call;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every kind of bad trace input gets a clear JSON error and changes nothing that is stored.
 * Runs once on H2 and once on PostgreSQL.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TraceBadInputContractTest {
    static final long BODY_LIMIT = 64 * 1024;

    TestServer server;
    Http http;
    String alice;
    String bob;

    abstract TestDb.Kind kind();

    @BeforeAll
    void start() throws Exception {
        // The default stale time: a run must not turn UNKNOWN between two reads of a "changes nothing" check.
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-bad-input"), c -> c.withMaxBodyBytes(BODY_LIMIT));
        http = server.http();
        alice = Http.bearer(server.newUserToken("alice", false));
        bob = Http.bearer(server.newUserToken("bob", false));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A run mid-way: created, begun and two progress calls in. */
    String runningRun() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        return new Replayer(http, alice).replay(calls.subList(0, 4));
    }

    Call progressCall() {
        return Fixtures.nextflowTower("nf25.04.0-ok").get(4);
    }

    /** Everything the API shows of a run. */
    String snapshot(String id) {
        return http.get("/api/workflow/" + id, alice).body()
                + http.get("/api/workflow/" + id + "/tasks?max=10000", alice).body()
                + http.get("/api/workflow/" + id + "/metrics", alice).body();
    }

    void assertError(Http.Response r, int status, String messagePart) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode body = r.json();
        assertThat(body.size()).as(r.body()).isEqualTo(1);
        assertThat(body.get("message").asText()).containsIgnoringCase(messagePart);
    }

    @Test
    void unknown_workflow_id_is_404_and_creates_nothing() {
        String before = http.get("/api/workflows", alice).body();
        for (String kind : List.of("begin", "progress", "heartbeat", "complete")) {
            assertError(http.send("PUT", "/api/trace/NoSuchRun42/" + kind, alice, "{}"), 404, "NoSuchRun42");
            assertError(http.send("PUT", "/api/trace/null/" + kind, alice, "{}"), 404, "null");
        }
        assertThat(http.get("/api/workflows", alice).body()).isEqualTo(before);
    }

    @Test
    void create_naming_an_unknown_workflow_id_is_404() {
        assertError(http.send("POST", "/api/trace/create", alice, "{\"workflowId\":\"Nope123\",\"sessionId\":\"s\"}"),
                404, "Nope123");
    }

    @Test
    void begin_or_progress_before_create_is_409_and_changes_nothing() {
        // A run Pharos made for a launch exists before Nextflow announces it with create.
        String id = "Launched" + Long.toString(System.nanoTime() % 100000);
        long owner = server.app().auth().findUser("alice").orElseThrow().id();
        server.app().db().jdbi().useHandle(h -> {
            h.execute("INSERT INTO workflows (id, owner_id, status, date_created, last_updated, last_contact) "
                    + "VALUES (?, ?, 'SUBMITTED', ?, ?, ?)", id, owner, Instant.now(), Instant.now(), Instant.now());
            h.execute("INSERT INTO workflow_progress (workflow_id, date_created, last_updated) VALUES (?, ?, ?)",
                    id, Instant.now(), Instant.now());
            h.execute("UPDATE users SET run_count = run_count + 1 WHERE id = ?", owner); // as RunLifecycle.create does
        });
        String before = snapshot(id);
        Replayer r = new Replayer(http, alice);
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        assertError(r.send(calls.get(1), id), 409, "create");
        assertError(r.send(calls.get(2), id), 409, "create");
        assertThat(snapshot(id)).isEqualTo(before);
        // Once create names it, the run takes reports.
        ObjectNode create = calls.get(0).body().deepCopy();
        create.put("workflowId", id);
        Http.Response created = http.send("POST", "/api/trace/create", alice, create.toString());
        assertThat(created.json().get("workflowId").asText()).isEqualTo(id);
        assertThat(r.send(calls.get(1), id).status()).isEqualTo(200);
    }

    @Test
    void progress_after_complete_is_409_and_changes_nothing() {
        List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
        String id = new Replayer(http, alice).replay(calls);
        String before = snapshot(id);
        Replayer r = new Replayer(http, alice);
        assertError(r.send(calls.get(3), id), 409, "completed");
        assertError(r.send(new Call("PUT", "/api/trace/abc123/heartbeat", calls.get(3).body()), id), 409, "completed");
        assertError(r.send(calls.get(1), id), 409, "completed");
        assertThat(snapshot(id)).isEqualTo(before);
        // A retried complete (the answer to the first was lost) is accepted and changes nothing.
        assertThat(r.send(calls.get(calls.size() - 1), id).status()).isEqualTo(200);
        assertThat(snapshot(id)).isEqualTo(before);
    }

    @Test
    void malformed_json_is_400_and_changes_nothing() {
        String id = runningRun();
        String before = snapshot(id);
        assertError(http.send("PUT", "/api/trace/" + id + "/progress", alice, "{\"tasks\": [{\"taskId\": 1,"), 400, "JSON");
        assertError(http.send("PUT", "/api/trace/" + id + "/progress", alice, "not json"), 400, "JSON");
        assertError(http.send("PUT", "/api/trace/" + id + "/progress", alice, ""), 400, "body");
        assertError(http.send("POST", "/api/trace/create", alice, "[1,2"), 400, "JSON");
        assertThat(snapshot(id)).isEqualTo(before);
    }

    @Test
    void wrong_types_are_400_naming_the_field_and_change_nothing() {
        String id = runningRun();
        String before = snapshot(id);
        String path = "/api/trace/" + id + "/progress";
        assertError(http.send("PUT", path, alice, "{\"tasks\":[{\"taskId\":\"abc\",\"status\":\"RUNNING\"}]}"), 400, "taskId");
        assertError(http.send("PUT", path, alice, "{\"tasks\":[{\"taskId\":1,\"status\":\"RUNNING\",\"cpus\":\"many\"}]}"), 400, "cpus");
        assertError(http.send("PUT", path, alice, "{\"tasks\":[{\"taskId\":1,\"status\":\"WAITING\"}]}"), 400, "status");
        assertError(http.send("PUT", path, alice, "{\"tasks\":[{\"status\":\"RUNNING\"}]}"), 400, "taskId");
        assertError(http.send("PUT", path, alice, "{\"tasks\":{\"taskId\":1}}"), 400, "tasks");
        assertError(http.send("PUT", path, alice, "{\"progress\":{\"running\":\"lots\"}}"), 400, "running");
        // A valid task followed by a bad one: the whole body is refused, the valid one too.
        assertError(http.send("PUT", path, alice, "{\"tasks\":[{\"taskId\":500,\"status\":\"RUNNING\"},"
                + "{\"taskId\":501,\"status\":\"BOGUS\"}]}"), 400, "tasks[1].status");
        assertError(http.send("PUT", "/api/trace/" + id + "/complete", alice, "{\"workflow\":{\"success\":true},"
                + "\"metrics\":[{\"cpu\":{}}]}"), 400, "metrics[0]");
        assertError(http.send("PUT", "/api/trace/" + id + "/begin", alice, "{\"processNames\":[]}"), 400, "workflow");
        assertThat(snapshot(id)).isEqualTo(before);
    }

    @Test
    void body_over_the_size_limit_is_413_and_changes_nothing() {
        String id = runningRun();
        String before = snapshot(id);
        ObjectNode body = Http.JSON.createObjectNode();
        var tasks = body.putArray("tasks");
        for (int i = 0; i < 200; i++) {
            tasks.addObject().put("taskId", 1000 + i).put("status", "RUNNING").put("script", "x".repeat(500));
        }
        assertError(http.send("PUT", "/api/trace/" + id + "/progress", alice, body.toString()), 413, "limit");
        assertThat(snapshot(id)).isEqualTo(before);
    }

    /**
     * A body far larger than the socket's buffers: the client is still writing when the server
     * refuses it, and must still read the 413 (not a reset connection), with a declared length
     * and chunked alike.
     */
    @Test
    void a_body_megabytes_over_the_limit_still_gets_its_413() throws Exception {
        String id = runningRun();
        String before = snapshot(id);
        StringBuilder json = new StringBuilder("{\"tasks\":[");
        for (int i = 0; i < 4000; i++) {
            json.append(i == 0 ? "" : ",").append("{\"taskId\":").append(1000 + i)
                    .append(",\"status\":\"RUNNING\",\"script\":\"").append("y".repeat(1000)).append("\"}");
        }
        String big = json.append("]}").toString();
        String path = "/api/trace/" + id + "/progress";
        for (int round = 0; round < 3; round++) {
            assertError(http.send("PUT", path, alice, big), 413, "limit");
            byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
            HttpRequest chunked = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .header("Authorization", alice).header("Content-Type", "application/json")
                    .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes)))
                    .build();
            var answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(chunked, HttpResponse.BodyHandlers.ofString());
            assertError(new Http.Response(answer.statusCode(), answer.body(), answer.headers()), 413, "limit");
        }
        assertThat(snapshot(id)).isEqualTo(before);
    }

    @Test
    void another_users_token_writing_to_a_run_is_403_and_changes_nothing() {
        String id = runningRun();
        String before = snapshot(id);
        Replayer asBob = new Replayer(http, bob);
        assertError(asBob.send(progressCall(), id), 403, "another user");
        assertError(asBob.send(new Call("PUT", "/api/trace/abc123/heartbeat", progressCall().body()), id), 403, "another user");
        ObjectNode create = Fixtures.nextflowTower("nf25.04.0-ok").get(0).body().deepCopy();
        create.put("workflowId", id);
        assertError(http.send("POST", "/api/trace/create", bob, create.toString()), 403, "another user");
        assertThat(snapshot(id)).isEqualTo(before);
        // Bob cannot read it either.
        assertThat(http.get("/api/workflow/" + id, bob).status()).isEqualTo(403);
    }

    @Test
    void missing_or_wrong_token_is_401() {
        String id = runningRun();
        Call c = progressCall();
        assertError(http.send("PUT", "/api/trace/" + id + "/progress", null, c.body().toString()), 401, "token");
        assertError(http.send("PUT", "/api/trace/" + id + "/progress", Http.bearer("pharos_wrong"), c.body().toString()), 401, "token");
        assertError(http.send("POST", "/api/trace/create", null, "{}"), 401, "token");
    }

    @Test
    void a_silent_running_run_becomes_unknown_and_any_contact_revives_it() throws Exception {
        // A server of its own with a short stale time, so the rest of the class never races the sweeper.
        try (TestServer quick = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-stale"),
                c -> c.withStaleAfter(Duration.ofSeconds(2)))) {
            Http h = quick.http();
            String carol = Http.bearer(quick.newUserToken("carol", false));
            List<Call> calls = Fixtures.nextflowTower("nf25.04.0-ok");
            String id = new Replayer(h, carol).replay(calls.subList(0, 4));
            assertThat(status(h, carol, id)).isEqualTo("RUNNING");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos(); // a hang guard, not a speed bound
            while (!status(h, carol, id).equals("UNKNOWN") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(status(h, carol, id)).isEqualTo("UNKNOWN");
            ObjectNode hb = Http.JSON.createObjectNode();
            hb.set("progress", progressCall().body().get("progress"));
            assertThat(h.send("PUT", "/api/trace/" + id + "/heartbeat", carol, hb.toString()).status()).isEqualTo(200);
            assertThat(status(h, carol, id)).isEqualTo("RUNNING");
            // And an UNKNOWN run that then completes ends normally.
            for (Call c : calls.subList(4, calls.size())) {
                assertThat(new Replayer(h, carol).send(c, id).status()).isEqualTo(200);
            }
            assertThat(status(h, carol, id)).isEqualTo("SUCCEEDED");
        }
    }

    static String status(Http h, String token, String id) {
        return h.get("/api/workflow/" + id, token).json().at("/workflow/status").asText();
    }

    String status(String id) {
        return http.get("/api/workflow/" + id, alice).json().at("/workflow/status").asText();
    }

}
