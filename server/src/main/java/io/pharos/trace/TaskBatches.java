package io.pharos.trace;

import static io.pharos.workflow.TaskField.Write.COALESCE;
import static io.pharos.workflow.TaskField.Write.CREATED;
import static io.pharos.workflow.TaskField.Write.KEY;
import static io.pharos.workflow.TaskField.Write.SET;

import io.pharos.logs.FolderKeys;
import io.pharos.trace.TraceStore.StoredTask;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The two task batches of a progress body, bound by hand. Jdbi's per-value argument lookup
 * (about 50 named values per task, 100 tasks per body) cost more CPU than everything else in
 * a progress call (docs/benchmarks-ingest.md); the SQL is the same as before, and values are
 * bound the way Jdbi binds them (Instant as a Timestamp, null with its column's type). The
 * statements and their values are made from the one list of task fields, {@link TaskField}.
 */
final class TaskBatches {
    private TaskBatches() {
    }

    /** Every column but the identity, in table order. */
    private static final TaskField[] INSERT_VALUES = TaskField.written(KEY, SET, COALESCE, CREATED)
            .toArray(TaskField[]::new);

    static final String INSERT = "INSERT INTO tasks (" + join(Arrays.stream(INSERT_VALUES).map(TaskField::column))
            + ")\nVALUES (" + join(Arrays.stream(INSERT_VALUES).map(f -> "?")) + ")";

    /** The columns an update writes, then the key of its WHERE. */
    private static final TaskField[] UPDATE_VALUES = Stream.concat(TaskField.written(SET, COALESCE).stream(),
            TaskField.written(KEY).stream()).toArray(TaskField[]::new);

    /** A newer state of known tasks; a value the update lacks never erases a stored one. */
    static final String UPDATE = "UPDATE tasks SET " + join(TaskField.written(SET, COALESCE).stream()
            .map(f -> f.column() + (f.write() == COALESCE ? " = COALESCE(?, " + f.column() + ")" : " = ?")))
            + "\nWHERE " + String.join(" AND ", TaskField.written(KEY).stream().map(f -> f.column() + " = ?").toList());

    private static String join(Stream<String> parts) {
        return String.join(", ", parts.toList());
    }

    static {
        check(INSERT, INSERT_VALUES);
        check(UPDATE, UPDATE_VALUES);
    }

    /** What {@link TraceStore.StoredTask} holds of a task: read back before a body changes it. */
    static final String STORED_COLUMNS = "task_id, status, status_rank, process, cpus, realtime, pcpu, peak_rss, memory,"
            + " rchar, wchar, vol_ctxt, inv_ctxt, cost, executor";

    /**
     * PostgreSQL: a whole body in one statement. The rows are a VALUES list; {@code old} reads the
     * body's stored tasks and the insert writes them, both from the statement's one snapshot, so
     * the answer is each task's state before this body (the run's row lock keeps other writers
     * out). Monotonic in SQL: a stored task with a higher rank is left alone. Bodies are padded
     * with rows of nulls to a power of two, so a few statement texts serve every body size.
     */
    static String upsertPostgres(int rows) {
        StringBuilder sql = new StringBuilder("WITH v (");
        sql.append(join(Arrays.stream(INSERT_VALUES).map(TaskField::column))).append(") AS (VALUES ");
        for (int r = 0; r < rows; r++) {
            sql.append(r == 0 ? "(" : ", (");
            for (int i = 0; i < INSERT_VALUES.length; i++) {
                sql.append(i == 0 ? "" : ", ").append(r == 0 ? "CAST(? AS " + sqlType(INSERT_VALUES[i]) + ")" : "?");
            }
            sql.append(')');
        }
        sql.append("),\nold AS (SELECT ").append(STORED_COLUMNS)
                .append(", workdir FROM tasks WHERE workflow_id = ? AND task_id IN (SELECT task_id FROM v)),\n")
                .append("up AS (INSERT INTO tasks (").append(join(Arrays.stream(INSERT_VALUES).map(TaskField::column)))
                .append(")\nSELECT ").append(join(Arrays.stream(INSERT_VALUES).map(TaskField::column)))
                .append(" FROM v WHERE task_id IS NOT NULL\nON CONFLICT (")
                .append(join(TaskField.written(KEY).stream().map(TaskField::column))).append(") DO UPDATE SET ")
                .append(join(TaskField.written(SET, COALESCE).stream().map(f -> f.column() + (f.write() == COALESCE
                        ? " = COALESCE(EXCLUDED." + f.column() + ", tasks." + f.column() + ")"
                        : " = EXCLUDED." + f.column()))))
                .append("\nWHERE tasks.status_rank <= EXCLUDED.status_rank)\nSELECT ")
                .append(join(Arrays.stream(STORED_COLUMNS.split(", ")).map(c -> "old." + c)))
                .append(", old.workdir = v.workdir FROM old JOIN v ON v.task_id = old.task_id");
        return sql.toString();
    }

    private static String sqlType(TaskField f) {
        return switch (f.jdbcType()) {
            case Types.VARCHAR -> "VARCHAR";
            case Types.INTEGER -> "INTEGER";
            case Types.BIGINT -> "BIGINT";
            case Types.DOUBLE -> "DOUBLE PRECISION";
            case Types.TIMESTAMP -> "TIMESTAMP WITH TIME ZONE";
            default -> throw new IllegalStateException("no SQL type for JDBC type " + f.jdbcType());
        };
    }

    /** The largest body sent as one statement (51 values a row: well under the protocol's 32,767). */
    private static final int MAX_ROWS = 256;

    /** Statement texts by padded row count (1, 2, 4, ... 256). */
    private static final Map<Integer, String> UPSERTS = new ConcurrentHashMap<>();

    /**
     * The stored state of a body's tasks before it, by task id (absent: the task is new), and the
     * tasks that were stored with the folder the body names again (see {@link #claimFolders}).
     */
    record Before(Map<Long, StoredTask> stored, Set<Long> sameFolder) {
    }

    /** Writes a body's tasks on PostgreSQL in one statement per 256 tasks; answers their state before. */
    static Before upsert(Handle h, String workflowId, List<Task> tasks) {
        Map<Long, StoredTask> before = new HashMap<>();
        Set<Long> sameFolder = new HashSet<>();
        Connection c = h.getConnection();
        for (int from = 0; from < tasks.size(); from += MAX_ROWS) {
            List<Task> chunk = tasks.subList(from, Math.min(tasks.size(), from + MAX_ROWS));
            int rows = Integer.highestOneBit(chunk.size());
            rows = rows == chunk.size() ? rows : rows * 2;
            String sql = UPSERTS.computeIfAbsent(rows, TaskBatches::upsertPostgres);
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                int p = 1;
                for (Task t : chunk) {
                    for (TaskField f : INSERT_VALUES) {
                        bind(ps, p++, f.jdbcType(), f.get(t), true);
                    }
                }
                for (int r = chunk.size(); r < rows; r++) {
                    for (TaskField f : INSERT_VALUES) {
                        ps.setNull(p++, f.jdbcType());
                    }
                }
                ps.setString(p, workflowId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        StoredTask s = stored(rs);
                        before.put(s.taskId(), s);
                        if (rs.getBoolean(16)) {
                            sameFolder.add(s.taskId());
                        }
                    }
                }
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(e, null);
            }
        }
        return new Before(before, sameFolder);
    }

    private static StoredTask stored(ResultSet rs) throws SQLException {
        return new StoredTask(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                rs.getObject(5, Integer.class), rs.getObject(6, Long.class), rs.getObject(7, Double.class),
                rs.getObject(8, Long.class), rs.getObject(9, Long.class), rs.getObject(10, Long.class),
                rs.getObject(11, Long.class), rs.getObject(12, Long.class), rs.getObject(13, Long.class),
                rs.getObject(14, Double.class), rs.getString(15));
    }

    private static void check(String sql, TaskField[] values) {
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != values.length) {
            throw new IllegalStateException(placeholders + " placeholders but " + values.length + " values in " + sql);
        }
    }

    /** Whether the handle's database is PostgreSQL (else H2). */
    static boolean postgres(Handle h) {
        try {
            return h.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL");
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    static void insert(Handle h, List<Task> tasks) {
        execute(h, INSERT, INSERT_VALUES, tasks);
    }

    static void update(Handle h, List<Task> tasks) {
        execute(h, UPDATE, UPDATE_VALUES, tasks);
    }

    /** H2's error code for a row another open transaction changed (ErrorCode.CONCURRENT_UPDATE_1). */
    private static final int H2_CONCURRENT_UPDATE = 90131;

    /**
     * Claims the folders of a body's tasks for the run's owner, one statement on PostgreSQL.
     * Tasks in {@code sameFolder} are skipped: they were stored with that folder before, by a
     * transaction that claimed it (claims are never taken back while the owner has runs), so
     * their claim stands, whoever's it is. On H2 every folder is claimed, as before.
     */
    static void claimFolders(Handle h, long ownerId, String workflowId, List<Task> tasks, Set<Long> sameFolder,
                             Instant now, boolean postgres) {
        // Sorted: two bodies that claim the same folders take their key locks in one order, never a deadlock.
        Set<String> keys = new TreeSet<>();
        for (Task t : tasks) {
            if (!sameFolder.contains(t.taskId())) {
                String key = FolderKeys.key(t.workdir());
                if (key != null) {
                    keys.add(key);
                }
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        try {
            Connection c = h.getConnection();
            if (postgres) {
                try (PreparedStatement ps = c.prepareStatement(CLAIMS_POSTGRES)) {
                    ps.setLong(1, ownerId);
                    ps.setString(2, workflowId);
                    bindInstant(ps, 3, now, true);
                    ps.setArray(4, c.createArrayOf("varchar", keys.toArray()));
                    ps.executeUpdate();
                }
                return;
            }
            Timestamp at = Timestamp.from(now);
            // H2 undoes only a failing statement, not the transaction: a claim that another
            // transaction made at the same moment is that one's, and this one goes on.
            try (PreparedStatement ps = c.prepareStatement(FolderKeys.CLAIM_SQL)) {
                for (String key : keys) {
                    FolderKeys.bindPortableClaim(ps, key, ownerId, workflowId, at);
                    try {
                        ps.executeUpdate();
                    } catch (SQLException e) {
                        if (!"23505".equals(e.getSQLState()) && e.getErrorCode() != H2_CONCURRENT_UPDATE) {
                            throw e;
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * {@link FolderKeys#CLAIM_SQL_POSTGRES} for all of a body's folders at once: the keys as one
     * array, inserted in their order (a concurrent claim of the same folder simply loses).
     */
    static final String CLAIMS_POSTGRES = """
            INSERT INTO task_folders (folder_key, owner_id, workflow_id, date_created)
            SELECT k.key, ?, ?, CAST(? AS TIMESTAMP WITH TIME ZONE) FROM unnest(CAST(? AS VARCHAR[])) AS k (key)
            ORDER BY k.key
            ON CONFLICT (folder_key) DO NOTHING
            """;

    private static void execute(Handle h, String sql, TaskField[] cols, List<Task> tasks) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Task t : tasks) {
                for (int i = 0; i < cols.length; i++) {
                    bind(ps, i + 1, cols[i].jdbcType(), cols[i].get(t), false);
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    /**
     * pgjdbc formats a Timestamp through a Calendar (a quarter of the CPU of binding a body's
     * tasks), so PostgreSQL gets the instant as ISO text of no declared type, which is also the
     * type pgjdbc gives a null timestamp: one statement's parameter types stay the same from one
     * body to the next, and its server-side prepared statement is reused. (A typed value beside
     * untyped nulls made pgjdbc prepare the statement anew for most bodies, which doubled
     * PostgreSQL's CPU.) H2 takes the instant as an offset time.
     */
    private static void bindInstant(PreparedStatement ps, int i, Instant v, boolean postgres) throws SQLException {
        if (!postgres) {
            ps.setObject(i, v.atOffset(ZoneOffset.UTC));
        } else {
            String text = IsoText.of(v);
            if (text == null) {
                ps.setTimestamp(i, Timestamp.from(v)); // other years: a form PostgreSQL reads
            } else {
                ps.setObject(i, text, Types.OTHER);
            }
        }
    }

    private static void bind(PreparedStatement ps, int i, int type, Object v, boolean postgres) throws SQLException {
        if (v == null) {
            ps.setNull(i, type);
            return;
        }
        switch (type) {
            case Types.VARCHAR -> ps.setString(i, (String) v);
            case Types.INTEGER -> ps.setInt(i, ((Number) v).intValue());
            case Types.BIGINT -> ps.setLong(i, ((Number) v).longValue());
            case Types.DOUBLE -> ps.setDouble(i, ((Number) v).doubleValue());
            case Types.TIMESTAMP -> bindInstant(ps, i, (Instant) v, postgres);
            default -> throw new IllegalStateException("no binder for JDBC type " + type);
        }
    }
}
