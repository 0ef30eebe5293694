package io.pharos.nf;

import static org.assertj.core.api.Assertions.assertThat;

import groovy.json.JsonOutput;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** nf-pharos's JSON writer against Groovy's JsonOutput, which it replaced: the same text for the same value. */
class JsonValuesTest {

    @Test
    void every_character_is_written_as_groovy_writes_it() {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            String one = String.valueOf((char) c);
            assertThat(JsonValues.toJson(one)).as("U+%04X", c).isEqualTo(JsonOutput.toJson(one));
            all.append((char) c);
        }
        assertThat(JsonValues.toJson(all.toString())).isEqualTo(JsonOutput.toJson(all.toString()));
        String mixed = "naïve \"quoted\" back\\slash tab\t nl\n 日本 emoji \uD83D\uDE00 </script>";
        assertThat(JsonValues.toJson(mixed)).isEqualTo(JsonOutput.toJson(mixed));
    }

    @Test
    void numbers_booleans_null_maps_and_lists_are_written_as_groovy_writes_them() {
        Random random = new Random(15);
        List<Object> values = new ArrayList<>(Arrays.asList(null, true, false, 0, -1, Integer.MAX_VALUE, Integer.MIN_VALUE,
                0L, Long.MAX_VALUE, Long.MIN_VALUE, 2147483647L, (short) 7, (byte) -3, 0.0, -0.0, 1.0, 0.1, 1e-7, 1e21,
                123456789.123, Double.MAX_VALUE, Double.MIN_VALUE, 12.5f, 0.1f, 1e-10f, 3e10f,
                new BigDecimal("1.50"), new BigDecimal("1E+3"), new BigDecimal("-0.000001"), new BigDecimal("12345678901234567890.5"),
                new BigInteger("123456789012345678901234567890"), "", "text"));
        for (int i = 0; i < 2000; i++) {
            values.add(random.nextLong());
            values.add(random.nextDouble() * Math.pow(10, random.nextInt(40) - 20));
            values.add(random.nextFloat() * (float) Math.pow(10, random.nextInt(20) - 10));
            values.add(BigDecimal.valueOf(random.nextLong(), random.nextInt(20) - 5));
        }
        for (Object v : values) {
            assertThat(JsonValues.toJson(v)).as("%s (%s)", v, v == null ? null : v.getClass()).isEqualTo(JsonOutput.toJson(v));
        }
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("tasks", List.of(Map.of("taskId", 1), new LinkedHashMap<>(Map.of("name", "A (1)"))));
        nested.put("empty", Map.of());
        nested.put("none", List.of());
        nested.put("values", values.subList(0, 40));
        nested.put("instant", 1764979200000L);
        assertThat(JsonValues.toJson(nested)).isEqualTo(JsonOutput.toJson(nested));
    }

    @Test
    void numbers_json_cannot_hold_go_as_null() {
        assertThat(JsonValues.toJson(Arrays.asList(Double.NaN, Double.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 1)))
                .isEqualTo("[null,null,null,1]");
    }
}
