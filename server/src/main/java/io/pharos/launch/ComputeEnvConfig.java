package io.pharos.launch;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import java.util.List;

/**
 * The config of a compute environment, in the fields of the Seqera Platform's ComputeConfig:
 * {@code discriminator} names the platform ({@code local-platform}: LocalComputeConfig,
 * {@code slurm-platform}: SlurmComputeConfig). Common to both: where runs work, what runs
 * around them, the variables; Pharos adds which nextflow runs them and how many may run at once
 * (the rest wait, in order). The Slurm fields are null on a local environment.
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ComputeEnvConfig(
        String discriminator, String workDir, String preRunScript, String postRunScript, String nextflowConfig,
        @JsonDeserialize(using = EnvVar.ListReader.class) List<EnvVar> environment, String nextflowCommand,
        Integer maxRunning,
        // SlurmComputeConfig
        String launchDir, String userName, String hostName, Integer port, String headQueue, String computeQueue,
        String headJobOptions, Boolean propagateHeadJobOptions, Integer maxQueueSize) {
    public static final int DEFAULT_MAX_RUNNING = 4;

    /** A local environment's config. */
    public static ComputeEnvConfig local(String workDir, String nextflowCommand, Integer maxRunning) {
        return new ComputeEnvConfig(ComputeEnv.LOCAL, workDir, null, null, null, List.of(), nextflowCommand, maxRunning,
                null, null, null, null, null, null, null, null, null);
    }

    public int maxRunningOrDefault() {
        return maxRunning == null ? DEFAULT_MAX_RUNNING : maxRunning;
    }

    public List<EnvVar> environmentOrEmpty() {
        return environment == null ? List.of() : environment;
    }

    /** The same config for this platform (configs stored before the discriminator was kept have none). */
    public ComputeEnvConfig withDiscriminator(String platform) {
        return new ComputeEnvConfig(platform, workDir, preRunScript, postRunScript, nextflowConfig, environment,
                nextflowCommand, maxRunning, launchDir, userName, hostName, port, headQueue, computeQueue,
                headJobOptions, propagateHeadJobOptions, maxQueueSize);
    }
}
