package io.pharos.bench;

import io.pharos.App;
import io.pharos.Config;
import io.pharos.auth.User;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 4's read benchmark: a fresh PostgreSQL database migrated by an in-process Pharos, a large
 * data set loaded with COPY, then the workflow read API driven over real HTTP by concurrent clients.
 */
@Command(name = "read-bench", mixinStandardHelpOptions = true,
        description = "Loads runs and tasks into PostgreSQL and measures the workflow read API.")
public final class ReadBench implements Callable<Integer> {
    @Option(names = "--pg-url", description = "PostgreSQL server URL without database (default: ${DEFAULT-VALUE})")
    String pgBase = "jdbc:postgresql://127.0.0.1:5432/";
    @Option(names = "--pg-user", description = "default: ${DEFAULT-VALUE}")
    String pgUser = "postgres";
    @Option(names = "--pg-password", description = "default: empty")
    String pgPassword = "";
    @Option(names = "--db", description = "database to (re)create (default: ${DEFAULT-VALUE})")
    String dbName = "pharos_readbench";
    @Option(names = "--reuse", description = "use the database as a previous run left it (no drop, no load)")
    boolean reuse;
    @Option(names = "--drop-after", description = "drop the database at the end (default: keep it for EXPLAIN)")
    boolean dropAfter;
    @Option(names = "--runs", description = "default: ${DEFAULT-VALUE}")
    int runs = 100;
    @Option(names = "--tasks", description = "tasks in all runs together (default: ${DEFAULT-VALUE})")
    long tasks = 1_000_000;
    @Option(names = "--big", description = "tasks of the largest run (default: ${DEFAULT-VALUE})")
    int big = 200_000;
    @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
    long seed = 42;
    @Option(names = "--clients", description = "concurrent HTTP clients (default: ${DEFAULT-VALUE})")
    int clients = 16;
    @Option(names = "--warmup", description = "seconds of warm-up per endpoint (default: ${DEFAULT-VALUE})")
    int warmup = 3;
    @Option(names = "--warmup-all", description = "seconds per endpoint of a first pass over every endpoint to be"
            + " measured, before any is measured: the first endpoint measured no longer pays the JIT's warm-up of"
            + " the code the others share (default: ${DEFAULT-VALUE})")
    int warmupAll = 2;
    @Option(names = "--seconds", description = "seconds measured per endpoint (default: ${DEFAULT-VALUE})")
    int seconds = 10;
    @Option(names = "--max-requests", description = "cap on requests per endpoint and phase (default: ${DEFAULT-VALUE})")
    long maxRequests = 500_000;
    @Option(names = "--pool", description = "server's database pool size (default: the server's default)")
    Integer pool;
    @Option(names = "--only", description = "regular expression: run only the endpoints whose label matches")
    String only;
    @Option(names = "--run-name", description = "runName: search value of the list (default: ${DEFAULT-VALUE})")
    String runNameSearch = "curie";
    @Option(names = "--out", description = "also write the results table to this file")
    Path out;
    @Option(names = "--skip-cross-check", description = "do not compare API pages with plain OFFSET queries")
    boolean skipCrossCheck;
    @Option(names = "--no-ceiling", description = "do not measure the bare Jetty handler after each endpoint")
    boolean noCeiling;
    @Option(names = "--search-runs", split = ",", description = "after the endpoints, top the run table up to each"
            + " of these numbers of runs (light runs, no tasks) and measure the run searches at each")
    List<Long> searchRuns = new ArrayList<>();

    public static void main(String[] args) {
        System.exit(new CommandLine(new ReadBench()).execute(args));
    }

    private static void log(String s) {
        System.err.println("[read-bench " + Instant.now() + "] " + s);
    }

    @Override
    public Integer call() throws Exception {
        if (!reuse) {
            admin("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            admin("CREATE DATABASE " + dbName);
            log("created database " + dbName);
        }
        Path dataDir = Files.createTempDirectory("pharos-readbench");
        Config.Builder builder = Config.builder(dataDir).db(pgBase + dbName, pgUser, pgPassword).host("127.0.0.1").port(0);
        if (pool != null) {
            builder.dbPoolSize(pool);
        }
        Config config = builder.build();
        try (App app = App.start(config)) {
            log("Pharos on port " + app.port() + ", schema version " + app.db().currentVersion()
                    + ", db pool " + config.dbPoolSize());
            User user = app.auth().findUser("bench-user").orElseGet(() -> app.auth().createUser("bench-user", null, false));
            User adminUser = app.auth().findUser("bench-admin").orElseGet(() -> app.auth().createUser("bench-admin", null, true));
            String label = "read-bench-" + System.currentTimeMillis();
            String userToken = app.auth().createToken(user.id(), label, null).secret();
            String adminToken = app.auth().createToken(adminUser.id(), label, null).secret();
            try (Connection c = DriverManager.getConnection(pgBase + dbName, pgUser, pgPassword)) {
                if (!reuse) {
                    load(c, user.id(), adminUser.id());
                }
                printDataSet(c);
            }
            String bigRun = bigRun();
            HttpDriver http = new HttpDriver("http://127.0.0.1:" + app.port(), clients);
            sanityCheck(http, bigRun, userToken);
            if (!skipCrossCheck) {
                crossCheck(http, bigRun, userToken);
            }
            List<String> lines = new ArrayList<>();
            lines.add(String.format("%d clients, %d s warm-up + %d s measured per endpoint, db pool %d, run %s",
                    clients, warmup, seconds, config.dbPoolSize(), bigRun));
            lines.add("");
            String header = noCeiling ? HttpDriver.header() : HttpDriver.headerWithCeiling();
            lines.add(header);
            System.out.println(lines.get(0) + "\n\n" + header);
            Pattern filter = only == null ? null : Pattern.compile(only);
            if (warmupAll > 0) {
                log("warm-up: " + warmupAll + " s on each endpoint to be measured");
                for (String[] s : scenarios(bigRun, userToken, adminToken)) {
                    if (filter == null || filter.matcher(s[0]).find()) {
                        http.warm(s[1], pages(s), s[2], Duration.ofSeconds(warmupAll));
                    }
                }
            }
            try (Ceiling ceiling = noCeiling ? null : new Ceiling()) {
                HttpDriver bare = ceiling == null ? null : new HttpDriver("http://127.0.0.1:" + ceiling.port(), clients);
                for (String[] s : scenarios(bigRun, userToken, adminToken)) {
                    if (filter == null || filter.matcher(s[0]).find()) {
                        measure(http, bare, ceiling, s, lines);
                    }
                }
                for (long target : searchRuns) {
                    try (Connection c = DriverManager.getConnection(pgBase + dbName, pgUser, pgPassword)) {
                        log("topping the run table up to " + target + " runs");
                        SearchRuns.topUp(c, target, user.id(), seed, ReadBench::log);
                    }
                    String line = "| **" + target + " runs** | | | | | | | | |" + (noCeiling ? "" : " | |");
                    System.out.println(line);
                    lines.add(line);
                    for (String[] s : searchScenarios(userToken, adminToken)) {
                        if (filter == null || filter.matcher(s[0]).find()) {
                            measure(http, bare, ceiling, s, lines);
                        }
                    }
                }
            }
            if (out != null) {
                Files.write(out, lines);
            }
        } finally {
            if (dropAfter) {
                admin("DROP DATABASE IF EXISTS " + dbName + " WITH (FORCE)");
            }
        }
        return 0;
    }

    /** One endpoint, then (unless turned off) the bare handler answering the same body. */
    private void measure(HttpDriver http, HttpDriver bare, Ceiling ceiling, String[] s, List<String> lines)
            throws Exception {
        HttpDriver.Result r = http.run(s[0], s[1], pages(s), s[2], Duration.ofSeconds(warmup),
                Duration.ofSeconds(seconds), maxRequests);
        String row;
        if (ceiling == null) {
            row = HttpDriver.row(r);
        } else {
            ceiling.answer(http.bytesOnce(s[1].replace(HttpDriver.OFFSET, "0"), s[2]));
            HttpDriver.Result c = bare.run(s[0] + " (ceiling)", "/", s[2], Duration.ofSeconds(warmup),
                    Duration.ofSeconds(seconds), maxRequests);
            row = HttpDriver.row(r, c);
        }
        System.out.println(row);
        lines.add(row);
    }

    /** A scenario's number of pages to pick from at random (its fourth element), or 0 for its one path. */
    private static int pages(String[] s) {
        return s.length > 3 ? Integer.parseInt(s[3]) : 0;
    }

    /**
     * The run searches at scale: a term found in one run (part of a session id), a common name
     * part, one of 1,000 reported user names, and a label on every 1,000th run.
     */
    private List<String[]> searchScenarios(String user, String admin) {
        String session = SearchRuns.planned(seed, 4242).sessionId().substring(0, 13);
        List<String[]> s = new ArrayList<>();
        s.add(new String[] {"list (user)", "/api/workflows?max=50", user});
        s.add(new String[] {"list search=" + session + " (user)", "/api/workflows?max=50&search=" + session, user});
        s.add(new String[] {"list search=" + session + " (admin)", "/api/workflows?max=50&search=" + session, admin});
        s.add(new String[] {"list search=curie (user)", "/api/workflows?max=50&search=curie", user});
        s.add(new String[] {"list search=username:user0042 (user)", "/api/workflows?max=50&search=username:user0042",
                user});
        s.add(new String[] {"list search=label:" + SearchRuns.RARE_LABEL + " (user)",
                "/api/workflows?max=50&search=label:" + SearchRuns.RARE_LABEL, user});
        return s;
    }

    private List<String[]> scenarios(String run, String user, String admin) {
        String w = "/api/workflow/" + run;
        List<String[]> s = new ArrayList<>();
        s.add(new String[] {"describe", w, user});
        s.add(new String[] {"describe (admin)", w, admin});
        s.add(new String[] {"progress", w + "/progress", user});
        s.add(new String[] {"metrics", w + "/metrics", user});
        int[] offsets = {0, big / 2, big - 100};
        String[][] sorts = {{"default sort", ""}, {"sortBy=name", "&sortBy=name"},
                {"sortBy=realtime desc", "&sortBy=realtime&sortDir=desc"}};
        for (String[] sort : sorts) {
            for (int off : offsets) {
                s.add(new String[] {"tasks " + sort[0] + " offset " + off,
                        w + "/tasks?max=100&offset=" + off + sort[1], user});
            }
        }
        // A page never read before, most of the time: what reading and writing a page costs when
        // no answer is kept (every fixed path above is answered from FixedAnswers after its first request).
        for (String[] sort : sorts) {
            s.add(new String[] {"tasks " + sort[0] + " random page", w + "/tasks?max=100&offset=" + HttpDriver.OFFSET
                    + sort[1], user, Integer.toString(big / 100)});
        }
        s.add(new String[] {"tasks search=status:FAILED", w + "/tasks?max=100&search=status:FAILED", user});
        s.add(new String[] {"tasks search=process:ALIGN", w + "/tasks?max=100&search=process:ALIGN", user});
        for (String[] who : new String[][] {{"admin", admin}, {"user", user}}) {
            s.add(new String[] {"list (" + who[0] + ")", "/api/workflows?max=50", who[1]});
            s.add(new String[] {"list search=status:SUCCEEDED (" + who[0] + ")",
                    "/api/workflows?max=50&search=status:SUCCEEDED", who[1]});
            s.add(new String[] {"list search=runName:" + runNameSearch + " (" + who[0] + ")",
                    "/api/workflows?max=50&search=runName:" + runNameSearch, who[1]});
        }
        return s;
    }

    private void load(Connection c, long userId, long adminId) throws SQLException {
        DataLoader loader = new DataLoader(seed);
        loader.plan(runs, tasks, big, userId, adminId, Instant.now());
        long t0 = System.nanoTime();
        long rows = loader.load(c, ReadBench::log);
        log(String.format("loaded %d runs, %d tasks in %.1f s", runs, rows, (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        try (Statement s = c.createStatement()) {
            // The state autovacuum reaches soon after a bulk insert: statistics and a visibility map.
            s.execute("VACUUM (ANALYZE)");
        }
        log(String.format("VACUUM (ANALYZE) in %.1f s", (System.nanoTime() - t0) / 1e9));
    }

    private void printDataSet(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("""
                SELECT (SELECT COUNT(*) FROM workflows), (SELECT COUNT(*) FROM tasks),
                       (SELECT MAX(task_count) FROM workflow_progress),
                       (SELECT SUM(task_count) FROM workflow_progress),
                       pg_size_pretty(pg_total_relation_size('tasks')), pg_size_pretty(pg_relation_size('tasks')),
                       (SELECT string_agg(version, ',' ORDER BY installed_rank) FROM flyway_schema_history)
                """)) {
            rs.next();
            log(String.format("data set: %d runs, %d tasks (largest run %d, sum of task_count %d); tasks table %s"
                            + " with indexes (heap %s); migrations %s", rs.getLong(1), rs.getLong(2), rs.getLong(3),
                    rs.getLong(4), rs.getString(5), rs.getString(6), rs.getString(7)));
        }
    }

    private String bigRun() throws SQLException {
        try (Connection c = DriverManager.getConnection(pgBase + dbName, pgUser, pgPassword);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT workflow_id FROM workflow_progress ORDER BY task_count DESC LIMIT 1")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** The answers the timings are about must be right: totals and full pages. */
    private void sanityCheck(HttpDriver http, String run, String token) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var last = json.readTree(http.getOnce("/api/workflow/" + run + "/tasks?max=100&offset=" + (big - 100), token));
        var progress = json.readTree(http.getOnce("/api/workflow/" + run + "/progress", token))
                .at("/progress/workflowProgress");
        long counted = progress.get("succeeded").asLong() + progress.get("failed").asLong()
                + progress.get("cached").asLong();
        if (last.get("total").asLong() != big || last.get("tasks").size() != 100 || counted != big
                || last.at("/tasks/99/task/taskId").asLong() != big) {
            throw new IllegalStateException("unexpected answers: total " + last.get("total") + ", page size "
                    + last.get("tasks").size() + ", progress counts " + counted);
        }
        log("sanity check passed: last page full, totals " + big);
    }

    /**
     * Pages and totals from the API must equal what the plain query gives (the V1 server's SQL:
     * ORDER BY with a CASE for NULLs, LIMIT/OFFSET, LIKE on every row), for the big run and for
     * a run whose task ids have gaps, in both directions and at the depths that pick each path.
     */
    private void crossCheck(HttpDriver http, String bigRun, String token) throws Exception {
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        String gapped;
        long gappedCount;
        try (Connection c = DriverManager.getConnection(pgBase + dbName, pgUser, pgPassword);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT p.workflow_id, p.task_count FROM workflow_progress p
                     WHERE (SELECT MAX(task_id) FROM tasks t WHERE t.workflow_id = p.workflow_id) > p.task_count
                     LIMIT 1
                     """)) {
            if (!rs.next()) {
                throw new IllegalStateException("no run with gaps in its task ids");
            }
            gapped = rs.getString(1);
            gappedCount = rs.getLong(2);
        }
        List<Object[]> cases = new ArrayList<>();
        for (String sort : List.of("taskId", "name", "realtime", "process", "status", "submit")) {
            for (String dir : List.of("asc", "desc")) {
                for (long off : new long[] {0, gappedCount / 2 + 1, gappedCount - 100, gappedCount - 37, gappedCount + 5}) {
                    cases.add(new Object[] {gapped, sort, dir, off, null});
                }
            }
        }
        for (String[] sd : new String[][] {{"taskId", "asc"}, {"taskId", "desc"}, {"name", "asc"}, {"realtime", "desc"}}) {
            for (long off : new long[] {0, big / 2, big - 100, big - 50}) {
                cases.add(new Object[] {bigRun, sd[0], sd[1], off, null});
            }
        }
        cases.add(new Object[] {bigRun, "taskId", "asc", 0L, "process:ALIGN"});
        cases.add(new Object[] {bigRun, "taskId", "asc", 30_000L, "process:ALIGN"});
        cases.add(new Object[] {bigRun, "name", "desc", 1_000L, "process:quant"});
        cases.add(new Object[] {bigRun, "taskId", "desc", 500L, "status:FAILED"});
        java.util.Map<String, String> columns = java.util.Map.of("taskId", "task_id", "name", "name",
                "realtime", "realtime", "process", "process", "status", "status", "submit", "submit");
        try (Connection c = DriverManager.getConnection(pgBase + dbName, pgUser, pgPassword)) {
            for (Object[] k : cases) {
                String run = (String) k[0];
                String col = columns.get((String) k[1]);
                String dir = ((String) k[2]).toUpperCase(java.util.Locale.ROOT);
                long off = (Long) k[3];
                String search = (String) k[4];
                String where = "workflow_id = ?";
                String value = null;
                if (search != null && search.startsWith("process:")) {
                    where += " AND LOWER(process) LIKE ?";
                    value = "%" + search.substring(8).toLowerCase(java.util.Locale.ROOT) + "%";
                } else if (search != null) {
                    where += " AND status = ?";
                    value = search.substring(7);
                }
                String order = col.equals("task_id") ? "task_id " + dir
                        : "CASE WHEN " + col + " IS NULL THEN 1 ELSE 0 END, " + col + " " + dir + ", task_id " + dir;
                List<Long> expected = new ArrayList<>();
                long expectedTotal;
                try (var ps = c.prepareStatement("SELECT task_id FROM tasks WHERE " + where + " ORDER BY " + order
                        + " LIMIT 100 OFFSET " + off)) {
                    ps.setString(1, run);
                    if (value != null) {
                        ps.setString(2, value);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            expected.add(rs.getLong(1));
                        }
                    }
                }
                try (var ps = c.prepareStatement("SELECT COUNT(*) FROM tasks WHERE " + where)) {
                    ps.setString(1, run);
                    if (value != null) {
                        ps.setString(2, value);
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        expectedTotal = rs.getLong(1);
                    }
                }
                String path = "/api/workflow/" + run + "/tasks?max=100&offset=" + off + "&sortBy=" + k[1]
                        + "&sortDir=" + k[2] + (search == null ? "" : "&search=" + search);
                var page = json.readTree(http.getOnce(path, token));
                List<Long> got = new ArrayList<>();
                page.get("tasks").forEach(t -> got.add(t.at("/task/taskId").asLong()));
                if (!got.equals(expected) || page.get("total").asLong() != expectedTotal) {
                    throw new IllegalStateException("cross-check failed for " + path + ": expected total "
                            + expectedTotal + " " + expected + ", got " + page.get("total") + " " + got);
                }
            }
        }
        log("cross-check passed: " + cases.size() + " pages equal the plain OFFSET queries (gapped run " + gapped
                + ", " + gappedCount + " tasks)");
    }

    private void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(pgBase + "postgres", pgUser, pgPassword);
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
