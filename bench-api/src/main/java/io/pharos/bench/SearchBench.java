package io.pharos.bench;

import io.pharos.App;
import io.pharos.Config;
import io.pharos.auth.User;
import io.pharos.workflow.RunSearchIndex;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The run searches on the embedded H2 database (ReadBench --search-runs does PostgreSQL): an
 * in-process Pharos on a fresh H2 file, runs added with JDBC batches (the same light runs and
 * run_search rows as {@link SearchRuns}), then each search timed over real HTTP at each size.
 */
@Command(name = "search-bench", mixinStandardHelpOptions = true,
        description = "Measures the run searches on H2 at growing numbers of runs.")
public final class SearchBench implements Callable<Integer> {
    @Option(names = "--runs", split = ",", description = "numbers of runs to measure at (default: ${DEFAULT-VALUE})")
    List<Long> sizes = List.of(100_000L, 1_000_000L);
    @Option(names = "--clients", description = "default: ${DEFAULT-VALUE}")
    int clients = 16;
    @Option(names = "--warmup", description = "seconds (default: ${DEFAULT-VALUE})")
    int warmup = 3;
    @Option(names = "--seconds", description = "seconds measured (default: ${DEFAULT-VALUE})")
    int seconds = 10;
    @Option(names = "--seed", description = "default: ${DEFAULT-VALUE}")
    long seed = 42;
    @Option(names = "--data-dir", description = "H2 data folder (default: a new temporary folder)")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new SearchBench()).execute(args));
    }

    private static void log(String s) {
        System.err.println("[search-bench " + Instant.now() + "] " + s);
    }

    @Override
    public Integer call() throws Exception {
        Path dir = dataDir != null ? dataDir : Files.createTempDirectory("pharos-searchbench");
        Config config = Config.builder(dir).host("127.0.0.1").port(0).build();
        try (App app = App.start(config)) {
            User user = app.auth().findUser("bench-user").orElseGet(() -> app.auth().createUser("bench-user", null, false));
            User admin = app.auth().findUser("bench-admin").orElseGet(() -> app.auth().createUser("bench-admin", null, true));
            String label = "search-bench-" + System.currentTimeMillis();
            String userToken = app.auth().createToken(user.id(), label, null).secret();
            String adminToken = app.auth().createToken(admin.id(), label, null).secret();
            HttpDriver http = new HttpDriver("http://127.0.0.1:" + app.port(), clients);
            System.out.println("H2, " + clients + " clients, " + warmup + " s warm-up + " + seconds + " s per search\n");
            System.out.println(HttpDriver.header());
            for (long target : sizes) {
                app.db().jdbi().useHandle(h -> topUp(h.getConnection(), target, user.id()));
                System.out.println("| **" + target + " runs** | | | | | | | | |");
                String session = SearchRuns.planned(seed, 4242).sessionId().substring(0, 13);
                String[][] searches = {
                        {"list (user)", "/api/workflows?max=50", userToken},
                        {"list search=" + session + " (user)", "/api/workflows?max=50&search=" + session, userToken},
                        {"list search=" + session + " (admin)", "/api/workflows?max=50&search=" + session, adminToken},
                        {"list search=curie (user)", "/api/workflows?max=50&search=curie", userToken},
                        {"list search=username:user0042 (user)", "/api/workflows?max=50&search=username:user0042",
                                userToken},
                        {"list search=label:" + SearchRuns.RARE_LABEL + " (user)",
                                "/api/workflows?max=50&search=label:" + SearchRuns.RARE_LABEL, userToken}};
                for (String[] s : searches) {
                    System.out.println(HttpDriver.row(http.run(s[0], s[1], s[2], Duration.ofSeconds(warmup),
                            Duration.ofSeconds(seconds), 500_000)));
                }
            }
        }
        return 0;
    }

    private static boolean hasPrimaryKey(Connection c) throws Exception {
        try (ResultSet rs = c.getMetaData().getPrimaryKeys(null, null, "RUN_SEARCH")) {
            return rs.next();
        }
    }

    private void topUp(Connection c, long target, long ownerId) throws Exception {
        long have;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM workflows")) {
            rs.next();
            have = rs.getLong(1);
        }
        if (have >= target && hasPrimaryKey(c)) {
            return;
        }
        long labelId;
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO labels (owner_id, name, resource, date_created, last_updated) SELECT "
                    + ownerId + ", '" + SearchRuns.RARE_LABEL + "', FALSE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP"
                    + " WHERE NOT EXISTS (SELECT 1 FROM labels WHERE name = '" + SearchRuns.RARE_LABEL + "')");
            try (ResultSet rs = s.executeQuery("SELECT id FROM labels WHERE name = '" + SearchRuns.RARE_LABEL + "'")) {
                rs.next();
                labelId = rs.getLong(1);
            }
        }
        long t0 = System.nanoTime();
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        boolean auto = c.getAutoCommit();
        // As pg_restore does (and SearchRuns on PostgreSQL): rows first, the key once at the end. Inserting
        // about 75 rows a run into the key's B-tree in no order went at 40 to 60 runs a second; H2 builds
        // the index afterwards from sorted buffers.
        try (Statement s = c.createStatement()) {
            if (hasPrimaryKey(c)) { // not after a load that was stopped half-way
                s.execute("ALTER TABLE run_search DROP PRIMARY KEY");
            }
        }
        c.setAutoCommit(false);
        try (PreparedStatement run = c.prepareStatement("INSERT INTO workflows (id, owner_id, status, submit, start,"
                + " complete, date_created, last_updated, last_contact, run_name, session_id, user_name, project_name,"
                + " traced) VALUES (?, ?, 'SUCCEEDED', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)");
             PreparedStatement progress = c.prepareStatement(
                     "INSERT INTO workflow_progress (workflow_id, date_created, last_updated) VALUES (?, ?, ?)");
             PreparedStatement piece = c.prepareStatement("INSERT INTO run_search (piece, workflow_id) VALUES (?, ?)");
             PreparedStatement lbl = c.prepareStatement("INSERT INTO workflow_labels (workflow_id, label_id) VALUES (?, ?)")) {
            for (long i = have; i < target; i++) {
                SearchRuns.Planned r = SearchRuns.planned(seed, i);
                Timestamp t = Timestamp.from(base.plus(Duration.ofMinutes(i)));
                Timestamp end = Timestamp.from(base.plus(Duration.ofMinutes(i)).plusSeconds(600));
                run.setString(1, r.id());
                run.setLong(2, ownerId);
                run.setTimestamp(3, t);
                run.setTimestamp(4, t);
                run.setTimestamp(5, end);
                run.setTimestamp(6, t);
                run.setTimestamp(7, end);
                run.setTimestamp(8, end);
                run.setString(9, r.runName());
                run.setString(10, r.sessionId());
                run.setString(11, r.userName());
                run.setString(12, r.projectName());
                run.addBatch();
                progress.setString(1, r.id());
                progress.setTimestamp(2, t);
                progress.setTimestamp(3, t);
                progress.addBatch();
                for (long p : RunSearchIndex.pieces(r.runName(), r.projectName(), r.sessionId(), r.userName())) {
                    piece.setLong(1, p);
                    piece.setString(2, r.id());
                    piece.addBatch();
                }
                if (i % 1000 == 0) {
                    lbl.setString(1, r.id());
                    lbl.setLong(2, labelId);
                    lbl.addBatch();
                }
                if ((i + 1) % 1000 == 0 || i == target - 1) {
                    run.executeBatch();
                    progress.executeBatch();
                    piece.executeBatch();
                    lbl.executeBatch();
                    c.commit();
                }
                if ((i + 1) % 100_000 == 0) {
                    log(String.format("  %d runs, %.0f s", i + 1, (System.nanoTime() - t0) / 1e9));
                }
            }
        }
        log(String.format("%d runs added in %.1f s", target - have, (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        DataLoader.recountRuns(c);
        c.commit();
        c.setAutoCommit(auto);
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE run_search ADD PRIMARY KEY (piece, workflow_id)");
            s.execute("ANALYZE");
        }
        log(String.format("primary key and ANALYZE in %.1f s", (System.nanoTime() - t0) / 1e9));
    }
}
