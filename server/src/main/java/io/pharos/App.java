package io.pharos;

import io.javalin.Javalin;
import io.pharos.auth.AuthHandlers;
import io.pharos.auth.AuthService;
import io.pharos.db.DataFolder;
import io.pharos.db.Database;
import io.pharos.error.StartupException;
import io.pharos.http.HttpServer;
import io.pharos.http.Json;
import io.pharos.http.Requests;
import io.pharos.http.Routes;
import io.pharos.labels.LabelHandlers;
import io.pharos.labels.LabelService;
import io.pharos.labels.LabelViews;
import io.pharos.labels.StarService;
import io.pharos.launch.ComputeEnvService;
import io.pharos.launch.HeadJobScript;
import io.pharos.launch.HeadJobs;
import io.pharos.launch.LaunchHandlers;
import io.pharos.launch.LaunchService;
import io.pharos.launch.LaunchViews;
import io.pharos.launch.PluginInstaller;
import io.pharos.logs.ConsoleLog;
import io.pharos.logs.LogHandlers;
import io.pharos.logs.TaskFiles;
import io.pharos.logs.TaskFolders;
import io.pharos.trace.RunLifecycle;
import io.pharos.trace.StaleRunSweeper;
import io.pharos.trace.TraceHandlers;
import io.pharos.trace.TraceService;
import io.pharos.web.LiveEvents;
import io.pharos.web.WebHandlers;
import io.pharos.workflow.WorkflowEvents;
import io.pharos.workflow.WorkflowHandlers;
import io.pharos.workflow.WorkflowService;
import io.pharos.workflow.WorkflowViews;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** The one place that builds services: config -> database -> stores -> services -> HTTP. */
public final class App implements AutoCloseable {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(App.class);
    private final Config config;
    private final Database db;
    private final AuthService auth;
    private final WorkflowEvents events;
    private final TraceService trace;
    private final WorkflowService workflows;
    private final StaleRunSweeper sweeper;
    private final LiveEvents live;
    private final Javalin http;
    private final Optional<AuthService.Bootstrap> bootstrap;
    private final List<Routes.Route> routes;
    private final Resources resources;

    private App(Config config, Database db, AuthService auth, WorkflowEvents events, TraceService trace,
                WorkflowService workflows, StaleRunSweeper sweeper, LiveEvents live, Javalin http,
                Optional<AuthService.Bootstrap> bootstrap, List<Routes.Route> routes, Resources resources) {
        this.routes = routes;
        this.resources = resources;
        this.config = config;
        this.db = db;
        this.auth = auth;
        this.events = events;
        this.trace = trace;
        this.workflows = workflows;
        this.sweeper = sweeper;
        this.live = live;
        this.http = http;
        this.bootstrap = bootstrap;
    }

    /** Opens and migrates the database of a config; for the CLI commands that need no HTTP. */
    public static Database openDatabase(Config config) {
        Database db = Database.open(config);
        try {
            db.migrate();
            return db;
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    public static App start(Config config) {
        return start(config, Requests.LargeBodies.DEFAULTS);
    }

    /** The same with other limits on large request bodies (tests use one slot and a short wait). */
    public static App start(Config config, Requests.LargeBodies largeBodies) {
        Clock clock = Clock.systemUTC();
        try {
            DataFolder.secure(config.dataDir()); // run scripts, parameters and consoles live here on any database
        } catch (java.io.IOException e) {
            throw new StartupException("Data folder " + config.dataDir().toAbsolutePath() + " cannot be created: "
                    + Database.rootMessage(e));
        }
        Resources opened = new Resources();
        try {
            Database db = opened.add("the database", openDatabase(config));
            AuthService auth = new AuthService(db.jdbi(), clock);
            Requests requests = new Requests(Json.mapper(), config.maxBodyBytes(), largeBodies);
            // With --port 0 the port is known only once bound; links are built from it then.
            AtomicInteger boundPort = new AtomicInteger(config.port());
            Supplier<String> publicUrl = () -> config.publicUrl(boundPort.get());
            WorkflowEvents events = new WorkflowEvents();
            RunLifecycle runs = new RunLifecycle(db.jdbi(), events, clock);
            TraceService trace = new TraceService(runs, requests.mapper(), clock);
            WorkflowService workflows = new WorkflowService(db.jdbi(), events, clock);
            LabelService labels = new LabelService(db.jdbi(), workflows, clock);
            StarService stars = new StarService(db.jdbi(), workflows, clock);
            StaleRunSweeper sweeper = opened.add("the stale-run sweeper",
                    new StaleRunSweeper(runs, clock, config.staleAfter()).start());
            ComputeEnvService computeEnvs = new ComputeEnvService(db.jdbi(), requests.mapper(), clock);
            Path dataDir = config.dataDir().toAbsolutePath().normalize();
            Path pluginsDir = PluginInstaller.defaultPluginsDir(dataDir);
            installBundledReporter(pluginsDir);
            HeadJobScript script = new HeadJobScript(requests.mapper(), dataDir.resolve("nextflow-home"), pluginsDir,
                    () -> publicUrl.get() + "/api");
            HeadJobs headJobs = new HeadJobs(db.jdbi(), computeEnvs, auth, runs, script, dataDir.resolve("runs"), pluginsDir,
                    clock);
            LaunchService launches = new LaunchService(db.jdbi(), computeEnvs, workflows, labels, headJobs, runs,
                    requests.mapper(), clock);
            LiveEvents live = new LiveEvents(events, auth, requests.mapper(), Duration.ofSeconds(15),
                    LiveEvents.MAX_STREAMS_PER_USER);
            Routes.Handlers handlers = new Routes.Handlers(
                    new AuthHandlers(auth, requests, publicUrl),
                    new TraceHandlers(trace, requests, publicUrl),
                    new WorkflowHandlers(workflows, new WorkflowViews(requests.mapper()), new LabelViews(labels, stars),
                            requests, launches::jobInfo),
                    new LogHandlers(workflows, new TaskFiles(new TaskFolders(db.jdbi(), requests.mapper(), config.taskRoots())),
                            launches, new ConsoleLog()),
                    new LaunchHandlers(launches, computeEnvs, new LaunchViews(requests.mapper()), requests),
                    new LabelHandlers(labels, stars, requests),
                    new WebHandlers(auth, requests),
                    live);
            List<Routes.Route> routes = Routes.table(handlers);
            Javalin http;
            try {
                http = HttpServer.start(config, requests, auth, routes);
            } catch (RuntimeException e) {
                live.close();
                throw e;
            }
            opened.add("the HTTP server", http::stop);
            // Registered after the server, so closed before it: its streams must end while Jetty still runs.
            opened.add("live events", live);
            boundPort.set(http.port());
            // Only once the port is ours: a start that cannot bind must not use up the first-start
            // admin, whose token is shown once, by the start that succeeds.
            Optional<AuthService.Bootstrap> bootstrap = auth.bootstrapAdmin();
            auth.listUsers().stream().filter(u -> u.isAdmin()).findFirst()
                    .ifPresent(a -> computeEnvs.ensureDefault(a.id(), dataDir, config.nextflowCommand()));
            opened.add("the head-job follower", headJobs).start();
            return new App(config, db, auth, events, trace, workflows, sweeper, live, http, bootstrap, routes, opened);
        } catch (RuntimeException e) {
            opened.close();
            throw e;
        }
    }

    /** Launched runs report through the nf-pharos built with this server, when it is there. */
    private static void installBundledReporter(Path pluginsDir) {
        PluginInstaller.bundled(PluginInstaller.jarDir()).ifPresentOrElse(source -> {
            try {
                PluginInstaller.install(source, pluginsDir);
            } catch (RuntimeException e) {
                LOG.warn("Could not install the bundled nf-pharos into {}: {}", pluginsDir, e.getMessage());
            }
        }, () -> LOG.info("No bundled nf-pharos found; launched runs report only if {} has a reporter", pluginsDir));
    }

    public int port() {
        return http.port();
    }

    public String url() {
        return config.publicUrl(port());
    }

    public Config config() {
        return config;
    }

    public Database db() {
        return db;
    }

    public AuthService auth() {
        return auth;
    }

    public WorkflowEvents events() {
        return events;
    }

    public TraceService trace() {
        return trace;
    }

    public WorkflowService workflows() {
        return workflows;
    }

    public StaleRunSweeper sweeper() {
        return sweeper;
    }

    public LiveEvents live() {
        return live;
    }

    public Optional<AuthService.Bootstrap> bootstrap() {
        return bootstrap;
    }

    /** The URL table this server answers, as {@link Routes#table} built it. */
    public List<Routes.Route> routes() {
        return routes;
    }

    @Override
    public void close() {
        resources.close(); // the reverse of the order start opened them in
    }
}
