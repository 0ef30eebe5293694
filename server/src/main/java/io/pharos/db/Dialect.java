package io.pharos.db;

/**
 * The few places where H2 and PostgreSQL differ. Everything else is one SQL text for both.
 */
public enum Dialect {
    H2("CHARACTER LARGE OBJECT", null),
    // JIT compiles a query whose estimated cost is high, which takes 20 to 200 ms; Pharos's
    // queries are short index reads whose estimates can still be high (a LIMIT that is an
    // expression is costed as 10% of the table), so compiling them costs more than it saves.
    POSTGRES("TEXT", "SET jit = off");

    private final String textType;
    private final String connectionInitSql;

    Dialect(String textType, String connectionInitSql) {
        this.textType = textType;
        this.connectionInitSql = connectionInitSql;
    }

    /** Run on every new pooled connection; null for none. */
    public String connectionInitSql() {
        return connectionInitSql;
    }

    /** Column type for strings of any length (used by the migrations' ${text} placeholder). */
    public String textType() {
        return textType;
    }

    public static Dialect fromUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:h2:")) {
            return H2;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRES;
        }
        throw new IllegalArgumentException("Unsupported database URL (use jdbc:h2: or jdbc:postgresql:): " + jdbcUrl);
    }
}
