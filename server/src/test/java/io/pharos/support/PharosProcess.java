package io.pharos.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * `./pharos ARGS` as a child process, the way a user runs it: stdout collected line by line,
 * stderr to a file. The script's path comes from the build (system property pharos.script).
 */
public final class PharosProcess {
    /** Only against a start that hangs; how soon serve answers is measured by tools/bench-startup.sh. */
    private static final long START_TIMEOUT_MS = 120_000;

    private final Process process;
    private final long startNanos;
    private final Path stderrFile;
    private final List<String> stdout = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private PharosProcess(Process process, long startNanos, Path stderrFile) {
        this.process = process;
        this.startNanos = startNanos;
        this.stderrFile = stderrFile;
        this.reader = new Thread(this::readStdout, "pharos-child-stdout");
        reader.setDaemon(true);
        reader.start();
    }

    public static Path script() {
        String path = System.getProperty("pharos.script");
        if (path == null) {
            throw new IllegalStateException("system property pharos.script is not set: run through Maven (Failsafe)");
        }
        return Path.of(path).toAbsolutePath().normalize();
    }

    /** Starts {@code ./pharos args}; the PHAROS_* variables of this environment are not passed on. */
    public static PharosProcess start(Path stderrFile, List<String> args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectError(stderrFile.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("PHAROS_"));
        long t0 = System.nanoTime();
        return new PharosProcess(pb.start(), t0, stderrFile);
    }

    /** A port that was free a moment ago. */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls GET /api/service-info every 10 ms until it answers 200 (or the process exits, or hangs). */
    public void awaitServiceInfo(int port) {
        Http http = http(port);
        while (true) {
            long elapsed = (System.nanoTime() - startNanos) / 1_000_000;
            try {
                if (http.get("/api/service-info", null).status() == 200) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // connection refused until the server listens
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("pharos exited with " + process.exitValue() + " before answering:\n"
                        + stderr());
            }
            if (elapsed > START_TIMEOUT_MS) {
                throw new IllegalStateException("pharos did not answer within " + START_TIMEOUT_MS + " ms:\n" + stderr());
            }
            sleep(10);
        }
    }

    public Http http(int port) {
        return new Http("http://127.0.0.1:" + port);
    }

    public Process process() {
        return process;
    }

    /** The lines printed so far. */
    public List<String> stdout() {
        return List.copyOf(stdout);
    }

    /** The first-start admin token, read from the line that shows it (waits up to 10 s for it). */
    public String printedToken() {
        String prefix = "    TOWER_ACCESS_TOKEN=";
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            for (String line : stdout) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length(), line.indexOf(' ', prefix.length()));
                }
            }
            sleep(10);
        }
        throw new IllegalStateException("no TOWER_ACCESS_TOKEN line in:\n" + String.join("\n", stdout));
    }

    public String stderr() {
        try {
            return Files.readString(stderrFile);
        } catch (IOException e) {
            return "(cannot read " + stderrFile + ": " + e + ")";
        }
    }

    /** Waits for the process to end by itself and for its output to be read; returns its exit code. */
    public int awaitExit(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            kill();
            throw new IllegalStateException("pharos did not exit within " + seconds + " s:\n" + stderr());
        }
        reader.join(TimeUnit.SECONDS.toMillis(5));
        return process.exitValue();
    }

    public void kill() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void readStdout() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                stdout.add(line);
            }
        } catch (IOException e) {
            stdout.add("(stdout read failed: " + e + ")");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
