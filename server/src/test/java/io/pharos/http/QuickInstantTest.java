package io.pharos.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import org.junit.jupiter.api.Test;

/** The quick reading of instants gives what java.time gives, and leaves every other form to it. */
class QuickInstantTest {

    @Test
    void the_usual_forms_read_as_java_time_reads_them() {
        for (String s : new String[] {"2026-11-24T17:20:05Z", "2026-11-24T17:20:05.1Z", "2026-11-24T17:20:05.123Z",
                "2026-11-24T17:20:05.123456789Z", "2026-11-24T17:20:05+02:00", "2026-11-24T17:20:05.5-05:30",
                "2024-02-29T23:59:59.999+18:00", "0001-01-01T00:00:00-18:00", "2026-01-01T00:00:00-00:00"}) {
            assertThat(Json.quickParse(s)).as(s).isEqualTo(OffsetDateTime.parse(s).toInstant());
        }
    }

    @Test
    void other_forms_and_values_out_of_range_are_left_to_java_time() {
        for (String s : new String[] {"2026-11-24T17:20Z", " 2026-11-24T17:20:05Z", "2026-11-24T17:20:05z",
                "2026-11-24t17:20:05Z", "2026-02-30T17:20:05Z", "2026-11-24T24:00:00Z", "2026-11-24T17:20:60Z",
                "2026-11-24T17:20:05.Z", "2026-11-24T17:20:05.1234567891Z", "2026-11-24T17:20:05+19:00",
                "2026-11-24T17:20:05+18:30", "2026-11-24T17:20:05+0200", "2026-11-24T17:20:05+02", "+12026-11-24T17:20:05Z",
                "2026-11-24T17:20:05Z[UTC]", "2026-1a-24T17:20:05Z"}) {
            assertThat(Json.quickParse(s)).as(s).isNull();
        }
    }

    @Test
    void what_the_quick_reading_refuses_java_time_refuses_or_reads_the_same() {
        for (String s : new String[] {"2026-02-30T17:20:05Z", "2026-11-24T17:20:60Z", "2026-11-24T17:20Z"}) {
            Instant slow;
            try {
                slow = OffsetDateTime.parse(s).toInstant();
            } catch (DateTimeParseException e) {
                slow = null;
            }
            assertThat(s.equals("2026-11-24T17:20Z") ? slow != null : slow == null).as(s).isTrue();
        }
    }
}
