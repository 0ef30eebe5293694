package io.pharos.trace;

import io.pharos.Threads;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timer that has {@link RunLifecycle} mark RUNNING runs silent for too long as UNKNOWN
 * (Nextflow was killed, or its host lost the network). Any later contact makes the run RUNNING again.
 */
public final class StaleRunSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StaleRunSweeper.class);
    private final RunLifecycle runs;
    private final Clock clock;
    private final Duration staleAfter;
    private final ScheduledExecutorService timer;

    public StaleRunSweeper(RunLifecycle runs, Clock clock, Duration staleAfter) {
        this.runs = runs;
        this.clock = clock;
        this.staleAfter = staleAfter;
        this.timer = Executors.newSingleThreadScheduledExecutor(Threads.daemon("pharos-stale-runs"));
    }

    public StaleRunSweeper start() {
        long periodMs = Math.max(200, Math.min(15_000, staleAfter.toMillis() / 4));
        timer.scheduleWithFixedDelay(this::sweepSafely, periodMs, periodMs, TimeUnit.MILLISECONDS);
        return this;
    }

    private void sweepSafely() {
        try {
            sweep();
        } catch (RuntimeException e) {
            LOG.warn("Checking for silent runs failed", e);
        }
    }

    /** One pass; returns how many runs became UNKNOWN. */
    public int sweep() {
        return runs.markSilentUnknown(clock.instant().minus(staleAfter));
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
