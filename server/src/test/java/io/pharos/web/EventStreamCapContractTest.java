package io.pharos.web;

import static io.pharos.support.Await.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.support.Fixtures;
import io.pharos.support.Http;
import io.pharos.support.Replayer;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** One token cannot open event streams without end: each user has a cap, and a closed stream frees its slot. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EventStreamCapContractTest {
    static final int CAP = LiveEvents.MAX_STREAMS_PER_USER;

    abstract TestDb.Kind kind();

    TestServer server;
    Http http;

    @BeforeAll
    void start() throws IOException {
        server = TestServer.onNewDatabase(kind(), Files.createTempDirectory("pharos-sse-cap"));
        http = server.http();
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** One event stream, read on its own thread; or the refusal, with its body. */
    final class Stream implements AutoCloseable {
        final HttpURLConnection conn;
        final int status;
        final String contentType;
        final String refusal;
        final List<String> lines = new CopyOnWriteArrayList<>();

        Stream(String token) throws IOException {
            conn = (HttpURLConnection) URI.create(server.baseUrl() + "/api/events").toURL().openConnection();
            conn.setRequestProperty("Accept", "text/event-stream");
            conn.setRequestProperty("Authorization", Http.bearer(token));
            conn.setReadTimeout(60_000);
            status = conn.getResponseCode();
            contentType = conn.getContentType();
            if (status != 200) {
                try (InputStream err = conn.getErrorStream()) {
                    refusal = err == null ? "" : new String(err.readAllBytes(), StandardCharsets.UTF_8);
                }
                return;
            }
            refusal = null;
            Thread t = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(conn.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // closed by the test
                }
            }, "sse-reader");
            t.setDaemon(true);
            t.start();
        }

        boolean ready() {
            return lines.contains("event: ready");
        }

        @Override
        public void close() {
            conn.disconnect();
        }
    }

    /** As many streams as the cap allows, each one ready. */
    List<Stream> openAll(String token) throws Exception {
        List<Stream> open = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            Stream s = new Stream(token);
            open.add(s);
            assertThat(s.status).as("stream " + (i + 1) + " of " + CAP).isEqualTo(200);
            await(() -> s.ready() ? true : null, Duration.ofSeconds(15));
        }
        return open;
    }

    static void closeAll(List<Stream> streams) {
        streams.forEach(Stream::close);
    }

    @Test
    void past_the_cap_a_users_next_stream_is_429_with_a_json_message_and_other_users_are_not_affected() throws Exception {
        String alice = server.newUserToken("alice", false);
        String bob = server.newUserToken("bob", false);
        List<Stream> alices = openAll(alice);
        try (Stream refused = new Stream(alice); Stream bobs = new Stream(bob)) {
            assertThat(refused.status).isEqualTo(429);
            assertThat(refused.contentType).startsWith("application/json");
            JsonNode body = Http.JSON.readTree(refused.refusal);
            assertThat(body.size()).isEqualTo(1);
            assertThat(body.get("message").asText()).contains("at most " + CAP);
            assertThat(bobs.status).isEqualTo(200);
            await(() -> bobs.ready() ? true : null, Duration.ofSeconds(15));
        } finally {
            closeAll(alices);
        }
    }

    @Test
    void a_closed_stream_gives_its_slot_back() throws Exception {
        String carol = server.newUserToken("carol", false);
        List<Stream> carols = openAll(carol);
        try {
            try (Stream refused = new Stream(carol)) {
                assertThat(refused.status).isEqualTo(429);
            }
            carols.remove(0).close();
            // A gone client is noticed at the next write to it: carol's own runs make events for her streams.
            Replayer replayer = new Replayer(http, Http.bearer(carol));
            Fixtures.Call create = Fixtures.nextflowTower("nf25.04.0-heartbeat").get(0);
            Stream again = await(() -> {
                replayer.send(create, null);
                try {
                    Stream s = new Stream(carol);
                    if (s.status == 200) {
                        return s;
                    }
                    s.close();
                    return null;
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, Duration.ofSeconds(30));
            carols.add(again);
            await(() -> again.ready() ? true : null, Duration.ofSeconds(15));
        } finally {
            closeAll(carols);
        }
    }
}
