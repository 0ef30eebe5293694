package io.pharos.workflow;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The fixed-shape reads of the workflow API; the searchable lists are in {@link RunQueries} and {@link TaskQueries}. */
public interface WorkflowStore {
    String WORKFLOW_COLUMNS = "w.*, u.name AS owner_name";

    @SqlQuery("SELECT " + WORKFLOW_COLUMNS + " FROM workflows w JOIN users u ON u.id = w.owner_id WHERE w.id = :id")
    Optional<Workflow> find(String id);

    /** Who owns a run: all that an access check needs. */
    @SqlQuery("SELECT owner_id FROM workflows WHERE id = :id")
    Optional<Long> ownerOf(String id);

    /** The platform of the compute environment a launch ran on (local-platform, ...). */
    @SqlQuery("""
            SELECT c.platform FROM launches l JOIN compute_envs c ON c.id = l.compute_env_id WHERE l.id = :launchId
            """)
    Optional<String> launchPlatform(String launchId);

    @SqlQuery("""
            SELECT workflow_id, NULL AS process, pending, submitted, running, succeeded, cached, failed, aborted,
                   ignored, retries, load_cpus, load_memory, load_tasks, peak_running, peak_cpus, peak_memory, cpus,
                   cpu_time, cpu_load, memory_rss, memory_req, read_bytes, write_bytes, vol_ctx_switch,
                   inv_ctx_switch, cost, executors, task_count,
                   (SELECT COUNT(*) FROM process_progress pp WHERE pp.workflow_id = wp.workflow_id) AS process_count,
                   date_created, last_updated
            FROM workflow_progress wp WHERE wp.workflow_id IN (<ids>)
            """)
    List<Progress> runProgress(@BindList("ids") Collection<String> ids);

    @SqlQuery("SELECT task_count FROM workflow_progress WHERE workflow_id = :id")
    java.util.Optional<Long> taskCount(String id);

    @SqlQuery("""
            SELECT workflow_id, process, pending, submitted, running, succeeded, cached, failed, aborted,
                   ignored, retries, load_cpus, load_memory, load_tasks, peak_running, peak_cpus, peak_memory, cpus,
                   cpu_time, cpu_load, memory_rss, memory_req, read_bytes, write_bytes, vol_ctx_switch,
                   inv_ctx_switch, cost, NULL AS executors, 0 AS task_count,
                   0 AS process_count, date_created, last_updated
            FROM process_progress WHERE workflow_id = :id ORDER BY ord, process
            """)
    List<Progress> processProgress(String id);

    @SqlQuery("SELECT * FROM workflow_metrics WHERE workflow_id = :id ORDER BY id")
    List<Metrics> metrics(String id);

    @SqlQuery("SELECT * FROM tasks WHERE workflow_id = :id AND task_id = :taskId")
    Optional<Task> task(String id, long taskId);

    @SqlQuery(ResourceMetrics.SAMPLES_SQL)
    List<ResourceMetrics.Sample> metricSamples(String id);

    @SqlQuery("SELECT COUNT(*) FROM workflows WHERE owner_id = :ownerId AND run_name = :runName AND session_id = :sessionId")
    long countNamed(long ownerId, String runName, String sessionId);

    @SqlUpdate("DELETE FROM workflows WHERE id = :id")
    int delete(String id);

    /** The owner's kept count of runs (V12), in the transaction that deleted one of them. */
    @SqlUpdate("UPDATE users SET run_count = run_count - 1 WHERE id = :ownerId")
    void countDeletedRun(long ownerId);
}
