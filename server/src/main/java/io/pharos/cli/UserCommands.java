package io.pharos.cli;

import io.pharos.auth.AuthService;
import io.pharos.auth.User;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `pharos user add|list`. */
public final class UserCommands {
    private UserCommands() {
    }

    @Command(name = "user", mixinStandardHelpOptions = true, description = "Manage users.",
            subcommands = {UserAdd.class, UserList.class})
    public static final class UserCmd extends Group {
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a user.")
    public static final class UserAdd implements Callable<Integer> {
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
            User u = DbOptions.withAuth(db, auth -> {
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
    public static final class UserList implements Callable<Integer> {
        @Mixin
        DbOptions db;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            List<User> users = DbOptions.withAuth(db, AuthService::listUsers);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("%-6s %-24s %-6s %-7s %s%n", "ID", "NAME", "ROLE", "LAUNCH", "EMAIL");
            for (User u : users) {
                out.printf("%-6d %-24s %-6s %-7s %s%n", u.id(), u.name(), u.role(), u.canLaunch() ? "yes" : "no",
                        u.email() == null ? "" : u.email());
            }
            return 0;
        }
    }
}
