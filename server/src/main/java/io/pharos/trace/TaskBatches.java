package io.pharos.trace;

import static io.pharos.workflow.TaskField.Write.COALESCE;
import static io.pharos.workflow.TaskField.Write.CREATED;
import static io.pharos.workflow.TaskField.Write.KEY;
import static io.pharos.workflow.TaskField.Write.SET;

import io.pharos.logs.FolderKeys;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
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

    private static void check(String sql, TaskField[] values) {
        long placeholders = sql.chars().filter(c -> c == '?').count();
        if (placeholders != values.length) {
            throw new IllegalStateException(placeholders + " placeholders but " + values.length + " values in " + sql);
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

    static void claimFolders(Handle h, long ownerId, String workflowId, List<Task> tasks, Instant now) {
        // Sorted: two bodies that claim the same folders take their key locks in one order, never a deadlock.
        Set<String> keys = new TreeSet<>();
        for (Task t : tasks) {
            String key = FolderKeys.key(t.workdir());
            if (key != null) {
                keys.add(key);
            }
        }
        if (keys.isEmpty()) {
            return;
        }
        Timestamp at = Timestamp.from(now);
        try {
            Connection c = h.getConnection();
            if (c.getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
                try (PreparedStatement ps = c.prepareStatement(FolderKeys.CLAIM_SQL_POSTGRES)) {
                    for (String key : keys) {
                        FolderKeys.bindClaim(ps, key, ownerId, workflowId, at);
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                return;
            }
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

    private static void execute(Handle h, String sql, TaskField[] cols, List<Task> tasks) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Task t : tasks) {
                for (int i = 0; i < cols.length; i++) {
                    bind(ps, i + 1, cols[i].jdbcType(), cols[i].get(t));
                }
                ps.addBatch();
            }
            ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static void bind(PreparedStatement ps, int i, int type, Object v) throws SQLException {
        if (v == null) {
            ps.setNull(i, type);
            return;
        }
        switch (type) {
            case Types.VARCHAR -> ps.setString(i, (String) v);
            case Types.INTEGER -> ps.setInt(i, ((Number) v).intValue());
            case Types.BIGINT -> ps.setLong(i, ((Number) v).longValue());
            case Types.DOUBLE -> ps.setDouble(i, ((Number) v).doubleValue());
            case Types.TIMESTAMP -> ps.setTimestamp(i, Timestamp.from((Instant) v));
            default -> throw new IllegalStateException("no binder for JDBC type " + type);
        }
    }
}
