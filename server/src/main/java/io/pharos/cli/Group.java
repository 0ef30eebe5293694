package io.pharos.cli;

import java.util.List;
import picocli.CommandLine;

/** A command that only holds subcommands: on its own it is a usage error (exit 2). */
public abstract class Group implements Runnable {
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
