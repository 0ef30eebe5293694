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
            instant(g, t);
        } else {
            g.writeObject(v);
        }
    }

    /** The first second of the year 10,000: later instants (and those before 1970) are left to java.time. */
    long YEAR_10000 = 253_402_300_800L;

    /**
     * An instant as {@code Instant.toString} (ISO_INSTANT) writes it, {@code 2026-12-06T05:33:56.123Z}:
     * seconds always, the fraction in groups of three digits as needed. Written here for 1970 to
     * 9999 without java.time's formatter, which was a sixth of a task page's CPU.
     */
    static void instant(JsonGenerator g, Instant t) throws IOException {
        long s = t.getEpochSecond();
        if (s < 0 || s >= YEAR_10000) {
            g.writeString(t.toString());
            return;
        }
        java.time.LocalDate d = java.time.LocalDate.ofEpochDay(s / 86_400);
        int time = (int) (s % 86_400);
        char[] c = new char[30];
        int n = digits(c, 0, d.getYear(), 4);
        c[n++] = '-';
        n = digits(c, n, d.getMonthValue(), 2);
        c[n++] = '-';
        n = digits(c, n, d.getDayOfMonth(), 2);
        c[n++] = 'T';
        n = digits(c, n, time / 3600, 2);
        c[n++] = ':';
        n = digits(c, n, time / 60 % 60, 2);
        c[n++] = ':';
        n = digits(c, n, time % 60, 2);
        int nano = t.getNano();
        if (nano > 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                n = digits(c, n, nano / 1_000_000, 3);
            } else if (nano % 1_000 == 0) {
                n = digits(c, n, nano / 1_000, 6);
            } else {
                n = digits(c, n, nano, 9);
            }
        }
        c[n++] = 'Z';
        g.writeString(c, 0, n);
    }

    /** {@code value} in {@code count} digits, zero-padded, at {@code at}; returns the index after them. */
    private static int digits(char[] c, int at, int value, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + count;
    }

    /** A field and its value: {@link #value}. */
    static void field(JsonGenerator g, String key, Object v) throws IOException {
        g.writeFieldName(key);
        value(g, v);
    }
}
