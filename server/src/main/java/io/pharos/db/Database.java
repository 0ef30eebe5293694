package io.pharos.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.pharos.Config;
import io.pharos.error.StartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationInfoService;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.SqlObjectPlugin;

/** The connection pool, the schema history and the Jdbi handle factory of one database. */
public final class Database implements AutoCloseable {
    static {
        // H2's AUTO_SERVER lets the CLI reach the file `serve` holds through a TCP port; by default
        // that port listens on every interface. Loopback only: read before H2's first use.
        if (System.getProperty("h2.bindAddress") == null) {
            System.setProperty("h2.bindAddress", "127.0.0.1");
        }
    }

    private final HikariDataSource dataSource;
    private final Dialect dialect;
    private final Jdbi jdbi;
    private final String url;

    private Database(HikariDataSource dataSource, Dialect dialect, String url) {
        this.dataSource = dataSource;
        this.dialect = dialect;
        this.url = url;
        this.jdbi = Jdbi.create(dataSource).installPlugin(new SqlObjectPlugin()).registerRowMapper(new RecordMappers());
    }

    /** Opens the pool and checks the database answers; does not migrate. */
    public static Database open(Config config) {
        String url = config.jdbcUrl();
        Dialect dialect;
        try {
            dialect = Dialect.fromUrl(url);
        } catch (IllegalArgumentException e) {
            throw new StartupException(e.getMessage());
        }
        if (dialect == Dialect.H2) {
            ensureWritableFolder(config.dataDir());
        }
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(url);
        if (config.dbUser() != null) {
            hc.setUsername(config.dbUser());
        } else if (dialect == Dialect.H2) {
            hc.setUsername("sa");
        }
        if (config.dbPassword() != null) {
            hc.setPassword(config.dbPassword());
        }
        hc.setMaximumPoolSize(config.dbPoolSize());
        if (dialect.connectionInitSql() != null) {
            hc.setConnectionInitSql(dialect.connectionInitSql());
        }
        // Every pooled connection is READ COMMITTED from the start, so a transaction need not ask
        // for it: with pgjdbc, asking costs up to 3 SHOW TRANSACTION ISOLATION LEVEL round trips.
        hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (dialect == Dialect.POSTGRES) {
            // pgjdbc sends a batch of INSERTs (a body's new tasks, a run's processes and metrics) as
            // multi-row INSERTs: one statement for the server to run instead of one per row.
            hc.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        hc.setPoolName("pharos-db");
        hc.setConnectionTimeout(10_000);
        hc.setInitializationFailTimeout(1);
        try {
            Database db = new Database(new HikariDataSource(hc), dialect, url);
            if (dialect == Dialect.H2) {
                DataFolder.tightenFiles(config.dataDir(), "pharos.");
            }
            return db;
        } catch (RuntimeException e) {
            throw new StartupException("Cannot open the database at " + redact(url) + ": " + rootMessage(e), e);
        }
    }

    private static void ensureWritableFolder(Path dir) {
        try {
            DataFolder.secure(dir);
        } catch (IOException e) {
            throw new StartupException("Data folder " + dir.toAbsolutePath() + " cannot be created: " + rootMessage(e));
        }
        Path probe = dir.resolve(".pharos-write-check");
        try {
            Files.writeString(probe, "ok");
            Files.delete(probe);
        } catch (IOException e) {
            throw new StartupException("Data folder " + dir.toAbsolutePath() + " is not writable: " + rootMessage(e));
        }
    }

    private Flyway flyway() {
        return Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration")
                .placeholders(Map.of("text", dialect.textType()))
                .load();
    }

    /** Brings the schema up to date; returns how many migrations were applied. */
    public int migrate() {
        try {
            return flyway().migrate().migrationsExecuted;
        } catch (RuntimeException e) {
            throw new StartupException("Database migration failed on " + redact(url) + ": " + rootMessage(e), e);
        }
    }

    /** One line per known migration: version, description, state. */
    public java.util.List<String> migrationInfo() {
        MigrationInfoService info = flyway().info();
        java.util.List<String> lines = new java.util.ArrayList<>();
        for (MigrationInfo m : info.all()) {
            lines.add(String.format("%-6s %-40s %-10s %s", m.getVersion(), m.getDescription(), m.getState(),
                    m.getInstalledOn() == null ? "" : m.getInstalledOn().toInstant().toString()));
        }
        return lines;
    }

    public String currentVersion() {
        MigrationInfo current = flyway().info().current();
        return current == null ? "none" : current.getVersion().toString();
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    public Dialect dialect() {
        return dialect;
    }

    public String url() {
        return url;
    }

    public String describe() {
        return (dialect == Dialect.H2 ? "embedded H2 " : "PostgreSQL ") + redact(url);
    }

    @Override
    public void close() {
        dataSource.close();
    }

    /** Drops a password from a URL before it reaches a log line or an error message. */
    static String redact(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***");
    }

    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String m = t.getMessage();
        if (t instanceof SQLException && m != null) {
            // Driver messages can span lines (H2 appends the SQL and a code); the first line says it.
            m = m.lines().findFirst().orElse(m);
        }
        return m == null ? t.getClass().getSimpleName() : m;
    }
}
