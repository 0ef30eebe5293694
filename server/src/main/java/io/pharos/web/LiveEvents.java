package io.pharos.web;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.pharos.Threads;
import io.pharos.auth.AuthService;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.http.Requests;
import io.pharos.workflow.WorkflowEvents;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GET /api/events: server-sent events of the caller's runs (every run for an admin). Each
 * stream gets {@code ready} once subscribed, then one {@code workflow} event per stored change,
 * and a comment every {@code keepAliveEvery} so proxies keep it open and dead streams are found.
 * At each keep-alive the stream's token is checked again: a revoked token's stream is closed.
 * A user has at most {@code maxStreamsPerUser} streams open: each holds a connection and a
 * subscription, so one token must not be able to open them without end.
 */
public final class LiveEvents implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LiveEvents.class);
    /** Open event streams per user: a browser tab uses one (a hidden tab gives it back). */
    public static final int MAX_STREAMS_PER_USER = 8;

    private final WorkflowEvents events;
    private final AuthService auth;
    private final ObjectMapper mapper;
    private final int maxStreamsPerUser;
    private final Set<Stream> streams = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> streamsPerUser = new ConcurrentHashMap<>();
    private final SseHandler sse = new SseHandler(this::subscribe);
    // Writes to one stream must not interleave, and publishers must never wait on a slow browser:
    // one thread does every write, fed through its queue.
    private final ExecutorService writer;
    private final ScheduledExecutorService ticker;

    private record Stream(SseClient client, long userId, String authorization, AutoCloseable subscription) {
    }

    public LiveEvents(WorkflowEvents events, AuthService auth, ObjectMapper mapper, Duration keepAliveEvery,
                      int maxStreamsPerUser) {
        this.maxStreamsPerUser = maxStreamsPerUser;
        this.events = events;
        this.auth = auth;
        this.mapper = mapper;
        this.writer = Executors.newSingleThreadExecutor(Threads.daemon("pharos-sse-writer"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("pharos-sse-keepalive"));
        long ms = keepAliveEvery.toMillis();
        ticker.scheduleAtFixedRate(this::keepAlive, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * GET /api/events. A user already at the cap is refused here with a 429 and a JSON message:
     * once the stream starts, its 200 has been sent.
     */
    public void open(Context ctx) throws Exception {
        if (streamsPerUser.getOrDefault(Requests.principal(ctx).userId(), 0) >= maxStreamsPerUser) {
            throw tooMany();
        }
        sse.handle(ctx);
    }

    public void subscribe(SseClient client) {
        Principal caller = Requests.principal(client.ctx());
        // Taken for real here, where it is atomic: two streams opened at once cannot both pass the cap.
        if (!takeSlot(caller.userId())) {
            client.close();
            return;
        }
        // The credential the access filter accepted, checked again at each keep-alive.
        String authorization = WebSession.credential(client.ctx()).authorization();
        client.ctx().header("Cache-Control", "no-cache");
        client.ctx().header("X-Accel-Buffering", "no"); // nginx: pass events through at once
        client.keepAlive();
        AutoCloseable subscription = events.subscribe(e -> {
            if (caller.mayAccess(e.ownerId())) {
                write(client, "workflow", json(WebViews.event(e)));
            }
        });
        Stream stream = new Stream(client, caller.userId(), authorization, subscription);
        streams.add(stream);
        client.onClose(() -> drop(stream));
        if (client.terminated()) { // closed before the callback was there: its slot must still be given back
            drop(stream);
        }
        write(client, "ready", json(WebViews.ready(caller.userId())));
    }

    /** Open streams, for tests and diagnostics. */
    public int openStreams() {
        return streams.size();
    }

    private void keepAlive() {
        for (Stream s : streams) {
            try {
                auth.authenticate(s.authorization());
            } catch (ApiException e) {
                drop(s);
                write(s.client(), "", null); // the writer thread closes it, after what it already queued
                continue;
            } catch (RuntimeException e) {
                LOG.warn("Cannot re-check the token of an event stream", e); // e.g. the database is down: keep it
            }
            write(s.client(), null, null);
        }
    }

    private void write(SseClient client, String event, String data) {
        try {
            writer.execute(() -> {
                if (client.terminated()) {
                    return;
                }
                if ("".equals(event)) {
                    client.close();
                } else if (event == null) {
                    client.sendComment("keep-alive");
                } else {
                    client.sendEvent(event, data);
                }
            });
        } catch (RejectedExecutionException e) {
            // closing down: nothing more is sent
        }
    }

    private boolean takeSlot(long userId) {
        boolean[] taken = {false};
        streamsPerUser.compute(userId, (k, n) -> {
            int open = n == null ? 0 : n;
            if (open >= maxStreamsPerUser) {
                return n;
            }
            taken[0] = true;
            return open + 1;
        });
        return taken[0];
    }

    private ApiException tooMany() {
        return new ApiException(429, "Too many open event streams: at most " + maxStreamsPerUser
                + " per user; close a Pharos page or tab and try again");
    }

    private void drop(Stream s) {
        if (streams.remove(s)) {
            streamsPerUser.computeIfPresent(s.userId(), (k, n) -> n <= 1 ? null : n - 1);
            try {
                s.subscription().close();
            } catch (Exception e) {
                LOG.warn("Cannot unsubscribe an event stream", e);
            }
        }
    }

    private String json(Map<String, Object> view) {
        try {
            return mapper.writeValueAsString(view);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (Stream s : streams) {
            drop(s);
            s.client().close();
        }
        writer.shutdown();
        try {
            writer.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
