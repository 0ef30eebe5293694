package io.pharos.nf;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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

    /**
     * What came back: status 0 when the server could not be reached at all; {@code refused}
     * when not even a connection was made, so nothing of the call can have arrived.
     */
    public record Reply(int status, String body, String error, boolean refused) {
        public Reply(int status, String body, String error) {
            this(status, body, error, false);
        }

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

    public PharosClient(Settings settings) {
        this.settings = settings;
        this.authorization = authorization(settings.accessToken());
        this.userAgent = "Nextflow/" + nextflowVersion() + " nf-pharos/" + Version.get();
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

    /**
     * Sends one call; with {@code retry}, sends it again up to maxRetries times, with growing
     * delays, while the answer is >= 500. A call Pharos could not be reached for is not sent
     * again here: the observer keeps its tasks for its next call, and must not stall on one.
     */
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

    /**
     * Sends one call again, with the same growing delays, while no connection can be made
     * (nothing of it arrived: Pharos is restarting) or the answer is >= 500, up to maxRetries
     * times or until {@code giveUp} says so (checked every 100 ms of the waits). For create and begin: a
     * run that starts while Pharos restarts is still recorded.
     */
    public Reply sendUntilReached(String method, String path, String json, java.util.function.BooleanSupplier giveUp) {
        String url = url(path);
        long delay = settings.backOffDelayMillis();
        for (int attempt = 0; ; attempt++) {
            Reply r = once(method, url, json);
            if ((!r.refused() && r.status() < 500) || attempt >= settings.maxRetries()) {
                return r;
            }
            log.debug("nf-pharos: {} {}: {}; again in {} ms", method, url, describe(r), delay);
            for (long waited = 0; waited < delay; waited += 100) {
                if (giveUp.getAsBoolean() || !sleep(Math.min(100, delay - waited))) {
                    return r;
                }
            }
            delay *= Math.max(1, settings.backOffBase());
        }
    }

    /**
     * One exchange over {@link HttpURLConnection}, as Nextflow's own Tower client makes them
     * (HTTP/1.1, kept-alive connections, the JVM's proxy settings). Not the JDK's newer
     * {@code java.net.http.HttpClient}: its selector thread waits in native code, which holds
     * the JVM's exit about 0.3 s at the end of every run, and loading it cost start-up tenths
     * of a second more (docs/benchmarks-nextflow.md).
     */
    private Reply once(String method, String url, String json) {
        HttpURLConnection c = null;
        try {
            c = (HttpURLConnection) URI.create(url).toURL().openConnection();
            c.setConnectTimeout((int) Math.min(settings.httpTimeoutMillis(), 10_000));
            c.setReadTimeout((int) Math.min(settings.httpTimeoutMillis(), Integer.MAX_VALUE));
            c.setRequestMethod(method);
            c.setRequestProperty("Content-Type", "application/json");
            c.setRequestProperty("User-Agent", userAgent);
            if (authorization != null) {
                c.setRequestProperty("Authorization", authorization);
            }
            byte[] body = json.getBytes(StandardCharsets.UTF_8);
            c.setDoOutput(true);
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
            String answer;
            if (in == null) {
                answer = "";
            } else {
                try (in) {
                    answer = new String(in.readAllBytes(), StandardCharsets.UTF_8); // read to the end: the connection is reused
                }
            }
            return new Reply(status, answer, null);
        } catch (IOException | IllegalArgumentException e) {
            if (c != null) {
                c.disconnect();
            }
            return new Reply(0, null, "cannot reach Pharos at " + settings.endpoint() + ": " + e,
                    e instanceof java.net.ConnectException);
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
