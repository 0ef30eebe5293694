package io.pharos.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The fixed-shape reads of the workflow API; the searchable lists are in {@link RunQueries} and
 * {@link TaskQueries}. Plain queries on the request's handle, not a SqlObject: attaching a
 * SqlObject builds an invoker for each of its methods, and doing that once per request was most
 * of a describe's CPU (docs/benchmarks-read.md, issue 15).
 */
final class WorkflowStore {
    static final String WORKFLOW_COLUMNS = "w.*, u.name AS owner_name";

    private static final String PROGRESS_COLUMNS = """
            pending, submitted, running, succeeded, cached, failed, aborted,
            ignored, retries, load_cpus, load_memory, load_tasks, peak_running, peak_cpus, peak_memory, cpus,
            cpu_time, cpu_load, memory_rss, memory_req, read_bytes, write_bytes, vol_ctx_switch,
            inv_ctx_switch, cost""";

    private WorkflowStore() {
    }

    static Optional<Workflow> find(Handle h, String id) {
        return h.createQuery("SELECT " + WORKFLOW_COLUMNS + " FROM workflows w JOIN users u ON u.id = w.owner_id"
                        + " WHERE w.id = :id")
                .bind("id", id).mapTo(Workflow.class).findOne();
    }

    /** A run's owner, and whether it can no longer change ({@link WorkflowStatus#fixed}). */
    record Access(long ownerId, boolean fixed) {
    }

    /** What an access check needs of a run: who owns it, and whether it can still change. */
    static Optional<Access> access(Handle h, String id) {
        return h.createQuery("SELECT owner_id, status, complete IS NOT NULL FROM workflows WHERE id = :id")
                .bind("id", id)
                .map((rs, ctx) -> new Access(rs.getLong(1), WorkflowStatus.fixed(rs.getString(2), rs.getBoolean(3))))
                .findOne();
    }

    /** The platform of the compute environment a launch ran on (local-platform, ...). */
    static Optional<String> launchPlatform(Handle h, String launchId) {
        return h.createQuery("SELECT c.platform FROM launches l JOIN compute_envs c ON c.id = l.compute_env_id"
                        + " WHERE l.id = :launchId")
                .bind("launchId", launchId).mapTo(String.class).findOne();
    }

    /** A run's progress row as a {@link Progress}; the caller adds the WHERE clause on {@code wp}. */
    private static final String RUN_PROGRESS_ROW = "workflow_id, NULL AS process, " + PROGRESS_COLUMNS + """
            , executors, task_count,
            (SELECT COUNT(*) FROM process_progress pp WHERE pp.workflow_id = wp.workflow_id) AS process_count,
            date_created, last_updated
            FROM workflow_progress wp""";

    static List<Progress> runProgress(Handle h, Collection<String> ids) {
        return h.createQuery("SELECT " + RUN_PROGRESS_ROW + " WHERE wp.workflow_id IN (<ids>)")
                .bindList("ids", ids).mapTo(Progress.class).list();
    }

    /**
     * One run's progress row (as {@link #runProgress} reads it), then its processes' rows in
     * their order, in one query: describe and progress need both, and a query less per request.
     */
    static List<Progress> progressRows(Handle h, String id) {
        return h.createQuery("SELECT 0 AS part, 0 AS ord, " + RUN_PROGRESS_ROW + """
                         WHERE wp.workflow_id = :id
                        UNION ALL
                        SELECT 1, ord, workflow_id, process, """ + PROGRESS_COLUMNS + """
                        , NULL, 0, 0, date_created, last_updated
                        FROM process_progress WHERE workflow_id = :id
                        ORDER BY part, ord, process
                        """)
                .bind("id", id).mapTo(Progress.class).list();
    }

    static Optional<Long> taskCount(Handle h, String id) {
        return h.createQuery("SELECT task_count FROM workflow_progress WHERE workflow_id = :id").bind("id", id)
                .mapTo(Long.class).findOne();
    }

    static List<Metrics> metrics(Handle h, String id) {
        return h.createQuery("SELECT * FROM workflow_metrics WHERE workflow_id = :id ORDER BY id").bind("id", id)
                .mapTo(Metrics.class).list();
    }

    static Optional<Task> task(Handle h, String id, long taskId) {
        return h.createQuery("SELECT * FROM tasks WHERE workflow_id = :id AND task_id = :taskId")
                .bind("id", id).bind("taskId", taskId).mapTo(Task.class).findOne();
    }

    static List<ResourceMetrics.Sample> metricSamples(Handle h, String id) {
        return h.createQuery(ResourceMetrics.SAMPLES_SQL).bind("id", id).mapTo(ResourceMetrics.Sample.class).list();
    }

    static long countNamed(Handle h, long ownerId, String runName, String sessionId) {
        return h.createQuery("SELECT COUNT(*) FROM workflows WHERE owner_id = :ownerId AND run_name = :runName"
                        + " AND session_id = :sessionId")
                .bind("ownerId", ownerId).bind("runName", runName).bind("sessionId", sessionId)
                .mapTo(Long.class).one();
    }

    /** Deletes a run and, when it was there, takes it off its owner's kept count of runs (V12). */
    static int delete(Handle h, String id, long ownerId) {
        int deleted = h.createUpdate("DELETE FROM workflows WHERE id = :id").bind("id", id).execute();
        if (deleted == 1) {
            h.createUpdate("UPDATE users SET run_count = run_count - 1 WHERE id = :ownerId").bind("ownerId", ownerId)
                    .execute();
        }
        return deleted;
    }
}
