package io.pharos.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The published Seqera Platform API (OpenAPI 3.0, YAML), for tests that check Pharos's answers
 * against it. It is Seqera's publication, not the project's to copy into its test resources, so
 * it is read where CI keeps it: {@code ../shared/seqera/seqera-api-1.181.0.yaml} beside the
 * checkout (system property {@code pharos.seqeraSpec}, set by server/pom.xml).
 * <p>
 * Without it, a test that asks for it is skipped and says why, so a plain clone still passes.
 * When the environment says {@code CI=true} the same test fails instead: CI must never pass
 * without the check.
 */
public final class SeqeraSpec {
    public static final String FILE = "seqera-api-1.181.0.yaml";

    private static JsonNode spec;

    private SeqeraSpec() {
    }

    /** Where the spec is; skips the calling test (fails it under CI=true) when it is not there. */
    public static Path path() {
        Path p = expectedPath();
        if (!Files.isRegularFile(p)) {
            String why = "The published Seqera Platform API " + FILE + " is not at " + p
                    + " (it sits in shared/seqera/ beside CI's checkout; set -Dpharos.seqeraSpec=FILE to point elsewhere)";
            if (inCi()) {
                Assertions.fail(why + ". CI=true: a test that needs it fails rather than being skipped.");
            }
            Assumptions.abort(why + ": skipped.");
        }
        return p;
    }

    /** The spec as a tree (JSON nodes), read once. */
    public static synchronized JsonNode tree() {
        if (spec == null) {
            Path p = path();
            try {
                spec = new YAMLMapper().readTree(p.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p + " as YAML", e);
            }
        }
        return spec;
    }

    static Path expectedPath() {
        String given = System.getProperty("pharos.seqeraSpec");
        if (given != null && !given.isBlank()) {
            return Path.of(given).toAbsolutePath().normalize();
        }
        Path root = Nextflow.repoRoot();
        Path beside = root.getParent() == null ? root : root.getParent();
        return beside.resolve("shared").resolve("seqera").resolve(FILE).toAbsolutePath().normalize();
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }
}
