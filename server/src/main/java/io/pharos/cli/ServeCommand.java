package io.pharos.cli;

import io.pharos.App;
import io.pharos.Config;
import io.pharos.Version;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** `pharos serve`: runs the server until it is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the Pharos server.")
public final class ServeCommand implements Callable<Integer> {
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
