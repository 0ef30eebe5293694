package io.pharos.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Plays fixture calls against a server as one client would, rewriting the run id the server gives. */
public final class Replayer {
    private final Http http;
    private final String authorization;

    public Replayer(Http http, String authorization) {
        this.http = http;
        this.authorization = authorization;
    }

    /** Replays all calls; returns the new run's id. Fails on any non-2xx answer. */
    public String replay(List<Fixtures.Call> calls) {
        String id = null;
        for (Fixtures.Call c : calls) {
            Http.Response r = send(c, id);
            if (r.status() / 100 != 2) {
                throw new AssertionError(c.method() + " " + c.path() + " answered " + r.status() + ": " + r.body());
            }
            if (c.path().startsWith("/api/trace/create")) {
                id = r.json().get("workflowId").asText();
            }
        }
        return id;
    }

    public Http.Response send(Fixtures.Call c, String id) {
        String path = id == null ? c.path() : c.path().replace("/abc123/", "/" + id + "/");
        return http.send(c.method(), path, authorization, body(c.body()));
    }

    private static String body(JsonNode n) {
        try {
            return Http.JSON.writeValueAsString(n);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
