package io.pharos.bench;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The tasks-table columns the plain JDBC ceiling writes: the same ones Pharos's insert writes,
 * with the values taken straight from the generated task (no JSON on that path).
 */
final class Columns {
    private Columns() {
    }

    /** column, JSON field of the task (null: bound per batch), SQL type. */
    private record Col(String name, String field, int type) {
    }

    private static final Col[] COLS = {
            new Col("workflow_id", null, Types.VARCHAR),
            new Col("task_id", "taskId", Types.BIGINT),
            new Col("status", "status", Types.VARCHAR),
            new Col("status_rank", null, Types.SMALLINT),
            new Col("hash", "hash", Types.VARCHAR),
            new Col("name", "name", Types.VARCHAR),
            new Col("process", "process", Types.VARCHAR),
            new Col("tag", "tag", Types.VARCHAR),
            new Col("module", null, Types.VARCHAR),
            new Col("container", "container", Types.VARCHAR),
            new Col("attempt", "attempt", Types.INTEGER),
            new Col("script", "script", Types.VARCHAR),
            new Col("scratch", "scratch", Types.VARCHAR),
            new Col("workdir", "workdir", Types.VARCHAR),
            new Col("queue", "queue", Types.VARCHAR),
            new Col("cpus", "cpus", Types.INTEGER),
            new Col("memory", "memory", Types.BIGINT),
            new Col("disk", "disk", Types.BIGINT),
            new Col("time", "time", Types.BIGINT),
            new Col("env", "env", Types.VARCHAR),
            new Col("error_action", "errorAction", Types.VARCHAR),
            new Col("exit_status", null, Types.INTEGER),
            new Col("submit", "submit", Types.TIMESTAMP_WITH_TIMEZONE),
            new Col("start", "start", Types.TIMESTAMP_WITH_TIMEZONE),
            new Col("complete", "complete", Types.TIMESTAMP_WITH_TIMEZONE),
            new Col("duration", "duration", Types.BIGINT),
            new Col("realtime", "realtime", Types.BIGINT),
            new Col("native_id", "nativeId", Types.VARCHAR),
            new Col("pcpu", "pcpu", Types.DOUBLE),
            new Col("pmem", "pmem", Types.DOUBLE),
            new Col("rss", "rss", Types.BIGINT),
            new Col("vmem", "vmem", Types.BIGINT),
            new Col("peak_rss", "peakRss", Types.BIGINT),
            new Col("peak_vmem", "peakVmem", Types.BIGINT),
            new Col("rchar", "rchar", Types.BIGINT),
            new Col("wchar", "wchar", Types.BIGINT),
            new Col("syscr", "syscr", Types.BIGINT),
            new Col("syscw", "syscw", Types.BIGINT),
            new Col("read_bytes", "readBytes", Types.BIGINT),
            new Col("write_bytes", "writeBytes", Types.BIGINT),
            new Col("vol_ctxt", "volCtxt", Types.BIGINT),
            new Col("inv_ctxt", "invCtxt", Types.BIGINT),
            new Col("executor", "executor", Types.VARCHAR),
            new Col("cloud_zone", "cloudZone", Types.VARCHAR),
            new Col("machine_type", "machineType", Types.VARCHAR),
            new Col("price_model", "priceModel", Types.VARCHAR),
            new Col("cost", "cost", Types.DOUBLE),
            new Col("cpu_model", "cpuModel", Types.VARCHAR),
            new Col("date_created", null, Types.TIMESTAMP_WITH_TIMEZONE),
            new Col("last_updated", null, Types.TIMESTAMP_WITH_TIMEZONE),
    };
    private static final int WORKFLOW_ID = 0;
    private static final int DATE_CREATED = COLS.length - 2;
    private static final int LAST_UPDATED = COLS.length - 1;

    /** The row of a task update, with the per-batch columns left null. */
    static Object[] row(Map<String, Object> task) {
        Object[] row = new Object[COLS.length];
        for (int i = 0; i < COLS.length; i++) {
            Col c = COLS[i];
            Object v = c.field() == null ? null : task.get(c.field());
            if (v instanceof String s && c.type() == Types.TIMESTAMP_WITH_TIMEZONE) {
                v = OffsetDateTime.ofInstant(Instant.parse(s), ZoneOffset.UTC);
            } else if (v instanceof Integer n && (c.type() == Types.BIGINT)) {
                v = n.longValue();
            }
            row[i] = v;
        }
        String status = (String) task.get("status");
        row[indexOf("status_rank")] = (short) (status.equals("SUBMITTED") ? 1 : status.equals("RUNNING") ? 2 : 3);
        row[indexOf("module")] = "[]";
        Integer exit = (Integer) task.get("exit");
        row[indexOf("exit_status")] = exit == null || exit == Integer.MAX_VALUE ? null : exit;
        return row;
    }

    private static int indexOf(String column) {
        for (int i = 0; i < COLS.length; i++) {
            if (COLS[i].name().equals(column)) {
                return i;
            }
        }
        throw new IllegalArgumentException(column);
    }

    static String names() {
        return Arrays.stream(COLS).map(Col::name).collect(Collectors.joining(", "));
    }

    /** PostgreSQL: insert or overwrite every column of the (workflow_id, task_id) row. */
    static String postgresUpsert() {
        String placeholders = Arrays.stream(COLS).map(c -> "?").collect(Collectors.joining(", "));
        String sets = Arrays.stream(COLS)
                .filter(c -> !c.name().equals("workflow_id") && !c.name().equals("task_id")
                        && !c.name().equals("date_created"))
                .map(c -> c.name() + " = EXCLUDED." + c.name())
                .collect(Collectors.joining(", "));
        return "INSERT INTO tasks (" + names() + ") VALUES (" + placeholders + ")"
                + " ON CONFLICT (workflow_id, task_id) DO UPDATE SET " + sets;
    }

    /** H2: the same with MERGE ... KEY. */
    static String h2Merge() {
        String placeholders = Arrays.stream(COLS).map(c -> "?").collect(Collectors.joining(", "));
        return "MERGE INTO tasks (" + names() + ") KEY (workflow_id, task_id) VALUES (" + placeholders + ")";
    }

    static void bind(PreparedStatement ps, Object[] row, String workflowId, OffsetDateTime now) throws SQLException {
        for (int i = 0; i < COLS.length; i++) {
            Object v = i == WORKFLOW_ID ? workflowId : i == DATE_CREATED || i == LAST_UPDATED ? now : row[i];
            if (v == null) {
                ps.setNull(i + 1, COLS[i].type());
            } else {
                ps.setObject(i + 1, v, COLS[i].type());
            }
        }
    }
}
