package io.pharos.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.Request;

/** What every handler needs from a request: the caller, the body as a record, typed parameters. */
public final class Requests {
    static final String PRINCIPAL = "pharos.principal";
    /** Bodies above this many bytes (or of unknown length) are large: see {@link LargeBodies}. */
    public static final long LARGE_BODY_BYTES = 1024 * 1024;
    /** Large bodies parsed and processed at once: each can take a few hundred MB of heap. */
    public static final int LARGE_BODY_SLOTS = 2;
    /** How long a large body waits for a slot before the answer is 503 (Nextflow's client retries). */
    public static final Duration LARGE_BODY_WAIT = Duration.ofSeconds(30);
    static final String RETRY_AFTER_SECONDS = "5";
    /**
     * How much of a refused body is still read, unkept, before its 413 is sent. A client that is
     * still writing when the server answers and closes gets a reset instead of the answer; reading
     * the rest first lets it read the 413. Beyond this, the connection is closed on it.
     */
    static final long REFUSED_BODY_DRAIN_BYTES = 16L * 1024 * 1024;

    /**
     * How large bodies are let in. A body is held in memory as records while its request is
     * handled, so a few of the largest allowed could fill the heap: a body over {@code fromBytes},
     * or of unknown length (chunked), first takes one of {@code slots} and keeps it until its
     * response is sent, waiting at most {@code maxWait} for one. Smaller bodies never wait.
     */
    public record LargeBodies(long fromBytes, int slots, Duration maxWait) {
        public static final LargeBodies DEFAULTS = new LargeBodies(LARGE_BODY_BYTES, LARGE_BODY_SLOTS, LARGE_BODY_WAIT);
    }

    private final ObjectMapper mapper;
    private final long maxBodyBytes;
    private final LargeBodies large;
    private final Semaphore largeSlots;

    public Requests(ObjectMapper mapper, long maxBodyBytes) {
        this(mapper, maxBodyBytes, LargeBodies.DEFAULTS);
    }

    public Requests(ObjectMapper mapper, long maxBodyBytes, LargeBodies large) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
        this.large = large;
        this.largeSlots = new Semaphore(large.slots(), true);
    }

    public static Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) {
            throw new IllegalStateException("route has no authenticated caller: " + ctx.path());
        }
        return p;
    }

    public <T> T body(Context ctx, Class<T> type) {
        long declared = ctx.contentLength();
        if (declared > maxBodyBytes) {
            drain(ctx, REFUSED_BODY_DRAIN_BYTES);
            throw ApiException.tooLarge("Request body of " + declared + " bytes is larger than the limit of "
                    + maxBodyBytes + " bytes");
        }
        boolean releaseNow = false;
        Runnable release = null;
        if (declared < 0 || declared > large.fromBytes()) {
            release = admitLarge(ctx);
            releaseNow = !releaseWhenSent(ctx, release);
        }
        try {
            return Json.read(mapper, new LimitedInputStream(ctx.bodyInputStream(), maxBodyBytes), type);
        } catch (ApiException e) {
            if (e.status() == 413) {
                drain(ctx, REFUSED_BODY_DRAIN_BYTES);
            }
            throw e;
        } finally {
            if (releaseNow) {
                release.run();
            }
        }
    }

    /** Takes a slot for a large body (released by the returned action, once), or refuses it with a 503. */
    private Runnable admitLarge(Context ctx) {
        boolean admitted;
        try {
            admitted = largeSlots.tryAcquire(large.maxWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            admitted = false;
        }
        if (!admitted) {
            // Read to the end, unparsed, so the client gets to read the answer instead of a reset connection.
            discard(ctx);
            ctx.header("Retry-After", RETRY_AFTER_SECONDS);
            throw new ApiException(503, "The server is busy with other large request bodies: retry in a few seconds");
        }
        AtomicBoolean released = new AtomicBoolean();
        return () -> {
            if (released.compareAndSet(false, true)) {
                largeSlots.release();
            }
        };
    }

    /** Runs {@code release} once the response is sent, since the parsed body lives until then; false if it cannot. */
    private static boolean releaseWhenSent(Context ctx, Runnable release) {
        ServletContextRequest request = ServletContextRequest.getServletContextRequest(ctx.req());
        if (request == null) {
            return false;
        }
        Request.addCompletionListener(request, failure -> release.run());
        return true;
    }

    /** Reads and drops at most {@code max} more bytes of the body; errors only end the reading. */
    private static void drain(Context ctx, long max) {
        byte[] buf = new byte[8192];
        long left = max;
        try {
            InputStream in = ctx.bodyInputStream();
            int n;
            while (left > 0 && (n = in.read(buf, 0, (int) Math.min(buf.length, left))) >= 0) {
                left -= n;
            }
        } catch (IOException | RuntimeException e) {
            // cut off or unreadable: the answer is the same
        }
    }

    private void discard(Context ctx) {
        byte[] buf = new byte[8192];
        try (InputStream in = new LimitedInputStream(ctx.bodyInputStream(), maxBodyBytes)) {
            while (in.read(buf) >= 0) {
                // unread, unkept
            }
        } catch (IOException e) {
            // too large or cut off: the answer is the same
        }
    }

    public static long longPath(Context ctx, String name) {
        String v = ctx.pathParam(name);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " '" + v + "': expected a whole number");
        }
    }

    /** An optional whole-number query parameter; anything else is a 400 naming it. */
    /** A true/false query parameter (absent: false); any other value is a 400 naming it. */
    public static boolean booleanQuery(Context ctx, String name) {
        String value = ctx.queryParam(name);
        if (value != null && !value.equals("true") && !value.equals("false")) {
            throw ApiException.badRequest("Invalid " + name + " '" + value + "': use true or false");
        }
        return "true".equals(value);
    }

    public static int intQuery(Context ctx, String name, int defaultValue) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("Invalid " + name + " '" + v + "': expected a whole number");
        }
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Answers {@code body} as JSON written straight into UTF-8 bytes. ctx.json writes it into a
     * String first and then encodes that: for a 120 KB task page, most of the request's CPU.
     */
    public void json(Context ctx, Object body) {
        byte[] bytes;
        try {
            bytes = mapper.writeValueAsBytes(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
        ctx.contentType(io.javalin.http.ContentType.APPLICATION_JSON).result(bytes);
    }

    /** Answers JSON that writes itself into UTF-8 bytes with one generator of the server's mapper. */
    public void json(Context ctx, JsonBody body) {
        json(ctx, bytes(body));
    }

    /** Answers JSON already written. */
    public void json(Context ctx, byte[] body) {
        ctx.contentType(io.javalin.http.ContentType.APPLICATION_JSON).result(body);
    }

    /** The UTF-8 bytes of JSON that writes itself, with one generator of the server's mapper. */
    public byte[] bytes(JsonBody body) {
        com.fasterxml.jackson.core.util.ByteArrayBuilder out = new com.fasterxml.jackson.core.util.ByteArrayBuilder(8192);
        try (com.fasterxml.jackson.core.JsonGenerator g = mapper.createGenerator(out)) {
            body.writeTo(g);
        } catch (IOException e) {
            throw new IllegalStateException("Could not write JSON", e);
        }
        return out.toByteArray();
    }
}
