package io.pharos.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the seed's JSON objects, field for field and in the seed's order, from the records
 * {@link WorkflowService} returns: ordered maps, as every view class does. The Seqera
 * Platform's shapes of the same answers ({@link Shape}) are {@link SeqeraViews}', built on these.
 */
public final class WorkflowViews {
    private static final List<String> MANIFEST_KEYS = List.of("nextflowVersion", "defaultBranch", "version",
            "homePage", "gitmodules", "description", "name", "mainScript", "author");
    private static final List<String> STATS_KEYS = List.of("computeTimeFmt", "cachedCount", "failedCount",
            "ignoredCount", "succeedCount", "cachedCountFmt", "succeedCountFmt", "failedCountFmt", "ignoredCountFmt",
            "cachedPct", "failedPct", "succeedPct", "ignoredPct", "cachedDuration", "failedDuration",
            "succeedDuration");

    private final ObjectMapper json;

    public WorkflowViews(ObjectMapper json) {
        this.json = json;
    }

    /** GET /api/workflow/{id}. */
    public Map<String, Object> describe(WorkflowService.Detail d) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow", workflow(d.workflow()));
        out.put("progress", progress(d.progress().run(), d.progress().processes()));
        return out;
    }

    /** GET /api/workflow/{id}/progress. */
    public Map<String, Object> progress(WorkflowService.RunProgress p) {
        return Map.of("progress", progress(p.run(), p.processes()));
    }

    /** GET /api/workflows: each run with its totals only. */
    public Map<String, Object> list(WorkflowService.RunPage page) {
        List<Map<String, Object>> items = new ArrayList<>(page.runs().size());
        for (WorkflowService.Listed r : page.runs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("workflow", workflow(r.workflow()));
            item.put("progress", r.progress() == null ? null : progress(r.progress(), List.of()));
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflows", items);
        out.put("totalSize", page.total());
        out.put("hasMore", page.hasMore());
        return out;
    }

    /** GET /api/workflow/{id}/tasks. */
    public Map<String, Object> tasks(WorkflowService.TaskPage page) {
        List<Map<String, Object>> tasks = new ArrayList<>(page.tasks().size());
        for (Task t : page.tasks()) {
            tasks.add(Map.of("task", task(t)));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", tasks);
        out.put("total", page.total());
        return out;
    }

    /** GET /api/workflow/{id}/metrics: stored rows, else those just computed (ids 1, 2, ...). */
    public Map<String, Object> metrics(WorkflowService.RunMetrics r) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Metrics m : r.stored()) {
            list.add(metrics(m));
        }
        long n = 0;
        for (ResourceMetrics.ProcessMetrics pm : r.computed()) {
            list.add(metrics(++n, pm));
        }
        return Map.of("metrics", list);
    }

    public Map<String, Object> workflow(Workflow w) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", w.id());
        m.put("submit", w.submit());
        m.put("start", w.start());
        m.put("complete", w.complete());
        m.put("dateCreated", w.dateCreated());
        m.put("lastUpdated", w.lastUpdated());
        m.put("runName", w.runName());
        m.put("sessionId", w.sessionId());
        m.put("profile", w.profile());
        m.put("workDir", w.workDir());
        m.put("commitId", w.commitId());
        m.put("userName", w.userName());
        m.put("scriptId", w.scriptId());
        m.put("revision", w.revision());
        m.put("commandLine", w.commandLine());
        m.put("projectName", w.projectName());
        m.put("scriptName", w.scriptName());
        m.put("launchId", w.launchId());
        m.put("status", w.status());
        m.put("configFiles", w.configFiles() == null ? json.createArrayNode() : parse(w.configFiles()));
        m.put("params", w.params() == null ? null : parse(w.params()));
        m.put("configText", w.configText());
        m.put("manifest", w.manifest() == null ? null : project(parse(w.manifest()), MANIFEST_KEYS));
        m.put("nextflow", w.nextflow() == null ? null : nextflow(parse(w.nextflow())));
        m.put("stats", w.stats() == null ? null : stats(parse(w.stats())));
        m.put("errorMessage", w.errorMessage());
        m.put("errorReport", w.errorReport());
        m.put("deleted", w.deleted());
        m.put("peakLoadCpus", w.peakLoadCpus());
        m.put("peakLoadTasks", w.peakLoadTasks());
        m.put("peakLoadMemory", w.peakLoadMemory());
        m.put("projectDir", w.projectDir());
        m.put("homeDir", w.homeDir());
        m.put("container", w.container());
        m.put("repository", w.repository());
        m.put("containerEngine", w.containerEngine());
        m.put("scriptFile", w.scriptFile());
        m.put("launchDir", w.launchDir());
        m.put("duration", w.duration());
        m.put("exitStatus", w.exitStatus());
        m.put("resume", w.resume());
        m.put("success", w.success());
        m.put("ownerId", w.ownerId());
        return m;
    }

    /** The seed's progress object: the run's totals and counters, then each process's. */
    public Map<String, Object> progress(Progress run, List<Progress> processes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowProgress", run == null ? null : progressEntry(run, true));
        List<Map<String, Object>> list = new ArrayList<>();
        for (Progress p : processes) {
            list.add(progressEntry(p, false));
        }
        m.put("processesProgress", list);
        return m;
    }

    static Map<String, Object> progressEntry(Progress p, boolean run) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (!run) {
            m.put("process", p.process());
        }
        m.put("cpus", p.cpus());
        m.put("cpuTime", p.cpuTime());
        m.put("cpuLoad", p.cpuLoad());
        m.put("memoryRss", p.memoryRss());
        m.put("memoryReq", p.memoryReq());
        m.put("readBytes", p.readBytes());
        m.put("writeBytes", p.writeBytes());
        m.put("volCtxSwitch", p.volCtxSwitch());
        m.put("invCtxSwitch", p.invCtxSwitch());
        if (run) {
            m.put("cost", p.cost());
        }
        m.put("loadTasks", p.loadTasks());
        m.put("loadCpus", p.loadCpus());
        m.put("loadMemory", p.loadMemory());
        m.put("peakCpus", p.peakCpus());
        m.put("peakTasks", p.peakRunning());
        m.put("peakMemory", p.peakMemory());
        if (run) {
            m.put("executors", p.executors() == null || p.executors().isBlank()
                    ? List.of() : List.of(p.executors().split(",")));
        }
        m.put("dateCreated", p.dateCreated());
        m.put("lastUpdated", p.lastUpdated());
        m.put("cached", p.cached());
        m.put("pending", p.pending());
        m.put("submitted", p.submitted());
        m.put("running", p.running());
        m.put("succeeded", p.succeeded());
        m.put("failed", p.failed());
        m.put("memoryEfficiency", p.memoryReq() == 0 ? 0.0 : round((double) p.memoryRss() / p.memoryReq() * 100));
        m.put("cpuEfficiency", p.cpuTime() == 0 ? 0.0 : round((double) p.cpuLoad() / p.cpuTime() * 100));
        return m;
    }

    /** The seed's task object: the fields of {@link TaskField#API} in that order, then exit. */
    public Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TaskField f : TaskField.API) {
            m.put(f.key(), f.get(t));
        }
        m.put(TaskField.MODULE.key(), t.module() == null ? json.createArrayNode() : parse(t.module()));
        m.put(TaskField.EXIT, t.exitStatus() == null ? null : String.valueOf(t.exitStatus()));
        return m;
    }

    public Map<String, Object> metrics(Metrics r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("process", r.process());
        m.put("cpu", series(r.cpu()));
        m.put("mem", series(r.mem()));
        m.put("vmem", series(r.vmem()));
        m.put("time", series(r.time()));
        m.put("reads", series(r.reads()));
        m.put("writes", series(r.writes()));
        m.put("cpuUsage", series(r.cpuUsage()));
        m.put("memUsage", series(r.memUsage()));
        m.put("timeUsage", series(r.timeUsage()));
        return m;
    }

    /** Metrics computed just now: their summaries are used as they are, not written out and read again. */
    Map<String, Object> metrics(long id, ResourceMetrics.ProcessMetrics pm) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("process", pm.process());
        for (String name : ResourceMetrics.SERIES) {
            m.put(name, withWarnings(pm.series().get(name)));
        }
        return m;
    }

    private JsonNode series(String text) {
        return text == null ? NullNode.getInstance() : withWarnings(parse(text));
    }

    private JsonNode withWarnings(JsonNode n) {
        if (n == null) {
            return NullNode.getInstance();
        }
        if (n instanceof ObjectNode o && !o.has("warnings")) {
            o.set("warnings", json.createArrayNode());
        }
        return n;
    }

    static JsonNode project(JsonNode source, List<String> keys) {
        if (!source.isObject()) {
            return source;
        }
        ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        for (String k : keys) {
            JsonNode v = source.get(k);
            out.set(k, v == null ? NullNode.getInstance() : v);
        }
        return out;
    }

    /** Nextflow 25 names the failed share effectiveFailedPct; the seed calls it failedPct. */
    static JsonNode stats(JsonNode source) {
        JsonNode out = project(source, STATS_KEYS);
        if (out instanceof ObjectNode o && o.get("failedPct").isNull() && source.hasNonNull("effectiveFailedPct")) {
            o.set("failedPct", source.get("effectiveFailedPct"));
        }
        return out;
    }

    /** Nextflow sends build as a number; the seed shows it as a string. */
    static JsonNode nextflow(JsonNode source) {
        if (!source.isObject()) {
            return source;
        }
        ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.set("version", source.path("version").isMissingNode() ? NullNode.getInstance() : source.get("version"));
        JsonNode build = source.get("build");
        out.put("build", build == null || build.isNull() ? null : build.asText());
        out.set("timestamp", source.path("timestamp").isMissingNode() ? NullNode.getInstance() : source.get("timestamp"));
        return out;
    }

    JsonNode parse(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }

}
