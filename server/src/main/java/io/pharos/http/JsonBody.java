package io.pharos.http;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.time.Instant;

/**
 * An answer that writes itself with a {@link JsonGenerator} (see {@link Requests#json(io.javalin.http.Context,
 * JsonBody)}): for pages of tasks and runs, building a map per object and letting Jackson walk
 * them was most of a request's CPU.
 */
@FunctionalInterface
public interface JsonBody {
    void writeTo(JsonGenerator g) throws IOException;

    /**
     * Writes one value exactly as the server's ObjectMapper writes it inside a map: instants as
     * ISO-8601 text (what JavaTimeModule writes with dates as timestamps turned off), numbers,
     * strings and booleans as they are; anything else (trees, maps, lists) through the mapper.
     */
    static void value(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Long l) {
            g.writeNumber(l);
        } else if (v instanceof Integer i) {
            g.writeNumber(i);
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Instant t) {
            g.writeString(t.toString());
        } else {
            g.writeObject(v);
        }
    }

    /** A field and its value: {@link #value}. */
    static void field(JsonGenerator g, String key, Object v) throws IOException {
        g.writeFieldName(key);
        value(g, v);
    }
}
