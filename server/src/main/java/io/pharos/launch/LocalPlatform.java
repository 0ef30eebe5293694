package io.pharos.launch;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Head jobs as processes of the Pharos host, each in its own session (setsid) writing straight
 * to the console file of its run folder: a head job outlives a Pharos restart and is found again
 * by its pid (and the start time of that pid, so a recycled pid is not mistaken for it).
 */
final class LocalPlatform implements HeadJobPlatform {
    private static final Logger LOG = LoggerFactory.getLogger(LocalPlatform.class);

    private final LaunchStore store;
    private final HeadJobScript script;
    private final Clock clock;
    private final ScheduledExecutorService timer;

    LocalPlatform(LaunchStore store, HeadJobScript script, Clock clock, ScheduledExecutorService timer) {
        this.store = store;
        this.script = script;
        this.clock = clock;
        this.timer = timer;
    }

    @Override
    public void submit(Launch l, ComputeEnv env, ComputeEnvConfig cfg, Path runDir, String token) throws IOException {
        Optional<Path> resumeFrom = l.resume() ? earlierRunDir(l) : Optional.empty();
        HeadJobScript.Prepared p = script.write(l, env, cfg, runDir, token, resumeFrom);
        ProcessBuilder pb = new ProcessBuilder("setsid", "bash", p.script().toString())
                .directory(runDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(runDir.resolve(HeadJobs.CONSOLE).toFile()))
                .redirectInput(Redirect.from(new java.io.File("/dev/null")));
        pb.environment().clear();
        pb.environment().putAll(p.environment());
        Process proc = pb.start();
        Instant pidStarted = proc.info().startInstant().orElse(clock.instant());
        store.recordPid(l.id(), proc.pid(), pidStarted);
        LOG.info("Started head job of run {} (pid {}) in {}", l.workflowId(), proc.pid(), runDir);
    }

    /** The run folder of the earlier launch with this session, whose .nextflow cache a resume needs. */
    private Optional<Path> earlierRunDir(Launch l) {
        return store.withSession(l.sessionId()).stream()
                .filter(x -> !x.id().equals(l.id()))
                .map(x -> Path.of(x.runDir()))
                .filter(Files::isDirectory)
                .findFirst();
    }

    @Override
    public Map<String, Status> follow(ComputeEnv env, ComputeEnvConfig cfg, List<Launch> running) {
        Map<String, Status> out = new HashMap<>();
        for (Launch l : running) {
            out.put(l.id(), alive(l) ? new Running("RUNNING") : new Ended(HeadJobs.readExitCode(l), null, null));
        }
        return out;
    }

    static boolean alive(Launch l) {
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

    @Override
    public void readConsole(ComputeEnv env, ComputeEnvConfig cfg, List<Launch> launches) {
        // The head job writes the console file itself.
    }

    /**
     * SIGTERM to Nextflow, which kills its tasks and reports; the whole process group is killed
     * after a grace period, at once with force.
     */
    @Override
    public void cancel(Launch l, ComputeEnv env, ComputeEnvConfig cfg, boolean force) {
        if (!alive(l)) {
            return;
        }
        if (force) {
            killGroup(l.pid(), "KILL");
            return;
        }
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
        }, HeadJobs.CANCEL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Signals every process of the head job's session (its pid is the group id, from setsid). */
    static void killGroup(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, "--", "-" + pid).redirectErrorStream(true)
                    .redirectOutput(Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("Could not signal process group {}", pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
