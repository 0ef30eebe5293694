package io.pharos.trace;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The statements of a progress call, apart from the rest of {@link RunStore} (which extends
 * this): Jdbi makes a handler for every method of an interface each time one is attached to a
 * handle, and attaching all of RunStore cost 12 % of a progress call's CPU (docs/benchmarks-ingest.md,
 * issue 15). The tasks, folders and process rows are bound by hand (TaskBatches, ProcessRows).
 */
interface ProgressStore extends SqlObject {

    /** The run's row lock for a progress call, with what the call needs of its progress row. */
    record ProgressLock(String id, long ownerId, String status, Instant start, Instant complete, boolean traced,
                        String executors, Long lastInstant) {
        RunStore.RunLock run() {
            return new RunStore.RunLock(id, ownerId, status, start, complete, traced);
        }
    }

    @SqlQuery("""
            SELECT id, owner_id, status, start, complete, traced,
                   (SELECT executors FROM workflow_progress p WHERE p.workflow_id = w.id) AS executors,
                   (SELECT last_instant FROM workflow_progress p WHERE p.workflow_id = w.id) AS last_instant
            FROM workflows w WHERE id = :id FOR UPDATE
            """)
    Optional<ProgressLock> lockForProgress(String id);

    /**
     * A progress body's change of the run's progress row: the counters when they apply (else
     * {@code c} holds nulls and {@code applied} is false), the tasks' totals, new executors and tasks.
     */
    @SqlUpdate("""
            UPDATE workflow_progress SET pending = COALESCE(:c.pending, pending),
                submitted = COALESCE(:c.submitted, submitted), running = COALESCE(:c.running, running),
                succeeded = COALESCE(:c.succeeded, succeeded), cached = COALESCE(:c.cached, cached),
                failed = COALESCE(:c.failed, failed), aborted = COALESCE(:c.aborted, aborted),
                ignored = COALESCE(:c.ignored, ignored), retries = COALESCE(:c.retries, retries),
                load_cpus = COALESCE(:c.loadCpus, load_cpus), load_memory = COALESCE(:c.loadMemory, load_memory),
                load_tasks = COALESCE(:c.running, load_tasks), peak_running = COALESCE(:c.peakRunning, peak_running),
                peak_cpus = COALESCE(:c.peakCpus, peak_cpus), peak_memory = COALESCE(:c.peakMemory, peak_memory),
                last_instant = CASE WHEN :c.applied THEN :c.instant ELSE last_instant END,
                cpus = cpus + :t.cpus, cpu_time = cpu_time + :t.cpuTime,
                cpu_load = cpu_load + :t.cpuLoad, memory_rss = memory_rss + :t.memoryRss,
                memory_req = memory_req + :t.memoryReq, read_bytes = read_bytes + :t.readBytes,
                write_bytes = write_bytes + :t.writeBytes, vol_ctx_switch = vol_ctx_switch + :t.volCtxSwitch,
                inv_ctx_switch = inv_ctx_switch + :t.invCtxSwitch, cost = cost + :t.cost,
                executors = COALESCE(:executors, executors), task_count = task_count + :newTasks,
                last_updated = :now
            WHERE workflow_id = :id
            """)
    void updateProgress(String id, @BindMethods("c") RunCounters c, @BindMethods("t") Totals t, String executors,
                        int newTasks, Instant now);

    /** A progress body's run counters as {@link #updateProgress} binds them: all null when they do not apply. */
    record RunCounters(boolean applied, Long instant, Long pending, Long submitted, Long running, Long succeeded,
                       Long cached, Long failed, Long aborted, Long ignored, Long retries, Long loadCpus,
                       Long loadMemory, Long peakRunning, Long peakCpus, Long peakMemory) {
        static final RunCounters NONE = new RunCounters(false, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null);

        static RunCounters of(TracePayloads.ProgressInfo p, Long instant) {
            return p == null ? NONE : new RunCounters(true, instant, p.pending(), p.submitted(), p.running(),
                    p.succeeded(), p.cached(), p.failed(), p.aborted(), p.ignored(), p.retries(), p.loadCpus(),
                    p.loadMemory(), p.peakRunning(), p.peakCpus(), p.peakMemory());
        }
    }

    /** Any contact: the run's status and time of contact, and its peaks when the body's counters apply. */
    @SqlUpdate("""
            UPDATE workflows SET status = :status, last_contact = :now, last_updated = :now,
                   peak_load_cpus = COALESCE(:peakCpus, peak_load_cpus),
                   peak_load_tasks = COALESCE(:peakTasks, peak_load_tasks),
                   peak_load_memory = COALESCE(:peakMemory, peak_load_memory)
            WHERE id = :id
            """)
    void touchRun(String id, String status, Long peakCpus, Long peakTasks, Long peakMemory, Instant now);
}
