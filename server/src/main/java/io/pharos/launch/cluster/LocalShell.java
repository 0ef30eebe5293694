package io.pharos.launch.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Commands on the Pharos host itself (a submit host of the cluster), with the server's environment minus its secrets. */
public final class LocalShell implements ClusterShell {
    private final Map<String, String> environment;

    public LocalShell(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Result run(String command, byte[] stdin, Duration timeout) throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", command);
        pb.environment().clear();
        pb.environment().putAll(environment);
        Process p = pb.start();
        CompletableFuture<String> out = read(p.getInputStream());
        CompletableFuture<String> err = read(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin);
            }
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IOException("'" + command.lines().findFirst().orElse("") + "' did not finish within " + timeout.toSeconds() + " s");
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
    }

    private static CompletableFuture<String> read(InputStream s) {
        return CompletableFuture.supplyAsync(() -> {
            try (s) {
                return new String(s.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "";
            }
        });
    }

    @Override
    public void close() {
    }
}
