package io.pharos;

import io.pharos.auth.AccessToken;
import io.pharos.auth.AuthService;
import io.pharos.auth.User;
import io.pharos.db.Database;
import io.pharos.error.ApiException;
import io.pharos.error.StartupException;
import io.pharos.launch.PluginInstaller;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The `pharos` command: serve, user, token and db, all on the same database options. */
@Command(name = "pharos", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A self-hosted server for watching and launching Nextflow pipelines.",
        subcommands = {Main.Serve.class, Main.UserCmd.class, Main.TokenCmd.class, Main.DbCmd.class, Main.PluginCmd.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static {
        // slf4j-simple reads these once, at the first logger; quiet libraries, timestamps on.
        setDefault("org.slf4j.simpleLogger.defaultLogLevel", "info");
        setDefault("org.slf4j.simpleLogger.showDateTime", "true");
        setDefault("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSZ");
        setDefault("org.slf4j.simpleLogger.log.org.eclipse.jetty", "warn");
        setDefault("org.slf4j.simpleLogger.log.com.zaxxer.hikari", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.flywaydb", "warn");
        setDefault("org.slf4j.simpleLogger.log.io.javalin", "warn");
        setDefault("org.slf4j.simpleLogger.log.org.jdbi", "warn");
    }

    private static void setDefault(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (0 ok, 1 failure, 2 usage error). */
    public static int run(String... args) {
        return execute(new CommandLine(new Main()), args);
    }

    /** The same, printing to the given writers instead of System.out and System.err (for tests). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        return execute(new CommandLine(new Main()).setOut(out).setErr(err), args);
    }

    private static int execute(CommandLine cl, String[] args) {
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> {
            PrintWriter err = cmd.getErr();
            if (e instanceof StartupException || e instanceof ApiException) {
                err.println("pharos: " + e.getMessage());
            } else {
                err.println("pharos: unexpected error: " + e);
                e.printStackTrace(err);
            }
            err.flush();
            return 1;
        });
        return cl.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"pharos " + Version.get() + " (API " + Version.API_VERSION + ")"};
        }
    }

    /** Where the data lives; the same options for every command, with PHAROS_* equivalents. */
    static final class DbOptions {
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

        Config config() {
            return Config.defaults(dataDir).withDb(dbUrl, dbUser, dbPassword);
        }
    }

    @Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Pharos server.")
    static final class Serve implements Callable<Integer> {
        @Mixin
        DbOptions db;

        @Option(names = "--port", defaultValue = "${env:PHAROS_PORT:-8000}",
                description = "HTTP port (env PHAROS_PORT, default: ${DEFAULT-VALUE}; 0 picks a free one).")
        int port;

        @Option(names = "--host", defaultValue = "${env:PHAROS_HOST:-0.0.0.0}",
                description = "Address to listen on (env PHAROS_HOST, default: ${DEFAULT-VALUE}).")
        String host;

        @Option(names = "--server-url", paramLabel = "URL", defaultValue = "${env:PHAROS_SERVER_URL}",
                description = "Public URL of this server, used in links such as Nextflow's 'Monitor the execution' line (env PHAROS_SERVER_URL).")
        String serverUrl;

        @Option(names = "--max-body-bytes", defaultValue = "${env:PHAROS_MAX_BODY_BYTES:-" + Config.DEFAULT_MAX_BODY_BYTES + "}",
                description = "Largest request body accepted (env PHAROS_MAX_BODY_BYTES, default: ${DEFAULT-VALUE}).")
        long maxBodyBytes;

        @Option(names = "--stale-after-seconds", defaultValue = "${env:PHAROS_STALE_AFTER_SECONDS:-180}",
                description = "A running run with no contact for this long is shown as UNKNOWN (env PHAROS_STALE_AFTER_SECONDS, default: ${DEFAULT-VALUE}).")
        long staleAfterSeconds;

        @Option(names = "--nextflow", paramLabel = "COMMAND", defaultValue = "${env:PHAROS_NEXTFLOW:-nextflow}",
                description = "The nextflow command the default local compute environment launches runs with (env PHAROS_NEXTFLOW, default: ${DEFAULT-VALUE}).")
        String nextflow;

        @Option(names = "--task-roots", paramLabel = "DIRS", defaultValue = "${env:PHAROS_TASK_ROOTS}",
                description = "Folders, separated by ':', under which Pharos may read the task "
                        + "files of runs reported from outside, e.g. a shared cluster work area (env PHAROS_TASK_ROOTS; "
                        + "default: none). Launched runs may always read under their compute environment's work directory.")
        String taskRoots;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        private List<Path> taskRoots(String value) {
            List<Path> roots = new ArrayList<>();
            if (value == null || value.isBlank()) {
                return roots;
            }
            for (String part : value.split(":")) {
                if (part.isBlank()) {
                    continue;
                }
                Path p = Path.of(part.strip());
                if (!p.isAbsolute()) {
                    throw new CommandLine.ParameterException(spec.commandLine(),
                            "--task-roots: '" + part + "' is not an absolute path");
                }
                roots.add(p.normalize());
            }
            return roots;
        }

        @Override
        public Integer call() throws InterruptedException {
            if (port < 0 || port > 65535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--port must be between 0 and 65535");
            }
            Config base = db.config();
            Config config = base.toBuilder().host(host).port(port).serverUrl(serverUrl).maxBodyBytes(maxBodyBytes)
                    .staleAfter(Duration.ofSeconds(staleAfterSeconds)).nextflowCommand(nextflow)
                    .taskRoots(taskRoots(taskRoots)).build();
            long t0 = System.nanoTime();
            App app = App.start(config);
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                app.close();
                stopped.countDown();
            }, "pharos-shutdown"));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("Pharos %s listening on %s (database: %s), started in %d ms%n", Version.get(), app.url(),
                    app.db().describe(), (System.nanoTime() - t0) / 1_000_000);
            app.bootstrap().ifPresent(b -> {
                String token = b.token().secret();
                out.println();
                out.println("First start: created the admin user '" + b.admin().name() + "'. Its access token, shown only once:");
                out.println();
                out.println("    " + token);
                out.println();
                out.println("Report a Nextflow run to Pharos with:");
                out.println();
                out.println("    TOWER_ACCESS_TOKEN=" + token + " nextflow run <pipeline> -with-tower " + app.url() + "/api");
                out.println();
            });
            out.flush();
            stopped.await();
            return 0;
        }
    }

    /** A command that only holds subcommands: on its own it is a usage error (exit 2). */
    abstract static class Group implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            List<String> names = List.copyOf(spec.subcommands().keySet());
            String choices = names.size() == 1 ? names.get(0)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing subcommand: " + choices);
        }
    }

    /** Runs a CLI action against the migrated database, closing it afterwards. */
    static <T> T withAuth(DbOptions options, java.util.function.Function<AuthService, T> action) {
        try (Database database = App.openDatabase(options.config())) {
            return action.apply(new AuthService(database.jdbi(), java.time.Clock.systemUTC()));
        }
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.",
            subcommands = {UserAdd.class, UserList.class})
    static final class UserCmd extends Group {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user.")
    static final class UserAdd implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @Parameters(paramLabel = "NAME", description = "User name.")
        String name;
        @Option(names = "--email", description = "Email address.")
        String email;
        @Option(names = "--admin", description = "Make the user an administrator (admins may launch).")
        boolean admin;
        @Option(names = "--launch", description = "Allow the user to launch runs (run code on the server host).")
        boolean launch;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            User u = withAuth(db, auth -> {
                User created = auth.createUser(name, email, admin);
                if (launch && !admin) {
                    auth.setCanLaunch(created.id(), true);
                }
                return auth.findUser(created.id()).orElseThrow();
            });
            spec.commandLine().getOut().printf("Created user %s (id %d, %s)%n", u.name(), u.id(), u.role());
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users.")
    static final class UserList implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<User> users = withAuth(db, AuthService::listUsers);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-6s %-24s %-6s %-7s %s%n", "ID", "NAME", "ROLE", "LAUNCH", "EMAIL");
            for (User u : users) {
                out.printf("%-6d %-24s %-6s %-7s %s%n", u.id(), u.name(), u.role(), u.canLaunch() ? "yes" : "no",
                        u.email() == null ? "" : u.email());
            }
            return 0;
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Manage access tokens.",
            subcommands = {TokenCreate.class, TokenList.class, TokenRevoke.class})
    static final class TokenCmd extends Group {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an access token and print only the token, on one line.")
    static final class TokenCreate implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @Option(names = "--user", required = true, description = "The user the token acts for.")
        String user;
        @Option(names = "--name", paramLabel = "LABEL", description = "A label to recognise the token by.")
        String name;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            String label = name != null ? name : "cli-" + Instant.now().toString();
            String secret = withAuth(db, auth -> auth.createToken(auth.requireUser(user).id(), label, null).secret());
            spec.commandLine().getOut().println(secret);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's live access tokens.")
    static final class TokenList implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @Option(names = "--user", required = true, description = "Whose tokens.")
        String user;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<AccessToken> tokens = withAuth(db, auth -> auth.listTokens(auth.requireUser(user).id()));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-6s %-32s %-8s %-27s %s%n", "ID", "NAME", "ENDS", "CREATED", "LAST USED");
            for (AccessToken t : tokens) {
                out.printf("%-6d %-32s ...%-5s %-27s %s%n", t.id(), t.name(), t.hint(), t.dateCreated(),
                        t.lastUsed() == null ? "never" : t.lastUsed().toString());
            }
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an access token by id.")
    static final class TokenRevoke implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @Parameters(paramLabel = "ID", description = "Token id (see 'token list').")
        long id;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            withAuth(db, auth -> {
                auth.revokeToken(id);
                return null;
            });
            spec.commandLine().getOut().println("Revoked token " + id);
            return 0;
        }
    }

    @Command(name = "db", mixinStandardHelpOptions = true, description = "Database schema.",
            subcommands = {DbMigrate.class, DbInfo.class})
    static final class DbCmd extends Group {
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Bring the schema up to date.")
    static final class DbMigrate implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            try (Database database = Database.open(db.config())) {
                int applied = database.migrate();
                spec.commandLine().getOut().printf("%s is at schema version %s (%d migration%s applied now)%n",
                        database.describe(), database.currentVersion(), applied, applied == 1 ? "" : "s");
            }
            return 0;
        }
    }

    @Command(name = "info", mixinStandardHelpOptions = true, description = "Show the database and its migrations.")
    static final class DbInfo implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Database database = Database.open(db.config())) {
                out.println("Database: " + database.describe());
                out.println("Schema version: " + database.currentVersion());
                database.migrationInfo().forEach(out::println);
            }
            return 0;
        }
    }

    @Command(name = "plugin", mixinStandardHelpOptions = true, description = "Nextflow plugins for reporting runs.",
            subcommands = {PluginInstall.class})
    static final class PluginCmd extends Group {
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Copy the nf-pharos plugin bundled with this server (or --from DIR) into a Nextflow plugins folder.")
    static final class PluginInstall implements Callable<Integer> {
        @Parameters(paramLabel = "DIR", arity = "0..1",
                description = "Plugins folder (default: $NXF_PLUGINS_DIR, else <data dir>/nextflow-plugins, where launched runs look).")
        Path target;

        @Option(names = "--from", paramLabel = "PLUGIN_DIR",
                description = "A plugin folder to install instead of the bundled nf-pharos.")
        Path from;

        @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "${env:PHAROS_DATA_DIR:-data}",
                description = "Pharos data folder (env PHAROS_DATA_DIR, default: ${DEFAULT-VALUE}).")
        Path dataDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            Path source = from != null ? from : PluginInstaller.bundled(PluginInstaller.jarDir()).orElseThrow(() ->
                    new StartupException("no bundled nf-pharos beside " + PluginInstaller.jarDir()
                            + " (plugins/nf-pharos-*) or in the source tree: build it with ./mvnw -pl nf-pharos package, or name it with --from"));
            Path dir = target != null ? target : PluginInstaller.defaultPluginsDir(dataDir);
            PluginInstaller.Result r;
            try {
                r = PluginInstaller.install(source, dir);
            } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
                throw new StartupException(e.getMessage(), e);
            }
            spec.commandLine().getOut().printf(r.changed() ? "Installed %s in %s%n" : "%s is already installed in %s%n",
                    r.plugin(), dir.toAbsolutePath());
            spec.commandLine().getOut().printf("Use it with: nextflow run ... -plugins %s%n",
                    r.plugin().replaceFirst("-(?=[0-9][^-]*$)", "@"));
            return 0;
        }
    }
}
