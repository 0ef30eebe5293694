package io.pharos.support;

import io.pharos.Config;
import io.pharos.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/** Runs the `pharos` command line in this JVM and keeps what it printed. */
public final class Cli {
    private Cli() {
    }

    public record Result(int exitCode, String out, String err) {
        /** The lines printed on stderr, for checking that a failure says one clear thing. */
        public List<String> errLines() {
            return err.lines().toList();
        }
    }

    /** The database options that point a command at the database of a config. */
    public static List<String> dbOptions(Config c) {
        List<String> opts = new ArrayList<>(List.of("--data-dir", c.dataDir().toString()));
        if (c.dbUrl() != null) {
            opts.addAll(List.of("--db-url", c.dbUrl(), "--db-user", c.dbUser()));
            if (c.dbPassword() != null && !c.dbPassword().isEmpty()) {
                opts.addAll(List.of("--db-password", c.dbPassword()));
            }
        }
        return opts;
    }

    /** Runs a command with the given database options appended. */
    public static Result run(List<String> dbOptions, String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(dbOptions);
        return run(all.toArray(String[]::new));
    }

    public static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }
}
