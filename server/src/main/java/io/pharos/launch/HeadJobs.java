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
 * Runs Nextflow head jobs as processes of the server host, each in its own session (setsid),
 * writing to a console file in its run folder: a head job outlives a Pharos restart, and a
 * restarted Pharos finds it again by its pid. One timer starts queued launches within each
 * compute environment's limit and notices head jobs that have ended.
 */
public final class HeadJobs implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HeadJobs.class);
    static final String CONSOLE = "console.txt";
    static final String EXIT_CODE = ".exitcode";
    /** How long a cancelled head job gets to stop its tasks and report before it is killed. */
    static final Duration CANCEL_GRACE = Duration.ofSeconds(6);

    private final LaunchStore store;
    private final ComputeEnvService envs;
    private final AuthService auth;
    private final RunLifecycle runs;
    private final HeadJobScript script;
    private final Path runsDir;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    public HeadJobs(Jdbi jdbi, ComputeEnvService envs, AuthService auth, RunLifecycle runs, HeadJobScript script,
                    Path runsDir, Clock clock) {
        this.store = jdbi.onDemand(LaunchStore.class);
        this.envs = envs;
        this.auth = auth;
        this.runs = runs;
        this.script = script;
        this.runsDir = runsDir;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("pharos-head-jobs"));
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

    synchronized void tick() {
        Map<String, Integer> running = new HashMap<>();
        for (Launch l : store.inState(Launch.RUNNING)) {
            if (alive(l)) {
                running.merge(l.computeEnvId(), 1, Integer::sum);
            } else {
                finish(l);
            }
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

    private boolean startHeadJob(Launch l, ComputeEnv env) {
        Path runDir = runsDir.resolve(l.workflowId());
        AuthService.NewToken token = null;
        try {
            Files.createDirectories(runDir);
            token = auth.createToken(l.ownerId(), "run " + l.workflowId(), l.workflowId());
            Optional<Path> resumeFrom = l.resume() ? earlierRunDir(l) : Optional.empty();
            HeadJobScript.Prepared p = script.write(l, env, envs.config(env), runDir, token.secret(), resumeFrom);
            ProcessBuilder pb = new ProcessBuilder("setsid", "bash", p.script().toString())
                    .directory(runDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(Redirect.appendTo(runDir.resolve(CONSOLE).toFile()))
                    .redirectInput(Redirect.from(new java.io.File("/dev/null")));
            pb.environment().clear();
            pb.environment().putAll(p.environment());
            Process proc = pb.start();
            Instant pidStarted = proc.info().startInstant().orElse(clock.instant());
            store.markRunning(l.id(), runDir.toString(), token.token().id(), proc.pid(), pidStarted, clock.instant());
            envs.touch(env.id());
            runs.headJobStarted(l.workflowId());
            LOG.info("Started head job of run {} (pid {}) in {}", l.workflowId(), proc.pid(), runDir);
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not start the head job of run {}", l.workflowId(), e);
            if (token != null) {
                auth.revokeRunTokens(l.workflowId());
            }
            appendConsole(runDir, "Pharos: the head job could not be started: " + e.getMessage());
            end(l, null, "The head job could not be started: " + e.getMessage(), WorkflowStatus.FAILED);
            return false;
        }
    }

    /** The run folder of the earlier launch with this session, whose .nextflow cache a resume needs. */
    private Optional<Path> earlierRunDir(Launch l) {
        return store.withSession(l.sessionId()).stream()
                .filter(x -> !x.id().equals(l.id()))
                .map(x -> Path.of(x.runDir()))
                .filter(Files::isDirectory)
                .findFirst();
    }

    boolean alive(Launch l) {
        if (l.pid() == null) {
            return false;
        }
        Optional<ProcessHandle> h = ProcessHandle.of(l.pid());
        if (h.isEmpty() || !h.get().isAlive()) {
            return false;
        }
        // A recycled pid belongs to another process: it must have started when ours did.
        Optional<Instant> started = h.get().info().startInstant();
        return started.isEmpty() || l.pidStarted() == null
                || Duration.between(started.get(), l.pidStarted()).abs().compareTo(Duration.ofSeconds(2)) <= 0;
    }

    /** A head job is gone: record its exit, and end the run if Nextflow did not. */
    private void finish(Launch l) {
        Integer exit = readExitCode(l);
        boolean reported = store.workflowCompleted(l.workflowId()).orElse(true);
        if (reported) {
            end(l, exit, null, null);
            return;
        }
        // Nextflow never reported the end (no reporter, Pharos unreachable at the end, or killed):
        // the head job's exit code is the best word on the run there is.
        String message = exit == null
                ? "The head job died without reporting the end of the run"
                : "The head job ended with exit code " + exit + " before Nextflow reported the end of the run";
        appendConsole(Path.of(l.runDir()), "Pharos: " + message);
        end(l, exit, message, exit != null && exit == 0 ? WorkflowStatus.SUCCEEDED : WorkflowStatus.FAILED);
    }

    /** Records the end of a launch; with a status, also ends its run (unless Nextflow already did). */
    private void end(Launch l, Integer exit, String message, WorkflowStatus status) {
        store.markEnded(l.id(), exit, message, clock.instant());
        auth.revokeRunTokens(l.workflowId());
        runs.headJobEnded(l.workflowId(), status, exit, message);
    }

    private static Integer readExitCode(Launch l) {
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
     * Cancels a launched run: one still queued simply never starts; a running head job gets
     * SIGTERM, which Nextflow answers by killing its tasks and reporting, and the whole process
     * group is killed after a grace period (at once with force).
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
        if (Launch.RUNNING.equals(l.state()) && alive(l)) {
            if (force) {
                killGroup(l.pid(), "KILL");
            } else {
                ProcessHandle.of(l.pid()).ifPresent(h -> {
                    List<ProcessHandle> nextflow = h.descendants()
                            .filter(d -> d.info().commandLine().map(c -> c.contains("nextflow.cli.Launcher")).orElse(false))
                            .toList();
                    if (nextflow.isEmpty()) {
                        killGroup(l.pid(), "TERM");
                    } else {
                        nextflow.forEach(ProcessHandle::destroy);
                    }
                });
                long pid = l.pid();
                timer.schedule(() -> {
                    if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                        killGroup(pid, "KILL");
                    }
                }, CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        nudge();
    }

    /**
     * Before its run is deleted: the run's tokens are revoked first, so nothing more is reported,
     * then a head job still running is killed at once (as a forced cancel) and a queued one never
     * starts. No event: the run itself is about to go. Holds the lock of {@link #tick}, so a
     * launch being started meanwhile is seen with its pid.
     */
    public synchronized void stopForDelete(Launch launch) {
        auth.revokeRunTokens(launch.workflowId());
        Launch l = store.find(launch.id()).orElse(launch);
        if (Launch.ENDED.equals(l.state())) {
            return;
        }
        if (Launch.RUNNING.equals(l.state()) && alive(l)) {
            killGroup(l.pid(), "KILL");
        }
        store.markEnded(l.id(), null, "The run was deleted", clock.instant());
    }

    /** Signals every process of the head job's session (its pid is the group id, from setsid). */
    private static void killGroup(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("Could not signal process group {}", pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
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
    }

}
