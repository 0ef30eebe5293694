package io.pharos.seqera;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.http.Routes;
import io.pharos.support.Nextflow;
import io.pharos.support.SeqeraSpec;
import io.pharos.support.TestDb;
import io.pharos.support.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * docs/api.md's compatibility table stays true: it has a row for every operation of the Seqera
 * spec's sections that Pharos speaks, a row that says "yes" names a route Pharos answers, and one
 * that says "no" names a route it does not.
 */
class CompatibilityTableTest {
    /** The spec's sections the table covers (the first segment of each path). */
    static final Set<String> SECTIONS = Set.of("workflow", "compute-envs", "labels", "user", "users", "user-info",
            "service-info", "trace", "tokens", "credentials");
    private static final Pattern ROW = Pattern.compile("^\\| `(GET|POST|PUT|DELETE|PATCH) (/[^`]*)` \\| (yes|no) \\|");

    @Test
    void the_table_has_every_operation_and_says_truly_which_pharos_answers(@TempDir Path dir) throws IOException {
        Map<String, String> table = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Nextflow.repoRoot().resolve("docs/api.md"))) {
            Matcher m = ROW.matcher(line);
            if (m.find()) {
                table.put(m.group(1) + " " + m.group(2), m.group(3));
            }
        }
        Set<String> spec = new TreeSet<>();
        JsonNode paths = SeqeraSpec.tree().get("paths");
        for (Iterator<String> it = paths.fieldNames(); it.hasNext(); ) {
            String p = it.next();
            if (SECTIONS.contains(p.split("/")[1])) {
                for (String method : List.of("get", "post", "put", "delete", "patch")) {
                    if (paths.get(p).has(method)) {
                        spec.add(method.toUpperCase() + " " + p);
                    }
                }
            }
        }
        assertThat(new TreeSet<>(table.keySet())).as("rows of docs/api.md's compatibility table").isEqualTo(spec);

        Set<String> served;
        try (TestServer server = TestServer.onNewDatabase(TestDb.Kind.H2, dir)) {
            served = server.app().routes().stream().map(Routes.Route::key).map(CompatibilityTableTest::shape)
                    .collect(Collectors.toSet());
        }
        for (Map.Entry<String, String> row : table.entrySet()) {
            String[] parts = row.getKey().split(" ");
            boolean answered = served.contains(shape(parts[0] + " /api" + parts[1]));
            assertThat(answered).as(row.getKey() + " is marked '" + row.getValue() + "'").isEqualTo(row.getValue().equals("yes"));
        }
    }

    /** A route key with its parameter names blanked: /workflow/{id} and /workflow/{workflowId} are one path. */
    private static String shape(String key) {
        return key.replaceAll("\\{[^}]+}", "{}");
    }
}
