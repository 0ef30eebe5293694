package io.pharos.trace;

import io.pharos.workflow.Task;
import java.util.Collection;
import java.util.List;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/**
 * The SQL of a body's tasks, used by {@link TaskUpserts} inside the transaction of
 * {@link RunLifecycle#progress}, which holds the run's row lock.
 */
public interface TraceStore extends SqlObject {

    /** What a task already stored contributes to the totals, to apply exact deltas on update. */
    record StoredTask(long taskId, String status, int statusRank, String process, Integer cpus, Long realtime,
                      Double pcpu, Long peakRss, Long memory, Long rchar, Long wchar, Long volCtxt, Long invCtxt,
                      Double cost, String executor) {
    }

    @SqlQuery("""
            SELECT task_id, status, status_rank, process, cpus, realtime, pcpu, peak_rss, memory, rchar, wchar,
                   vol_ctxt, inv_ctxt, cost, executor
            FROM tasks WHERE workflow_id = :id AND task_id IN (<taskIds>)
            """)
    List<StoredTask> storedTasks(String id, @BindList("taskIds") Collection<Long> taskIds);

    /** New tasks; the SQL and the binding are in {@link TaskBatches}. */
    default void insertTasks(List<Task> tasks) {
        TaskBatches.insert(getHandle(), tasks);
    }

    /** A newer state of known tasks; a value the update lacks never erases a stored one. */
    default void updateTasks(List<Task> tasks) {
        TaskBatches.update(getHandle(), tasks);
    }
}
