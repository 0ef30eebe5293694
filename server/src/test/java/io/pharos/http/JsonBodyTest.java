package io.pharos.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** JsonBody writes values exactly as the server's ObjectMapper writes them inside a map. */
class JsonBodyTest {
    private final ObjectMapper mapper = Json.mapper();

    @Test
    void instantsAsTheMapperWritesThem() throws Exception {
        Random rnd = new Random(7);
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.ofEpochSecond(0, 1),
                Instant.ofEpochSecond(59), Instant.ofEpochSecond(60), Instant.ofEpochSecond(-1, 500_000_000),
                Instant.ofEpochSecond(JsonBody.YEAR_10000 - 1, 999_999_999), Instant.ofEpochSecond(JsonBody.YEAR_10000),
                Instant.parse("2024-02-29T23:59:59.100Z"), Instant.parse("2026-12-06T05:33:56.000120Z"),
                Instant.MIN, Instant.MAX));
        int[] nanos = {0, 1, 10, 1_000, 120_000, 1_000_000, 123_000_000, 999_999_999};
        for (int i = 0; i < 20_000; i++) {
            long s = rnd.nextInt(3) == 0 ? rnd.nextLong() % JsonBody.YEAR_10000 : 1_600_000_000L + rnd.nextInt(400_000_000);
            instants.add(Instant.ofEpochSecond(s, rnd.nextBoolean() ? nanos[rnd.nextInt(nanos.length)] : rnd.nextInt(1_000_000_000)));
        }
        for (Instant t : instants) {
            assertThat(written(t)).as(t.toString()).isEqualTo(mapper.writeValueAsString(Map.of("v", t)));
        }
    }

    @Test
    void numbersStringsAndNullsAsTheMapperWritesThem() throws Exception {
        for (Object v : new Object[] {null, "é漢 \u0001\"\\ \uD83D\uDE00", 12L, -3, 1.5, 1e20, Double.NaN, -0.0, true,
                List.of("a", 1), Map.of("k", "v")}) {
            assertThat(written(v)).isEqualTo(new String(mapper.writeValueAsBytes(java.util.Collections.singletonMap("v", v)),
                    StandardCharsets.UTF_8));
        }
    }

    private String written(Object v) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var g = mapper.createGenerator(out)) {
            g.writeStartObject();
            JsonBody.field(g, "v", v);
            g.writeEndObject();
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
