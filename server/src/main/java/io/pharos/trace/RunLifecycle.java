package io.pharos.trace;

import io.pharos.error.ApiException;
import io.pharos.trace.RunStore.RunLock;
import io.pharos.workflow.RunSearchIndex;
import io.pharos.workflow.Task;
import io.pharos.workflow.WorkflowEvent;
import io.pharos.workflow.WorkflowEvents;
import io.pharos.workflow.WorkflowStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The one class that changes a run's state: its status, its progress and totals, its metrics.
 * The trace protocol, launches, head jobs and the stale-run timer all call it. Each change is
 * one transaction that locks the run's row, so a run's changes apply one at a time and the read
 * model is committed with them; then one event says what changed (an ended run: ENDED).
 */
public final class RunLifecycle {
    private final Jdbi jdbi;
    private final WorkflowEvents events;
    private final Clock clock;

    public RunLifecycle(Jdbi jdbi, WorkflowEvents events, Clock clock) {
        this.jdbi = jdbi;
        this.events = events;
        this.clock = clock;
    }

    /** A new run's row: reported by Nextflow ({@code traced}), or launched here ({@code launchId}). */
    public record NewRun(String id, long ownerId, String launchId, String workspaceId, String runName,
                         String sessionId, String projectName, String repository, String workDir, String revision,
                         boolean traced) {
        /** A launched run: Nextflow announces it later with its create call. */
        public static NewRun launched(String id, long ownerId, String launchId, String runName, String projectName,
                                      String workDir, String revision) {
            return new NewRun(id, ownerId, launchId, null, runName, null, projectName, null, workDir, revision, false);
        }
    }

    /** Stores a new run (SUBMITTED) with empty progress; {@code alsoStore} runs in the same transaction. */
    public void create(NewRun run, Consumer<Handle> alsoStore) {
        Instant now = clock.instant();
        jdbi.useTransaction(h -> {
            RunStore store = h.attach(RunStore.class);
            store.insertRun(run, now);
            store.insertProgress(run.id(), now);
            store.countNewRun(run.ownerId());
            RunSearchIndex.index(h, run.id());
            alsoStore.accept(h);
        });
        publish(WorkflowEvent.CREATED, run.id(), run.ownerId(), WorkflowStatus.SUBMITTED.name(), now);
    }

    /** Nextflow's create call for a run that a launch made: the run is now reported ("traced"). */
    void announce(String id, NewRun reported, Consumer<RunLock> check) {
        Instant now = clock.instant();
        long ownerId = inTx(id, check, (store, run) -> {
            store.markTraced(id, reported, now);
            RunSearchIndex.index(store.getHandle(), id);
            return run.ownerId();
        });
        publish(WorkflowEvent.CREATED, id, ownerId, WorkflowStatus.SUBMITTED.name(), now);
    }

    /** The begin call; {@code fields} reads the body once {@code check} let the call in (403/409 before 400). */
    void begin(String id, List<String> processNames, Consumer<RunLock> check, Supplier<RunFields> fields) {
        Instant now = clock.instant();
        Changed c = inTx(id, check, (store, run) -> {
            String status = liveStatus(run);
            store.updateRun(id, fields.get(), status, now);
            RunSearchIndex.index(store.getHandle(), id);
            ensureProcesses(store, id, processNames, now);
            return new Changed(run.ownerId(), status);
        });
        publish(WorkflowEvent.UPDATED, id, c.ownerId(), c.status(), now);
    }

    /**
     * A progress call (tasks and counters) or a heartbeat (counters only); any contact revives the
     * run. Six statements whatever the body holds: the lock (which also reads the progress row's
     * executors and last counters' instant), the tasks (on PostgreSQL one upsert that answers their
     * previous state), the task folders, one batch for the process rows, the run's progress row,
     * the run's row.
     */
    void progress(String id, List<Task> tasks, TracePayloads.ProgressInfo counters, Long instant,
                  Consumer<RunLock> check) {
        Instant now = clock.instant();
        Changed c = jdbi.inTransaction(h -> {
            // Only the progress statements are attached: see ProgressStore.
            ProgressStore store = h.attach(ProgressStore.class);
            ProgressStore.ProgressLock lock = store.lockForProgress(id)
                    .orElseThrow(() -> ApiException.notFound("Unknown workflow id '" + id + "'"));
            RunLock run = lock.run();
            check.accept(run);
            TaskUpserts.Delta d = tasks.isEmpty() ? null
                    : TaskUpserts.upsert(store.getHandle(), id, run.ownerId(), tasks, now, TaskBatches.postgres(store.getHandle()));
            // Counters older than the stored ones are stale (a late body); the run lock keeps them put meanwhile.
            boolean fresh = counters != null
                    && (lock.lastInstant() == null || instant == null || lock.lastInstant() <= instant);
            TracePayloads.ProgressInfo applied = fresh ? counters : null;
            boolean totalsChanged = d != null && (!d.run().isEmpty() || d.inserted() > 0);
            if (applied != null || totalsChanged) {
                store.updateProgress(id, ProgressStore.RunCounters.of(applied, instant),
                        d == null ? new Totals() : d.run(),
                        d == null ? null : mergeExecutors(lock.executors(), d.executors()),
                        d == null ? 0 : d.inserted(), now);
            }
            ProcessRows.apply(store, id, d == null ? Map.of() : d.processes(), d != null && !d.run().isEmpty(),
                    applied == null ? null : applied.processes(), now);
            String status = liveStatus(run);
            store.touchRun(id, status, applied == null ? null : applied.peakCpus(),
                    applied == null ? null : applied.peakRunning(), applied == null ? null : applied.peakMemory(), now);
            return new Changed(run.ownerId(), status);
        });
        publish(tasks.isEmpty() ? WorkflowEvent.UPDATED : WorkflowEvent.TASKS, id, c.ownerId(), c.status(), now);
    }

    /** The complete call; a retried one changes nothing. Metrics not sent are computed from the tasks. */
    void complete(String id, TracePayloads.ProgressInfo counters, Long instant, Consumer<RunLock> check,
                  Supplier<TraceBodies.Ending> ending) {
        Instant now = clock.instant();
        Changed c = inTx(id, check, (store, run) -> {
            TraceBodies.Ending e = ending.get();
            if (WorkflowStatus.fixed(run.status(), run.complete() != null)) {
                return null; // a retried complete: already stored, nothing changes
            }
            String status = finalStatus(run, e.fields());
            RunFields fields = e.fields().complete() == null ? e.fields().withComplete(now) : e.fields();
            store.updateRun(id, fields, status, now);
            RunSearchIndex.index(store.getHandle(), id);
            applyCounters(store, id, counters, instant, now);
            storeMetrics(store, id, e.metrics());
            return new Changed(run.ownerId(), status);
        });
        if (c != null) {
            publish(WorkflowEvent.ENDED, id, c.ownerId(), c.status(), now);
        }
    }

    /**
     * Cancels a run that has not ended. Nextflow may still report while it winds down, and its
     * run stays CANCELLED; with {@code endNow} (a forced cancel, a queued launch) the run also
     * ends at once, with metrics from the tasks stored so far.
     */
    public void cancel(String id, boolean endNow) {
        Instant now = clock.instant();
        Changed c = ifPresentInTx(id, (store, run) -> {
            store.markCancelled(id, now);
            if (endNow && store.endRun(id, WorkflowStatus.CANCELLED.name(), null, null, now) == 1) {
                storeMetrics(store, id, List.of());
            }
            return new Changed(run.ownerId(), store.status(id).orElseThrow());
        });
        if (c != null) {
            publish(endNow ? WorkflowEvent.ENDED : WorkflowEvent.UPDATED, id, c.ownerId(), c.status(), now);
        }
    }

    /** A launched run's head job has started: no state of the run changes, but its page has news. */
    public void headJobStarted(String id) {
        Changed c = ifPresentInTx(id, (store, run) -> new Changed(run.ownerId(), run.status()));
        if (c != null) {
            publish(WorkflowEvent.UPDATED, id, c.ownerId(), c.status(), clock.instant());
        }
    }

    /**
     * A launched run's head job is gone (or could not start). With a status, the run ends with it
     * unless Nextflow reported the end (a cancelled run stays cancelled), with metrics from its tasks.
     */
    public void headJobEnded(String id, WorkflowStatus status, Integer exitCode, String message) {
        Instant now = clock.instant();
        Changed c = ifPresentInTx(id, (store, run) -> {
            if (status != null && store.endRun(id, status.name(), exitCode,
                    status == WorkflowStatus.SUCCEEDED ? null : message, now) == 1) {
                storeMetrics(store, id, List.of());
            }
            return new Changed(run.ownerId(), store.status(id).orElseThrow());
        });
        if (c != null) { // null: the run was deleted meanwhile
            publish(WorkflowEvent.ENDED, id, c.ownerId(), c.status(), now);
        }
    }

    /** Runs RUNNING but silent since {@code cutoff} become UNKNOWN (any later contact revives them). */
    public int markSilentUnknown(Instant cutoff) {
        Instant now = clock.instant();
        RunStore store = jdbi.onDemand(RunStore.class);
        int n = 0;
        for (RunLock run : store.silentSince(cutoff)) {
            if (store.markUnknown(run.id(), cutoff, now) == 1) {
                n++;
                publish(WorkflowEvent.UPDATED, run.id(), run.ownerId(), WorkflowStatus.UNKNOWN.name(), now);
            }
        }
        return n;
    }

    private record Changed(long ownerId, String status) {
    }

    private interface Change<T> {
        T apply(RunStore store, RunLock run);
    }

    /**
     * One transaction that locks the run (404 if there is none), lets {@code check} refuse the
     * change, then makes it. READ COMMITTED: every pooled connection is set to it (db/Database).
     */
    private <T> T inTx(String id, Consumer<RunLock> check, Change<T> change) {
        return jdbi.inTransaction(h -> {
            RunStore store = h.attach(RunStore.class);
            RunLock run = store.lock(id).orElseThrow(() -> ApiException.notFound("Unknown workflow id '" + id + "'"));
            check.accept(run);
            return change.apply(store, run);
        });
    }

    /** The same for a change nobody asked for over HTTP: a run deleted meanwhile is left alone (null). */
    private <T> T ifPresentInTx(String id, Change<T> change) {
        return jdbi.inTransaction(h -> {
            RunStore store = h.attach(RunStore.class);
            Optional<RunLock> run = store.lock(id);
            return run.isEmpty() ? null : change.apply(store, run.get());
        });
    }

    private void publish(String type, String id, long ownerId, String status, Instant now) {
        events.publish(new WorkflowEvent(type, id, ownerId, status, now));
    }

    /** Any contact revives a run; a cancelled run stays cancelled while Nextflow winds down. */
    private static String liveStatus(RunLock run) {
        return WorkflowStatus.CANCELLED.name().equals(run.status()) ? run.status() : WorkflowStatus.RUNNING.name();
    }

    private static String finalStatus(RunLock run, RunFields w) {
        if (WorkflowStatus.CANCELLED.name().equals(run.status())) {
            return run.status();
        }
        boolean success = w.success() != null
                ? w.success()
                : (w.exitStatus() == null || w.exitStatus() == 0) && w.errorMessage() == null;
        return (success ? WorkflowStatus.SUCCEEDED : WorkflowStatus.FAILED).name();
    }

    /** The run's executors with the ones a body's counted tasks ran on; null when the body adds none. */
    private static String mergeExecutors(String stored, Set<String> found) {
        if (found.isEmpty()) {
            return null;
        }
        Set<String> all = new TreeSet<>(found);
        if (stored != null && !stored.isBlank()) {
            all.addAll(List.of(stored.split(",")));
        }
        return Text.clip(String.join(",", all), Text.EXECUTORS);
    }

    /** Makes the rows of processes the run has none for yet, numbered in the order given. */
    static void ensureProcesses(RunStore store, String id, List<String> names, Instant now) {
        if (names.isEmpty()) {
            return;
        }
        List<String> existing = store.processes(id);
        Set<String> known = new LinkedHashSet<>(existing);
        List<String> add = new ArrayList<>();
        List<Integer> ord = new ArrayList<>();
        int next = existing.size();
        for (String n : names) {
            String name = Text.clip(n, Text.PROCESS);
            if (name != null && known.add(name)) {
                add.add(name);
                ord.add(next++);
            }
        }
        if (!add.isEmpty()) {
            store.insertProcesses(id, add, ord, now);
        }
    }

    private static void applyCounters(RunStore store, String id, TracePayloads.ProgressInfo p, Long instant,
                                      Instant now) {
        if (p == null) {
            return;
        }
        if (store.updateRunCounters(id, p, instant, now) == 0) {
            return; // an older body arrived late: its counters are stale
        }
        store.updatePeaks(id, p.peakCpus(), p.peakRunning(), p.peakMemory());
        if (p.processes() != null && !p.processes().isEmpty()) {
            List<TracePayloads.ProcessInfo> named = p.processes().stream().filter(x -> x.name() != null).toList();
            ensureProcesses(store, id, named.stream().map(TracePayloads.ProcessInfo::name).toList(), now);
            store.updateProcessCounters(id, named, now);
        }
    }

    /** Stores the metrics a run sent, or (none sent) the ones computed from its stored tasks. */
    private static void storeMetrics(RunStore store, String id, List<MetricsRow> sent) {
        store.deleteMetrics(id);
        store.insertMetrics(id, sent.isEmpty() ? MetricsRow.computed(store.metricSamples(id)) : sent);
    }
}
