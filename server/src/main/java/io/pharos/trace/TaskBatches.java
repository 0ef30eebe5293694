package io.pharos.trace;

import io.pharos.logs.FolderKeys;
import io.pharos.workflow.Task;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * The two task batches of a progress body, bound by hand. Jdbi's per-value argument lookup
 * (about 50 named values per task, 100 tasks per body) cost more CPU than everything else in
 * a progress call (docs/benchmarks-ingest.md); the SQL is the same as before, and values are
 * bound the way Jdbi binds them (Instant as a Timestamp, null with its column's type).
 */
final class TaskBatches {
    private TaskBatches() {
    }

    /** A column value of a task and the JDBC type it is bound as. */
    private record Col(Function<Task, Object> value, int type) {
    }

    private static Col str(Function<Task, Object> f) {
        return new Col(f, Types.VARCHAR);
    }

    private static Col i32(Function<Task, Object> f) {
        return new Col(f, Types.INTEGER);
    }

    private static Col i64(Function<Task, Object> f) {
        return new Col(f, Types.BIGINT);
    }

    private static Col f64(Function<Task, Object> f) {
        return new Col(f, Types.DOUBLE);
    }

    private static Col time(Function<Task, Object> f) {
        return new Col(f, Types.TIMESTAMP);
    }

    static final String INSERT = """
            INSERT INTO tasks (workflow_id, task_id, status, status_rank, hash, name, process, tag, module, container,
                attempt, script, scratch, workdir, queue, cpus, memory, disk, time, env, error_action, exit_status,
                submit, start, complete, duration, realtime, native_id, pcpu, pmem, rss, vmem, peak_rss, peak_vmem,
                rchar, wchar, syscr, syscw, read_bytes, write_bytes, vol_ctxt, inv_ctxt, executor, cloud_zone,
                machine_type, price_model, cost, cpu_model, date_created, last_updated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """;

    private static final Col[] INSERT_VALUES = {
            str(Task::workflowId), i64(Task::taskId), str(Task::status), i32(Task::statusRank), str(Task::hash),
            str(Task::name), str(Task::process), str(Task::tag), str(Task::module), str(Task::container),
            i32(Task::attempt), str(Task::script), str(Task::scratch), str(Task::workdir), str(Task::queue),
            i32(Task::cpus), i64(Task::memory), i64(Task::disk), i64(Task::time), str(Task::env),
            str(Task::errorAction), i32(Task::exitStatus), time(Task::submit), time(Task::start),
            time(Task::complete), i64(Task::duration), i64(Task::realtime), str(Task::nativeId), f64(Task::pcpu),
            f64(Task::pmem), i64(Task::rss), i64(Task::vmem), i64(Task::peakRss), i64(Task::peakVmem),
            i64(Task::rchar), i64(Task::wchar), i64(Task::syscr), i64(Task::syscw), i64(Task::readBytes),
            i64(Task::writeBytes), i64(Task::volCtxt), i64(Task::invCtxt), str(Task::executor),
            str(Task::cloudZone), str(Task::machineType), str(Task::priceModel), f64(Task::cost),
            str(Task::cpuModel), time(Task::dateCreated), time(Task::lastUpdated),
    };

    /** A newer state of known tasks; a value the update lacks never erases a stored one. */
    static final String UPDATE = """
            UPDATE tasks SET status = ?, status_rank = ?,
                hash = COALESCE(?, hash), name = COALESCE(?, name), process = COALESCE(?, process),
                tag = COALESCE(?, tag), module = COALESCE(?, module),
                container = COALESCE(?, container), attempt = COALESCE(?, attempt),
                script = COALESCE(?, script), scratch = COALESCE(?, scratch),
                workdir = COALESCE(?, workdir), queue = COALESCE(?, queue),
                cpus = COALESCE(?, cpus), memory = COALESCE(?, memory), disk = COALESCE(?, disk),
                time = COALESCE(?, time), env = COALESCE(?, env),
                error_action = COALESCE(?, error_action), exit_status = COALESCE(?, exit_status),
                submit = COALESCE(?, submit), start = COALESCE(?, start),
                complete = COALESCE(?, complete), duration = COALESCE(?, duration),
                realtime = COALESCE(?, realtime), native_id = COALESCE(?, native_id),
                pcpu = COALESCE(?, pcpu), pmem = COALESCE(?, pmem), rss = COALESCE(?, rss),
                vmem = COALESCE(?, vmem), peak_rss = COALESCE(?, peak_rss),
                peak_vmem = COALESCE(?, peak_vmem), rchar = COALESCE(?, rchar),
                wchar = COALESCE(?, wchar), syscr = COALESCE(?, syscr), syscw = COALESCE(?, syscw),
                read_bytes = COALESCE(?, read_bytes), write_bytes = COALESCE(?, write_bytes),
                vol_ctxt = COALESCE(?, vol_ctxt), inv_ctxt = COALESCE(?, inv_ctxt),
                executor = COALESCE(?, executor), cloud_zone = COALESCE(?, cloud_zone),
                machine_type = COALESCE(?, machine_type),
                price_model = COALESCE(?, price_model), cost = COALESCE(?, cost),
                cpu_model = COALESCE(?, cpu_model), last_updated = ?
            WHERE workflow_id = ? AND task_id = ?
            """;

    private static final Col[] UPDATE_VALUES = {
            str(Task::status), i32(Task::statusRank),
            str(Task::hash), str(Task::name), str(Task::process), str(Task::tag), str(Task::module),
            str(Task::container), i32(Task::attempt), str(Task::script), str(Task::scratch), str(Task::workdir),
            str(Task::queue), i32(Task::cpus), i64(Task::memory), i64(Task::disk), i64(Task::time),
            str(Task::env), str(Task::errorAction), i32(Task::exitStatus), time(Task::submit), time(Task::start),
            time(Task::complete), i64(Task::duration), i64(Task::realtime), str(Task::nativeId), f64(Task::pcpu),
            f64(Task::pmem), i64(Task::rss), i64(Task::vmem), i64(Task::peakRss), i64(Task::peakVmem),
            i64(Task::rchar), i64(Task::wchar), i64(Task::syscr), i64(Task::syscw), i64(Task::readBytes),
            i64(Task::writeBytes), i64(Task::volCtxt), i64(Task::invCtxt), str(Task::executor),
            str(Task::cloudZone), str(Task::machineType), str(Task::priceModel), f64(Task::cost),
            str(Task::cpuModel), time(Task::lastUpdated),
            str(Task::workflowId), i64(Task::taskId),
    };

    static {
        check(INSERT, INSERT_VALUES);
        check(UPDATE, UPDATE_VALUES);
    }

    private static void check(String sql, Col[] values) {
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

    private static void execute(Handle h, String sql, Col[] cols, List<Task> tasks) {
        Connection c = h.getConnection();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Task t : tasks) {
                for (int i = 0; i < cols.length; i++) {
                    bind(ps, i + 1, cols[i].type(), cols[i].value().apply(t));
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
