package io.pharos.trace;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * Every process row a progress body changes, in one batch of one UPDATE per process: the
 * counters Nextflow sent (when they are not older than the last applied ones), and what the
 * body's tasks add to the process's totals. A process the batch finds no row for is new: its
 * row is made (in the order processes were first seen, as {@code ensureProcesses} numbers them)
 * and only its update is repeated. A process that is already known costs no read.
 */
final class ProcessRows {
    private ProcessRows() {
    }

    /** A counter value nobody sent is bound as null and leaves the stored one (COALESCE). */
    private static final String[] COUNTERS = {"pending", "submitted", "running", "succeeded", "cached", "failed",
            "aborted", "ignored", "retries", "stored", "load_cpus", "load_memory", "peak_running", "peak_cpus",
            "peak_memory"};

    private static final String[] TOTALS = {"cpus", "cpu_time", "cpu_load", "memory_rss", "memory_req", "read_bytes",
            "write_bytes", "vol_ctx_switch", "inv_ctx_switch", "cost"};

    static final String UPDATE;

    static {
        StringBuilder sql = new StringBuilder("UPDATE process_progress SET ");
        for (String c : COUNTERS) {
            sql.append(c).append(" = COALESCE(?, ").append(c).append("), ");
        }
        sql.append("load_tasks = COALESCE(?, load_tasks), terminated = COALESCE(?, terminated), ");
        for (String c : TOTALS) {
            sql.append(c).append(" = ").append(c).append(" + ?, ");
        }
        UPDATE = sql.append("last_updated = COALESCE(?, last_updated) WHERE workflow_id = ? AND process = ?").toString();
    }

    /** One process's change: counters (null: none applied) and totals (null: no counted task changed). */
    private record Row(String process, TracePayloads.ProcessInfo counters, Totals totals) {
    }

    /**
     * Applies a body's changes to its processes' rows. {@code totals}: each process of the body's
     * tasks (first seen first) with what it adds; {@code counters}: the processes' counters when
     * they apply (null when the body has none, or they are older than the stored ones).
     */
    static void apply(ProgressStore store, String id, Map<String, Totals> totals, boolean totalsChanged,
                      List<TracePayloads.ProcessInfo> counters, Instant now) {
        Map<String, Row> rows = new LinkedHashMap<>();
        List<String> order = new ArrayList<>(); // the names ensureProcesses numbers new rows by
        totals.forEach((process, t) -> {
            rows.put(process, new Row(process, null, totalsChanged && !t.isEmpty() ? t : null));
            order.add(process);
        });
        if (counters != null) {
            for (TracePayloads.ProcessInfo p : counters) {
                if (p.name() != null) {
                    Row r = rows.get(p.name());
                    rows.put(p.name(), new Row(p.name(), p, r == null ? null : r.totals()));
                    order.add(p.name());
                }
            }
        }
        if (rows.isEmpty()) {
            return;
        }
        List<Row> all = new ArrayList<>(rows.values());
        int[] counts = execute(store, id, all, now);
        List<Row> missing = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            if (counts[i] == 0) {
                missing.add(all.get(i));
            }
        }
        if (!missing.isEmpty()) {
            RunLifecycle.ensureProcesses(store.getHandle().attach(RunStore.class), id, order, now);
            execute(store, id, missing, now);
        }
    }

    private static int[] execute(ProgressStore store, String id, List<Row> rows, Instant now) {
        Connection c = store.getHandle().getConnection();
        Timestamp at = Timestamp.from(now);
        try (PreparedStatement ps = c.prepareStatement(UPDATE)) {
            for (Row r : rows) {
                int i = 1;
                TracePayloads.ProcessInfo p = r.counters();
                if (p == null) {
                    for (int k = 0; k < COUNTERS.length + 1; k++) {
                        ps.setNull(i++, Types.BIGINT);
                    }
                    ps.setNull(i++, Types.BOOLEAN);
                } else {
                    for (long v : new long[] {p.pending(), p.submitted(), p.running(), p.succeeded(), p.cached(),
                            p.failed(), p.aborted(), p.ignored(), p.retries(), p.stored(), p.loadCpus(),
                            p.loadMemory(), p.peakRunning(), p.peakCpus(), p.peakMemory(), p.running()}) {
                        ps.setLong(i++, v);
                    }
                    if (p.terminated() == null) {
                        ps.setNull(i++, Types.BOOLEAN);
                    } else {
                        ps.setBoolean(i++, p.terminated());
                    }
                }
                Totals t = r.totals() == null ? new Totals() : r.totals();
                for (long v : new long[] {t.cpus(), t.cpuTime(), t.cpuLoad(), t.memoryRss(), t.memoryReq(),
                        t.readBytes(), t.writeBytes(), t.volCtxSwitch(), t.invCtxSwitch()}) {
                    ps.setLong(i++, v);
                }
                ps.setDouble(i++, t.cost());
                if (p == null && r.totals() == null) {
                    ps.setNull(i++, Types.TIMESTAMP); // nothing changes: the row is only looked for
                } else {
                    ps.setTimestamp(i++, at);
                }
                ps.setString(i++, id);
                ps.setString(i, r.process());
                ps.addBatch();
            }
            return ps.executeBatch();
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }
}
