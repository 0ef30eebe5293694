package io.pharos.cli;

import io.pharos.auth.AccessToken;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `pharos token create|list|revoke`. */
public final class TokenCommands {
    private TokenCommands() {
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Manage access tokens.",
            subcommands = {TokenCreate.class, TokenList.class, TokenRevoke.class})
    public static final class TokenCmd extends Group {
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create an access token and print only the token, on one line.")
    public static final class TokenCreate implements Callable<Integer> {
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
            String secret = DbOptions.withAuth(db, auth -> auth.createToken(auth.requireUser(user).id(), label, null).secret());
            spec.commandLine().getOut().println(secret);
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List a user's live access tokens.")
    public static final class TokenList implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @Option(names = "--user", required = true, description = "Whose tokens.")
        String user;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<AccessToken> tokens = DbOptions.withAuth(db, auth -> auth.listTokens(auth.requireUser(user).id()));
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
    public static final class TokenRevoke implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @Parameters(paramLabel = "ID", description = "Token id (see 'token list').")
        long id;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            DbOptions.withAuth(db, auth -> {
                auth.revokeToken(id);
                return null;
            });
            spec.commandLine().getOut().println("Revoked token " + id);
            return 0;
        }
    }
}
