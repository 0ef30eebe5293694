package io.pharos.launch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HeadJobScriptTest {
    @Test
    void the_nextflow_home_of_local_head_jobs_is_made_before_any_of_them_starts(@TempDir Path tmp) throws IOException {
        // Two head jobs launched together used to race to make it: Nextflow checks, then makes
        // the folder, and fails when another process made it in between. A CI run met it.
        Path home = tmp.resolve("data/nextflow-home");
        HeadJobScript script = new HeadJobScript(new ObjectMapper(), home, tmp.resolve("data/plugins"),
                () -> "http://127.0.0.1:1/api");
        String work = tmp.resolve("work").toString();
        Instant now = Instant.now();
        Launch launch = new Launch("L1", 1, "W1", "CE1", "/pipelines/hello", work, null, null, null, null, null, null,
                null, null, null, false, false, null, null, now, null, "SUBMITTED", null, null, null, null, null, null,
                null, null, "happy_curie");
        ComputeEnv env = new ComputeEnv("CE1", 1, "local", null, ComputeEnv.LOCAL, "{}", "AVAILABLE", null, true, now,
                now, null, null, null, null);
        Path runDir = Files.createDirectories(tmp.resolve("data/runs/W1"));
        assertThat(home).doesNotExist();
        HeadJobScript.Prepared prepared = script.write(launch, env, ComputeEnvConfig.local(work, null, null), runDir,
                "secret", Optional.empty());
        assertThat(prepared.environment()).containsEntry("NXF_HOME", home.toString());
        assertThat(home).isDirectory();
    }
}
