package io.pharos.launch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Where head jobs run: the one small interface a compute platform implements. {@link HeadJobs}
 * keeps the queue, the limits, the run tokens and the run's state (through RunLifecycle); a
 * platform only starts, follows, reads, cancels and finds again its head jobs.
 * {@link LocalPlatform} runs them as processes of the Pharos host, {@link SlurmPlatform} as
 * Slurm jobs (docs/architecture.md says how LSF, PBS, Grid Engine, Kubernetes and AWS Batch
 * would map onto it).
 */
interface HeadJobPlatform {
    /** What a platform says of one head job when followed. */
    sealed interface Status permits Running, Ended {
    }

    /** Still queued or running; {@code state} in the platform's words (PENDING, RUNNING, ...). */
    record Running(String state) implements Status {
    }

    /** Gone: its exit code if known, and why, in the platform's words, for the console. */
    record Ended(Integer exitCode, String state, String reason) implements Status {
    }

    /**
     * Starts the head job of a launch whose run folder (here, {@code runDir}) is being prepared
     * with {@code token}; records what finds it again (a pid, a job id) before it returns.
     */
    void submit(Launch l, ComputeEnv env, ComputeEnvConfig cfg, Path runDir, String token) throws IOException;

    /**
     * The status of every head job of one environment that Pharos thinks is running, found by
     * what {@link #submit} recorded (so also after a restart), with one query to the platform.
     * Throws when the platform cannot be reached: its runs are then left as they are.
     */
    Map<String, Status> follow(ComputeEnv env, ComputeEnvConfig cfg, List<Launch> running) throws IOException;

    /** Brings the console file in the run folder up to date (where the head job does not write it there itself). */
    void readConsole(ComputeEnv env, ComputeEnvConfig cfg, List<Launch> launches) throws IOException;

    /** Asks the head job to stop (Nextflow then stops its tasks); {@code force}: stop it and its tasks now. */
    void cancel(Launch l, ComputeEnv env, ComputeEnvConfig cfg, boolean force) throws IOException;
}
