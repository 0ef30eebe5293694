package io.pharos.nf;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client against a real HTTP server on 127.0.0.1 that answers what each test tells it to. */
class PharosClientTest {
    /** One request as the server saw it: when (ms since the first) and what. */
    record Seen(long atMillis, String method, String path, String authorization, String body) {
    }

    HttpServer server;
    final List<Seen> seen = new CopyOnWriteArrayList<>();
    final AtomicInteger failuresLeft = new AtomicInteger();
    volatile int failWith = 503;
    volatile long first;

    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", ex -> {
            long now = System.nanoTime() / 1_000_000;
            if (seen.isEmpty()) {
                first = now;
            }
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(now - first, ex.getRequestMethod(), ex.getRequestURI().toString(),
                    ex.getRequestHeaders().getFirst("Authorization"), body));
            boolean fail = failuresLeft.getAndDecrement() > 0;
            byte[] answer = (fail ? "{\"message\":\"not now\"}" : "{\"status\":\"OK\"}").getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(fail ? failWith : 200, answer.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    Settings settings(String endpoint, Map<String, Object> extra) {
        Map<String, Object> scope = new java.util.HashMap<>(Map.of("enabled", true, "endpoint", endpoint,
                "accessToken", "pharos_abc", "backOffDelay", 100, "backOffBase", 2, "maxRetries", 3));
        scope.putAll(extra);
        return Settings.resolve(Map.of("pharos", scope), Map.of());
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api";
    }

    @Test
    void a_5xx_answer_is_sent_again_with_growing_delays_until_it_is_taken() throws IOException {
        serve();
        failuresLeft.set(2);
        PharosClient client = new PharosClient(settings(endpoint(), Map.of()));
        PharosClient.Reply r = client.send("PUT", "/trace/abc/progress", "{\"tasks\":[]}", true);
        assertThat(r.ok()).isTrue();
        assertThat(seen).hasSize(3);
        assertThat(seen).extracting(Seen::body).containsOnly("{\"tasks\":[]}");
        assertThat(seen).extracting(Seen::path).containsOnly("/api/trace/abc/progress");
        // it waits out the back-off before each retry: 100 ms, then 100 * 2 = 200 ms (at least; how
        // much longer a busy machine takes is no concern of this test)
        assertThat(seen.get(1).atMillis()).isGreaterThanOrEqualTo(100L);
        assertThat(seen.get(2).atMillis() - seen.get(1).atMillis()).isGreaterThanOrEqualTo(200L);
    }

    @Test
    void retries_stop_after_max_retries_and_the_last_answer_is_returned() throws IOException {
        serve();
        failuresLeft.set(100);
        failWith = 502;
        PharosClient client = new PharosClient(settings(endpoint(), Map.of("maxRetries", 2)));
        PharosClient.Reply r = client.send("PUT", "/trace/abc/progress", "{}", true);
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.transientFailure()).isTrue();
        assertThat(seen).hasSize(3); // the call and 2 retries
        assertThat(PharosClient.describe(r)).isEqualTo("HTTP 502: not now");
    }

    @Test
    void a_4xx_answer_and_a_call_without_retry_are_sent_once() throws IOException {
        serve();
        failuresLeft.set(1);
        failWith = 409;
        PharosClient client = new PharosClient(settings(endpoint(), Map.of()));
        PharosClient.Reply r = client.send("PUT", "/trace/abc/progress", "{}", true);
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.transientFailure()).isFalse();
        failuresLeft.set(1);
        failWith = 500;
        assertThat(client.send("POST", "/trace/create", "{}", false).status()).isEqualTo(500);
        assertThat(seen).hasSize(2);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort(); // closed again: nothing listens there
        }
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a hang only: a retry here would sleep for an hour
    void an_unreachable_server_is_a_reply_not_an_exception_and_is_not_retried_by_send() throws IOException {
        int port = freePort();
        // A refused progress call is not retried here: the observer keeps the tasks for its
        // next call. With an hour of back-off, a retry would hold this call for an hour.
        PharosClient client = new PharosClient(settings("http://127.0.0.1:" + port + "/api",
                Map.of("backOffDelay", 3_600_000)));
        PharosClient.Reply r = client.send("PUT", "/trace/abc/progress", "{}", true);
        assertThat(r.status()).isZero();
        assertThat(r.refused()).isTrue();
        assertThat(r.transientFailure()).isTrue();
        assertThat(PharosClient.describe(r)).contains("cannot reach Pharos at http://127.0.0.1:" + port);
    }

    @Test
    void a_refused_connection_is_retried_until_the_server_is_back() throws Exception {
        int port = freePort();
        // Pharos restarting: nothing listens on its port for a moment, then it answers
        Thread later = new Thread(() -> {
            try {
                Thread.sleep(400);
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
                server.createContext("/", ex -> {
                    seen.add(new Seen(0, ex.getRequestMethod(), ex.getRequestURI().toString(), null,
                            new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
                    byte[] b = "{}".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    try (OutputStream o = ex.getResponseBody()) {
                        o.write(b);
                    }
                });
                server.start();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        later.start();
        PharosClient client = new PharosClient(settings("http://127.0.0.1:" + port + "/api",
                Map.of("backOffDelay", 100, "backOffBase", 2, "maxRetries", 8)));
        PharosClient.Reply r = client.sendUntilReached("POST", "/trace/create", "{\"x\":1}", () -> false);
        later.join();
        assertThat(r.ok()).as(PharosClient.describe(r)).isTrue();
        assertThat(seen).hasSize(1); // refused attempts never reached a server
        assertThat(seen.get(0).body()).isEqualTo("{\"x\":1}");
    }

    @Test
    void a_refused_connection_is_retried_at_most_max_retries_times() throws IOException {
        int port = freePort();
        PharosClient client = new PharosClient(settings("http://127.0.0.1:" + port + "/api",
                Map.of("backOffDelay", 50, "backOffBase", 2, "maxRetries", 2)));
        long t0 = System.nanoTime();
        PharosClient.Reply r = client.sendUntilReached("POST", "/trace/create", "{}", () -> false);
        assertThat(r.refused()).isTrue();
        // two waits, 50 then 100 ms: it did retry, and then it stopped
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(150L);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES) // against a hang only: the back-off is an hour
    void retries_of_an_unreachable_server_stop_when_the_caller_gives_up() throws IOException {
        int port = freePort();
        PharosClient client = new PharosClient(settings("http://127.0.0.1:" + port + "/api",
                Map.of("backOffDelay", 3_600_000)));
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        // the run ends during the first wait: no more tries, no hour-long wait
        PharosClient.Reply r = client.sendUntilReached("POST", "/trace/create", "{}", () -> asked.incrementAndGet() > 3);
        assertThat(r.refused()).isTrue();
        assertThat(asked.get()).isEqualTo(4);
    }

    @Test
    void tokens_go_as_nextflow_sends_them_and_the_workspace_rides_along() throws IOException {
        serve();
        PharosClient plain = new PharosClient(settings(endpoint(), Map.of("workspaceId", "42")));
        plain.send("POST", "/trace/create", "{}", false);
        PharosClient jwt = new PharosClient(settings(endpoint(), Map.of("accessToken", "aaa.bbb.ccc")));
        jwt.send("POST", "/trace/create", "{}", false);
        assertThat(seen.get(0).authorization()).isEqualTo("Basic "
                + java.util.Base64.getEncoder().encodeToString("@token:pharos_abc".getBytes(StandardCharsets.UTF_8)));
        assertThat(seen.get(0).path()).isEqualTo("/api/trace/create?workspaceId=42");
        assertThat(seen.get(1).authorization()).isEqualTo("Bearer aaa.bbb.ccc");
    }
}
