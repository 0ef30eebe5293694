package io.pharos;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything Pharos is configured with. Built by the CLI (flags, then PHAROS_* environment,
 * then defaults) and by tests through {@link Builder}, where each default is written once;
 * immutable once built.
 *
 * @param taskRoots folders under which task files of reported runs may be read (none by default);
 *                  a launched run may also read under its compute environment's work directory
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
        String nextflowCommand,
        List<Path> taskRoots) {

    public static final int DEFAULT_PORT = 8000;
    public static final String DEFAULT_HOST = "0.0.0.0";
    /** Big enough for 10,000 tasks of the largest size Nextflow's client sends (about 14 KB each). */
    public static final long DEFAULT_MAX_BODY_BYTES = 160L * 1024 * 1024;
    public static final Duration DEFAULT_STALE_AFTER = Duration.ofMinutes(3);
    public static final int DEFAULT_DB_POOL_SIZE = 10;
    public static final String DEFAULT_NEXTFLOW = "nextflow";

    public Config {
        taskRoots = taskRoots == null ? List.of() : List.copyOf(taskRoots);
    }

    public static Config defaults(Path dataDir) {
        return builder(dataDir).build();
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Builder toBuilder() {
        Builder b = new Builder(dataDir);
        b.dbUrl = dbUrl;
        b.dbUser = dbUser;
        b.dbPassword = dbPassword;
        b.host = host;
        b.port = port;
        b.serverUrl = serverUrl;
        b.maxBodyBytes = maxBodyBytes;
        b.staleAfter = staleAfter;
        b.dbPoolSize = dbPoolSize;
        b.nextflowCommand = nextflowCommand;
        b.taskRoots = taskRoots;
        return b;
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
        // while `pharos serve` holds it: the second process connects through the first, on
        // loopback only (db/Database sets h2.bindAddress) with the key in the owner-only lock file.
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
        return toBuilder().port(newPort).build();
    }

    public Config withDb(String url, String user, String password) {
        return toBuilder().db(url, user, password).build();
    }

    public Config withMaxBodyBytes(long bytes) {
        return toBuilder().maxBodyBytes(bytes).build();
    }

    public Config withNextflow(String command) {
        return toBuilder().nextflowCommand(command).build();
    }

    public Config withStaleAfter(Duration d) {
        return toBuilder().staleAfter(d).build();
    }

    public Config withTaskRoots(List<Path> roots) {
        return toBuilder().taskRoots(roots).build();
    }

    /** Named options with their defaults; {@link #build()} makes the record. */
    public static final class Builder {
        private final Path dataDir;
        private String dbUrl;
        private String dbUser;
        private String dbPassword;
        private String host = DEFAULT_HOST;
        private int port = DEFAULT_PORT;
        private String serverUrl;
        private long maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
        private Duration staleAfter = DEFAULT_STALE_AFTER;
        private int dbPoolSize = DEFAULT_DB_POOL_SIZE;
        private String nextflowCommand = DEFAULT_NEXTFLOW;
        private List<Path> taskRoots = List.of();

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        public Builder db(String url, String user, String password) {
            this.dbUrl = url;
            this.dbUser = user;
            this.dbPassword = password;
            return this;
        }

        public Builder host(String value) {
            this.host = value;
            return this;
        }

        public Builder port(int value) {
            this.port = value;
            return this;
        }

        public Builder serverUrl(String value) {
            this.serverUrl = value;
            return this;
        }

        public Builder maxBodyBytes(long value) {
            this.maxBodyBytes = value;
            return this;
        }

        public Builder staleAfter(Duration value) {
            this.staleAfter = value;
            return this;
        }

        public Builder dbPoolSize(int value) {
            this.dbPoolSize = value;
            return this;
        }

        public Builder nextflowCommand(String value) {
            this.nextflowCommand = value;
            return this;
        }

        public Builder taskRoots(List<Path> value) {
            this.taskRoots = value;
            return this;
        }

        public Config build() {
            return new Config(dataDir, dbUrl, dbUser, dbPassword, host, port, serverUrl, maxBodyBytes, staleAfter,
                    dbPoolSize, nextflowCommand, taskRoots);
        }
    }
}
