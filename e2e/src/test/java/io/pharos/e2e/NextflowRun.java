package io.pharos.e2e;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real Nextflow 24.10.0 with the nf-pharos plugin built by this project: installed offline by
 * tools/install-nextflow.sh (a machine where that fails fails the tests), run in a launch folder
 * of the test's own, with a trace file that says what Nextflow itself saw.
 */
final class NextflowRun {
    static final String PLUGIN = "nf-pharos@0.1.0";
    private static Path launcher;

    private final Path launchDir;
    private final List<String> args;
    private final String pharosConfig;
    private Process process;

    NextflowRun(Path launchDir, String pharosConfig, String... args) {
        this.launchDir = launchDir;
        this.pharosConfig = pharosConfig;
        this.args = List.of(args);
    }

    /** The config scope of a run that reports to {@code endpoint} with {@code token}. */
    static String reportTo(String endpoint, String token) {
        return "pharos {\n  enabled = true\n  endpoint = '" + endpoint + "'\n  accessToken = '" + token + "'\n}\n";
    }

    static synchronized Path launcher() {
        if (launcher != null) {
            return launcher;
        }
        Path root = Path.of(System.getProperty("pharos.rootDir", "..")).toAbsolutePath().normalize();
        Path script = root.resolve("tools/install-nextflow.sh");
        // the script's default install folder (~/.pharos/nextflow-24.10.0), shared with the server's tests
        List<String> cmd = new ArrayList<>(List.of("bash", script.toString()));
        String home = System.getProperty("pharos.nextflowHome");
        if (home != null && !home.isBlank()) {
            cmd.add(home);
        }
        try {
            Process p = new ProcessBuilder(cmd)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IllegalStateException(script + " failed (exit " + p.exitValue() + "): Nextflow is needed for these tests");
            }
            List<String> lines = out.lines().toList();
            launcher = Path.of(lines.get(lines.size() - 1));
            return launcher;
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + script + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Path pluginsDir() {
        Path dir = Path.of(System.getProperty("pharos.pluginDir", "../nf-pharos/target/plugin")).toAbsolutePath().normalize();
        Path manifest = dir.resolve("nf-pharos-0.1.0/classes/META-INF/MANIFEST.MF");
        if (!Files.isRegularFile(manifest)) {
            throw new IllegalStateException("the nf-pharos plugin folder is missing (" + manifest
                    + "): build it first with ./mvnw -pl nf-pharos package");
        }
        return dir;
    }

    static Path pipeline() {
        return Path.of(System.getProperty("pharos.pipelinesDir", "../nf-pharos/src/test/resources/pipelines"))
                .resolve("demo/main.nf").toAbsolutePath().normalize();
    }

    NextflowRun start() throws IOException {
        Files.createDirectories(launchDir);
        Path config = launchDir.resolve("test.config");
        Files.writeString(config, """
                trace {
                  enabled = true
                  file = 'trace.tsv'
                  overwrite = true
                  raw = true
                  fields = 'task_id,name,process,status,exit,attempt,realtime,%cpu,peak_rss,peak_vmem,rchar,wchar,cpus,memory,time'
                }
                """ + pharosConfig);
        List<String> cmd = new ArrayList<>(List.of(launcher().toString(), "-log", launchDir.resolve(".nextflow.log").toString(),
                "run", pipeline().toString(), "-c", config.toString(), "-plugins", PLUGIN));
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(launchDir.toFile())
                .redirectErrorStream(true).redirectOutput(launchDir.resolve("console.txt").toFile());
        Map<String, String> env = pb.environment();
        // Nextflow insists on its own nf-tower plugin when it sees TOWER_ACCESS_TOKEN
        env.keySet().removeIf(k -> k.startsWith("TOWER_") || k.startsWith("PHAROS_") || k.startsWith("NXF_"));
        Path home = launcher().getParent().getParent();
        env.put("NXF_HOME", home.resolve("home").toString());
        env.put("NXF_PLUGINS_DIR", pluginsDir().toString());
        process = pb.start();
        return this;
    }

    /** Waits for Nextflow to end and returns its exit code. */
    int await() throws InterruptedException {
        if (!process.waitFor(4, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("Nextflow did not end within 4 minutes:\n" + console());
        }
        return process.exitValue();
    }

    int run() throws IOException, InterruptedException {
        return start().await();
    }

    Path launchDir() {
        return launchDir;
    }

    String console() {
        return read(launchDir.resolve("console.txt"));
    }

    String log() {
        return read(launchDir.resolve(".nextflow.log"));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    /** One line of Nextflow's own trace file. */
    record TraceRow(long taskId, String name, String process, String status, Integer exit, int attempt,
                    Map<String, String> raw) {
        Double number(String field) {
            String v = raw.get(field);
            return v == null || v.equals("-") || v.isBlank() ? null : Double.valueOf(v);
        }
    }

    /** Nextflow's trace file of this run, keyed by task id. */
    Map<Long, TraceRow> trace() throws IOException {
        List<String> lines = Files.readAllLines(launchDir.resolve("trace.tsv"));
        String[] head = lines.get(0).split("\t");
        Map<Long, TraceRow> out = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cols = line.split("\t", -1);
            Map<String, String> raw = new LinkedHashMap<>();
            for (int i = 0; i < head.length; i++) {
                raw.put(head[i], i < cols.length ? cols[i] : null);
            }
            String exit = raw.get("exit");
            out.put(Long.parseLong(raw.get("task_id")), new TraceRow(Long.parseLong(raw.get("task_id")), raw.get("name"),
                    raw.get("process"), raw.get("status"),
                    exit == null || exit.equals("-") ? null : Integer.valueOf(exit),
                    Integer.parseInt(raw.get("attempt")), raw));
        }
        return out;
    }
}
