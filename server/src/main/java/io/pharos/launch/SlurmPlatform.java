package io.pharos.launch;

import io.pharos.launch.cluster.ClusterShell;
import io.pharos.launch.cluster.LocalShell;
import io.pharos.launch.cluster.SshShell;
import io.pharos.logs.RunFiles;
import io.pharos.error.ApiException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Head jobs as Slurm jobs, submitted on the Pharos host (a submit host of the cluster) or on a
 * login node over SSH; every command goes through a {@link ClusterShell}. A head job runs in
 * {@code <launchDir>/.pharos/runs/<run id>} on the cluster (run.sh, pharos-env.sh, config,
 * params, console.txt, .nextflow.log); Nextflow runs in launchDir with the Slurm executor. One
 * {@code squeue} per environment follows all its head jobs; a job that has left the queue is
 * looked up once with {@code scontrol} (then {@code sacct}, where the cluster keeps accounting).
 */
final class SlurmPlatform implements HeadJobPlatform, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SlurmPlatform.class);
    private static final Duration COMMAND = Duration.ofSeconds(60);

    private final ComputeEnvService envs;
    private final HeadJobStore jobs;
    private final LaunchStore launches;
    private final HeadJobScript script;
    private final Path pluginsDir;
    private final Supplier<Map<String, String>> localEnvironment;
    private final Clock clock;
    private final Map<String, ClusterShell> shells = new ConcurrentHashMap<>();
    /** Commands sent to clusters, for the benchmark of following many head jobs. */
    final java.util.concurrent.atomic.AtomicLong squeueCalls = new java.util.concurrent.atomic.AtomicLong();

    SlurmPlatform(ComputeEnvService envs, HeadJobStore jobs, LaunchStore launches, HeadJobScript script, Path pluginsDir,
                  Supplier<Map<String, String>> localEnvironment, Clock clock) {
        this.envs = envs;
        this.jobs = jobs;
        this.launches = launches;
        this.script = script;
        this.pluginsDir = pluginsDir;
        this.localEnvironment = localEnvironment;
        this.clock = clock;
    }

    static String base(ComputeEnvConfig cfg) {
        String b = cfg.launchDir() != null && !cfg.launchDir().isBlank() ? cfg.launchDir() : cfg.workDir();
        return b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    }

    static String jobDir(ComputeEnvConfig cfg, String workflowId) {
        return base(cfg) + "/.pharos/runs/" + workflowId;
    }

    static boolean overSsh(ComputeEnvConfig cfg) {
        return cfg.hostName() != null && !cfg.hostName().isBlank();
    }

    /** The shell of an environment, kept open; over SSH it needs the host key an admin recorded. */
    ClusterShell shell(ComputeEnv env, ComputeEnvConfig cfg) throws ClusterShell.Unreachable {
        if (!overSsh(cfg)) {
            return shells.computeIfAbsent(env.id(), k -> new LocalShell(localEnvironment.get()));
        }
        if (env.hostKey() == null) {
            throw new ClusterShell.Unreachable("The host key of " + cfg.hostName() + " is not recorded yet: an administrator "
                    + "must test the connection of compute environment '" + env.name() + "' first", null);
        }
        String key = env.id() + "|" + env.hostKey();
        return shells.computeIfAbsent(key, k -> newSsh(env, cfg, env.hostKey()));
    }

    private SshShell newSsh(ComputeEnv env, ComputeEnvConfig cfg, String hostKey) {
        CredentialStore.Secret secret = envs.secretOf(env).orElse(new CredentialStore.Secret("", null));
        return new SshShell(cfg.hostName(), cfg.port() == null ? 22 : cfg.port(), cfg.userName(), secret.secret(),
                secret.passphrase(), hostKey);
    }

    // ---- test connection ----

    /**
     * Reaches the cluster, finds sbatch, squeue, scancel, scontrol and the nextflow command,
     * reads the Slurm version and checks that the queues exist. Over SSH the first successful
     * test (an admin's) records the host key. A failure is a 400 with the reason.
     */
    Map<String, Object> testConnection(ComputeEnv env, ComputeEnvConfig cfg) {
        ClusterShell shell;
        SshShell ssh = null;
        if (overSsh(cfg)) {
            ssh = newSsh(env, cfg, env.hostKey());
            shell = ssh;
        } else {
            shell = new LocalShell(localEnvironment.get());
        }
        try (shell) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("computeEnvId", env.id());
            m.put("hostName", overSsh(cfg) ? cfg.hostName() : "(this server)");
            Map<String, String> found = commands(shell, cfg);
            ClusterShell.Result version = shell.run("sinfo --version", null, COMMAND);
            // "slurm 23.02.1", or "slurm-wlm 22.05.8" from Debian's build: the version is the last word.
            m.put("slurmVersion", version.ok() ? version.out().strip().replaceFirst("^.*\\s", "") : null);
            m.put("commands", found);
            checkQueues(shell, cfg);
            m.put("queues", List.of(cfg.headQueue() == null ? "(default)" : cfg.headQueue(),
                    cfg.computeQueue() == null ? "(default)" : cfg.computeQueue()));
            if (ssh != null) {
                if (env.hostKey() == null) {
                    envs.recordHostKey(env, ssh.hostKey());
                    m.put("hostKeyRecorded", true);
                }
                m.put("hostKey", SshShell.fingerprint(ssh.hostKey()));
            }
            m.put("ok", true);
            envs.setStatus(env.id(), "AVAILABLE", null);
            return m;
        } catch (IOException e) {
            throw ApiException.badRequest("Compute environment '" + env.name() + "': " + e.getMessage());
        }
    }

    /** The paths of the commands a head job needs; a missing one is an error naming it. */
    private static Map<String, String> commands(ClusterShell shell, ComputeEnvConfig cfg) throws IOException {
        String nextflow = nextflow(cfg);
        Map<String, String> found = new LinkedHashMap<>();
        for (String c : List.of("sbatch", "squeue", "scancel", "scontrol", nextflow)) {
            ClusterShell.Result r = shell.run("command -v " + HeadJobScript.quote(c), null, COMMAND);
            if (!r.ok() || r.out().isBlank()) {
                throw new IOException("'" + c + "' is not found on " + (overSsh(cfg) ? cfg.hostName() : "this server")
                        + (c.equals(nextflow) ? " (config.nextflowCommand)" : " (is it a Slurm submit host?)"));
            }
            found.put(c.equals(nextflow) ? "nextflow" : c, r.out().strip());
        }
        return found;
    }

    private static void checkQueues(ClusterShell shell, ComputeEnvConfig cfg) throws IOException {
        ClusterShell.Result r = shell.run("sinfo -h -o %P", null, COMMAND);
        if (!r.ok()) {
            throw new IOException("sinfo failed: " + r.why());
        }
        List<String> parts = r.out().lines().map(s -> s.strip().replace("*", "")).filter(s -> !s.isEmpty()).toList();
        for (String[] q : new String[][] {{"headQueue", cfg.headQueue()}, {"computeQueue", cfg.computeQueue()}}) {
            if (q[1] != null && !q[1].isBlank() && !parts.contains(q[1])) {
                throw new IOException("config." + q[0] + " '" + q[1] + "' is not a partition of the cluster (it has "
                        + String.join(", ", parts) + ")");
            }
        }
    }

    /** Before a launch is accepted: the cluster answers and the queues exist (else a 400, and nothing is recorded). */
    void checkLaunch(ComputeEnv env, ComputeEnvConfig cfg) {
        try {
            ClusterShell shell = shell(env, cfg);
            ClusterShell.Result r = shell.run("command -v sbatch", null, COMMAND);
            if (!r.ok()) {
                throw new IOException("'sbatch' is not found (is it a Slurm submit host?)");
            }
            checkQueues(shell, cfg);
        } catch (IOException e) {
            forget(env);
            throw ApiException.badRequest("Invalid value for 'computeEnvId': compute environment '" + env.name()
                    + "' cannot take runs now: " + e.getMessage());
        }
    }

    private static String nextflow(ComputeEnvConfig cfg) {
        return cfg.nextflowCommand() == null || cfg.nextflowCommand().isBlank() ? "nextflow" : cfg.nextflowCommand();
    }

    // ---- submit ----

    @Override
    public void submit(Launch l, ComputeEnv env, ComputeEnvConfig cfg, Path runDir, String token) throws IOException {
        ClusterShell shell = shell(env, cfg);
        String base = base(cfg);
        String jobDir = jobDir(cfg, l.workflowId());
        String nxfHome = base + "/.pharos/nxf-home";
        String plugins = base + "/.pharos/plugins";
        HeadJobScript.Batch batch = script.writeBatch(l, env, cfg, runDir, jobDir, base, nxfHome, plugins, token);
        must(shell.run("umask 077 && mkdir -p " + q(jobDir) + " " + q(nxfHome) + " " + q(plugins), null, COMMAND), "mkdir");
        must(shell.run("umask 077 && cat > " + q(nxfHome + "/config"),
                HeadJobScript.slurmDefaults(cfg).getBytes(StandardCharsets.UTF_8), COMMAND), "writing the defaults");
        for (Path f : batch.files()) {
            must(shell.run("umask 077 && cat > " + q(jobDir + "/" + f.getFileName()), Files.readAllBytes(f), COMMAND),
                    "copying " + f.getFileName());
        }
        copyPlugins(shell, plugins);
        StringBuilder sbatch = new StringBuilder("cd ").append(q(jobDir)).append(" && sbatch --parsable")
                .append(" -J ").append(q(jobName(l)))
                .append(" -o ").append(q(jobDir + "/" + HeadJobs.CONSOLE)).append(" --open-mode=append");
        if (cfg.headQueue() != null && !cfg.headQueue().isBlank()) {
            sbatch.append(" -p ").append(q(cfg.headQueue()));
        }
        if (cfg.headJobOptions() != null && !cfg.headJobOptions().isBlank()) {
            sbatch.append(' ').append(cfg.headJobOptions()); // an admin's sbatch options, as written
        }
        sbatch.append(" run.sh");
        ClusterShell.Result r = must(shell.run(sbatch.toString(), null, COMMAND), "sbatch");
        String jobId = r.out().strip().split(";")[0].strip();
        if (!jobId.matches("[0-9]+(_[0-9]+)?")) {
            throw new IOException("sbatch answered '" + r.out().strip() + "' instead of a job id");
        }
        jobs.insert(l.id(), l.workflowId(), env.id(), jobId, jobDir, clock.instant());
        if (batch.postRun()) {
            shell.run("cd " + q(jobDir) + " && sbatch --parsable -J " + q("pharos-" + l.workflowId() + "-post")
                    + " --dependency=afterany:" + jobId + " -o " + q(jobDir + "/" + HeadJobs.CONSOLE)
                    + " --open-mode=append" + (cfg.headQueue() == null || cfg.headQueue().isBlank() ? "" : " -p " + q(cfg.headQueue()))
                    + " --wrap " + q("cd " + q(jobDir) + " && bash ./post-run.sh"), null, COMMAND);
        }
        HeadJobs.appendConsole(runDir, "Pharos: submitted the head job as Slurm job " + jobId
                + (overSsh(cfg) ? " on " + cfg.hostName() : "") + ", in " + jobDir);
        LOG.info("Submitted the head job of run {} as Slurm job {} on compute environment {}", l.workflowId(), jobId, env.id());
    }

    /** The reporter plugins, copied once per environment (a folder that is there is left as it is). */
    private void copyPlugins(ClusterShell shell, String remote) throws IOException {
        if (!Files.isDirectory(pluginsDir)) {
            return;
        }
        List<String> names;
        try (var s = Files.list(pluginsDir)) {
            names = s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        for (String name : names) {
            ClusterShell.Result there = shell.run("test -d " + q(remote + "/" + name), null, COMMAND);
            if (there.ok()) {
                continue;
            }
            Process tar = new ProcessBuilder("tar", "-czf", "-", "-C", pluginsDir.toString(), name).start();
            byte[] bytes = tar.getInputStream().readAllBytes();
            must(shell.run("mkdir -p " + q(remote) + " && tar -xzf - -C " + q(remote), bytes, COMMAND), "copying plugin " + name);
        }
    }

    // ---- follow ----

    @Override
    public Map<String, Status> follow(ComputeEnv env, ComputeEnvConfig cfg, List<Launch> running) throws IOException {
        Map<String, Status> out = new HashMap<>();
        if (running.isEmpty()) {
            return out;
        }
        ClusterShell shell;
        ClusterShell.Result r;
        try {
            shell = shell(env, cfg);
            squeueCalls.incrementAndGet();
            r = shell.run("squeue --me -h -o '%i|%T|%r|%j'", null, COMMAND);
        } catch (IOException e) {
            forget(env);
            throw e;
        }
        if (!r.ok()) {
            throw new IOException("squeue failed: " + r.why());
        }
        Map<String, String[]> queued = new HashMap<>();
        Map<String, String[]> byName = new HashMap<>();
        for (String line : r.out().lines().toList()) {
            String[] f = line.strip().split("\\|", 4);
            if (f.length >= 2) {
                queued.put(f[0], f);
            }
            if (f.length == 4) {
                byName.put(f[3], f);
            }
        }
        for (Launch l : running) {
            HeadJobStore.HeadJob job = jobs.find(l.id()).orElse(null);
            if (job == null) {
                job = findByName(shell, env, cfg, l, byName);
                if (job == null) {
                    out.put(l.id(), new Ended(null, null, "no Slurm job named " + jobName(l)
                            + " was found: Pharos stopped before it submitted the head job"));
                    continue;
                }
            }
            String[] q = queued.get(job.jobId());
            if (q != null) {
                if (!q[1].equals(job.jobState())) {
                    jobs.state(l.id(), q[1], clock.instant());
                }
                if ("COMPLETING".equals(q[1])) {
                    sweep(shell, cfg, l, job);
                }
                out.put(l.id(), new Running(q[1]));
            } else {
                sweep(shell, cfg, l, job);
                out.put(l.id(), ended(shell, job));
            }
        }
        return out;
    }

    /** The name every head job is submitted with: how it is found again when its job id was never recorded. */
    static String jobName(Launch l) {
        return "pharos-" + l.workflowId();
    }

    /**
     * A launch marked running (the intent, recorded before sbatch) without a recorded job id:
     * Pharos stopped between submitting and recording it. Its job is looked for by name, in
     * the queue just read, else among the jobs Slurm still remembers (scontrol); when found,
     * its id is recorded and it is followed as any other. Null: it was never submitted.
     */
    private HeadJobStore.HeadJob findByName(ClusterShell shell, ComputeEnv env, ComputeEnvConfig cfg, Launch l,
                                            Map<String, String[]> byName) throws IOException {
        String name = jobName(l);
        String jobId = null;
        String[] q = byName.get(name);
        if (q != null) {
            jobId = q[0];
        } else {
            ClusterShell.Result r = shell.run("scontrol -o show job", null, COMMAND);
            for (String line : r.ok() ? r.out().lines().toList() : List.<String>of()) {
                if (name.equals(field(line, "JobName"))) {
                    jobId = field(line, "JobId");
                }
            }
        }
        if (jobId == null || !jobId.matches("[0-9]+(_[0-9]+)?")) {
            return null;
        }
        jobs.insert(l.id(), l.workflowId(), env.id(), jobId, jobDir(cfg, l.workflowId()), clock.instant());
        if (l.runDir() != null) {
            HeadJobs.appendConsole(Path.of(l.runDir()), "Pharos: found the head job again by its name " + name
                    + " as Slurm job " + jobId + " (Pharos had stopped before recording its job id)");
        }
        LOG.info("Found the head job of run {} again by its name: Slurm job {}", l.workflowId(), jobId);
        return jobs.find(l.id()).orElseThrow();
    }

    /**
     * Cancels the jobs a head job left in Slurm once it is ending or gone. Nextflow cancels its
     * task jobs when it is stopped, but not one whose sbatch was under way at that moment, nor
     * any when it is killed before it gets to; such jobs would hold the cluster until their own
     * end. They are the jobs submitted from the head job's session (their AllocSID, which run.sh
     * recorded) whose working folder is in the run's work folder.
     */
    private void sweep(ClusterShell shell, ComputeEnvConfig cfg, Launch l, HeadJobStore.HeadJob job) {
        try {
            ClusterShell.Result r = shell.run("cat " + q(job.jobDir() + "/" + HeadJobScript.SESSION_FILE)
                    + " 2>/dev/null && squeue --me -h -O 'JobID:|,AllocSID:|,WorkDir:|'", null, COMMAND);
            List<String> lines = r.ok() ? r.out().lines().toList() : List.of();
            if (lines.isEmpty() || !lines.get(0).strip().matches("[0-9]+")) {
                return;
            }
            String session = lines.get(0).strip();
            String work = runWorkDir(l, cfg) + "/";
            List<String> left = new ArrayList<>();
            for (String line : lines.subList(1, lines.size())) {
                String[] f = line.split("\\|", 3);
                if (f.length < 3) {
                    continue;
                }
                String id = f[0].strip();
                String dir = f[2].endsWith("|") ? f[2].substring(0, f[2].length() - 1) : f[2];
                if (!id.equals(job.jobId()) && id.matches("[0-9]+(_[0-9]+)?") && f[1].strip().equals(session)
                        && dir.startsWith(work)) {
                    left.add(id);
                }
            }
            if (left.isEmpty()) {
                return;
            }
            shell.run("scancel " + String.join(" ", left), null, COMMAND);
            if (l.runDir() != null) {
                HeadJobs.appendConsole(Path.of(l.runDir()), "Pharos: cancelled " + left.size() + " Slurm job"
                        + (left.size() == 1 ? "" : "s") + " the head job left behind: " + String.join(" ", left));
            }
            LOG.info("Cancelled Slurm jobs {} that the head job of run {} left behind", left, l.workflowId());
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not look for jobs the head job of run {} left behind: {}", l.workflowId(), e.getMessage());
        }
    }

    /** The work folder of a run's tasks, as Nextflow was given it (a relative one is under the launch folder). */
    static String runWorkDir(Launch l, ComputeEnvConfig cfg) {
        String w = HeadJobScript.workDir(l, cfg);
        if (!w.startsWith("/")) {
            w = base(cfg) + "/" + w;
        }
        while (w.length() > 1 && w.endsWith("/")) {
            w = w.substring(0, w.length() - 1);
        }
        return w;
    }

    /** A job that left the queue: its state and exit code from scontrol, else sacct, else unknown. */
    private Ended ended(ClusterShell shell, HeadJobStore.HeadJob job) throws IOException {
        ClusterShell.Result r = shell.run("scontrol -o show job " + job.jobId(), null, COMMAND);
        String state = null;
        Integer exit = null;
        if (r.ok()) {
            state = field(r.out(), "JobState");
            String code = field(r.out(), "ExitCode");
            if (code != null && code.matches("[0-9]+:[0-9]+")) {
                String[] p = code.split(":");
                exit = Integer.parseInt(p[1]) != 0 ? 128 + Integer.parseInt(p[1]) : Integer.parseInt(p[0]);
            }
        } else {
            ClusterShell.Result acct = shell.run("sacct -n -X -P -j " + job.jobId() + " -o State,ExitCode", null, COMMAND);
            String line = acct.ok() ? acct.out().lines().findFirst().orElse("") : "";
            String[] f = line.strip().split("\\|");
            if (f.length == 2) {
                state = f[0].split(" ")[0];
                String[] p = f[1].split(":");
                exit = p[0].matches("[0-9]+") ? Integer.parseInt(p[0]) : null;
            }
        }
        jobs.state(job.launchId(), state == null ? "GONE" : state, clock.instant());
        String reason = "Slurm job " + job.jobId() + " ended " + (state == null ? "(its state is no longer known to Slurm)" : state)
                + ("CANCELLED".equals(state) ? " (scancel)" : "");
        return new Ended(exit, state, reason);
    }

    private static String field(String scontrol, String name) {
        for (String part : scontrol.strip().split("\\s+")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return null;
    }

    // ---- console ----

    /**
     * Copies what the head jobs printed since the last copy into their local console files, for
     * all of them in one command: for each, its size, then the new bytes in base64.
     */
    @Override
    public void readConsole(ComputeEnv env, ComputeEnvConfig cfg, List<Launch> list) throws IOException {
        List<HeadJobStore.HeadJob> hs = new ArrayList<>();
        StringBuilder cmd = new StringBuilder();
        for (Launch l : list) {
            HeadJobStore.HeadJob h = jobs.find(l.id()).orElse(null);
            if (h == null || l.runDir() == null) {
                continue;
            }
            hs.add(h);
            String f = q(h.jobDir() + "/" + HeadJobs.CONSOLE);
            cmd.append("s=$(stat -c %s ").append(f).append(" 2>/dev/null || echo 0); echo \"$s\"; ")
                    .append("if [ \"$s\" -gt ").append(h.consoleOffset()).append(" ]; then tail -c +")
                    .append(h.consoleOffset() + 1).append(' ').append(f).append(" | head -c $((s - ")
                    .append(h.consoleOffset()).append(")) | base64 -w0; fi; echo; ");
        }
        if (hs.isEmpty()) {
            return;
        }
        ClusterShell.Result r = shell(env, cfg).run(cmd.toString(), null, COMMAND);
        List<String> lines = r.out().lines().toList();
        for (int i = 0; i < hs.size() && 2 * i + 1 < lines.size(); i++) {
            HeadJobStore.HeadJob h = hs.get(i);
            long size = Long.parseLong(lines.get(2 * i).strip());
            String chunk = lines.get(2 * i + 1).strip();
            if (size <= h.consoleOffset() || chunk.isEmpty()) {
                continue;
            }
            Launch l = list.stream().filter(x -> x.id().equals(h.launchId())).findFirst().orElseThrow();
            Path console = Path.of(l.runDir()).resolve(HeadJobs.CONSOLE);
            if (Files.isSymbolicLink(console)) {
                continue;
            }
            try (OutputStream o = Files.newOutputStream(console, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
                o.write(Base64.getDecoder().decode(chunk));
            }
            jobs.consoleCopied(h.launchId(), size, clock.instant());
        }
    }

    /** At the end: the console's last lines and Nextflow's log, copied into the run folder. */
    void copyFinalFiles(ComputeEnv env, ComputeEnvConfig cfg, Launch l) {
        try {
            readConsole(env, cfg, List.of(l));
            HeadJobStore.HeadJob h = jobs.find(l.id()).orElse(null);
            if (h != null && l.runDir() != null) {
                ClusterShell.Result r = shell(env, cfg).run("cat " + q(h.jobDir() + "/.nextflow.log"), null, COMMAND);
                Path log = Path.of(l.runDir()).resolve(".nextflow.log");
                if (r.ok() && !Files.isSymbolicLink(log)) {
                    Files.writeString(log, r.out());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not copy the final console of run {}: {}", l.workflowId(), e.getMessage());
        }
    }

    // ---- cancel ----

    /**
     * scancel of the head job: Slurm sends SIGTERM to Nextflow (run.sh exec'd it), which cancels
     * its task jobs and reports. With force, also its task jobs still known (their job ids are the
     * tasks' nativeId) and at once with SIGKILL.
     */
    @Override
    public void cancel(Launch l, ComputeEnv env, ComputeEnvConfig cfg, boolean force) throws IOException {
        HeadJobStore.HeadJob h = jobs.find(l.id()).orElse(null);
        if (h == null) {
            return;
        }
        ClusterShell shell = shell(env, cfg);
        if (!force) {
            shell.run("scancel " + h.jobId(), null, COMMAND);
            return;
        }
        List<String> ids = new ArrayList<>(List.of(h.jobId()));
        ids.addAll(launches.activeTaskNativeIds(l.workflowId()).stream().filter(s -> s.matches("[0-9]+(_[0-9]+)?")).toList());
        shell.run("scancel --signal=KILL --full " + String.join(" ", ids) + "; scancel " + String.join(" ", ids), null, COMMAND);
    }

    /** Drops an environment's open shells, so the next command opens a new connection. */
    void forget(ComputeEnv env) {
        shells.entrySet().removeIf(e -> {
            if (e.getKey().equals(env.id()) || e.getKey().startsWith(env.id() + "|")) {
                e.getValue().close();
                return true;
            }
            return false;
        });
    }

    private static ClusterShell.Result must(ClusterShell.Result r, String what) throws IOException {
        if (!r.ok()) {
            throw new IOException(what + " failed: " + r.why());
        }
        return r;
    }

    private static String q(String s) {
        return HeadJobScript.quote(s);
    }

    @Override
    public void close() {
        shells.values().forEach(ClusterShell::close);
        shells.clear();
    }

    static String readSmall(Path p) {
        return RunFiles.readSmall(p, 16).orElse(null);
    }
}
