package io.pharos.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.App;
import io.pharos.Config;
import io.pharos.auth.User;
import io.pharos.db.Database;
import io.pharos.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Ingestion benchmark (issue 3). Plays concurrent simulated Nextflow runs against an in-process
 * Pharos over real HTTP, and the same rows through a plain JDBC batch upsert (the ceiling).
 * Every mode gets a fresh database. See docs/benchmarks-ingest.md for the commands.
 */
public final class IngestBench {

    private record Options(String db, int runs, int seconds, int warmup, int tasksPerRun, List<String> modes,
                           int pool, String pgUrl, String pgUser, String pgPassword, String pgParams,
                           String jdbcPgParams, boolean analyze) {
    }

    public static void main(String[] args) throws Exception {
        // Jetty, Hikari and Flyway chatter at INFO would drown the results.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        Options o = parse(args);
        ObjectMapper json = Json.mapper();
        Workload workload = new Workload(o.tasksPerRun(), json);
        System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version"), o.db());
        System.out.printf(Locale.ROOT, "workload: %d concurrent runs, %d s warm-up + %d s window, %d tasks per run"
                        + " (%d progress bodies of %d updates, %.0f bytes per task update on average)%n",
                o.runs(), o.warmup(), o.seconds(), o.tasksPerRun(), workload.progressBodies.size(), Workload.BATCH,
                workload.totalJsonBytes / (double) workload.updatesPerRun());
        List<Meter.Result> results = new ArrayList<>();
        List<CpuMeter.Cpu> cpus = new ArrayList<>();
        for (String mode : o.modes()) {
            CpuMeter.Cpu[] cpu = {CpuMeter.Cpu.NONE};
            Meter.Result r = switch (mode) {
                case "pharos" -> pharos(o, workload, json, cpu);
                case "jdbc" -> jdbc(o, workload, o.jdbcPgParams(), cpu);
                default -> throw new IllegalArgumentException("Unknown mode '" + mode + "': use pharos, jdbc");
            };
            System.out.println(r.line());
            System.out.println(cpu[0].line());
            results.add(r);
            cpus.add(cpu[0]);
        }
        System.out.println();
        System.out.println("| database | path | updates/s | p50 ms | p99 ms | max ms | JVM cpu ms/1k | PG cpu ms/1k | failures |");
        System.out.println("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < results.size(); i++) {
            Meter.Result r = results.get(i);
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.1f | %.1f | %.1f | %.0f | %.0f | %d |%n", o.db(),
                    r.label(), r.perSecond(), r.p50Ms(), r.p99Ms(), r.maxMs(), cpus.get(i).jvmMsPer1k(),
                    cpus.get(i).pgMsPer1k(), r.failures());
        }
        double pharos = results.stream().filter(r -> r.label().startsWith("pharos")).mapToDouble(Meter.Result::perSecond).max().orElse(0);
        double ceiling = results.stream().filter(r -> r.label().startsWith("jdbc")).mapToDouble(Meter.Result::perSecond).max().orElse(0);
        if (pharos > 0 && ceiling > 0) {
            System.out.printf(Locale.ROOT, "pharos / ceiling = %.2f%n", pharos / ceiling);
        }
        if (results.stream().anyMatch(r -> r.failures() > 0)) {
            System.exit(1);
        }
    }

    private static Meter.Result pharos(Options o, Workload workload, ObjectMapper json, CpuMeter.Cpu[] cpu)
            throws Exception {
        try (BenchDb db = BenchDb.create(o, o.pgParams())) {
            Config config = config(db, o.pool());
            try (App app = App.start(config)) {
                User user = app.auth().createUser("bench", null, false);
                String token = app.auth().createToken(user.id(), "bench", null).secret();
                PharosLoad load = new PharosLoad("http://127.0.0.1:" + app.port(), token, workload, json);
                Meter meter = new Meter(System.nanoTime(), o.warmup(), o.seconds());
                CpuMeter cpuMeter = new CpuMeter(meter, db.pgName);
                analyzeDuringWarmup(o, app.db(), meter);
                long runs = load.run(o.runs(), meter);
                Meter.Result r = meter.result("pharos" + (o.pgParams().isEmpty() ? "" : " " + o.pgParams()));
                cpu[0] = cpuMeter.summary(meter);
                Map<String, Object> counts = counts(app.db());
                System.out.println("pharos: " + runs + " runs completed; database now holds " + counts);
                return r;
            }
        }
    }

    private static Meter.Result jdbc(Options o, Workload workload, String params, CpuMeter.Cpu[] cpu)
            throws Exception {
        try (BenchDb db = BenchDb.create(o, params)) {
            Config config = config(db, 2);
            // Flyway creates the very schema Pharos uses; the pool stays open (it keeps H2 open) but idle.
            try (Database schema = App.openDatabase(config)) {
                JdbcCeiling ceiling = new JdbcCeiling(config.jdbcUrl(), db.user == null ? "sa" : db.user,
                        db.password, db.postgres, workload);
                Meter meter = new Meter(System.nanoTime(), o.warmup(), o.seconds());
                CpuMeter cpuMeter = new CpuMeter(meter, db.pgName);
                analyzeDuringWarmup(o, schema, meter);
                long runs = ceiling.run(o.runs(), meter);
                Meter.Result r = meter.result("jdbc upsert" + (params.isEmpty() ? "" : " " + params));
                cpu[0] = cpuMeter.summary(meter);
                System.out.println("jdbc: " + runs + " runs completed; database now holds " + counts(schema));
                return r;
            }
        }
    }

    /**
     * The defaults, on 127.0.0.1 and any free port, with the bench's database and pool size. Built
     * through the record's components so that fields added to Config later keep their defaults.
     */
    static Config config(BenchDb db, int poolSize) {
        Config base = Config.defaults(db.dataDir).withPort(0).withDb(db.url, db.user, db.password);
        Map<String, Object> overrides = Map.of("host", "127.0.0.1", "dbPoolSize", poolSize);
        try {
            RecordComponent[] components = Config.class.getRecordComponents();
            Object[] args = new Object[components.length];
            Class<?>[] types = new Class<?>[components.length];
            for (int i = 0; i < components.length; i++) {
                types[i] = components[i].getType();
                args[i] = overrides.containsKey(components[i].getName())
                        ? overrides.get(components[i].getName())
                        : components[i].getAccessor().invoke(base);
            }
            return Config.class.getDeclaredConstructor(types).newInstance(args);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot build a Config: " + e, e);
        }
    }

    /**
     * A fresh database has no planner statistics, and before autovacuum's first ANALYZE (up to a
     * minute or more) PostgreSQL can plan Pharos's task lookup by the wrong index, reading every
     * task of the run. A server that has run for a while has statistics; so, by default, the
     * bench runs ANALYZE once the warm-up has written some rows (--analyze false to see a fresh one),
     * and then a CHECKPOINT.
     */
    private static void analyzeDuringWarmup(Options o, Database db, Meter meter) {
        if (!o.analyze()) {
            return;
        }
        long at = meter.windowStartNanos - (long) (0.4 * o.warmup() * 1e9);
        Thread t = new Thread(() -> {
            try {
                long left = at - System.nanoTime();
                if (left > 0) {
                    java.util.concurrent.TimeUnit.NANOSECONDS.sleep(left);
                }
                db.jdbi().useHandle(h -> h.execute("ANALYZE"));
                // Each path's window then starts as long after a checkpoint as the other's: the
                // full-page images written after a checkpoint cost PostgreSQL CPU. (Both paths
                // write enough WAL to set off more checkpoints within their windows.)
                db.jdbi().useHandle(h -> h.execute("CHECKPOINT"));
                System.out.println("ran ANALYZE and CHECKPOINT during the warm-up");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("ANALYZE failed: " + e.getMessage());
            }
        }, "bench-analyze");
        t.setDaemon(true);
        t.start();
    }

    private static Map<String, Object> counts(Database db) {
        return db.jdbi().withHandle(h -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("workflows", h.createQuery("SELECT COUNT(*) FROM workflows").mapTo(Long.class).one());
            m.put("tasks", h.createQuery("SELECT COUNT(*) FROM tasks").mapTo(Long.class).one());
            m.put("completed", h.createQuery("SELECT COUNT(*) FROM tasks WHERE status = 'COMPLETED'")
                    .mapTo(Long.class).one());
            return m;
        });
    }

    /** A fresh database for one mode: an H2 file in a temp folder, or a new PostgreSQL database. */
    private static final class BenchDb implements AutoCloseable {
        final Path dataDir;
        final String url;
        final String user;
        final String password;
        final boolean postgres;
        private final String pgAdminUrl;
        final String pgName;

        private BenchDb(Path dataDir, String url, String user, String password, boolean postgres,
                        String pgAdminUrl, String pgName) {
            this.dataDir = dataDir;
            this.url = url;
            this.user = user;
            this.password = password;
            this.postgres = postgres;
            this.pgAdminUrl = pgAdminUrl;
            this.pgName = pgName;
        }

        static BenchDb create(Options o, String params) throws IOException, SQLException {
            Path dir = Files.createTempDirectory("pharos-bench-");
            if (o.db().equals("h2")) {
                return new BenchDb(dir, null, null, null, false, null, null);
            }
            String name = "pharos_bench_" + Long.toString(new Random().nextLong() & Long.MAX_VALUE, 36);
            String admin = o.pgUrl() + "postgres";
            admin(admin, o, "CREATE DATABASE " + name);
            String url = o.pgUrl() + name + (params.isEmpty() ? "" : "?" + params);
            return new BenchDb(dir, url, o.pgUser(), o.pgPassword(), true, admin, name);
        }

        private static void admin(String url, Options o, String sql) throws SQLException {
            try (Connection c = DriverManager.getConnection(url, o.pgUser(), o.pgPassword());
                 Statement s = c.createStatement()) {
                s.execute(sql);
            }
        }

        @Override
        public void close() throws SQLException {
            if (pgName != null && !Boolean.getBoolean("bench.keepDb")) {
                try (Connection c = DriverManager.getConnection(pgAdminUrl, user, password);
                     Statement s = c.createStatement()) {
                    s.execute("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
                }
            } else if (pgName != null) {
                System.out.println("kept database " + pgName);
            }
            // H2 may still be closing its files for a moment after the last connection: try twice.
            for (int attempt = 1; attempt <= 2 && Files.exists(dataDir); attempt++) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> {
                        try {
                            Files.deleteIfExists(p);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
                } catch (IOException | UncheckedIOException e) {
                    if (attempt == 2) {
                        System.err.println("could not delete " + dataDir + ": " + e.getMessage());
                    } else {
                        sleepQuietly(1000);
                    }
                }
            }
        }

        private static void sleepQuietly(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("db", "h2");
        a.put("runs", "8");
        a.put("seconds", "30");
        a.put("warmup", "5");
        a.put("tasks-per-run", "10000");
        a.put("mode", "pharos,jdbc");
        a.put("pool", "10");
        a.put("pg-url", "jdbc:postgresql://127.0.0.1:5432/");
        a.put("pg-user", "postgres");
        a.put("pg-password", "");
        a.put("pg-params", "");
        a.put("jdbc-pg-params", "");
        a.put("analyze", "true");
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (k.equals("-h") || k.equals("--help")) {
                System.out.println("usage: IngestBench " + a.keySet().stream().map(x -> "[--" + x + " " + a.get(x) + "]")
                        .reduce((x, y) -> x + " " + y).orElse(""));
                System.exit(0);
            }
            if (!k.startsWith("--") || !a.containsKey(k.substring(2)) || i + 1 >= args.length) {
                throw new IllegalArgumentException("Unknown or incomplete option '" + k + "' (try --help)");
            }
            a.put(k.substring(2), args[++i]);
        }
        String db = a.get("db");
        if (!db.equals("h2") && !db.equals("postgres")) {
            throw new IllegalArgumentException("--db must be h2 or postgres");
        }
        int seconds = Integer.parseInt(a.get("seconds"));
        int warmup = Integer.parseInt(a.get("warmup"));
        if (seconds < 1 || seconds > 3600 || warmup < 0 || warmup > 600) {
            throw new IllegalArgumentException("--seconds must be 1..3600 and --warmup 0..600");
        }
        int runs = Integer.parseInt(a.get("runs"));
        if (runs < 1 || runs > 256) {
            throw new IllegalArgumentException("--runs must be 1..256");
        }
        String pgUrl = a.get("pg-url").endsWith("/") ? a.get("pg-url") : a.get("pg-url") + "/";
        return new Options(db, runs, seconds, warmup, Integer.parseInt(a.get("tasks-per-run")),
                List.of(a.get("mode").split(",")), Integer.parseInt(a.get("pool")), pgUrl, a.get("pg-user"),
                a.get("pg-password").isEmpty() ? null : a.get("pg-password"), a.get("pg-params"),
                a.get("jdbc-pg-params"), Boolean.parseBoolean(a.get("analyze")));
    }
}
