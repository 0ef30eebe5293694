package io.pharos.nf;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP to Pharos: the Tower trace calls with Nextflow's authentication rules. Answers 5xx are
 * retried with exponential back-off; an unreachable server is reported, never thrown, so that
 * the pipeline goes on whatever happens to Pharos.
 */
public class PharosClient {
    private static final Logger log = LoggerFactory.getLogger(PharosClient.class);

    /** What came back: status 0 when the server could not be reached at all. */
    public record Reply(int status, String body, String error) {
        public boolean ok() {
            return status >= 200 && status < 300;
        }

        /** Worth sending again later: nothing arrived, or the server failed. */
        public boolean transientFailure() {
            return status == 0 || status >= 500;
        }
    }

    private final Settings settings;
    private final String authorization;
    private final String userAgent;
    private HttpClient http;

    public PharosClient(Settings settings) {
        this.settings = settings;
        this.authorization = authorization(settings.accessToken());
        this.userAgent = "Nextflow/" + nextflowVersion() + " nf-pharos/" + Version.get();
    }

    /**
     * Made on first use, so on the observer's reporter thread: building a JDK HTTP client loads
     * its module's classes and starts a selector thread, which costs Nextflow's main thread
     * tenths of a second at start-up (docs/benchmarks-nextflow.md).
     */
    private synchronized HttpClient http() {
        if (http == null) {
            // HTTP/1.1, as Nextflow's own client speaks; the JDK default would try an h2c upgrade first
            http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofMillis(Math.min(settings.httpTimeoutMillis(), 10_000)))
                    .build();
        }
        return http;
    }

    /** Bearer for a JWT-shaped token, else Basic "@token:TOKEN", as Nextflow's Tower client does. */
    static String authorization(String token) {
        if (token == null) {
            return null;
        }
        if (token.chars().filter(c -> c == '.').count() == 2 || looksLikeEncodedJson(token)) {
            return "Bearer " + token;
        }
        return "Basic " + Base64.getEncoder().encodeToString(("@token:" + token).getBytes(StandardCharsets.UTF_8));
    }

    private static boolean looksLikeEncodedJson(String token) {
        try {
            String plain = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
            int dot = plain.indexOf('.');
            if (dot <= 0) {
                return false;
            }
            Object parsed = new groovy.json.JsonSlurper().parseText(plain.substring(0, dot));
            return parsed instanceof Map<?, ?> m ? !m.isEmpty() : parsed instanceof java.util.List<?> l && !l.isEmpty();
        } catch (RuntimeException e) {
            return false;
        }
    }

    public String url(String path) {
        String u = settings.endpoint() + path;
        if (settings.workspaceId() != null) {
            u += "?workspaceId=" + java.net.URLEncoder.encode(settings.workspaceId(), StandardCharsets.UTF_8);
        }
        return u;
    }

    /** Sends one call; retries answers >= 500 up to maxRetries times. */
    public Reply send(String method, String path, String json, boolean retry) {
        String url = url(path);
        int attempts = retry ? settings.maxRetries() + 1 : 1;
        long delay = settings.backOffDelayMillis();
        Reply reply = null;
        for (int i = 1; i <= attempts; i++) {
            reply = once(method, url, json);
            if (reply.status() < 500) {
                return reply;
            }
            if (i < attempts) {
                log.debug("nf-pharos: {} {} answered {}; retry {} in {} ms", method, url, reply.status(), i, delay);
                if (!sleep(delay)) {
                    return reply;
                }
                delay *= Math.max(1, settings.backOffBase());
            }
        }
        return reply;
    }

    private Reply once(String method, String url, String json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofMillis(settings.httpTimeoutMillis()))
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> r = http().send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), null);
        } catch (IOException e) {
            return new Reply(0, null, "cannot reach Pharos at " + settings.endpoint() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Reply(0, null, "interrupted");
        }
    }

    private static boolean sleep(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The message of a JSON error body ({"message": ...}), or the body itself. */
    static String describe(Reply r) {
        if (r.error() != null) {
            return r.error();
        }
        String msg = r.body();
        try {
            Object parsed = new groovy.json.JsonSlurper().parseText(r.body());
            if (parsed instanceof Map<?, ?> m && m.get("message") != null) {
                msg = m.get("message").toString();
            }
        } catch (RuntimeException ignored) {
            // not JSON: show it as it is
        }
        return "HTTP " + r.status() + (msg == null || msg.isBlank() ? "" : ": " + msg);
    }

    private static String nextflowVersion() {
        try {
            return nextflow.BuildInfo.getVersion();
        } catch (RuntimeException | LinkageError e) {
            return "unknown";
        }
    }
}
