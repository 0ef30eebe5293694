package io.pharos;

import io.pharos.cli.DbCommands;
import io.pharos.cli.PluginCommands;
import io.pharos.cli.ServeCommand;
import io.pharos.cli.TokenCommands;
import io.pharos.cli.UserCommands;
import io.pharos.error.ApiException;
import io.pharos.error.StartupException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The `pharos` command: serve, user, token and db, all on the same database options. */
@Command(name = "pharos", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "A self-hosted server for watching and launching Nextflow pipelines.",
        subcommands = {ServeCommand.class, UserCommands.UserCmd.class, TokenCommands.TokenCmd.class, DbCommands.DbCmd.class,
                PluginCommands.PluginCmd.class})
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
}
