package io.pharos.workflow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;
import org.jdbi.v3.core.Handle;

/**
 * The run search's index, table {@code run_search}: for every run and every position in its
 * searchable texts (run name, project name, session id, the user name Nextflow reported), the
 * next {@value #WIDTH} characters, lower-cased and packed into one number that sorts as the text
 * does. A term that occurs somewhere is the start of one of those pieces, so the runs that may
 * match are one range of the primary key: the search reads about as many index entries as there
 * are occurrences of the term (of its first {@value #WIDTH} characters), not every run.
 *
 * <p>The index only narrows; the search's LIKE still decides. Rows are added whenever a run's
 * texts are written and never changed, so a renamed run keeps pieces of its old name (the LIKE
 * rejects it), and rows left behind by a deleted run match no run.
 */
public final class RunSearchIndex {
    static final int WIDTH = 8;
    /** Character codes: 0 pads a short piece, 1..95 are ' '..'~', 96 is any other character. */
    private static final int BASE = 97;
    private static final long[] POW = new long[WIDTH + 1];

    static {
        POW[0] = 1;
        for (int i = 1; i <= WIDTH; i++) {
            POW[i] = POW[i - 1] * BASE;
        }
    }

    /**
     * Insert-if-absent in one text for both databases (H2 has no ON CONFLICT). Only the writer
     * holding the run's row lock indexes a run, so two of them never race on one row.
     * Parameters: piece, run, piece, run.
     */
    public static final String INSERT_SQL = """
            INSERT INTO run_search (piece, workflow_id) SELECT ?, ? FROM (VALUES (0)) AS one (x)
            WHERE NOT EXISTS (SELECT 1 FROM run_search WHERE piece = ? AND workflow_id = ?)
            """;
    private static final String TEXTS_SQL =
            "SELECT run_name, project_name, session_id, user_name FROM workflows WHERE id = ?";

    /** The distinct pieces of some texts (null texts are skipped). */
    public static Set<Long> pieces(String... texts) {
        Set<Long> out = new LinkedHashSet<>();
        for (String t : texts) {
            if (t != null) {
                for (int i = 0; i < t.length(); i++) {
                    out.add(encode(t, i, Math.min(t.length(), i + WIDTH)));
                }
            }
        }
        return out;
    }

    /**
     * The range {@code [from, to)} of pieces that start with a search term's longest literal
     * part ({@code *} separates parts), or null when the index cannot narrow the term: no literal
     * part, or a character outside printable ASCII (whose lower case Java and the databases may
     * not agree on).
     */
    static long[] range(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return null;
            }
        }
        String longest = "";
        for (String part : value.split("\\*")) {
            if (part.length() > longest.length()) {
                longest = part;
            }
        }
        if (longest.isEmpty()) {
            return null;
        }
        int n = Math.min(WIDTH, longest.length());
        long from = encode(longest, 0, n);
        return new long[] {from, from + POW[WIDTH - n]};
    }

    /** Characters {@code [from, to)} of {@code t}, each lower-cased on its own, left-aligned in base 97. */
    private static long encode(String t, int from, int to) {
        long v = 0;
        for (int i = from; i < from + WIDTH; i++) {
            int code = 0;
            if (i < to) {
                char c = Character.toLowerCase(t.charAt(i));
                code = c >= 0x20 && c <= 0x7e ? c - 0x1f : BASE - 1;
            }
            v = v * BASE + code;
        }
        return v;
    }

    /** Adds the pieces of the run's texts as now stored: call in the transaction that wrote them. */
    public static void index(Handle h, String workflowId) {
        try {
            index(h.getConnection(), workflowId);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not index run " + workflowId + " for search", e);
        }
    }

    private static void index(Connection c, String workflowId) throws SQLException {
        Set<Long> pieces;
        try (PreparedStatement q = c.prepareStatement(TEXTS_SQL)) {
            q.setString(1, workflowId);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    return;
                }
                pieces = pieces(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
            }
        }
        if (pieces.isEmpty()) {
            return;
        }
        try (PreparedStatement ins = c.prepareStatement(INSERT_SQL)) {
            for (long p : pieces) {
                bind(ins, p, workflowId);
                ins.addBatch();
            }
            ins.executeBatch();
        }
    }

    public static void bind(PreparedStatement insert, long piece, String workflowId) throws SQLException {
        insert.setLong(1, piece);
        insert.setString(2, workflowId);
        insert.setLong(3, piece);
        insert.setString(4, workflowId);
    }

    /** Removes a deleted run's rows for the texts it had when deleted. */
    static void forget(Handle h, Workflow w) {
        Set<Long> pieces = pieces(w.runName(), w.projectName(), w.sessionId(), w.userName());
        if (!pieces.isEmpty()) {
            h.createUpdate("DELETE FROM run_search WHERE workflow_id = :id AND piece IN (<pieces>)")
                    .bind("id", w.id()).bindList("pieces", new ArrayList<>(pieces)).execute();
        }
    }

    private RunSearchIndex() {
    }
}
