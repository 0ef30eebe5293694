package io.pharos.trace;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link IsoText} writes what {@code Instant.toString} writes, for every year PostgreSQL is sent as text. */
class TraceIngestionIsoTextTest {
    @Test
    void writes_what_instant_to_string_writes() {
        for (String s : new String[] {"2026-11-24T17:20:05Z", "2026-11-24T17:20:00Z", "2026-11-24T17:20:05.100Z",
                "2026-11-24T17:20:05.123456Z", "2026-11-24T17:20:05.000001Z", "2026-11-24T17:20:05.123456789Z",
                "2026-11-24T17:20:05.000000001Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999Z",
                "0001-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z", "2000-02-29T12:00:00Z",
                "1900-03-01T00:00:00Z"}) {
            assertThat(IsoText.of(Instant.parse(s))).isEqualTo(s);
        }
        SplittableRandom r = new SplittableRandom(15);
        for (int i = 0; i < 200_000; i++) {
            Instant v = Instant.ofEpochSecond(r.nextLong(-62135596800L, 253402300800L),
                    switch (i % 4) {
                        case 0 -> 0;
                        case 1 -> r.nextInt(1000) * 1_000_000;
                        case 2 -> r.nextInt(1_000_000) * 1000;
                        default -> r.nextInt(1_000_000_000);
                    });
            assertThat(IsoText.of(v)).isEqualTo(v.toString());
        }
    }

    @Test
    void leaves_other_years_to_the_caller() {
        assertThat(IsoText.of(Instant.parse("0000-12-31T23:59:59Z"))).isNull();
        assertThat(IsoText.of(Instant.parse("+10000-01-01T00:00:00Z"))).isNull();
        assertThat(IsoText.of(Instant.parse("9999-12-31T23:59:59Z"))).isEqualTo("9999-12-31T23:59:59Z");
    }
}
