package io.pharos.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.Ids;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.trace.TracePayloads.TaskInfo;
import io.pharos.trace.TraceStore.RunLock;
import io.pharos.trace.TraceStore.StoredTask;
import io.pharos.workflow.ResourceMetrics;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import io.pharos.workflow.TaskStatus;
import io.pharos.workflow.WorkflowEvent;
import io.pharos.workflow.WorkflowEvents;
import io.pharos.workflow.WorkflowField;
import io.pharos.workflow.WorkflowStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jdbi.v3.core.Jdbi;

/**
 * The Tower trace protocol: create, begin, progress, heartbeat, complete. Each call is one
 * transaction that locks the run's row, so a run's updates apply one at a time and the read
 * model (progress, totals, metrics) is committed together with the tasks, before the answer.
 */
public final class TraceService {
    private final Jdbi jdbi;
    private final ObjectMapper json;
    private final WorkflowEvents events;
    private final Clock clock;

    public TraceService(Jdbi jdbi, ObjectMapper json, WorkflowEvents events, Clock clock) {
        this.jdbi = jdbi;
        this.json = json;
        this.events = events;
        this.clock = clock;
    }

    /** Creates a run (or claims the one a launch made) and returns its id. */
    public String create(Principal caller, TracePayloads.Create body, String workspaceId) {
        Instant now = clock.instant();
        String requested = blankToNull(body.workflowId());
        String scoped = caller.token().workflowId();
        if (scoped != null && !scoped.equals(requested)) {
            throw ApiException.forbidden("This access token may only report run " + scoped);
        }
        String runName = WorkflowField.RUN_NAME.clip(body.runName());
        String sessionId = WorkflowField.SESSION_ID.clip(body.sessionId());
        String projectName = WorkflowField.PROJECT_NAME.clip(body.projectName());
        String repository = WorkflowField.REPOSITORY.clip(body.repository());
        String ws = WorkflowField.WORKSPACE_ID.clip(workspaceId);
        String id = inTx(h -> {
            TraceStore store = h.attach(TraceStore.class);
            if (requested != null) {
                RunLock run = lockOwned(store, requested, caller);
                if (WorkflowStatus.valueOf(run.status()).ended() && run.complete() != null) {
                    throw ApiException.conflict("Run " + requested + " has already ended");
                }
                store.markTraced(requested, ws, runName, sessionId, projectName, repository, now);
                return requested;
            }
            String newId = Ids.workflowId();
            store.insertRun(newId, caller.userId(), ws, runName, sessionId, projectName, repository, now);
            store.insertRunProgress(newId, now);
            return newId;
        });
        events.publish(new WorkflowEvent(WorkflowEvent.CREATED, id, ownerOf(id), WorkflowStatus.SUBMITTED.name(), now));
        return id;
    }

    public void begin(Principal caller, String id, TracePayloads.Begin body) {
        Instant now = clock.instant();
        List<String> processNames = body.processNames() == null ? List.of() : body.processNames();
        Published p = inTx(h -> {
            TraceStore store = h.attach(TraceStore.class);
            RunLock run = lockLive(store, id, caller);
            RunFields fields = fields(requireWorkflow(body.workflow()), processNames);
            String status = liveStatus(run);
            store.updateRun(id, fields, status, now);
            ensureProcesses(store, id, processNames, now);
            return new Published(run.ownerId(), status);
        });
        events.publish(new WorkflowEvent(WorkflowEvent.UPDATED, id, p.ownerId(), p.status(), now));
    }

    public void progress(Principal caller, String id, TracePayloads.Progress body) {
        Instant now = clock.instant();
        List<Task> tasks = toTasks(id, body.tasks(), now);
        Published p = inTx(h -> {
            TraceStore store = h.attach(TraceStore.class);
            RunLock run = lockLive(store, id, caller);
            if (!tasks.isEmpty()) {
                upsertTasks(store, id, run.ownerId(), tasks, now);
            }
            applyCounters(store, id, body.progress(), body.instant(), now);
            String status = liveStatus(run);
            store.touchRun(id, status, now);
            return new Published(run.ownerId(), status);
        });
        events.publish(new WorkflowEvent(tasks.isEmpty() ? WorkflowEvent.UPDATED : WorkflowEvent.TASKS, id,
                p.ownerId(), p.status(), now));
    }

    public void heartbeat(Principal caller, String id, TracePayloads.Heartbeat body) {
        Instant now = clock.instant();
        Published p = inTx(h -> {
            TraceStore store = h.attach(TraceStore.class);
            RunLock run = lockLive(store, id, caller);
            applyCounters(store, id, body.progress(), body.instant(), now);
            String status = liveStatus(run);
            store.touchRun(id, status, now);
            return new Published(run.ownerId(), status);
        });
        events.publish(new WorkflowEvent(WorkflowEvent.UPDATED, id, p.ownerId(), p.status(), now));
    }

    public void complete(Principal caller, String id, TracePayloads.Complete body) {
        Instant now = clock.instant();
        Published p = inTx(h -> {
            TraceStore store = h.attach(TraceStore.class);
            RunLock run = lockOwned(store, id, caller);
            requireTraced(run);
            RunFields fields = fields(requireWorkflow(body.workflow()), null);
            List<MetricsRow> sent = metricsRows(body.metrics());
            if (run.complete() != null && WorkflowStatus.valueOf(run.status()).ended()) {
                return null; // a retried complete: already stored, nothing changes
            }
            String status = finalStatus(run, body.workflow());
            RunFields withEnd = fields.complete() == null ? fields.withComplete(now) : fields;
            store.updateRun(id, withEnd, status, now);
            applyCounters(store, id, body.progress(), body.instant(), now);
            store.deleteMetrics(id);
            store.insertMetrics(id, sent.isEmpty() ? computeMetrics(store, id) : sent);
            return new Published(run.ownerId(), status);
        });
        if (p != null) {
            events.publish(new WorkflowEvent(WorkflowEvent.ENDED, id, p.ownerId(), p.status(), now));
        }
    }

    /** Metrics for a run that ended without sending them, from its stored tasks. */
    public void computeAndStoreMetrics(String id) {
        inTx(h -> {
            TraceStore store = h.attach(TraceStore.class);
            store.deleteMetrics(id);
            store.insertMetrics(id, computeMetrics(store, id));
            return null;
        });
    }

    private record Published(long ownerId, String status) {
    }

    /** READ COMMITTED: every pooled connection is set to it (db/Database), so it is not asked for here. */
    private <T> T inTx(org.jdbi.v3.core.HandleCallback<T, RuntimeException> work) {
        return jdbi.inTransaction(work);
    }

    private long ownerOf(String id) {
        return jdbi.withHandle(h -> h.createQuery("SELECT owner_id FROM workflows WHERE id = :id")
                .bind("id", id).mapTo(Long.class).one());
    }

    private static RunLock lockOwned(TraceStore store, String id, Principal caller) {
        RunLock run = store.lock(id).orElseThrow(() -> ApiException.notFound("Unknown workflow id '" + id + "'"));
        String scoped = caller.token().workflowId();
        if (!caller.mayAccess(run.ownerId()) || scoped != null && !scoped.equals(id)) {
            throw ApiException.forbidden("Workflow " + id + " belongs to another user");
        }
        return run;
    }

    /** A run that may still receive updates: created through the protocol and not completed. */
    private static RunLock lockLive(TraceStore store, String id, Principal caller) {
        RunLock run = lockOwned(store, id, caller);
        requireTraced(run);
        if (run.complete() != null && WorkflowStatus.valueOf(run.status()).ended()) {
            throw ApiException.conflict("Workflow " + id + " has already completed with status " + run.status());
        }
        return run;
    }

    private static TracePayloads.WorkflowInfo requireWorkflow(TracePayloads.WorkflowInfo w) {
        if (w == null) {
            throw ApiException.badRequest("Field 'workflow' is required");
        }
        return w;
    }

    private static void requireTraced(RunLock run) {
        if (!run.traced()) {
            throw ApiException.conflict("Workflow " + run.id() + " has not been created yet: call /trace/create first");
        }
    }

    /** Any contact revives a run; a cancelled run stays cancelled while Nextflow winds down. */
    private static String liveStatus(RunLock run) {
        return WorkflowStatus.CANCELLED.name().equals(run.status()) ? run.status() : WorkflowStatus.RUNNING.name();
    }

    private static String finalStatus(RunLock run, TracePayloads.WorkflowInfo w) {
        if (WorkflowStatus.CANCELLED.name().equals(run.status())) {
            return run.status();
        }
        boolean success = w.success() != null
                ? w.success()
                : (w.exitStatus() == null || w.exitStatus() == 0) && w.errorMessage() == null;
        return (success ? WorkflowStatus.SUCCEEDED : WorkflowStatus.FAILED).name();
    }

    private void upsertTasks(TraceStore store, String id, long ownerId, List<Task> tasks, Instant now) {
        Map<Long, StoredTask> stored = new HashMap<>();
        for (StoredTask s : store.storedTasks(id, tasks.stream().map(Task::taskId).toList())) {
            stored.put(s.taskId(), s);
        }
        List<Task> inserts = new ArrayList<>();
        List<Task> updates = new ArrayList<>();
        Totals runTotals = new Totals();
        Map<String, Totals> processTotals = new LinkedHashMap<>();
        Set<String> executors = new TreeSet<>();
        for (Task t : tasks) {
            StoredTask old = stored.get(t.taskId());
            if (old != null && t.statusRank() < old.statusRank()) {
                continue; // monotonic: a late SUBMITTED/RUNNING never moves an ended task back
            }
            Task effective = old == null ? t : merged(t, old);
            Totals pt = processTotals.computeIfAbsent(effective.process() == null ? "" : effective.process(),
                    k -> new Totals());
            if (old != null) {
                runTotals.subtract(old);
                pt.subtract(old);
                updates.add(t);
            } else {
                inserts.add(t);
            }
            runTotals.add(effective);
            pt.add(effective);
            if (effective.executor() != null && TaskStatus.parse(effective.status()).countsInTotals()) {
                executors.add(effective.executor());
            }
        }
        if (!inserts.isEmpty()) {
            store.insertTasks(inserts);
        }
        if (!updates.isEmpty()) {
            store.updateTasks(updates);
        }
        store.claimFolders(ownerId, id, tasks, now);
        ensureProcesses(store, id, new ArrayList<>(processTotals.keySet()), now);
        if (!runTotals.isEmpty() || !inserts.isEmpty()) {
            store.addRunTotals(id, runTotals, mergeExecutors(store, id, executors), inserts.size(), now);
        }
        if (!runTotals.isEmpty()) {
            List<String> names = new ArrayList<>();
            List<Totals> totals = new ArrayList<>();
            processTotals.forEach((process, t) -> {
                if (!t.isEmpty()) {
                    names.add(process);
                    totals.add(t);
                }
            });
            if (!names.isEmpty()) {
                store.addProcessTotalsBatch(id, names, totals, now);
            }
        }
    }

    /** The values an update leaves in the row (it never erases a stored value with null). */
    private static Task merged(Task t, StoredTask old) {
        return t.toBuilder().orElse(old).build();
    }

    private static String mergeExecutors(TraceStore store, String id, Set<String> found) {
        if (found.isEmpty()) {
            return null;
        }
        Set<String> all = new TreeSet<>(found);
        store.executors(id).filter(s -> !s.isBlank()).ifPresent(s -> all.addAll(List.of(s.split(","))));
        return Text.clip(String.join(",", all), Text.EXECUTORS);
    }

    private static void ensureProcesses(TraceStore store, String id, List<String> names, Instant now) {
        if (names.isEmpty()) {
            return;
        }
        List<String> existing = store.processes(id);
        Set<String> known = new LinkedHashSet<>(existing);
        List<String> add = new ArrayList<>();
        List<Integer> ord = new ArrayList<>();
        int next = existing.size();
        for (String n : names) {
            String name = Text.clip(n, Text.PROCESS);
            if (name != null && known.add(name)) {
                add.add(name);
                ord.add(next++);
            }
        }
        if (!add.isEmpty()) {
            store.insertProcesses(id, add, ord, now);
        }
    }

    private static void applyCounters(TraceStore store, String id, TracePayloads.ProgressInfo p, Long instant,
                                      Instant now) {
        if (p == null) {
            return;
        }
        if (store.updateRunCounters(id, p, instant, now) == 0) {
            return; // an older body arrived late: its counters are stale
        }
        store.updatePeaks(id, p.peakCpus(), p.peakRunning(), p.peakMemory());
        if (p.processes() != null && !p.processes().isEmpty()) {
            List<TracePayloads.ProcessInfo> named = p.processes().stream().filter(x -> x.name() != null).toList();
            ensureProcesses(store, id, named.stream().map(TracePayloads.ProcessInfo::name).toList(), now);
            store.updateProcessCounters(id, named, now);
        }
    }

    private List<MetricsRow> computeMetrics(TraceStore store, String id) {
        List<MetricsRow> rows = new ArrayList<>();
        for (ResourceMetrics.ProcessMetrics pm : ResourceMetrics.compute(store.metricSamples(id))) {
            Map<String, String> s = new HashMap<>();
            pm.series().forEach((k, v) -> s.put(k, v == null ? null : v.toString()));
            rows.add(new MetricsRow(Text.clip(pm.process(), Text.PROCESS), s.get("cpu"), s.get("mem"), s.get("vmem"),
                    s.get("time"), s.get("reads"), s.get("writes"), s.get("cpuUsage"), s.get("memUsage"),
                    s.get("timeUsage")));
        }
        return rows;
    }

    private static List<MetricsRow> metricsRows(List<JsonNode> metrics) {
        if (metrics == null) {
            return List.of();
        }
        Map<String, MetricsRow> rows = new LinkedHashMap<>();
        for (int i = 0; i < metrics.size(); i++) {
            JsonNode m = metrics.get(i);
            if (m == null || !m.isObject() || !m.path("process").isTextual()) {
                throw ApiException.badRequest("Invalid value for 'metrics[" + i + "]': expected an object with a 'process' name");
            }
            for (String series : ResourceMetrics.SERIES) {
                JsonNode v = m.get(series);
                if (v != null && !v.isNull() && !v.isObject()) {
                    throw ApiException.badRequest("Invalid value for 'metrics[" + i + "]." + series + "': expected an object or null");
                }
            }
            String process = Text.clip(m.get("process").asText(), Text.PROCESS);
            rows.put(process, new MetricsRow(process, stat(m, "cpu"), stat(m, "mem"), stat(m, "vmem"),
                    stat(m, "time"), stat(m, "reads"), stat(m, "writes"), stat(m, "cpuUsage"), stat(m, "memUsage"),
                    stat(m, "timeUsage")));
        }
        return new ArrayList<>(rows.values());
    }

    private static String stat(JsonNode m, String series) {
        JsonNode v = m.get(series);
        return v == null || v.isNull() ? null : v.toString();
    }

    /** Validates and converts a body's tasks; the latest state of a task within one body wins. */
    private static List<Task> toTasks(String workflowId, List<TaskInfo> infos, Instant now) {
        if (infos == null || infos.isEmpty()) {
            return List.of();
        }
        Map<Long, Task> byId = new LinkedHashMap<>();
        for (int i = 0; i < infos.size(); i++) {
            TaskInfo t = infos.get(i);
            if (t == null || t.taskId() == null || t.taskId() < 0) {
                throw ApiException.badRequest("Invalid value for 'tasks[" + i + "].taskId': a task id (a whole number >= 0) is required");
            }
            TaskStatus status = TaskStatus.parse(t.status());
            if (status == null) {
                throw ApiException.badRequest("Invalid value for 'tasks[" + i + "].status': '" + t.status()
                        + "' is not one of NEW, SUBMITTED, RUNNING, CACHED, COMPLETED, FAILED, ABORTED");
            }
            Task task = toTask(workflowId, t, status, now);
            Task previous = byId.get(task.taskId());
            if (previous == null || task.statusRank() >= previous.statusRank()) {
                byId.put(task.taskId(), task);
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static Task toTask(String workflowId, TaskInfo t, TaskStatus status, Instant now) {
        // Nextflow reports exit 2147483647 (Integer.MAX_VALUE) until the task has ended.
        Integer exit = t.exit() == null || t.exit() == Integer.MAX_VALUE ? null : t.exit();
        return Task.builder().copy(t) // the fields Nextflow names as we do, cut to their columns
                .set(TaskField.WORKFLOW_ID, workflowId).set(TaskField.STATUS, status.name())
                .set(TaskField.STATUS_RANK, status.rank())
                .set(TaskField.MODULE, t.module() == null || t.module().isNull() ? null : t.module().toString())
                .set(TaskField.EXIT_STATUS, exit).set(TaskField.DATE_CREATED, now).set(TaskField.LAST_UPDATED, now)
                .build();
    }

    private RunFields fields(TracePayloads.WorkflowInfo w, List<String> processNames) {
        return RunFields.of(w, processNames == null ? null : writeJson(processNames));
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

}
