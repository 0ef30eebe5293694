package io.pharos.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The ceiling: the same task rows, in the same batches of 100 and the same concurrency,
 * written by a plain JDBC batch upsert into the same tasks table, one transaction per batch.
 * No HTTP, no JSON, no auth, no read model.
 */
final class JdbcCeiling {
    private final String url;
    private final Properties props;
    private final boolean postgres;
    private final Workload workload;

    JdbcCeiling(String url, String user, String password, boolean postgres, Workload workload) {
        this.url = url;
        this.props = new Properties();
        props.setProperty("user", user);
        if (password != null) {
            props.setProperty("password", password);
        }
        this.postgres = postgres;
        this.workload = workload;
    }

    long run(int clients, Meter meter) throws Exception {
        long ownerId = owner();
        List<Thread> threads = new ArrayList<>();
        long[] runs = new long[clients];
        for (int i = 0; i < clients; i++) {
            int n = i;
            Thread t = new Thread(() -> runs[n] = client(meter, ownerId), "jdbc-client-" + i);
            threads.add(t);
            t.start();
        }
        long deadline = meter.windowEndNanos + TimeUnit.SECONDS.toNanos(120);
        for (Thread t : threads) {
            t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (t.isAlive()) {
                throw new IllegalStateException(t.getName() + " did not finish 120 s after the window");
            }
        }
        long total = 0;
        for (long r : runs) {
            total += r;
        }
        return total;
    }

    private long owner() throws SQLException {
        try (Connection c = DriverManager.getConnection(url, props); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO users (name, role, can_launch, date_created, last_updated)"
                    + " VALUES ('jdbc-ceiling', 'user', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)");
            try (var rs = s.executeQuery("SELECT id FROM users WHERE name = 'jdbc-ceiling'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long client(Meter meter, long ownerId) {
        long runs = 0;
        try (Connection c = DriverManager.getConnection(url, props);
             PreparedStatement run = c.prepareStatement("INSERT INTO workflows (id, owner_id, status, date_created,"
                     + " last_updated, last_contact, traced) VALUES (?, ?, 'RUNNING', ?, ?, ?, TRUE)");
             PreparedStatement upsert = c.prepareStatement(postgres ? Columns.postgresUpsert() : Columns.h2Merge())) {
            c.setAutoCommit(false);
            while (!meter.over()) {
                String id = UUID.randomUUID().toString().replace("-", "").substring(0, 14);
                OffsetDateTime created = OffsetDateTime.now(ZoneOffset.UTC);
                run.setString(1, id);
                run.setLong(2, ownerId);
                run.setObject(3, created);
                run.setObject(4, created);
                run.setObject(5, created);
                run.executeUpdate();
                c.commit();
                for (List<Workload.Update> batch : workload.batches) {
                    if (meter.over()) {
                        break;
                    }
                    long t0 = System.nanoTime();
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                    for (Workload.Update u : batch) {
                        Columns.bind(upsert, u.row(), id, now);
                        upsert.addBatch();
                    }
                    upsert.executeBatch();
                    c.commit();
                    meter.record(t0, System.nanoTime(), batch.size());
                }
                runs++;
            }
        } catch (SQLException | RuntimeException e) {
            meter.failed();
            System.err.println(Thread.currentThread().getName() + " failed: " + e);
            if (e instanceof SQLException s && s.getNextException() != null) {
                System.err.println("  next: " + s.getNextException().getMessage());
            }
        }
        return runs;
    }
}
