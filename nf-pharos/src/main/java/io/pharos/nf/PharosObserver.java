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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reports one run to Pharos: create when the run is created, begin when it starts, then task
 * updates from a sender thread (latest state per task, at most 100 per call, sent when 100 are
 * waiting or a request interval has passed), a heartbeat after a quiet alive interval, and
 * complete with per-process metrics at the end.
 *
 * <p>Pharos being down never fails the pipeline: calls that cannot be delivered are logged as
 * warnings, and task updates that did not arrive are kept and sent again with the next call,
 * so a server that comes back before the run ends still gets every task.
 */
public class PharosObserver implements TraceObserver {
    private static final Logger log = LoggerFactory.getLogger(PharosObserver.class);
    static final int TASKS_PER_REQUEST = 100;
    private static final TraceRecord END = new TraceRecord();

    private final Settings settings;
    private final PharosClient client;
    private final LinkedBlockingQueue<TraceRecord> events = new LinkedBlockingQueue<>();
    private final LinkedHashSet<String> processNames = new LinkedHashSet<>();
    private final ProcessMetrics metrics = new ProcessMetrics();
    private Session session;
    private volatile String workflowId;
    private Thread sender;
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
        String body = JsonValues.toJson(Payloads.create(session, settings.workflowId()));
        PharosClient.Reply r = client.send("POST", "/trace/create", body, false);
        if (!r.ok()) {
            log.warn("nf-pharos: cannot report this run to Pharos ({}) -- the pipeline goes on without it",
                    PharosClient.describe(r));
            return;
        }
        Map<?, ?> answer = parseObject(r.body());
        Object id = answer.get("workflowId");
        if (id == null || id.toString().isBlank()) {
            log.warn("nf-pharos: Pharos answered create without a workflowId -- the pipeline goes on without reporting");
            return;
        }
        workflowId = id.toString();
        if (answer.get("message") != null) {
            log.warn("nf-pharos: {}", answer.get("message"));
        }
    }

    @Override
    public void onProcessCreate(TaskProcessor process) {
        synchronized (processNames) {
            processNames.add(process.getName());
        }
    }

    @Override
    public void onFlowBegin() {
        if (workflowId == null) {
            return;
        }
        List<String> names;
        synchronized (processNames) {
            names = new ArrayList<>(processNames);
        }
        String body = JsonValues.toJson(Payloads.begin(session, workflowId, names, settings.workflowId() != null));
        PharosClient.Reply r = client.send("PUT", path("begin"), body, true);
        if (r.ok()) {
            Object watch = parseObject(r.body()).get("watchUrl");
            if (watch != null) {
                log.info("Monitor the execution with Pharos using this URL: {}", watch);
            }
        } else {
            log.warn("nf-pharos: begin of run {} was not recorded ({})", workflowId, PharosClient.describe(r));
        }
        sender = new Thread(this::sendLoop, "nf-pharos-sender");
        sender.setDaemon(true);
        sender.start();
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
        offer(trace);
        if (trace != null) {
            metrics.add(trace);
        }
    }

    @Override
    public void onProcessCached(TaskHandler handler, TraceRecord trace) {
        // a null trace is a task stored by an earlier run: nothing to report
        if (trace == null) {
            return;
        }
        offer(trace);
        metrics.add(trace);
    }

    @Override
    public void onFlowError(TaskHandler handler, TraceRecord trace) {
        offer(trace);
    }

    @Override
    public void onFlowComplete() {
        if (workflowId == null) {
            return;
        }
        events.add(END);
        if (sender != null) {
            try {
                sender.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String body = JsonValues.toJson(Payloads.complete(session, workflowId, metrics.compute(),
                session.getStatsObserver().getStats()));
        PharosClient.Reply r = client.send("PUT", path("complete"), body, true);
        if (!r.ok()) {
            log.warn("nf-pharos: the end of run {} was not recorded ({})", workflowId, PharosClient.describe(r));
        }
    }

    private void offer(TraceRecord trace) {
        if (trace != null && workflowId != null) {
            events.add(trace);
        }
    }

    private String path(String call) {
        return "/trace/" + workflowId + "/" + call;
    }

    /** The sender thread: batches task updates, keeps what could not be delivered. */
    private void sendLoop() {
        Map<Object, TraceRecord> pending = new LinkedHashMap<>();
        long period = Math.max(1, settings.requestIntervalMillis());
        long poll = Math.max(1, period / 10);
        long previous = System.currentTimeMillis();
        boolean complete = false;
        while (!complete) {
            TraceRecord ev;
            try {
                ev = events.poll(poll, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ev == END) {
                complete = true;
            } else if (ev != null) {
                // Nextflow's threads can deliver a task's events out of order (a trivial task's
                // start after its completion): a later event never replaces a further state
                TraceRecord before = pending.get(ev.getTaskId());
                if (before == null || rank(ev) >= rank(before)) {
                    pending.put(ev.getTaskId(), ev);
                }
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
        String body = JsonValues.toJson(Payloads.progress(batch, session.getStatsObserver().getQuickStats()));
        PharosClient.Reply r = client.send("PUT", path("progress"), body, true);
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
