package io.pharos.launch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Turns a launch into the files of its run folder: the extra Nextflow config (with the
 * reporter's endpoint and run token), the params file, the pre/post-run scripts and run.sh,
 * which runs them around `nextflow run` with every value single-quoted.
 */
public final class HeadJobScript {
    private final ObjectMapper json;
    private final Path nxfHome;
    private final Path pluginsDir;
    private final Supplier<String> apiUrl;

    /**
     * @param nxfHome    NXF_HOME of head jobs (their pipeline cache and plugins, under the data folder)
     * @param pluginsDir where reporter plugins are looked for (nf-tower-*, else nf-pharos-*)
     * @param apiUrl     this server's API base URL as head jobs reach it
     */
    public HeadJobScript(ObjectMapper json, Path nxfHome, Path pluginsDir, Supplier<String> apiUrl) {
        this.json = json;
        this.nxfHome = nxfHome;
        this.pluginsDir = pluginsDir;
        this.apiUrl = apiUrl;
    }

    public record Prepared(Path script, Map<String, String> environment, List<String> command) {
    }

    /** Writes the run folder's files for a launch and returns run.sh with its environment and command. */
    public Prepared write(Launch l, ComputeEnv env, ComputeEnvConfig cfg, Path runDir, String token,
                          Optional<Path> resumeFrom) throws IOException {
        Map<String, String> environment = environment(l, cfg);
        if (nxfHome.toString().equals(environment.get("NXF_HOME"))) {
            // Made here, not left to Nextflow: two head jobs that start together both find it
            // missing, and the one whose mkdir comes second fails ("Cannot create path").
            Files.createDirectories(nxfHome);
        }
        List<String> cmd = commandLine(l, cfg);
        if (l.resume()) {
            linkResumeCache(runDir, resumeFrom);
        }
        String reporterConfig = reporter(cmd, environment, token);
        cmd.add("-c");
        cmd.add(writeConfig(l, cfg, runDir, reporterConfig).toString());
        Optional<Path> params = writeParams(l, runDir);
        if (params.isPresent()) {
            cmd.add("-params-file");
            cmd.add(params.get().toString());
        }
        return new Prepared(writeRunScript(l, env, cfg, runDir, cmd), environment, cmd);
    }

    /**
     * The files of a head job submitted to a batch scheduler, written in {@code runDir} here and
     * copied by the caller to {@code jobDir} on the cluster, where every path in them points.
     * run.sh ends by replacing itself with Nextflow ({@code exec}), so that the scheduler's
     * cancel reaches Nextflow, which then cancels its task jobs; the variables are in
     * pharos-env.sh (owner-only), which run.sh sources. Nextflow runs in {@code launchDir}, so
     * the runs of an environment share one .nextflow cache and a resume finds its session.
     *
     * @param nxfHome    NXF_HOME on the cluster; its config holds the environment's defaults
     * @param pluginsDir the reporter plugins on the cluster
     */
    public Batch writeBatch(Launch l, ComputeEnv env, ComputeEnvConfig cfg, Path runDir, String jobDir,
                            String launchDir, String nxfHome, String pluginsDir, String token) throws IOException {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("NXF_HOME", nxfHome);
        environment.put("NXF_PLUGINS_DIR", pluginsDir);
        environment.putAll(EnvVar.forHead(cfg.environment()));
        environment.put("NXF_ANSI_LOG", "false");
        environment.put("TOWER_WORKFLOW_ID", l.workflowId());
        List<String> cmd = commandLine(l, cfg);
        cmd.add(1, "-log");
        cmd.add(2, jobDir + "/.nextflow.log");
        String reporterConfig = reporter(cmd, environment, token);
        Path config = writeConfig(l, cfg, runDir, reporterConfig);
        cmd.add("-c");
        cmd.add(jobDir + "/" + config.getFileName());
        List<Path> files = new ArrayList<>(List.of(config));
        Optional<Path> params = writeParams(l, runDir);
        if (params.isPresent()) {
            cmd.add("-params-file");
            cmd.add(jobDir + "/" + params.get().getFileName());
            files.add(params.get());
        }
        StringBuilder vars = new StringBuilder("# The head job's variables; written by Pharos, owner-only.\n");
        environment.forEach((k, v) -> vars.append("export ").append(k).append('=').append(quote(v)).append('\n'));
        Path envFile = runDir.resolve("pharos-env.sh");
        Files.writeString(envFile, vars);
        HeadJobs.ownerOnly(envFile);
        files.add(envFile);

        StringBuilder sh = new StringBuilder("#!/usr/bin/env bash\n");
        sh.append("# Head job of Pharos run ").append(l.workflowId()).append(" (launch ").append(l.id())
                .append("). Written by Pharos; its output goes to ").append(HeadJobs.CONSOLE).append(".\n");
        sh.append("cd ").append(quote(jobDir)).append(" || exit 1\n");
        // The job's session id: every job Nextflow (or a pre-run script) submits from here carries
        // it as its AllocSID, which is how Pharos finds task jobs the head job left behind.
        sh.append("read -r -a pharos_stat < /proc/$$/stat && echo \"${pharos_stat[5]}\" > ").append(SESSION_FILE)
                .append("; unset pharos_stat\n");
        sh.append("source ./pharos-env.sh || exit 1\n");
        sh.append("echo ").append(quote("Pharos: run " + l.workflowId() + " on compute environment '" + env.name() + "',"))
                .append(" \"Slurm job $SLURM_JOB_ID on $(hostname)\"\n");
        String pre = join(cfg.preRunScript(), l.preRunScript());
        if (pre != null) {
            Path preFile = runDir.resolve("pre-run.sh");
            Files.writeString(preFile, pre);
            files.add(preFile);
            sh.append("source ./pre-run.sh || { code=$?; echo \"Pharos: the pre-run script failed with exit code $code\"; exit $code; }\n");
        }
        String post = join(cfg.postRunScript(), l.postRunScript());
        if (post != null) {
            Path postFile = runDir.resolve("post-run.sh");
            Files.writeString(postFile, post);
            files.add(postFile);
        }
        sh.append("mkdir -p ").append(quote(launchDir)).append(" && cd ").append(quote(launchDir)).append(" || exit 1\n");
        sh.append("echo ").append(quote("Pharos: " + String.join(" ", cmd))).append('\n');
        sh.append("exec");
        for (String c : cmd) {
            sh.append(' ').append(quote(c));
        }
        sh.append(" < /dev/null\n");
        Path script = runDir.resolve("run.sh");
        Files.writeString(script, sh);
        files.add(0, script);
        return new Batch(files, post != null);
    }

    /** The file in a batch head job's folder that holds the session id of its shell (then Nextflow). */
    public static final String SESSION_FILE = "head-session";

    /** The files of a batch head job (run.sh first), and whether a post-run script is among them. */
    public record Batch(List<Path> files, boolean postRun) {
    }

    /** The defaults of a Slurm environment, for $NXF_HOME/config: the lowest place Nextflow reads, so a pipeline's own config wins. */
    public static String slurmDefaults(ComputeEnvConfig cfg) {
        StringBuilder c = new StringBuilder("// Written by Pharos: this compute environment's defaults; a pipeline's own config wins.\n");
        c.append("process.executor = 'slurm'\n");
        if (cfg.computeQueue() != null && !cfg.computeQueue().isBlank()) {
            c.append("process.queue = '").append(groovy(cfg.computeQueue())).append("'\n");
        }
        if (Boolean.TRUE.equals(cfg.propagateHeadJobOptions()) && cfg.headJobOptions() != null && !cfg.headJobOptions().isBlank()) {
            c.append("process.clusterOptions = '").append(groovy(cfg.headJobOptions())).append("'\n");
        }
        if (cfg.maxQueueSize() != null) {
            c.append("executor.queueSize = ").append(cfg.maxQueueSize()).append('\n');
        }
        return c.toString();
    }

    /** The head job's environment: the server's (see {@link #baseEnvironment}), then the compute environment's. */
    private Map<String, String> environment(Launch l, ComputeEnvConfig cfg) {
        Map<String, String> environment = baseEnvironment();
        environment.putAll(EnvVar.forHead(cfg.environment()));
        environment.put("NXF_ANSI_LOG", "false");
        environment.put("TOWER_WORKFLOW_ID", l.workflowId());
        return environment;
    }

    /** The work folder Nextflow is given (-work-dir): the launch's own, else the environment's; null for none. */
    static String workDir(Launch l, ComputeEnvConfig cfg) {
        return l.workDir() != null && !l.workDir().isBlank() ? l.workDir() : cfg.workDir();
    }

    /** {@code nextflow run} with the launch's options; the reporter, config and params files come after. */
    private List<String> commandLine(Launch l, ComputeEnvConfig cfg) {
        List<String> cmd = new ArrayList<>();
        cmd.add(cfg.nextflowCommand() == null || cfg.nextflowCommand().isBlank() ? "nextflow" : cfg.nextflowCommand());
        cmd.add("run");
        cmd.add(l.pipeline());
        String workDir = workDir(l, cfg);
        if (workDir != null) {
            cmd.add("-work-dir");
            cmd.add(workDir);
        }
        option(cmd, "-name", l.runName());
        option(cmd, "-revision", l.revision());
        List<String> profiles = profiles(l);
        if (!profiles.isEmpty()) {
            cmd.add("-profile");
            cmd.add(String.join(",", profiles));
        }
        option(cmd, "-main-script", l.mainScript());
        option(cmd, "-entry", l.entryName());
        if (l.resume()) {
            cmd.add("-resume");
            cmd.add(l.sessionId());
        }
        if (l.pullLatest()) {
            cmd.add("-latest");
        }
        return cmd;
    }

    /** An option whose value is given and not blank. */
    private static void option(List<String> cmd, String name, String value) {
        if (value != null && !value.isBlank()) {
            cmd.add(name);
            cmd.add(value);
        }
    }

    /** Nextflow finds the session's task cache of the earlier run in the run folder's .nextflow. */
    private static void linkResumeCache(Path runDir, Optional<Path> resumeFrom) throws IOException {
        if (resumeFrom.isPresent()) {
            Path cache = resumeFrom.get().resolve(".nextflow");
            Path here = runDir.resolve(".nextflow");
            if (Files.isDirectory(cache) && !Files.exists(here)) {
                Files.createSymbolicLink(here, cache);
            }
        }
    }

    /**
     * Points the installed reporter at this server with the run's token: Nextflow's own client
     * (nf-tower) through options and environment, else nf-pharos through the config text returned.
     */
    private String reporter(List<String> cmd, Map<String, String> environment, String token) {
        String endpoint = apiUrl.get();
        Optional<String> tower = plugin("nf-tower");
        Optional<String> pharos = plugin("nf-pharos");
        if (tower.isPresent()) {
            environment.put("TOWER_ACCESS_TOKEN", token);
            environment.put("TOWER_API_ENDPOINT", endpoint);
            cmd.add("-with-tower");
            cmd.add(endpoint);
            return "";
        }
        if (pharos.isPresent()) {
            cmd.add("-plugins");
            cmd.add(pharos.get());
            return "pharos {\n    enabled = true\n    endpoint = '" + groovy(endpoint) + "'\n    accessToken = '"
                    + groovy(token) + "'\n}\n";
        }
        return "";
    }

    /** pharos.config: the compute environment's config, the launch's, the reporter's; owner-only (the token). */
    private static Path writeConfig(Launch l, ComputeEnvConfig cfg, Path runDir, String reporterConfig)
            throws IOException {
        StringBuilder config = new StringBuilder("// Written by Pharos for run " + l.workflowId() + "\n");
        if (cfg.nextflowConfig() != null) {
            config.append(cfg.nextflowConfig()).append('\n');
        }
        // Variables for the tasks: Nextflow's env scope exports them in each task's script.
        List<EnvVar> compute = cfg.environmentOrEmpty().stream().filter(EnvVar::compute).toList();
        if (!compute.isEmpty()) {
            config.append("env {\n");
            for (EnvVar v : compute) {
                config.append("    ").append(v.name()).append(" = '").append(groovy(v.value() == null ? "" : v.value()))
                        .append("'\n");
            }
            config.append("}\n");
        }
        if (l.configText() != null) {
            config.append(l.configText()).append('\n');
        }
        config.append(reporterConfig);
        Path configFile = runDir.resolve("pharos.config");
        Files.writeString(configFile, config);
        HeadJobs.ownerOnly(configFile);
        return configFile;
    }

    private Optional<Path> writeParams(Launch l, Path runDir) throws IOException {
        String params = paramsFile(l.paramsText());
        if (params == null) {
            return Optional.empty();
        }
        Path paramsFile = runDir.resolve(params.startsWith("{") ? "params.json" : "params.yaml");
        Files.writeString(paramsFile, params);
        return Optional.of(paramsFile);
    }

    /** run.sh: the pre-run script, the command with every value single-quoted, its exit code, the post-run script. */
    private static Path writeRunScript(Launch l, ComputeEnv env, ComputeEnvConfig cfg, Path runDir, List<String> cmd)
            throws IOException {
        StringBuilder sh = new StringBuilder();
        sh.append("#!/usr/bin/env bash\n");
        sh.append("# Head job of Pharos run ").append(l.workflowId()).append(" (launch ").append(l.id())
                .append("). Written by Pharos; its output goes to ").append(HeadJobs.CONSOLE).append(".\n");
        sh.append("cd ").append(quote(runDir.toString())).append(" || exit 1\n");
        sh.append("echo ").append(quote("Pharos: run " + l.workflowId() + " on compute environment '"
                + env.name() + "'")).append('\n');
        String pre = join(cfg.preRunScript(), l.preRunScript());
        if (pre != null) {
            Files.writeString(runDir.resolve("pre-run.sh"), pre);
            sh.append("source ./pre-run.sh || { code=$?; echo \"Pharos: the pre-run script failed with exit code $code\"; ")
                    .append("echo $code > ").append(HeadJobs.EXIT_CODE).append("; exit $code; }\n");
        }
        sh.append("echo ").append(quote("Pharos: " + String.join(" ", cmd))).append('\n');
        for (int i = 0; i < cmd.size(); i++) {
            sh.append(i == 0 ? "" : " ").append(quote(cmd.get(i)));
        }
        sh.append(" < /dev/null\ncode=$?\necho $code > ").append(HeadJobs.EXIT_CODE).append('\n');
        String post = join(cfg.postRunScript(), l.postRunScript());
        if (post != null) {
            Files.writeString(runDir.resolve("post-run.sh"), post);
            sh.append("bash ./post-run.sh || echo \"Pharos: the post-run script failed with exit code $?\"\n");
        }
        sh.append("exit $code\n");
        Path script = runDir.resolve("run.sh");
        Files.writeString(script, sh);
        return script;
    }

    /**
     * The server's environment minus its own secrets (PHAROS_*) and any Tower settings, with
     * NXF_HOME and NXF_PLUGINS_DIR pointing at the server's folders unless already set.
     */
    private Map<String, String> baseEnvironment() {
        Map<String, String> env = serverEnvironment();
        env.putIfAbsent("NXF_HOME", nxfHome.toString());
        env.put("NXF_PLUGINS_DIR", pluginsDir.toString());
        return env;
    }

    /** The server's environment minus its own secrets (PHAROS_*) and any Tower settings. */
    static Map<String, String> serverEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((k, v) -> {
            if (!k.startsWith("PHAROS_") && !k.startsWith("TOWER_")) {
                env.put(k, v);
            }
        });
        return env;
    }

    /** The newest installed plugin with this id, as {@code id@version}. */
    Optional<String> plugin(String id) {
        if (!Files.isDirectory(pluginsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> s = Files.list(pluginsDir)) {
            return s.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(id + "-") && Files.isDirectory(pluginsDir.resolve(n)))
                    .max(Comparator.naturalOrder())
                    .map(n -> id + "@" + n.substring(id.length() + 1));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private List<String> profiles(Launch l) {
        List<String> out = new ArrayList<>();
        if (l.configProfiles() == null) {
            return out;
        }
        try {
            for (JsonNode n : json.readTree(l.configProfiles())) {
                out.add(n.asText());
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** paramsText as a params file; the seed's sample wraps the params in {"params": {...}}. */
    private String paramsFile(String text) throws IOException {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        if (t.startsWith("{")) {
            JsonNode n = json.readTree(t);
            if (n.size() == 1 && n.has("params") && n.get("params").isObject()) {
                return json.writeValueAsString(n.get("params"));
            }
        }
        return t;
    }

    private static String join(String a, String b) {
        if ((a == null || a.isBlank()) && (b == null || b.isBlank())) {
            return null;
        }
        return (a == null ? "" : a + "\n") + (b == null ? "" : b + "\n");
    }

    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static String groovy(String s) {
        return s.replace("\\", "\\\\").replace("'", "\\'");
    }
}
