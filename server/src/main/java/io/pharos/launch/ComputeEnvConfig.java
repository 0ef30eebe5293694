package io.pharos.launch;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Map;

/**
 * The config of a local-platform compute environment: where runs work, what runs around them,
 * which nextflow runs them, and how many may run at once (the rest wait, in order).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ComputeEnvConfig(String workDir, String preRunScript, String postRunScript, String nextflowConfig,
                               Map<String, String> environment, String nextflowCommand, Integer maxRunning) {
    public static final int DEFAULT_MAX_RUNNING = 4;

    public int maxRunningOrDefault() {
        return maxRunning == null ? DEFAULT_MAX_RUNNING : maxRunning;
    }
}
