package io.pharos.workflow;

import io.pharos.error.ApiException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;

/**
 * A run's tasks: filtered by a search, sorted by any sortable {@link TaskField}, paged. SQL is
 * assembled from fixed fragments; every value a client sends is a bound parameter, never SQL text.
 */
final class TaskQueries {
    /** Sort keys a client may name (lower case), and the column each maps to: the sortable {@link TaskField}s. */
    static final Map<String, String> TASK_SORT = new LinkedHashMap<>();

    static {
        TaskField.sortKeys().forEach((key, field) -> TASK_SORT.put(key.toLowerCase(Locale.ROOT), field.column()));
    }

    /** A run's tasks, filtered, sorted and paged; {@code knownTotal} spares the count when unfiltered. */
    static Page<Task> listTasks(Handle h, String workflowId, String search, String sortBy, String sortDir,
                                int max, int offset, long knownTotal) {
        return listTasks(h, taskQuery(workflowId, search, sortBy, sortDir), max, offset, knownTotal);
    }

    /**
     * What a tasks request asks for, checked: the WHERE clauses (the first is the run) with their
     * parameters, and the sort column and direction. A bad search key, sortBy or sortDir is a 400.
     */
    record TaskQuery(String workflowId, List<String> clauses, Map<String, Object> params, String column, String dir) {
        boolean filtered() {
            return clauses.size() > 1;
        }

        String where() {
            return String.join(" AND ", clauses);
        }
    }

    static TaskQuery taskQuery(String workflowId, String search, String sortBy, String sortDir) {
        List<String> clauses = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        clauses.add("workflow_id = :wf");
        params.put("wf", workflowId);
        int n = 0;
        for (SearchTerms.Term term : SearchTerms.terms(search)) {
            String p = "p" + n++;
            String key = term.key();
            String value = term.value();
            switch (key) {
                case "status" -> {
                    clauses.add("status = :" + p);
                    params.put(p, taskStatus(value));
                }
                // Matched against the run's few process names (process_progress holds every
                // process a stored task names: ingestion adds it in the task's transaction),
                // so the tasks are found through tasks_process_ix, not by testing every row.
                case "process" -> clauses.add("process IN (SELECT pp.process FROM process_progress pp"
                        + " WHERE pp.workflow_id = :wf AND " + SearchTerms.like(params, p, value, "pp.process") + ")");
                case "name" -> clauses.add(SearchTerms.like(params, p, value, "name"));
                case "tag" -> clauses.add(SearchTerms.like(params, p, value, "tag"));
                case "" -> {
                    TaskStatus st = TaskStatus.parse(value);
                    if (st != null) {
                        clauses.add("status = :" + p);
                        params.put(p, st.name());
                    } else {
                        clauses.add(SearchTerms.like(params, p, value, "name", "process", "tag"));
                    }
                }
                default -> throw ApiException.badRequest("Unknown task search key '" + key
                        + ":': use status:, process:, name: or tag:");
            }
        }
        String column = sortBy == null || sortBy.isBlank() ? "task_id" : TASK_SORT.get(sortBy.toLowerCase(Locale.ROOT));
        if (column == null) {
            throw ApiException.badRequest("Invalid sortBy '" + sortBy + "': use one of "
                    + String.join(", ", TaskField.sortKeys().keySet()));
        }
        String dir;
        if (sortDir == null || sortDir.isBlank() || sortDir.equalsIgnoreCase("asc")) {
            dir = "ASC";
        } else if (sortDir.equalsIgnoreCase("desc")) {
            dir = "DESC";
        } else {
            throw ApiException.badRequest("Invalid sortDir '" + sortDir + "': use asc or desc");
        }
        return new TaskQuery(workflowId, List.copyOf(clauses), Map.copyOf(params), column, dir);
    }

    static Page<Task> listTasks(Handle h, TaskQuery query, int max, int offset, long knownTotal) {
        String workflowId = query.workflowId();
        List<String> clauses = query.clauses();
        Map<String, Object> params = query.params();
        String column = query.column();
        String dir = query.dir();
        String where = query.where();
        long total = knownTotal;
        if (clauses.size() > 1 || knownTotal < 0) {
            var count = h.createQuery("SELECT COUNT(*) FROM tasks WHERE " + where);
            params.forEach(count::bind);
            total = count.mapTo(Long.class).one();
        }
        if (column.equals("task_id") && clauses.size() == 1) {
            List<Task> byRange = denseIdPage(h, workflowId, dir, max, offset);
            if (byRange != null) {
                return new Page<>(byRange, total);
            }
        }
        // A deferred join: the page's task ids come from the sort key's index alone (an index-only
        // scan over the skipped entries), and only the page's own rows are read from the table.
        String window = " LIMIT :max OFFSET :offset";
        boolean fromEnd = clauses.size() == 1 && knownTotal > 0 && offset > knownTotal / 2 && offset < knownTotal;
        if (fromEnd) {
            // Past the middle of an unfiltered list, the same rows are nearer the other end: walk
            // the index backwards. The count is the read model's task_count in this statement (one
            // snapshot), so the window is exact; knownTotal only chooses the direction.
            String count = "(SELECT task_count FROM workflow_progress WHERE workflow_id = :wf)";
            window = " LIMIT GREATEST(0, LEAST(:max, " + count + " - :offset)) OFFSET GREATEST(0, " + count
                    + " - :offset - :max)";
        }
        var q = h.createQuery("SELECT t.* FROM (SELECT task_id FROM tasks WHERE " + where
                + " ORDER BY " + taskOrder("", column, dir, fromEnd) + window + ") p"
                + " JOIN tasks t ON t.workflow_id = :wf AND t.task_id = p.task_id"
                + " ORDER BY " + taskOrder("t.", column, dir, false));
        params.forEach(q::bind);
        List<Task> items = q.bind("max", max).bind("offset", offset).mapTo(Task.class).list();
        return new Page<>(items, total);
    }

    /** Every task id of the query, in the order its pages list them. */
    static long[] sortedTaskIds(Handle h, TaskQuery query) {
        var q = h.createQuery("SELECT task_id FROM tasks WHERE " + query.where()
                + " ORDER BY " + taskOrder("", query.column(), query.dir(), false));
        query.params().forEach(q::bind);
        return q.mapTo(Long.class).stream().mapToLong(Long::longValue).toArray();
    }

    /** The tasks {@code ids[from..to)} of a run, in that order. */
    static List<Task> tasksByIds(Handle h, String workflowId, long[] ids, int from, int to) {
        if (from >= to) {
            return List.of();
        }
        List<Long> page = new ArrayList<>(to - from);
        Map<Long, Integer> position = new HashMap<>();
        for (int i = from; i < to; i++) {
            page.add(ids[i]);
            position.put(ids[i], i - from);
        }
        List<Task> rows = h.createQuery("SELECT * FROM tasks WHERE workflow_id = :wf AND task_id IN (<ids>)")
                .bind("wf", workflowId).bindList("ids", page).mapTo(Task.class).list();
        Task[] ordered = new Task[page.size()];
        for (Task t : rows) {
            ordered[position.get(t.taskId())] = t;
        }
        return java.util.Arrays.stream(ordered).filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The unfiltered page in task id order when a run's ids have no gaps (Nextflow numbers a
     * run's tasks 1, 2, 3, ...): with n tasks between lo and hi and hi - lo + 1 = n, the task at
     * offset k is lo + k, so the page is a range of the primary key however deep it is. Returns
     * null when the ids have gaps (the caller pages the index then). The count is the read
     * model's task_count, written in the same transaction as the tasks, and read here in the
     * same statement (one snapshot) as the bounds.
     */
    private static List<Task> denseIdPage(Handle h, String workflowId, String dir, int max, int offset) {
        long[] b = h.createQuery("""
                        SELECT MIN(task_id) AS lo, MAX(task_id) AS hi,
                               (SELECT task_count FROM workflow_progress WHERE workflow_id = :wf) AS n
                        FROM tasks WHERE workflow_id = :wf
                        """)
                .bind("wf", workflowId)
                .map((rs, ctx) -> {
                    long lo = rs.getLong(1);
                    boolean empty = rs.wasNull();
                    long hi = rs.getLong(2);
                    long n = rs.getLong(3);
                    return empty || rs.wasNull() ? null : new long[] {lo, hi, n};
                })
                .one();
        if (b == null || b[1] - b[0] + 1 != b[2]) {
            return null;
        }
        long from;
        long to;
        if (dir.equals("ASC")) {
            from = b[0] + offset;
            to = Math.min(b[1], from + max - 1);
        } else {
            to = b[1] - offset;
            from = Math.max(b[0], to - max + 1);
        }
        if (from > to) {
            return List.of();
        }
        return h.createQuery("SELECT * FROM tasks WHERE workflow_id = :wf AND task_id BETWEEN :from AND :to"
                        + " ORDER BY task_id " + dir)
                .bind("wf", workflowId).bind("from", from).bind("to", to).mapTo(Task.class).list();
    }

    /**
     * NULLs sort last either way, and task_id breaks ties so pages never overlap. Written with
     * NULLS LAST (not a CASE expression) so that an index on (workflow_id, column, task_id) in the
     * same order can deliver the rows without sorting the run (see V2__read_indexes.sql).
     */
    private static String taskOrder(String alias, String column, String dir, boolean reversed) {
        String d = reversed ? (dir.equals("ASC") ? "DESC" : "ASC") : dir;
        return column.equals("task_id") ? alias + "task_id " + d
                : alias + column + " " + d + (reversed ? " NULLS FIRST, " : " NULLS LAST, ") + alias + "task_id " + d;
    }

    private static String taskStatus(String value) {
        TaskStatus s = TaskStatus.parse(value);
        if (s == null) {
            throw ApiException.badRequest("Invalid task status '" + value
                    + "': use NEW, SUBMITTED, RUNNING, CACHED, COMPLETED, FAILED or ABORTED");
        }
        return s.name();
    }

    private TaskQueries() {
    }
}
