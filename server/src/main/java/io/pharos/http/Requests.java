package io.pharos.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;

/** What every handler needs from a request: the caller, the body as a record, typed parameters. */
public final class Requests {
    static final String PRINCIPAL = "pharos.principal";

    private final ObjectMapper mapper;
    private final long maxBodyBytes;

    public Requests(ObjectMapper mapper, long maxBodyBytes) {
        this.mapper = mapper;
        this.maxBodyBytes = maxBodyBytes;
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
            throw ApiException.tooLarge("Request body of " + declared + " bytes is larger than the limit of "
                    + maxBodyBytes + " bytes");
        }
        return Json.read(mapper, new LimitedInputStream(ctx.bodyInputStream(), maxBodyBytes), type);
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
}
