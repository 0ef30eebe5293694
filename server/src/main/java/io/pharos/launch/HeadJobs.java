package io.pharos.launch;

import io.pharos.Threads;
import io.pharos.auth.AuthService;
import io.pharos.logs.RunFiles;
import io.pharos.trace.RunLifecycle;
import io.pharos.workflow.WorkflowStatus;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Nextflow head jobs on their compute environments' platforms ({@link HeadJobPlatform}:
 * processes of this host, Slurm jobs), each writing a console file in its run folder. One timer
 * starts queued launches within each environment's limit, follows the running ones (a restarted
 * Pharos finds them again by what the platform recorded) and ends the runs of those gone.
 */
public final class HeadJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadJobs.class);
    static final String CONSOLE = "console.txt";
    static final String EXIT_CODE = ".exitcode";
    /** How long a cancelled head job gets to stop its tasks and report before it is killed. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(6);

    /** How often the head jobs of a batch scheduler are looked up (one squeue per environment each time). */
    static final Duration SCHEDULER_POLL = Duration.ofSeconds(2);

    private final LaunchStore store;
    private final ComputeEnvService envs;
    private final AuthService auth;
    private final RunLifecycle runs;
    private final Path runsDir;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final LocalPlatform local;
    private final SlurmPlatform slurm;
    private final Map<String, Instant> lastPolled = new HashMap<>();

    public HeadJobs(Jdbi jdbi, ComputeEnvService envs, AuthService auth, RunLifecycle runs, HeadJobScript script,
                    Path runsDir, Path pluginsDir, Clock clock) {
        this.store = jdbi.onDemand(LaunchStore.class);
        this.envs = envs;
        this.auth = auth;
        this.runs = runs;
        this.runsDir = runsDir;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("pharos-head-jobs"));
        this.local = new LocalPlatform(store, script, clock, timer);
        this.slurm = new SlurmPlatform(envs, jdbi.onDemand(HeadJobStore.class), store, script, pluginsDir,
                HeadJobScript::serverEnvironment, clock);
    }

    public HeadJobs start() {
        timer.scheduleWithFixedDelay(this::tickSafely, 0, 500, TimeUnit.MILLISECONDS);
        return this;
    }

    /** Asks for a pass soon (after a launch or a cancel) instead of at the next tick. */
    public void nudge() {
        timer.execute(this::tickSafely);
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warn("Checking head jobs failed", e);
        }
    }

    private HeadJobPlatform platform(ComputeEnv env) {
        return ComputeEnv.SLURM.equals(env.platform()) ? slurm : local;
    }

    /** squeue commands sent so far (the benchmark of following many head jobs reads it). */
    public long schedulerQueries() {
        return slurm.squeueCalls.get();
    }

    /** POST /api/compute-envs/{id}/test: reach the cluster, find its commands (Slurm environments). */
    public Map<String, Object> testConnection(ComputeEnv env) {
        if (!ComputeEnv.SLURM.equals(env.platform())) {
            Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("computeEnvId", env.id());
            m.put("hostName", "(this server)");
            m.put("ok", true);
            return m;
        }
        slurm.forget(env);
        return slurm.testConnection(env, envs.config(env));
    }

    /** Before a launch is recorded: a Slurm environment's cluster must answer (400 otherwise). */
    void checkLaunch(ComputeEnv env) {
        if (ComputeEnv.SLURM.equals(env.platform())) {
            slurm.checkLaunch(env, envs.config(env));
        }
    }

    synchronized void tick() {
        Map<String, Integer> running = new HashMap<>();
        Map<String, List<Launch>> byEnv = new HashMap<>();
        for (Launch l : store.inState(Launch.RUNNING)) {
            byEnv.computeIfAbsent(l.computeEnvId(), k -> new ArrayList<>()).add(l);
        }
        Instant now = clock.instant();
        for (Map.Entry<String, List<Launch>> e : byEnv.entrySet()) {
            ComputeEnv env = store.computeEnv(e.getKey()).orElseThrow();
            HeadJobPlatform p = platform(env);
            running.put(env.id(), e.getValue().size());
            if (p == slurm) {
                Instant last = lastPolled.get(env.id());
                if (last != null && Duration.between(last, now).compareTo(SCHEDULER_POLL) < 0) {
                    continue;
                }
                lastPolled.put(env.id(), now);
            }
            follow(env, p, e.getValue());
        }
        for (Launch l : store.inState(Launch.QUEUED)) {
            Optional<ComputeEnv> env = envs.list().stream().filter(e -> e.id().equals(l.computeEnvId())).findFirst();
            if (env.isEmpty()) {
                end(l, null, "Its compute environment was deleted before the run could start", WorkflowStatus.FAILED);
                continue;
            }
            int limit = envs.config(env.get()).maxRunningOrDefault();
            if (running.getOrDefault(l.computeEnvId(), 0) < limit) {
                if (startHeadJob(l, env.get())) {
                    running.merge(l.computeEnvId(), 1, Integer::sum);
                }
            }
        }
    }

    /** One look at an environment's running head jobs: copy their consoles, end the runs of those gone. */
    private void follow(ComputeEnv env, HeadJobPlatform p, List<Launch> list) {
        ComputeEnvConfig cfg = envs.config(env);
        Map<String, HeadJobPlatform.Status> states;
        try {
            states = p.follow(env, cfg, list);
            p.readConsole(env, cfg, list);
            if (p == slurm) {
                envs.setStatus(env.id(), "AVAILABLE", null);
            }
        } catch (IOException | RuntimeException e) {
            // The cluster cannot be reached: its runs are left as they are, the environment says why.
            LOG.warn("Cannot follow the head jobs of compute environment {}: {}", env.id(), e.getMessage());
            envs.setStatus(env.id(), "ERRORED", "Cannot reach the cluster to follow its head jobs: " + e.getMessage());
            return;
        }
        for (Launch l : list) {
            if (states.get(l.id()) instanceof HeadJobPlatform.Ended ended) {
                if (p == slurm) {
                    slurm.copyFinalFiles(env, cfg, l);
                }
                finish(l, ended);
            }
        }
    }

    private boolean startHeadJob(Launch l, ComputeEnv env) {
        Path runDir = runsDir.resolve(l.workflowId());
        AuthService.NewToken token = null;
        try {
            Files.createDirectories(runDir);
            token = auth.createToken(l.ownerId(), "run " + l.workflowId(), l.workflowId());
            store.markRunning(l.id(), runDir.toString(), token.token().id(), clock.instant());
            Launch started = store.find(l.id()).orElseThrow();
            platform(env).submit(started, env, envs.config(env), runDir, token.secret());
            envs.touch(env.id());
            runs.headJobStarted(l.workflowId());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not start the head job of run {}: {}", l.workflowId(), e.getMessage());
            if (token != null) {
                auth.revokeRunTokens(l.workflowId());
            }
            appendConsole(runDir, "Pharos: the head job could not be started: " + e.getMessage());
            end(l, null, "The head job could not be started: " + e.getMessage(), WorkflowStatus.FAILED);
            return false;
        }
    }

    /** Whether a local head job's process is alive (the tests and force delete ask). */
    boolean alive(Launch l) {
        return LocalPlatform.alive(l);
    }

    /** A head job is gone: record its exit, and end the run if Nextflow did not. */
    private void finish(Launch l, HeadJobPlatform.Ended ended) {
        Integer exit = ended.exitCode();
        if (ended.reason() != null) {
            appendConsole(Path.of(l.runDir()), "Pharos: " + ended.reason()
                    + (exit == null ? "" : ", exit code " + exit));
        }
        boolean reported = store.workflowCompleted(l.workflowId()).orElse(true);
        if (reported) {
            end(l, exit, ended.reason(), null);
            return;
        }
        // Nextflow never reported the end (no reporter, Pharos unreachable at the end, or killed):
        // the head job's exit code is the best word on the run there is.
        String message = exit == null
                ? "The head job died without reporting the end of the run"
                : "The head job ended with exit code " + exit + " before Nextflow reported the end of the run";
        if (ended.reason() != null) {
            message = message + " (" + ended.reason() + ")";
        }
        appendConsole(Path.of(l.runDir()), "Pharos: " + message);
        end(l, exit, message, exit != null && exit == 0 ? WorkflowStatus.SUCCEEDED : WorkflowStatus.FAILED);
    }

    /** Records the end of a launch; with a status, also ends its run (unless Nextflow already did). */
    private void end(Launch l, Integer exit, String message, WorkflowStatus status) {
        store.markEnded(l.id(), exit, message, clock.instant());
        auth.revokeRunTokens(l.workflowId());
        runs.headJobEnded(l.workflowId(), status, exit, message);
    }

    static Integer readExitCode(Launch l) {
        if (l.runDir() == null) {
            return null;
        }
        try {
            return RunFiles.readSmall(Path.of(l.runDir()).resolve(EXIT_CODE), 16).map(s -> Integer.parseInt(s.strip()))
                    .orElse(null);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /**
     * Cancels a launched run: one still queued simply never starts; a running head job is asked
     * to stop through its platform (Nextflow then stops its tasks and reports), at once with force.
     */
    public void cancel(Launch l, boolean force) {
        if (Launch.QUEUED.equals(l.state())) {
            store.markEnded(l.id(), null, "Cancelled before it started", clock.instant());
            auth.revokeRunTokens(l.workflowId());
            runs.cancel(l.workflowId(), true);
            return;
        }
        // Before any signal: Nextflow's last report must find the run cancelled.
        runs.cancel(l.workflowId(), force);
        if (Launch.RUNNING.equals(l.state())) {
            ComputeEnv env = store.computeEnv(l.computeEnvId()).orElseThrow();
            try {
                platform(env).cancel(l, env, envs.config(env), force);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not cancel the head job of run {}: {}", l.workflowId(), e.getMessage());
                appendConsole(Path.of(l.runDir()), "Pharos: could not cancel the head job: " + e.getMessage());
            }
        }
        nudge();
    }

    /**
     * Before its run is deleted: the run's tokens are revoked first, so nothing more is reported,
     * then a head job still running is stopped at once (as a forced cancel) and a queued one never
     * starts. No event: the run itself is about to go. Holds the lock of {@link #tick}, so a
     * launch being started meanwhile is seen with its pid or job id.
     */
    public synchronized void stopForDelete(Launch launch) {
        auth.revokeRunTokens(launch.workflowId());
        Launch l = store.find(launch.id()).orElse(launch);
        if (Launch.ENDED.equals(l.state())) {
            return;
        }
        if (Launch.RUNNING.equals(l.state())) {
            ComputeEnv env = store.computeEnv(l.computeEnvId()).orElseThrow();
            try {
                platform(env).cancel(l, env, envs.config(env), true);
            } catch (IOException | RuntimeException e) {
                LOG.warn("Could not stop the head job of run {}: {}", l.workflowId(), e.getMessage());
            }
        }
        store.markEnded(l.id(), null, "The run was deleted", clock.instant());
    }

    /** A line of Pharos' own in the console; never through a link the pipeline may have put there. */
    static void appendConsole(Path runDir, String line) {
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            LOG.warn("Could not write to the console of {}", runDir, e);
            return;
        }
        if (!RunFiles.appendLine(runDir.resolve(CONSOLE), line)) {
            LOG.warn("Could not write to the console of {}: it is missing or not a plain file", runDir);
        }
    }

    static void ownerOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    }

    @Override
    public void close() {
        // Head jobs keep running: a restarted server finds them again.
        timer.shutdownNow();
        slurm.close();
    }

}
