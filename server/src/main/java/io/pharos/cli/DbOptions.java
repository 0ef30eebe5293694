package io.pharos.cli;

import io.pharos.App;
import io.pharos.Config;
import io.pharos.auth.AuthService;
import io.pharos.db.Database;
import java.nio.file.Path;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** Where the data lives; the same options for every command, with PHAROS_* equivalents. */
public final class DbOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PHAROS_DATA_DIR:-data}",
            description = "Folder for the embedded database and run files (env PHAROS_DATA_DIR, default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--db-url", paramLabel = "JDBC_URL", defaultValue = "${env:PHAROS_DB_URL}",
            description = "A jdbc:postgresql://... URL to use PostgreSQL instead of the embedded H2 (env PHAROS_DB_URL).")
    String dbUrl;

    @Option(names = "--db-user", defaultValue = "${env:PHAROS_DB_USER}", description = "Database user (env PHAROS_DB_USER).")
    String dbUser;

    @Option(names = "--db-password", defaultValue = "${env:PHAROS_DB_PASSWORD}",
            description = "Database password (env PHAROS_DB_PASSWORD).")
    String dbPassword;

    public Config config() {
        return Config.defaults(dataDir).withDb(dbUrl, dbUser, dbPassword);
    }

    /** Runs a CLI action against the migrated database, closing it afterwards. */
    public static <T> T withAuth(DbOptions options, Function<AuthService, T> action) {
        try (Database database = App.openDatabase(options.config())) {
            return action.apply(new AuthService(database.jdbi(), java.time.Clock.systemUTC()));
        }
    }
}
