package io.pharos.trace;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Instants as the ISO text PostgreSQL reads ({@code 2026-11-24T17:20:05.123Z}), written by hand.
 * {@code Instant.toString} goes through java.time's formatter and pgjdbc's own {@code Timestamp}
 * binding through a {@code Calendar}; either cost about 5 % of a progress call's CPU
 * (docs/benchmarks-ingest.md, issue 15). The text is the one {@code Instant.toString} writes
 * (the fraction in groups of three digits), for the years 1 to 9999; other years are null here.
 */
final class IsoText {
    private IsoText() {
    }

    private static final long YEAR_1 = -62135596800L;     // 0001-01-01T00:00:00Z
    private static final long YEAR_10000 = 253402300800L; // 10000-01-01T00:00:00Z

    /** The instant as ISO text, or null outside the years 1 to 9999. */
    static String of(Instant v) {
        long seconds = v.getEpochSecond();
        if (seconds < YEAR_1 || seconds >= YEAR_10000) {
            return null;
        }
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        LocalDate date = LocalDate.ofEpochDay(days); // arithmetic only
        int nanos = v.getNano();
        char[] out = new char[nanos == 0 ? 20 : nanos % 1_000_000 == 0 ? 24 : nanos % 1000 == 0 ? 27 : 30];
        put(out, 0, date.getYear(), 4);
        out[4] = '-';
        put(out, 5, date.getMonthValue(), 2);
        out[7] = '-';
        put(out, 8, date.getDayOfMonth(), 2);
        out[10] = 'T';
        put(out, 11, secondOfDay / 3600, 2);
        out[13] = ':';
        put(out, 14, secondOfDay / 60 % 60, 2);
        out[16] = ':';
        put(out, 17, secondOfDay % 60, 2);
        if (nanos != 0) {
            out[19] = '.';
            int digits = out.length - 21;
            put(out, 20, nanos / POWERS[9 - digits], digits);
        }
        out[out.length - 1] = 'Z';
        return new String(out);
    }

    private static final int[] POWERS = {1, 10, 100, 1000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000};

    /** Writes {@code value} as {@code width} digits, zero-padded, at {@code at}. */
    private static void put(char[] out, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            out[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
