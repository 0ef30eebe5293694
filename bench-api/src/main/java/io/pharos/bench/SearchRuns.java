package io.pharos.bench;

import io.pharos.workflow.RunSearchIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Tops the run table up to a number of runs for the run search measurements: light ended runs
 * (no tasks) with Nextflow-like names, a random session id, one of 1,000 reported user names,
 * one of 20 projects, and a label on every 1,000th, each with its run_search rows as ingestion
 * would write them. Deterministic from the seed and the number of runs already there.
 */
final class SearchRuns {
    static final String[] ADJECTIVES = {"naughty", "friendly", "sleepy", "serene", "modest", "jolly", "gigantic",
            "tender", "astonishing", "hopeful", "stoic", "zen", "brave", "focused", "elegant", "curious", "happy",
            "lonely", "mighty", "silly", "goofy", "agitated", "boring", "condescending", "distracted", "ecstatic",
            "festive", "grave", "hungry", "infallible", "jovial", "kickass", "loving", "nostalgic", "pedantic"};
    static final String[] NAMES = {"booth", "curie", "turing", "hopper", "darwin", "franklin", "mendel", "pasteur",
            "lovelace", "noether", "bohr", "sanger", "mcclintock", "crick", "goodall", "kimura", "meitner", "fermi",
            "galileo", "hawking", "heisenberg", "hypatia", "kepler", "lamarr", "leakey", "newton", "nobel", "pauling",
            "ptolemy", "raman", "ritchie", "shannon", "tesla", "wozniak", "yonath"};
    static final String RARE_LABEL = "bench-rare";

    private SearchRuns() {
    }

    /** Adds runs until there are {@code target}; returns how many were added. */
    static long topUp(Connection c, long target, long ownerId, long seed, Consumer<String> log) throws SQLException {
        long have;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM workflows")) {
            rs.next();
            have = rs.getLong(1);
        }
        if (have >= target) {
            return 0;
        }
        long label = rareLabel(c, ownerId);
        Instant base = Instant.parse("2020-01-01T00:00:00Z");
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.execute("SET synchronous_commit = off");
            // A bulk load builds the index once at the end, as pg_restore does.
            s.execute("ALTER TABLE run_search DROP CONSTRAINT run_search_pkey");
        }
        CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
        long t0 = System.nanoTime();
        long pieces = 0;
        try (CopyWriter runs = new CopyWriter(copy, "workflows", "id, owner_id, status, submit, start, complete, "
                + "date_created, last_updated, last_contact, run_name, session_id, user_name, project_name, traced")) {
            for (long i = have; i < target; i++) {
                Planned r = planned(seed, i);
                Instant t = base.plus(Duration.ofMinutes(i));
                runs.col(r.id()).col(ownerId).col("SUCCEEDED").col(t).col(t).col(t.plusSeconds(600)).col(t)
                        .col(t.plusSeconds(600)).col(t.plusSeconds(600)).col(r.runName()).col(r.sessionId())
                        .col(r.userName()).col(r.projectName()).col(true);
                runs.endRow();
            }
        }
        try (CopyWriter progress = new CopyWriter(copy, "workflow_progress", "workflow_id, date_created, last_updated")) {
            for (long i = have; i < target; i++) {
                Instant t = base.plus(Duration.ofMinutes(i));
                progress.col(id(i)).col(t).col(t);
                progress.endRow();
            }
        }
        try (CopyWriter labels = new CopyWriter(copy, "workflow_labels", "workflow_id, label_id")) {
            for (long i = have; i < target; i++) {
                if (i % 1000 == 0) {
                    labels.col(id(i)).col(label);
                    labels.endRow();
                }
            }
        }
        log.accept(String.format("  %d runs written in %.1f s", target - have, (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        try (CopyWriter w = new CopyWriter(copy, "run_search", "piece, workflow_id")) {
            for (long i = have; i < target; i++) {
                Planned r = planned(seed, i);
                for (long p : RunSearchIndex.pieces(r.runName(), r.projectName(), r.sessionId(), r.userName())) {
                    w.col(p).col(r.id());
                    w.endRow();
                    pieces++;
                }
            }
        }
        log.accept(String.format("  %d run_search rows written in %.1f s", pieces, (System.nanoTime() - t0) / 1e9));
        t0 = System.nanoTime();
        DataLoader.recountRuns(c);
        c.commit();
        try (Statement s = c.createStatement()) {
            s.execute("ALTER TABLE run_search ADD PRIMARY KEY (piece, workflow_id)");
        }
        c.commit();
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("VACUUM (ANALYZE) workflows");
            s.execute("VACUUM (ANALYZE) run_search");
            s.execute("VACUUM (ANALYZE) workflow_progress");
            s.execute("VACUUM (ANALYZE) workflow_labels");
        }
        log.accept(String.format("  primary key and VACUUM (ANALYZE) in %.1f s", (System.nanoTime() - t0) / 1e9));
        return target - have;
    }

    /** Run ids of the added runs: 'S' and 13 digits, so they never meet the loader's random ids. */
    static String id(long i) {
        return String.format("S%013d", i);
    }

    /** One of the 1,000 user names Nextflow reports for these runs. */
    static String userName(long i) {
        return String.format("user%04d", i % 1000);
    }

    record Planned(String id, String runName, String sessionId, String userName, String projectName) {
    }

    /** The i-th added run's texts, the same on every call. */
    static Planned planned(long seed, long i) {
        Random rnd = new Random(seed * 1_000_003L + i);
        return new Planned(id(i), ADJECTIVES[rnd.nextInt(ADJECTIVES.length)] + "_" + NAMES[rnd.nextInt(NAMES.length)],
                new UUID(rnd.nextLong(), rnd.nextLong()).toString(), userName(i), "nf-core/pipeline" + (i % 20));
    }

    private static long rareLabel(Connection c, long ownerId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT id FROM labels WHERE owner_id = ? AND name = ?")) {
            q.setLong(1, ownerId);
            q.setString(2, RARE_LABEL);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return rs.getLong(1);
                }
            }
        }
        try (PreparedStatement ins = c.prepareStatement("INSERT INTO labels (owner_id, name, resource, date_created,"
                + " last_updated) VALUES (?, ?, FALSE, now(), now())", new String[] {"id"})) {
            ins.setLong(1, ownerId);
            ins.setString(2, RARE_LABEL);
            ins.executeUpdate();
            try (ResultSet rs = ins.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
