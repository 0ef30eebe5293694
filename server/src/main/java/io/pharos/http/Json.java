package io.pharos.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.pharos.error.ApiException;
import java.io.IOException;
import java.io.InputStream;
import java.util.stream.Collectors;

/** The one ObjectMapper of the server, and reading request bodies into records with clear 400s. */
public final class Json {
    private Json() {
    }

    public static ObjectMapper mapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new SimpleModule("lenient-instants").addDeserializer(Instant.class, new LenientInstant()))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                // Jackson stops after the first value by default; `{...} junk` is malformed, not a valid body.
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
    }

    /**
     * ISO-8601 instants with or without seconds or an offset other than Z ({@code 2026-11-24T17:20Z}
     * is how Java, and so Nextflow, prints a time at a whole minute), or epoch milliseconds.
     */
    static final class LenientInstant extends StdDeserializer<Instant> {
        LenientInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
                return Instant.ofEpochMilli(p.getLongValue());
            }
            String text = p.getValueAsString();
            if (text == null || text.isBlank()) {
                return null;
            }
            Instant quick = quickParse(text);
            if (quick != null) {
                return quick;
            }
            try {
                return OffsetDateTime.parse(text.strip()).toInstant();
            } catch (DateTimeParseException e) {
                return (Instant) ctx.handleWeirdStringValue(Instant.class, text, "expected an ISO-8601 date-time");
            }
        }
    }

    /**
     * The form Nextflow sends nearly always, {@code 2026-11-24T17:20:05.123Z} (seconds, 0 to 9
     * digits of fraction, Z or an offset of hours and minutes), read without java.time's general
     * parser, which cost a fifth of the JSON reading of a progress body. Anything else, or a
     * value out of range, is null here and goes to {@code OffsetDateTime.parse}, which decides.
     */
    static Instant quickParse(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0) {
            return null;
        }
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                nanos = nanos * 10 + (s.charAt(i++) - '0');
            }
            if (i == start) {
                return null;
            }
            for (int k = i - start; k < 9; k++) {
                nanos *= 10;
            }
        }
        int offsetSeconds;
        if (i == n - 1 && s.charAt(i) == 'Z') {
            offsetSeconds = 0;
        } else if (i == n - 6 && (s.charAt(i) == '+' || s.charAt(i) == '-') && s.charAt(i + 3) == ':') {
            int h = digits(s, i + 1, 2);
            int m = digits(s, i + 4, 2);
            if (h < 0 || m < 0 || h > 18 || m > 59) {
                return null;
            }
            offsetSeconds = (s.charAt(i) == '-' ? -1 : 1) * (h * 3600 + m * 60);
        } else {
            return null;
        }
        try {
            return java.time.LocalDateTime.of(year, month, day, hour, minute, second, nanos)
                    .toInstant(java.time.ZoneOffset.ofTotalSeconds(offsetSeconds));
        } catch (java.time.DateTimeException e) {
            return null;
        }
    }

    /** The number written by {@code count} ASCII digits at {@code from}; -1 if one is not a digit. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * Parses a body; malformed JSON or wrong types become a 400 naming the place, an empty
     * body a 400 too, and a body over the size limit a 413 (see {@link LimitedInputStream}).
     */
    public static <T> T read(ObjectMapper mapper, InputStream body, Class<T> type) {
        try {
            T value = mapper.readValue(body, type);
            if (value == null) {
                throw ApiException.badRequest("Request body must be a JSON object");
            }
            return value;
        } catch (LimitedInputStream.TooLarge e) {
            throw ApiException.tooLarge(e.getMessage());
        } catch (JsonMappingException e) {
            if (e.getCause() instanceof LimitedInputStream.TooLarge tl) {
                throw ApiException.tooLarge(tl.getMessage());
            }
            if (e.getCause() instanceof JsonParseException pe) {
                throw ApiException.badRequest("Malformed JSON" + at(pe.getLocation()) + ": " + pe.getOriginalMessage());
            }
            if (e.getPath().isEmpty() && e.getMessage() != null && e.getMessage().startsWith("No content")) {
                throw ApiException.badRequest("Request body must be a JSON object");
            }
            throw ApiException.badRequest(describe(e));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("Malformed JSON" + at(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            if (e.getCause() instanceof LimitedInputStream.TooLarge tl) {
                throw ApiException.tooLarge(tl.getMessage());
            }
            throw ApiException.badRequest("Unreadable request body: " + e.getMessage());
        }
    }

    private static String describe(JsonMappingException e) {
        String field = e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
        String detail = e.getOriginalMessage();
        // Jackson's messages name Java types; the first sentence is what a client can act on.
        int cut = detail.indexOf(" at [Source");
        if (cut > 0) {
            detail = detail.substring(0, cut);
        }
        detail = detail.lines().findFirst().orElse(detail);
        return field.isEmpty()
                ? "Invalid JSON body" + at(e.getLocation()) + ": " + detail
                : "Invalid value for '" + field + "'" + at(e.getLocation()) + ": " + detail;
    }

    private static String at(JsonLocation loc) {
        return loc == null || loc.getLineNr() < 0 ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
