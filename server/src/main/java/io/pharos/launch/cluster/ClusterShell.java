package io.pharos.launch.cluster;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs a shell command where a compute environment's jobs are submitted: on the Pharos host
 * ({@link LocalShell}) or on a cluster's login node over SSH ({@link SshShell}). Every Slurm
 * command Pharos sends goes through one of these, so local and SSH submission share all the rest.
 */
public interface ClusterShell extends AutoCloseable {
    /** What a command printed and its exit code. */
    record Result(int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** The first line that says what went wrong, for an error message. */
        public String why() {
            String text = (err == null || err.isBlank() ? out : err);
            return text == null || text.isBlank() ? "exit code " + exit : text.strip().lines().findFirst().orElse("").strip();
        }
    }

    /** The shell could not be reached at all (connection, login, host key): nothing ran. */
    final class Unreachable extends IOException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Runs {@code bash -c command} with {@code stdin} (may be null) and waits at most {@code timeout}. */
    Result run(String command, byte[] stdin, Duration timeout) throws IOException;

    default Result run(String command) throws IOException {
        return run(command, null, Duration.ofSeconds(60));
    }

    @Override
    void close();
}
