package io.pharos.bench;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import org.postgresql.copy.CopyIn;
import org.postgresql.copy.CopyManager;

/** Rows in PostgreSQL's COPY text format, streamed to the server in chunks of about 1 MB. */
final class CopyWriter implements AutoCloseable {
    private static final int FLUSH_AT = 1 << 20;

    private final CopyIn copy;
    private final StringBuilder buf = new StringBuilder(FLUSH_AT + 64 * 1024);
    private boolean firstInRow = true;
    private long rows;

    CopyWriter(CopyManager manager, String table, String columns) throws SQLException {
        this.copy = manager.copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
    }

    CopyWriter col(Object v) {
        if (!firstInRow) {
            buf.append('\t');
        }
        firstInRow = false;
        if (v == null) {
            buf.append("\\N");
        } else if (v instanceof Number || v instanceof Boolean || v instanceof Instant) {
            buf.append(v);
        } else {
            escape(v.toString());
        }
        return this;
    }

    void endRow() throws SQLException {
        buf.append('\n');
        firstInRow = true;
        rows++;
        if (buf.length() >= FLUSH_AT) {
            flush();
        }
    }

    private void escape(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> buf.append("\\\\");
                case '\n' -> buf.append("\\n");
                case '\r' -> buf.append("\\r");
                case '\t' -> buf.append("\\t");
                default -> buf.append(c);
            }
        }
    }

    private void flush() throws SQLException {
        byte[] bytes = buf.toString().getBytes(StandardCharsets.UTF_8);
        copy.writeToCopy(bytes, 0, bytes.length);
        buf.setLength(0);
    }

    long rows() {
        return rows;
    }

    @Override
    public void close() throws SQLException {
        flush();
        copy.endCopy();
    }
}
