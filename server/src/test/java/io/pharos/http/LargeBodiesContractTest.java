package io.pharos.http;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.App;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Large request bodies are parsed a few at a time, so that the heap holds a bounded number of
 * them: here one slot and a short wait. A large body that finds no slot in time is answered 503
 * with Retry-After (Nextflow's client retries), small bodies never wait, and every body that was
 * acknowledged is stored.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LargeBodiesContractTest {
    static final String BIG_SCRIPT = "echo large task body\n".repeat(600); // about 12 KB a task

    abstract TestDb.Kind kind();

    TestDb db;
    App app;
    Http http;
    String admin;

    @BeforeAll
    void start() throws IOException {
        db = TestDb.create(kind(), Files.createTempDirectory("pharos-large-bodies"));
        app = App.start(db.config(), new Requests.LargeBodies(Requests.LARGE_BODY_BYTES, 1, Duration.ofMillis(300)));
        http = new Http("http://127.0.0.1:" + app.port());
        admin = Http.bearer(app.bootstrap().orElseThrow().token().secret());
    }

    @AfterAll
    void stop() {
        if (app != null) {
            app.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A progress body with these task ids, each with a long script; over 1 MB from about 90 tasks. */
    static String progress(int fromId, int count, String script) {
        ObjectNode body = Fixtures.nextflowTower("nf25.04.0-ok").get(3).body().deepCopy();
        JsonNode template = body.get("tasks").get(0);
        ArrayNode tasks = body.putArray("tasks");
        for (int i = 0; i < count; i++) {
            ObjectNode t = template.deepCopy();
            t.put("taskId", fromId + i);
            t.put("status", "COMPLETED");
            t.put("script", script);
            tasks.add(t);
        }
        return body.toString();
    }

    static List<Long> ids(int fromId, int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add((long) fromId + i);
        }
        return ids;
    }

    /** A request whose body is sent but for its last bytes, so the server is busy reading it until {@link #finish}. */
    final class HeldRequest implements AutoCloseable {
        final Socket socket;
        final byte[] body;

        HeldRequest(String path, String json) throws IOException {
            body = json.getBytes(StandardCharsets.UTF_8);
            socket = new Socket("127.0.0.1", app.port());
            socket.setSoTimeout(120_000);
            String head = "PUT " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + app.port() + "\r\nAuthorization: " + admin
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, body.length - 100);
            out.flush();
        }

        /** Sends the rest and returns the status of the answer. */
        int finish() throws IOException {
            OutputStream out = socket.getOutputStream();
            out.write(body, body.length - 100, 100);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    Http.Response chunked(String path, String json) throws Exception {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                .header("Authorization", admin).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))) // no length: chunked
                .build();
        HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(req, HttpResponse.BodyHandlers.ofString());
        return new Http.Response(r.statusCode(), r.body(), r.headers());
    }

    TreeSet<Long> storedTaskIds(String id) {
        TreeSet<Long> stored = new TreeSet<>();
        for (JsonNode t : http.get("/api/workflow/" + id + "/tasks?max=10000", admin).json().get("tasks")) {
            stored.add(t.at("/task/taskId").asLong());
        }
        return stored;
    }

    static void assertBusy(Http.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(503);
        assertThat(r.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Integer.parseInt(v)).isPositive());
        assertThat(r.json().size()).isEqualTo(1);
        assertThat(r.json().get("message").asText()).contains("retry");
    }

    @Test
    void a_large_body_waits_for_the_one_slot_or_gets_503_small_ones_pass_and_nothing_acknowledged_is_lost()
            throws Exception {
        String id = new Replayer(http, admin).replay(Fixtures.nextflowTower("nf25.04.0-ok").subList(0, 2));
        String path = "/api/trace/" + id + "/progress";
        TreeSet<Long> acknowledged = new TreeSet<>();

        // A body held mid-way takes the slot; the proof is that the next large body finds none in time.
        // Should that one come first instead, both are simply stored, and the pair is tried again.
        int[] next = {1};
        HeldRequest[] holder = {null};
        Http.Response busy = await(() -> {
            try {
                int heldFrom = next[0];
                int probeFrom = heldFrom + 1000;
                next[0] += 2000;
                HeldRequest held = new HeldRequest(path, progress(heldFrom, 120, BIG_SCRIPT));
                Http.Response probe = http.send("PUT", path, admin, progress(probeFrom, 120, BIG_SCRIPT));
                if (probe.status() != 200) {
                    holder[0] = held;
                    return probe;
                }
                acknowledged.addAll(ids(probeFrom, 120));
                if (held.finish() == 200) {
                    acknowledged.addAll(ids(heldFrom, 120));
                }
                held.close();
                return null;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, Duration.ofSeconds(60));
        try (HeldRequest held = holder[0]) {
            assertBusy(busy);
            int refusedFrom = next[0] - 1000;

            // A body of unknown length may be large too: it needs the slot as well.
            assertBusy(chunked(path, progress(50_000, 1, "echo small")));

            // Small bodies never wait.
            Http.Response small = http.send("PUT", path, admin, progress(60_000, 3, "echo small"));
            assertThat(small.status()).as(small.body()).isEqualTo(200);
            acknowledged.addAll(ids(60_000, 3));

            assertThat(held.finish()).isEqualTo(200);
            acknowledged.addAll(ids(next[0] - 2000, 120));

            // As Nextflow's client does: the refused body again, until it is taken.
            String again = progress(refusedFrom, 120, BIG_SCRIPT);
            await(() -> http.send("PUT", path, admin, again).status() == 200 ? true : null, Duration.ofSeconds(60));
            acknowledged.addAll(ids(refusedFrom, 120));
        }
        TreeSet<Long> stored = storedTaskIds(id);
        assertThat(stored).containsAll(acknowledged);
        assertThat(stored).doesNotContain(50_000L);
    }
}
