package io.pharos.cli;

import io.pharos.error.StartupException;
import io.pharos.launch.PluginInstaller;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** `pharos plugin install`: the bundled Nextflow reporter. */
public final class PluginCommands {
    private PluginCommands() {
    }

    @Command(name = "plugin", mixinStandardHelpOptions = true, description = "Nextflow plugins for reporting runs.",
            subcommands = {PluginInstall.class})
    public static final class PluginCmd extends Group {
    }

    @Command(name = "install", mixinStandardHelpOptions = true,
            description = "Copy the nf-pharos plugin bundled with this server (or --from DIR) into a Nextflow plugins folder.")
    public static final class PluginInstall implements Callable<Integer> {
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
