package io.pharos;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything Pharos is configured with. Built by the CLI (flags, then PHAROS_* environment,
 * then defaults) and by tests; immutable once built.
 */
public record Config(
        Path dataDir,
        String dbUrl,
        String dbUser,
        String dbPassword,
        String host,
        int port,
        String serverUrl,
        long maxBodyBytes,
        Duration staleAfter,
        int dbPoolSize,
        String nextflowCommand) {

    public static final int DEFAULT_PORT = 8000;
    /** Big enough for 10,000 tasks of the largest size Nextflow's client sends (about 14 KB each). */
    public static final long DEFAULT_MAX_BODY_BYTES = 160L * 1024 * 1024;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(3);

    public static Config defaults(Path dataDir) {
        return new Config(dataDir, null, null, null, "0.0.0.0", DEFAULT_PORT, null,
                DEFAULT_MAX_BODY_BYTES, DEFAULT_STALE_AFTER, 10, "nextflow");
    }

    public boolean embedded() {
        return dbUrl == null || dbUrl.isBlank() || dbUrl.startsWith("jdbc:h2:");
    }

    /** The JDBC URL actually used: the given one, or the H2 file in the data folder. */
    public String jdbcUrl() {
        if (dbUrl != null && !dbUrl.isBlank()) {
            return dbUrl;
        }
        // AUTO_SERVER lets the CLI (`pharos user add`, `token create`, ...) open the same file
        // while `pharos serve` holds it: the second process connects through the first.
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().normalize().resolve("pharos")
                + ";AUTO_SERVER=TRUE";
    }

    /** The public base URL of this server, used in links such as Nextflow's watch URL. */
    public String publicUrl(int boundPort) {
        if (serverUrl != null && !serverUrl.isBlank()) {
            return serverUrl.endsWith("/") ? serverUrl.substring(0, serverUrl.length() - 1) : serverUrl;
        }
        String h = host == null || host.equals("0.0.0.0") || host.equals("::") ? "localhost" : host;
        return "http://" + h + ":" + boundPort;
    }

    public Config withPort(int newPort) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, newPort, serverUrl, maxBodyBytes,
                staleAfter, dbPoolSize, nextflowCommand);
    }

    public Config withDb(String url, String user, String password) {
        return new Config(dataDir, url, user, password, host, port, serverUrl, maxBodyBytes,
                staleAfter, dbPoolSize, nextflowCommand);
    }

    public Config withMaxBodyBytes(long bytes) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, port, serverUrl, bytes,
                staleAfter, dbPoolSize, nextflowCommand);
    }

    public Config withNextflow(String command) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, port, serverUrl, maxBodyBytes, staleAfter,
                dbPoolSize, command);
    }

    public Config withStaleAfter(Duration d) {
        return new Config(dataDir, dbUrl, dbUser, dbPassword, host, port, serverUrl, maxBodyBytes,
                d, dbPoolSize, nextflowCommand);
    }
}
