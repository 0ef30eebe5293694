package io.pharos.logs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HexFormat;

/**
 * How a task folder is named in {@code task_folders}: the SHA-256 of its path as reported (a
 * {@code file://} prefix dropped), so a path of any length fits a fixed-width key. Ingestion
 * writes a claim for every folder it sees; the first one stays.
 */
public final class FolderKeys {
    /**
     * Claims a folder unless someone has already; the same text on H2 and PostgreSQL. Two
     * transactions that claim the same new folder at once can still meet on the primary key:
     * ingestion uses {@link #CLAIM_SQL_POSTGRES} there, and on H2 ignores that one error.
     */
    public static final String CLAIM_SQL = """
            INSERT INTO task_folders (folder_key, owner_id, workflow_id, date_created)
            SELECT ?, ?, ?, ? FROM (VALUES (0)) AS one (x)
            WHERE NOT EXISTS (SELECT 1 FROM task_folders WHERE folder_key = ?)
            """;

    /** The same for PostgreSQL, where a concurrent claim simply loses: one batch, no error. */
    public static final String CLAIM_SQL_POSTGRES = """
            INSERT INTO task_folders (folder_key, owner_id, workflow_id, date_created)
            VALUES (?, ?, ?, ?)
            ON CONFLICT (folder_key) DO NOTHING
            """;

    private FolderKeys() {
    }

    /** The path part of a reported workdir: without {@code file://}; null for none. */
    public static String path(String workdir) {
        if (workdir == null || workdir.isBlank()) {
            return null;
        }
        return workdir.startsWith("file://") ? workdir.substring("file://".length()) : workdir;
    }

    public static String key(String workdir) {
        String p = path(workdir);
        if (p == null) {
            return null;
        }
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(md.digest(p.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Binds one claim to {@link #CLAIM_SQL_POSTGRES}. */
    public static void bindClaim(PreparedStatement ps, String key, long ownerId, String workflowId, Timestamp now)
            throws SQLException {
        ps.setString(1, key);
        ps.setLong(2, ownerId);
        ps.setString(3, workflowId);
        ps.setTimestamp(4, now);
    }

    /** Binds one claim to {@link #CLAIM_SQL}, which names the key twice. */
    public static void bindPortableClaim(PreparedStatement ps, String key, long ownerId, String workflowId,
                                         Timestamp now) throws SQLException {
        bindClaim(ps, key, ownerId, workflowId, now);
        ps.setString(5, key);
    }
}
