package io.pharos.cli;

import io.pharos.db.Database;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** `pharos db migrate|info`. */
public final class DbCommands {
    private DbCommands() {
    }

    @Command(name = "db", mixinStandardHelpOptions = true, description = "Database schema.",
            subcommands = {DbMigrate.class, DbInfo.class})
    public static final class DbCmd extends Group {
    }

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Bring the schema up to date.")
    public static final class DbMigrate implements Callable<Integer> {
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
    public static final class DbInfo implements Callable<Integer> {
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
}
