package io.pharos.nf;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nextflow.Session;
import nextflow.trace.ProgressRecord;
import nextflow.trace.TraceRecord;
import nextflow.trace.WorkflowStats;

/** The bodies of the trace calls, with the fields Nextflow's own Tower client sends. */
final class Payloads {
    private static final java.time.format.DateTimeFormatter DATE =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private Payloads() {
    }

    static Map<String, Object> create(Session session, String workflowId) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sessionId", String.valueOf(session.getUniqueId()));
        m.put("runName", session.getRunName());
        m.put("projectName", session.getWorkflowMetadata().getProjectName());
        m.put("repository", session.getWorkflowMetadata().getRepository());
        m.put("workflowId", workflowId);
        m.put("instant", Instant.now().toEpochMilli());
        return plainTop(m);
    }

    static Map<String, Object> begin(Session session, Map<?, ?> metadata, String workflowId,
                                     Collection<String> processNames, boolean launched) {
        Map<String, Object> m = new LinkedHashMap<>();
        Map<String, Object> workflow = workflow(session, metadata, workflowId);
        workflow.remove("stats");
        m.put("workflow", workflow);
        m.put("processNames", new ArrayList<>(processNames));
        m.put("towerLaunch", launched);
        m.put("instant", Instant.now().toEpochMilli());
        return plainTop(m);
    }

    static Map<String, Object> progress(Collection<TraceRecord> tasks, WorkflowStats stats) {
        List<Object> list = new ArrayList<>(tasks.size());
        for (TraceRecord t : tasks) {
            list.add(task(t));
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("tasks", list);
        m.put("progress", progress(stats));
        m.put("instant", Instant.now().toEpochMilli());
        return plainTop(m);
    }

    static Map<String, Object> heartbeat(WorkflowStats stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("progress", progress(stats));
        m.put("instant", Instant.now().toEpochMilli());
        return plainTop(m);
    }

    static Map<String, Object> complete(Session session, Map<?, ?> metadata, String workflowId,
                                        List<Map<String, Object>> metrics, WorkflowStats stats) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflow", workflow(session, metadata, workflowId));
        m.put("metrics", metrics);
        m.put("progress", progress(stats));
        m.put("instant", Instant.now().toEpochMilli());
        return plainTop(m);
    }

    /**
     * Nextflow's workflow metadata ({@code metadata}: its {@code toMap()}) plus params, the
     * resolved config and the Tower id.
     */
    private static Map<String, Object> workflow(Session session, Map<?, ?> metadata, String workflowId) {
        Map<String, Object> w = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : metadata.entrySet()) {
            w.put(String.valueOf(e.getKey()), e.getValue());
        }
        w.put("params", session.getParams());
        w.put("id", workflowId);
        Object container = w.get("container");
        // several containers (a map) have no useful one-string form
        w.put("container", container instanceof CharSequence ? container.toString() : null);
        w.put("configText", session.getResolvedConfig());
        // set by Nextflow's client only for runs on the Seqera Platform; kept for the same fields
        w.put("operationId", null);
        w.put("logFile", null);
        w.put("outFile", null);
        return w;
    }

    /** Nextflow's trace field name to the protocol's: camelCase, '%cpu' as 'pcpu'; worked out once per name. */
    private static final Map<String, String> NAMES = new java.util.concurrent.ConcurrentHashMap<>();
    private static final ZoneId ZONE = ZoneId.systemDefault();

    /** One task: the trace record's fields in camelCase ('%cpu' is 'pcpu'), dates as ISO-8601. */
    static Map<String, Object> task(TraceRecord trace) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : trace.getStore().entrySet()) {
            String name = NAMES.computeIfAbsent(e.getKey(),
                    k -> camelCase(k.startsWith("%") ? "p" + k.substring(1) : k));
            Object value = e.getValue();
            if ("date".equals(TraceRecord.FIELDS.get(name))) {
                // always with seconds and milliseconds: OffsetDateTime.toString() drops them when
                // zero ("...T17:20Z"), which readers of the Tower protocol may refuse
                value = value instanceof Number n && n.longValue() != 0
                        ? DATE.format(OffsetDateTime.ofInstant(Instant.ofEpochMilli(n.longValue()), ZONE))
                        : null;
            } else if ("tag".equals(name) && !(value instanceof CharSequence)) {
                value = null;
            } else if (value instanceof CharSequence c) {
                value = JsonValues.clip(c.toString(), "tasks." + name);
            } else if (value != null && !(value instanceof Number) && !(value instanceof Boolean)) {
                value = JsonValues.plain(value, "tasks." + name);
            }
            m.put(name, value);
        }
        m.put("executor", JsonValues.clip(trace.getExecutorName(), "tasks.executor"));
        var machine = trace.getMachineInfo();
        m.put("cloudZone", machine == null ? null : JsonValues.clip(machine.getZone(), "tasks.cloudZone"));
        m.put("machineType", machine == null ? null : JsonValues.clip(machine.getType(), "tasks.machineType"));
        m.put("priceModel", machine == null || machine.getPriceModel() == null ? null
                : JsonValues.clip(machine.getPriceModel().toString(), "tasks.priceModel"));
        return m;
    }

    static String camelCase(String s) {
        if (!s.contains("_")) {
            return s;
        }
        String[] words = s.split("_+");
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (w.isEmpty()) {
                continue;
            }
            if (b.length() == 0) {
                b.append(w);
            } else {
                b.append(Character.toUpperCase(w.charAt(0))).append(w, 1, w.length());
            }
        }
        return b.toString();
    }

    static Map<String, Object> progress(WorkflowStats s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pending", s.getPendingCount());
        m.put("submitted", s.getSubmittedCount());
        m.put("running", s.getRunningCount());
        m.put("succeeded", s.getSucceededCount());
        m.put("cached", s.getCachedCount());
        m.put("failed", s.getFailedCount());
        m.put("ignored", s.getIgnoredCount());
        m.put("retries", s.getRetriesCount());
        m.put("aborted", s.getAbortedCount());
        m.put("loadCpus", s.getLoadCpus());
        m.put("loadMemory", s.getLoadMemory());
        m.put("peakRunning", s.getPeakRunning());
        m.put("peakCpus", s.getPeakCpus());
        m.put("peakMemory", s.getPeakMemory());
        List<Object> processes = new ArrayList<>();
        for (ProgressRecord r : s.getProcesses()) {
            processes.add(processProgress(r));
        }
        m.put("processes", processes);
        return m;
    }

    static Map<String, Object> processProgress(ProgressRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", r.getIndex());
        m.put("name", JsonValues.clip(r.getName(), "progress.name"));
        m.put("pending", r.getPending());
        m.put("submitted", r.getSubmitted());
        m.put("running", r.getRunning());
        m.put("succeeded", r.getSucceeded());
        m.put("cached", r.getCached());
        m.put("failed", r.getFailed());
        m.put("aborted", r.getAborted());
        m.put("stored", r.getStored());
        m.put("ignored", r.getIgnored());
        m.put("retries", r.getRetries());
        m.put("terminated", r.isTerminated());
        m.put("loadCpus", r.getLoadCpus());
        m.put("loadMemory", r.getLoadMemory());
        m.put("peakRunning", r.getPeakRunning());
        m.put("peakCpus", r.getPeakCpus());
        m.put("peakMemory", r.getPeakMemory());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> plainTop(Map<String, Object> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : m.entrySet()) {
            // tasks are already plain (clipped under "tasks"); the rest is clipped under its own key
            out.put(e.getKey(), "tasks".equals(e.getKey()) ? e.getValue() : JsonValues.plain(e.getValue(), e.getKey()));
        }
        return out;
    }
}
