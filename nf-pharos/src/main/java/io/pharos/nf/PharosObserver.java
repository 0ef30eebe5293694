package io.pharos.nf;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import nextflow.Session;
import nextflow.processor.TaskHandler;
import nextflow.processor.TaskProcessor;
import nextflow.trace.TraceObserver;
import nextflow.trace.TraceRecord;
import nextflow.trace.WorkflowStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one run to Pharos: create when the run is created, begin when it starts, then task
 * updates (latest state per task, at most 100 per call, sent when 100 are waiting or a request
 * interval has passed), a heartbeat after a quiet alive interval, and complete with per-process
 * metrics at the end.
 *
 * <p>Nextflow's threads only take snapshots and put them on a queue: every call to Pharos, the
 * JSON and the per-process statistics are made on one reporter thread, in the order of the
 * queue, so that neither start-up nor any task waits for the network or for Pharos. Only the
 * JVM's exit waits (see {@link #onFlowComplete()}) until the last task updates and complete are
 * delivered (or given up): nothing may be lost when Nextflow exits.
 *
 * <p>Pharos being down never fails the pipeline: calls that cannot be delivered are logged as
 * warnings, and task updates that did not arrive are kept and sent again with the next call,
 * so a server that comes back before the run ends still gets every task.
 */
public class PharosObserver implements TraceObserver {
    private static final Logger log = LoggerFactory.getLogger(PharosObserver.class);
    static final int TASKS_PER_REQUEST = 100;

    /** A finished (completed, failed or cached) task: its update, and a value for the metrics. */
    private record Finished(TraceRecord trace) {
    }

    /** The run began: its process names and Nextflow's workflow metadata, as they were then. */
    private record Begin(List<String> processNames, Map<?, ?> workflow) {
    }

    /** The run ended: Nextflow's workflow metadata and statistics, as they were then. */
    private record End(Map<?, ?> workflow, WorkflowStats stats) {
    }

    private final Settings settings;
    private final PharosClient client;
    /** Task records, {@link Finished}, {@link Begin} and {@link End}, in the order Nextflow gave them. */
    private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
    private final LinkedHashSet<String> processNames = new LinkedHashSet<>();
    private final ProcessMetrics metrics = new ProcessMetrics();
    private Session session;
    private volatile String workflowId;
    /** Set when the run is not reported (create failed): Nextflow's threads stop queueing. */
    private volatile boolean off;
    private Thread reporter;
    /** The run has ended (onFlowComplete): create is no longer worth waiting for. */
    private volatile boolean ended;
    private boolean warnedUnreachable;

    public PharosObserver(Settings settings, PharosClient client) {
        this.settings = settings;
        this.client = client;
    }

    public String workflowId() {
        return workflowId;
    }

    @Override
    public void onFlowCreate(Session session) {
        this.session = session;
        Map<String, Object> create = Payloads.create(session, settings.workflowId());
        reporter = new Thread(() -> report(create), "nf-pharos-reporter");
        reporter.setDaemon(true);
        reporter.start();
    }

    @Override
    public void onProcessCreate(TaskProcessor process) {
        synchronized (processNames) {
            processNames.add(process.getName());
        }
    }

    @Override
    public void onFlowBegin() {
        if (reporter == null || off) {
            return;
        }
        List<String> names;
        synchronized (processNames) {
            names = new ArrayList<>(processNames);
        }
        // a shallow copy of the metadata now: complete, duration and success are set later
        events.add(new Begin(names, session.getWorkflowMetadata().toMap()));
    }

    @Override
    public void onProcessPending(TaskHandler handler, TraceRecord trace) {
        offer(trace);
    }

    @Override
    public void onProcessSubmit(TaskHandler handler, TraceRecord trace) {
        offer(trace);
    }

    @Override
    public void onProcessStart(TaskHandler handler, TraceRecord trace) {
        offer(trace);
    }

    @Override
    public void onProcessComplete(TaskHandler handler, TraceRecord trace) {
        if (trace != null && !off) {
            events.add(new Finished(trace));
        }
    }

    @Override
    public void onProcessCached(TaskHandler handler, TraceRecord trace) {
        // a null trace is a task stored by an earlier run: nothing to report
        if (trace != null && !off) {
            events.add(new Finished(trace));
        }
    }

    @Override
    public void onFlowError(TaskHandler handler, TraceRecord trace) {
        offer(trace);
    }

    /**
     * Hands the end of the run to the reporter and returns, so that Nextflow's own clean-up
     * (executors, cache, plugins) runs while the last updates and complete are sent; the JVM
     * then waits for them: a non-daemon thread holds it when Nextflow's main thread ends, and a
     * shutdown hook when Nextflow exits with {@code System.exit} (a failed run).
     */
    @Override
    public void onFlowComplete() {
        if (reporter == null) {
            return;
        }
        ended = true;
        events.add(new End(session.getWorkflowMetadata().toMap(), session.getStatsObserver().getStats()));
        log.debug("nf-pharos: the run ended; the reporter sends what is left");
        Thread finisher = new Thread(this::awaitReporter, "nf-pharos-finisher");
        finisher.setDaemon(false);
        try {
            Runtime.getRuntime().addShutdownHook(new Thread(this::awaitReporter, "nf-pharos-exit"));
        } catch (IllegalStateException alreadyExiting) {
            awaitReporter(); // the JVM is going down already: wait here, as nothing else will
            return;
        }
        finisher.start();
    }

    private void awaitReporter() {
        try {
            reporter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void offer(TraceRecord trace) {
        if (trace != null && !off) {
            events.add(trace);
        }
    }

    private String path(String call) {
        return "/trace/" + workflowId + "/" + call;
    }

    /** The reporter thread: create, then everything else in the order it was queued. */
    private void report(Map<String, Object> create) {
        if (!create(create)) {
            off = true;
            events.clear();
            return;
        }
        try {
            sendLoop();
        } catch (RuntimeException | LinkageError e) {
            // a defect of ours must not hang the end of the pipeline
            off = true;
            events.clear();
            log.warn("nf-pharos: reporting run {} stopped: {}", workflowId, e.toString(), e);
        }
    }

    private boolean create(Map<String, Object> create) {
        // Sent again while Pharos cannot be reached (restarting); the reporter thread waits,
        // not the pipeline, and not Nextflow's exit: the retries stop once the run has ended.
        PharosClient.Reply r = client.sendUntilReached("POST", "/trace/create", JsonValues.toJson(create), () -> ended);
        if (!r.ok()) {
            log.warn("nf-pharos: cannot report this run to Pharos ({}) -- the pipeline goes on without it",
                    PharosClient.describe(r));
            return false;
        }
        Map<?, ?> answer = parseObject(r.body());
        Object id = answer.get("workflowId");
        if (id == null || id.toString().isBlank()) {
            log.warn("nf-pharos: Pharos answered create without a workflowId -- the pipeline goes on without reporting");
            return false;
        }
        workflowId = id.toString();
        if (answer.get("message") != null) {
            log.warn("nf-pharos: {}", answer.get("message"));
        }
        return true;
    }

    private void begin(Begin b) {
        String body = JsonValues.toJson(Payloads.begin(session, b.workflow(), workflowId, b.processNames(),
                settings.workflowId() != null));
        // As create: sent again while Pharos refuses connections (restarting), until the run ends.
        PharosClient.Reply r = client.sendUntilReached("PUT", path("begin"), body, () -> ended);
        if (r.ok()) {
            Object watch = parseObject(r.body()).get("watchUrl");
            if (watch != null) {
                log.info("Monitor the execution with Pharos using this URL: {}", watch);
            }
        } else {
            log.warn("nf-pharos: begin of run {} was not recorded ({})", workflowId, PharosClient.describe(r));
        }
    }

    /** Nextflow has ended the run and waits: complete, with the statistics of every finished task. */
    private void complete(End end) {
        long t0 = System.nanoTime();
        String body = JsonValues.toJson(Payloads.complete(session, end.workflow(), workflowId, metrics.compute(),
                end.stats()));
        long t1 = System.nanoTime();
        PharosClient.Reply r = client.send("PUT", path("complete"), body, true);
        log.debug("nf-pharos: complete of run {}: body built in {} ms, answered {} after {} ms", workflowId,
                (t1 - t0) / 1_000_000, r.status(), (System.nanoTime() - t1) / 1_000_000);
        if (!r.ok()) {
            log.warn("nf-pharos: the end of run {} was not recorded ({})", workflowId, PharosClient.describe(r));
        }
    }

    /** Batches task updates, keeps what could not be delivered, and ends with complete. */
    private void sendLoop() {
        Map<Object, TraceRecord> pending = new LinkedHashMap<>();
        long period = Math.max(1, settings.requestIntervalMillis());
        long poll = Math.max(1, period / 10);
        long previous = System.currentTimeMillis();
        boolean begun = false;
        End end = null;
        boolean complete = false;
        while (!complete) {
            Object ev;
            try {
                ev = events.poll(poll, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ev instanceof End e) {
                end = e;
                complete = true;
                log.debug("nf-pharos: the run ended; {} task updates left to send", pending.size());
            } else if (ev instanceof Begin b) {
                begin(b);
                begun = true;
                previous = System.currentTimeMillis();
                continue;
            } else if (ev != null) {
                TraceRecord trace;
                if (ev instanceof Finished f) {
                    trace = f.trace();
                    metrics.add(trace);
                } else {
                    trace = (TraceRecord) ev;
                }
                // Nextflow's threads can deliver a task's events out of order (a trivial task's
                // start after its completion): a later event never replaces a further state
                TraceRecord before = pending.get(trace.getTaskId());
                if (before == null || rank(trace) >= rank(before)) {
                    pending.put(trace.getTaskId(), trace);
                }
            }
            if (!begun && !complete) {
                continue; // as before the reporter took over: nothing but create before begin
            }
            long now = System.currentTimeMillis();
            long quiet = now - previous;
            if (pending.isEmpty()) {
                if (quiet > settings.aliveIntervalMillis() && !complete) {
                    String body = JsonValues.toJson(Payloads.heartbeat(session.getStatsObserver().getQuickStats()));
                    report("heartbeat", client.send("PUT", path("heartbeat"), body, true));
                    previous = now;
                }
                continue;
            }
            if (quiet > period || pending.size() >= TASKS_PER_REQUEST || complete) {
                // at the end everything is flushed, 100 at a time, while Pharos takes it
                do {
                    if (!sendBatch(pending)) {
                        break;
                    }
                } while (complete && !pending.isEmpty());
                previous = now;
            }
        }
        complete(end);
    }

    static int rank(TraceRecord r) {
        Object status = r.get("status");
        return switch (status == null ? "" : status.toString()) {
            case "NEW" -> 0;
            case "SUBMITTED" -> 1;
            case "RUNNING" -> 2;
            case "" -> -1;
            default -> 3; // COMPLETED, FAILED, CACHED, ABORTED: ended
        };
    }

    /** Sends up to 100 pending tasks; true when they were delivered (or refused for good). */
    private boolean sendBatch(Map<Object, TraceRecord> pending) {
        List<TraceRecord> batch = new ArrayList<>(Math.min(pending.size(), TASKS_PER_REQUEST));
        Iterator<TraceRecord> it = pending.values().iterator();
        while (it.hasNext() && batch.size() < TASKS_PER_REQUEST) {
            batch.add(it.next());
        }
        long t0 = System.nanoTime();
        String body = JsonValues.toJson(Payloads.progress(batch, session.getStatsObserver().getQuickStats()));
        long t1 = System.nanoTime();
        PharosClient.Reply r = client.send("PUT", path("progress"), body, true);
        if (log.isTraceEnabled()) {
            log.trace("nf-pharos: progress of {} tasks: body built in {} ms, answered {} after {} ms", batch.size(),
                    (t1 - t0) / 1_000_000, r.status(), (System.nanoTime() - t1) / 1_000_000);
        }
        report("progress", r);
        if (r.transientFailure()) {
            return false; // kept: sent again with the next batch
        }
        for (TraceRecord t : batch) {
            pending.remove(t.getTaskId(), t);
        }
        return true;
    }

    private void report(String call, PharosClient.Reply r) {
        if (r.ok()) {
            if (warnedUnreachable) {
                log.info("nf-pharos: Pharos answers again; reporting goes on");
                warnedUnreachable = false;
            }
            return;
        }
        if (r.transientFailure()) {
            if (!warnedUnreachable) {
                log.warn("nf-pharos: {} of run {} not delivered ({}); it is kept and sent again later",
                        call, workflowId, PharosClient.describe(r));
                warnedUnreachable = true;
            }
        } else {
            log.warn("nf-pharos: {} of run {} refused ({})", call, workflowId, PharosClient.describe(r));
        }
    }

    private static Map<?, ?> parseObject(String json) {
        try {
            Object o = new groovy.json.JsonSlurper().parseText(json == null || json.isBlank() ? "{}" : json);
            return o instanceof Map<?, ?> m ? m : Map.of();
        } catch (RuntimeException e) {
            return Map.of();
        }
    }

    // The remaining events of the TraceObserver trait are of no use to Pharos.

    @Override
    public void onProcessTerminate(TaskProcessor process) {
    }

    @Override
    public boolean enableMetrics() {
        return settings.taskMetrics();
    }

    @Override
    public void onWorkflowPublish(Object value) {
    }

    @Override
    public void onFilePublish(Path destination) {
    }

    @Override
    public void onFilePublish(Path destination, Path source) {
    }
}
