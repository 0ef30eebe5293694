package io.pharos.trace;

import io.pharos.Threads;
import io.pharos.workflow.WorkflowEvent;
import io.pharos.workflow.WorkflowEvents;
import io.pharos.workflow.WorkflowStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks RUNNING runs that have been silent for too long as UNKNOWN (Nextflow was killed, or
 * its host lost the network). Any later contact makes the run RUNNING again.
 */
public final class StaleRunSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StaleRunSweeper.class);
    private final Jdbi jdbi;
    private final WorkflowEvents events;
    private final Clock clock;
    private final Duration staleAfter;
    private final ScheduledExecutorService timer;

    public StaleRunSweeper(Jdbi jdbi, WorkflowEvents events, Clock clock, Duration staleAfter) {
        this.jdbi = jdbi;
        this.events = events;
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
        Instant now = clock.instant();
        Instant cutoff = now.minus(staleAfter);
        TraceStore store = jdbi.onDemand(TraceStore.class);
        int n = 0;
        for (TraceStore.RunLock run : store.silentSince(cutoff)) {
            if (store.markUnknown(run.id(), cutoff, now) == 1) {
                n++;
                events.publish(new WorkflowEvent(WorkflowEvent.UPDATED, run.id(), run.ownerId(),
                        WorkflowStatus.UNKNOWN.name(), now));
            }
        }
        return n;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
