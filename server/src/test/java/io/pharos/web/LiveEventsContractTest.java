package io.pharos.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** GET /api/events and the session cookie, over plain HTTP: who gets which events, and CSRF. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LiveEventsContractTest {
    abstract TestDb.Kind kind();

    TestServer server;
    Http http;
    String admin;
    String alice;
    String bob;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-sse-test"));
        http = server.http();
        admin = server.adminToken();
        alice = server.newUserToken("alice", false);
        bob = server.newUserToken("bob", false);
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One open event stream, read line by line on its own thread. */
    final class Stream implements AutoCloseable {
        final HttpURLConnection conn;
        final List<String> lines = new CopyOnWriteArrayList<>();
        final int status;
        volatile boolean ended;

        Stream(String header, String value) throws IOException {
            conn = (HttpURLConnection) URI.create(server.baseUrl() + "/api/events").toURL().openConnection();
            conn.setRequestProperty("Accept", "text/event-stream");
            if (header != null) {
                conn.setRequestProperty(header, value);
            }
            conn.setReadTimeout(60_000);
            status = conn.getResponseCode();
            if (status == 200) {
                Thread t = new Thread(() -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            lines.add(line);
                        }
                    } catch (IOException e) {
                        // closed by the test
                    }
                    ended = true;
                }, "sse-reader");
                t.setDaemon(true);
                t.start();
            }
        }

        boolean has(String text) {
            return lines.stream().anyMatch(l -> l.contains(text));
        }

        @Override
        public void close() {
            conn.disconnect();
        }
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(end)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void events_need_a_valid_token() throws IOException {
        try (Stream none = new Stream(null, null); Stream bad = new Stream("Authorization", "Bearer pharos_nope")) {
            assertThat(none.status).isEqualTo(401);
            assertThat(bad.status).isEqualTo(401);
        }
    }

    @Test
    void each_user_gets_only_events_of_their_own_runs_and_an_admin_gets_all() throws Exception {
        try (Stream a = new Stream("Authorization", Http.bearer(alice));
             Stream b = new Stream("Authorization", Http.bearer(bob));
             Stream root = new Stream("Authorization", Http.bearer(admin))) {
            assertThat(List.of(a.status, b.status, root.status)).containsOnly(200);
            await("three ready events", () -> a.has("event: ready") && b.has("event: ready") && root.has("event: ready"));
            String alices = new Replayer(http, Http.bearer(alice)).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
            String bobs = new Replayer(http, Http.bearer(bob)).replay(Fixtures.nextflowTower("nf25.04.0-ok"));
            String ended = "\"type\":\"workflow.ended\",\"workflowId\":\"";
            await("each owner's end event", () -> a.has(ended + alices) && b.has(ended + bobs));
            await("the admin's end events", () -> root.has(ended + alices) && root.has(ended + bobs));
            assertThat(http.send("DELETE", "/api/workflow/" + bobs, Http.bearer(bob), null).status()).isEqualTo(204);
            await("bob's delete event", () -> b.has("\"type\":\"workflow.deleted\",\"workflowId\":\"" + bobs));
            await("the admin's delete event", () -> root.has("\"type\":\"workflow.deleted\",\"workflowId\":\"" + bobs));
            // Everything has been delivered to bob and the admin by now; alice must have none of it.
            assertThat(a.lines).noneMatch(l -> l.contains(bobs));
            assertThat(b.lines).noneMatch(l -> l.contains(alices));
            assertThat(a.lines).anyMatch(l -> l.startsWith("data: {\"type\":\"workflow.tasks\",\"workflowId\":\"" + alices));
        }
    }

    @Test
    void a_closed_stream_is_unsubscribed() throws Exception {
        int before = server.app().live().openStreams();
        Stream s = new Stream("Authorization", Http.bearer(admin));
        await("ready", () -> s.has("event: ready"));
        assertThat(server.app().live().openStreams()).isEqualTo(before + 1);
        s.close();
        // A gone browser is noticed on the next writes to it: create runs (each one an event) until it is.
        Replayer r = new Replayer(http, Http.bearer(admin));
        var create = Fixtures.nextflowTower("nf25.04.0-heartbeat").get(0);
        Instant end = Instant.now().plus(Duration.ofSeconds(15));
        while (server.app().live().openStreams() > before && Instant.now().isBefore(end)) {
            r.send(create, null);
            Thread.sleep(200);
        }
        assertThat(server.app().live().openStreams()).isEqualTo(before);
    }

    @Test
    void a_revoked_tokens_stream_is_closed_at_the_next_keep_alive() throws Exception {
        var user = server.app().auth().createUser("dave", null, false);
        var token = server.app().auth().createToken(user.id(), "soon revoked", null);
        try (Stream s = new Stream("Authorization", Http.bearer(token.secret()))) {
            await("ready", () -> s.has("event: ready"));
            server.app().auth().revokeToken(token.token().id());
            // keep-alives come every 15 s; the stream must end by the one after the revocation
            Instant end = Instant.now().plus(Duration.ofSeconds(40));
            while (!s.ended && Instant.now().isBefore(end)) {
                Thread.sleep(100);
            }
            assertThat(s.ended).as("stream closed after revocation").isTrue();
        }
    }

    @Test
    void the_session_cookie_signs_in_and_changes_need_the_ui_header() throws Exception {
        String body = "{\"token\":\"" + alice + "\"}";
        assertThat(send("POST", "/api/session", body, null, false).status()).isEqualTo(403);
        assertThat(send("POST", "/api/session", "{\"token\":\"pharos_nope\"}", null, true).status()).isEqualTo(401);
        Http.Response in = send("POST", "/api/session", body, null, true);
        assertThat(in.status()).isEqualTo(200);
        String setCookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith(WebSession.COOKIE + "=" + alice).contains("HttpOnly").contains("SameSite=Strict")
                .contains("Path=/");
        String cookie = WebSession.COOKIE + "=" + alice;

        assertThat(send("GET", "/api/user-info", null, cookie, false).json().at("/user/userName").asText()).isEqualTo("alice");
        String run = new Replayer(http, Http.bearer(alice)).replay(Fixtures.nextflowTower("nf24.10.0-ok"));
        // A cookie alone (what a forged cross-site request would carry) may read but not change.
        Http.Response forged = send("DELETE", "/api/workflow/" + run, null, cookie, false);
        assertThat(forged.status()).isEqualTo(403);
        assertThat(forged.json().get("message").asText()).contains(WebSession.CSRF_HEADER);
        assertThat(http.get("/api/workflow/" + run, Http.bearer(alice)).status()).isEqualTo(200);
        assertThat(send("DELETE", "/api/workflow/" + run, null, cookie, true).status()).isEqualTo(204);
        // An Authorization header needs no UI header: scripts and Nextflow are unaffected.
        assertThat(http.send("POST", "/api/tokens", Http.bearer(alice), "{\"name\":\"script\"}").status()).isEqualTo(200);

        try (Stream s = new Stream("Cookie", cookie)) {
            assertThat(s.status).isEqualTo(200);
            await("ready by cookie", () -> s.has("event: ready"));
        }
        Http.Response out = send("DELETE", "/api/session", null, cookie, true);
        assertThat(out.status()).isEqualTo(204);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow())
                .startsWith(WebSession.COOKIE + "=;").contains("Expires=Thu, 01 Jan 1970");
    }

    @Test
    void ui_pages_are_served_for_every_ui_path_and_nothing_else_under_ui() {
        for (String path : List.of("/", "/watch/abc123", "/tokens")) {
            Http.Response r = http.get(path, null);
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
            assertThat(r.headers().firstValue("Content-Security-Policy").orElse("")).contains("default-src 'self'");
            assertThat(r.body()).contains("/ui/app.js").doesNotContain("http://").doesNotContain("https://");
        }
        assertThat(http.get("/ui/app.js", null).status()).isEqualTo(200);
        assertThat(http.get("/ui/app.css", null).body()).doesNotContain("@import").doesNotContain("url(http");
        assertThat(http.get("/ui/..%2Findex.html", null).status()).isEqualTo(404);
        assertThat(http.get("/ui/index.html", null).status()).isEqualTo(404);
    }

    Http.Response send(String method, String path, String body, String cookie, boolean uiHeader) throws Exception {
        var b = java.net.http.HttpRequest.newBuilder(URI.create(server.baseUrl() + path)).timeout(Duration.ofSeconds(30));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        if (uiHeader) {
            b.header(WebSession.CSRF_HEADER, "1");
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        var r = java.net.http.HttpClient.newHttpClient().send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        return new Http.Response(r.statusCode(), r.body(), r.headers());
    }
}
