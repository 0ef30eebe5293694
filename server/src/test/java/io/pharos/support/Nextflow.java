package io.pharos.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Nextflow for tests, installed offline from Maven Central by tools/install-nextflow.sh
 * (cached after the first time). A machine where it cannot be installed fails the tests.
 */
public final class Nextflow {
    private static String command;

    private Nextflow() {
    }

    public static synchronized String command() {
        if (command != null) {
            return command;
        }
        String given = System.getenv("PHAROS_TEST_NEXTFLOW");
        if (given != null && !given.isBlank()) {
            return command = given;
        }
        Path script = repoRoot().resolve("tools/install-nextflow.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException("tools/install-nextflow.sh failed (exit " + p.exitValue() + ")");
            }
            List<String> lines = out.lines().toList();
            return command = lines.get(lines.size() - 1);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run tools/install-nextflow.sh: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static Path repoRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("tools/install-nextflow.sh"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("repository root (with tools/install-nextflow.sh) not found above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** A test pipeline folder of server/src/test/resources/pipelines. */
    public static Path pipeline(String name) {
        return repoRoot().resolve("server/src/test/resources/pipelines").resolve(name);
    }

    /** Kills every process whose command line names {@code dir}: no head job or task of a test outlives it. */
    public static void killProcessesUnder(java.nio.file.Path dir) {
        String d = dir.toString();
        ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(d)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    /** The running task processes of test pipelines that sleep {@code text} seconds (a marker). */
    public static java.util.List<ProcessHandle> tasksWith(String text) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("sleep " + text)).orElse(false))
                .toList();
    }
}
