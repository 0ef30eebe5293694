package io.pharos.support;

import io.pharos.Config;
import io.pharos.Ids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A fresh, empty database for one test class: an H2 file in a temp folder, or a new database
 * on the real PostgreSQL (127.0.0.1:5432 unless PHAROS_TEST_PG_URL says otherwise). A missing
 * PostgreSQL fails the test: it is never skipped.
 */
public final class TestDb implements AutoCloseable {
    public enum Kind { H2, POSTGRES }

    private static final String PG_BASE = System.getenv().getOrDefault("PHAROS_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/");
    private static final String PG_USER = System.getenv().getOrDefault("PHAROS_TEST_PG_USER", "postgres");
    private static final String PG_PASSWORD = System.getenv().getOrDefault("PHAROS_TEST_PG_PASSWORD", "");

    private final Kind kind;
    private final Config config;
    private final String pgName;

    private TestDb(Kind kind, Config config, String pgName) {
        this.kind = kind;
        this.config = config;
        this.pgName = pgName;
    }

    public static TestDb create(Kind kind, Path dataDir) {
        Config base = Config.defaults(dataDir).withPort(0).withDb(null, null, null);
        if (kind == Kind.H2) {
            return new TestDb(kind, base, null);
        }
        String name = "pharos_t_" + Ids.random(10).toLowerCase();
        admin("CREATE DATABASE " + name);
        return new TestDb(kind, base.withDb(PG_BASE + name, PG_USER, PG_PASSWORD), name);
    }

    public Kind kind() {
        return kind;
    }

    /** A config for this database with port 0 (any free port), host 127.0.0.1. */
    public Config config() {
        return config.toBuilder().host("127.0.0.1").port(0).serverUrl(null).build();
    }

    public static String pgUrl(String database) {
        return PG_BASE + database;
    }

    public static String pgUser() {
        return PG_USER;
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection(PG_BASE + "postgres", PG_USER, PG_PASSWORD);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + PG_BASE + " is needed for this test and did not answer: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (pgName != null) {
            admin("DROP DATABASE IF EXISTS " + pgName + " WITH (FORCE)");
        }
    }
}
