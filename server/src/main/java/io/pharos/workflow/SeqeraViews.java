package io.pharos.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Seqera Platform API's shapes (1.181.0) of the workflow read API: list
 * (ListWorkflowsResponse), describe (DescribeWorkflowResponse), progress (GetProgressResponse),
 * tasks and task (ListTasksResponse, DescribeTaskResponse) and metrics
 * (GetWorkflowMetricsResponse). Built on the seed's objects of {@link WorkflowViews}, with what
 * the seed's shape has no key for: everything Nextflow sent of the run, the counters aborted,
 * ignored and retries, totalProcesses, and the answers' own keys (workspace, platform,
 * attributes). Like Seqera's own answers, they leave out keys whose value is null: the spec
 * allows null for none of them.
 */
public final class SeqeraViews {
    /**
     * The workflow of {@code attributes=minimal}: what identifies a run and its state, and the
     * fields the spec's Workflow object requires (commandLine, projectName, runName, sessionId,
     * submit, userName, workDir).
     */
    static final Set<String> MINIMAL_KEYS = Set.of("id", "status", "ownerId", "launchId", "submit", "start",
            "complete", "dateCreated", "lastUpdated", "runName", "sessionId", "projectName", "userName", "workDir",
            "commandLine");

    private final WorkflowViews seed;

    public SeqeraViews(WorkflowViews seed) {
        this.seed = seed;
    }

    /** GET /api/workflow/{id}. */
    public Map<String, Object> describe(WorkflowService.Detail d, Shape shape) {
        Workflow w = d.workflow();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflow", workflow(w, shape));
        out.put("progress", progress(d.progress().run(), d.progress().processes()));
        place(out, w);
        out.put("platform", d.platform() == null ? null : Map.of("id", d.platform()));
        out.put("jobInfo", jobInfo(w));
        attributes(out, w, shape);
        if (shape.has(Shape.Attribute.MESSAGES)) {
            out.put("messages", List.of());
        }
        return compact(out);
    }

    /** GET /api/workflow/{id}/progress. */
    public Map<String, Object> progress(WorkflowService.RunProgress p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("progress", progress(p.run(), p.processes()));
        return compact(out);
    }

    /** GET /api/workflows: each run with its totals and counters (processes only counted: ask /progress). */
    public Map<String, Object> list(WorkflowService.RunPage page, Shape shape) {
        List<Map<String, Object>> items = new ArrayList<>(page.runs().size());
        for (WorkflowService.Listed r : page.runs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("workflow", workflow(r.workflow(), shape));
            item.put("progress", r.progress() == null ? null : progressData(r.progress(), List.of(),
                    r.progress().processCount()));
            place(item, r.workflow());
            attributes(item, r.workflow(), shape);
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflows", items);
        if (shape.includeTotalSize()) {
            out.put("totalSize", page.total());
        }
        out.put("hasMore", page.hasMore());
        return compact(out);
    }

    /** GET /api/workflow/{id}/tasks. */
    public Map<String, Object> tasks(WorkflowService.TaskPage page) {
        List<Map<String, Object>> tasks = new ArrayList<>(page.tasks().size());
        for (Task t : page.tasks()) {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("task", task(t));
            tasks.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", tasks);
        out.put("total", page.total());
        return compact(out);
    }

    /** GET /api/workflow/{id}/task/{taskId}. */
    public Map<String, Object> describeTask(Task t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task(t));
        return compact(out);
    }

    /** GET /api/workflow/{id}/metrics. */
    public Map<String, Object> metrics(WorkflowService.RunMetrics r) {
        return compact(new LinkedHashMap<>(seed.metrics(r)));
    }

    /**
     * The run: the seed's keys, then what the seed's object has no key for, as Nextflow sent it
     * (the whole manifest, stats and nextflow objects too). {@code minimal} keeps only
     * {@link #MINIMAL_KEYS}.
     */
    Map<String, Object> workflow(Workflow w, Shape shape) {
        Map<String, Object> m = seed.workflow(w);
        m.put("manifest", w.manifest() == null ? null : seed.parse(w.manifest()));
        m.put("nextflow", w.nextflow() == null ? null : nextflow(seed.parse(w.nextflow())));
        m.put("stats", w.stats() == null ? null : stats(seed.parse(w.stats())));
        m.put("outputDir", w.outputDir());
        m.put("logFile", w.logFile());
        m.put("outFile", w.outFile());
        m.put("operationId", w.operationId());
        m.put("fusion", w.fusion() == null ? null : seed.parse(w.fusion()));
        m.put("wave", w.wave() == null ? null : seed.parse(w.wave()));
        m.put("preview", w.preview());
        m.put("stubRun", w.stubRun());
        m.put("failOnIgnore", w.failOnIgnore());
        if (shape.has(Shape.Attribute.MINIMAL)) {
            m.keySet().retainAll(MINIMAL_KEYS);
        }
        return m;
    }

    /** ProgressData: the run's WorkflowLoad, each process's ProcessLoad, how many processes. */
    Map<String, Object> progress(Progress run, List<Progress> processes) {
        return progressData(run, processes, run == null ? processes.size() : run.processCount());
    }

    private static Map<String, Object> progressData(Progress run, List<Progress> processes, long totalProcesses) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workflowProgress", run == null ? null : load(run, true));
        List<Map<String, Object>> list = new ArrayList<>(processes.size());
        for (Progress p : processes) {
            list.add(load(p, false));
        }
        m.put("processesProgress", list);
        m.put("totalProcesses", totalProcesses);
        return m;
    }

    /** The seed's progress entry and the counters the seed has no key for (the spec requires them). */
    private static Map<String, Object> load(Progress p, boolean run) {
        Map<String, Object> m = WorkflowViews.progressEntry(p, run);
        m.put("aborted", p.aborted());
        m.put("ignored", p.ignored());
        m.put("retries", p.retries());
        return m;
    }

    /** The spec's Task: every stored field (cpuModel too), exit as the number it is. */
    Map<String, Object> task(Task t) {
        Map<String, Object> m = seed.task(t);
        m.remove(TaskField.EXIT);
        m.put(TaskField.CPU_MODEL.key(), t.cpuModel());
        m.put(TaskField.EXIT, t.exitStatus());
        return m;
    }

    /**
     * The one place that says which organisation and workspace a run is in. Pharos has neither
     * yet: all four stay empty (and so are left out) until workspaces exist.
     */
    private static void place(Map<String, Object> out, Workflow w) {
        out.put("orgId", null);
        out.put("orgName", null);
        out.put("workspaceId", null);
        out.put("workspaceName", null);
    }

    /** The head job's state on a batch scheduler (JobInfoDto); none for local head jobs. */
    private static Map<String, Object> jobInfo(Workflow w) {
        return null;
    }

    /**
     * What {@code attributes} adds. labels: the run's labels and whether it is starred (none yet:
     * labels and stars fill them here); optimized: Pharos optimizes no runs; pipelineInfo: Pharos
     * has no saved pipelines, so there is none to name.
     */
    private static void attributes(Map<String, Object> out, Workflow w, Shape shape) {
        if (shape.has(Shape.Attribute.LABELS)) {
            out.put("labels", List.of());
            out.put("starred", false);
        }
        if (shape.has(Shape.Attribute.OPTIMIZED)) {
            out.put("optimized", false);
        }
        if (shape.has(Shape.Attribute.PIPELINE_INFO)) {
            out.put("pipelineInfo", null);
        }
    }

    /** Nextflow's object with build as text, as the spec has it (Nextflow sends a number). */
    private static JsonNode nextflow(JsonNode sent) {
        if (sent instanceof ObjectNode o && o.hasNonNull("build")) {
            o.put("build", o.get("build").asText());
        }
        return sent;
    }

    /** Nextflow's stats but the per-process list (the progress has it); failedPct as in the seed's. */
    private static JsonNode stats(JsonNode sent) {
        if (sent instanceof ObjectNode o) {
            o.remove("processes");
            if (!o.hasNonNull("failedPct") && o.hasNonNull("effectiveFailedPct")) {
                o.set("failedPct", o.get("effectiveFailedPct"));
            }
        }
        return sent;
    }

    /** Leaves out every key whose value is null, at every level but inside a run's params (user data). */
    @SuppressWarnings("unchecked")
    static <T> T compact(T value) {
        if (value instanceof Map<?, ?> map) {
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                Object v = e.getValue();
                if (v == null || (v instanceof JsonNode n && n.isNull())) {
                    it.remove();
                } else if (!"params".equals(e.getKey())) {
                    compact(v);
                }
            }
        } else if (value instanceof List<?> list) {
            list.forEach(SeqeraViews::compact);
        } else if (value instanceof ObjectNode o) {
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isNull()) {
                    it.remove();
                } else {
                    compact(e.getValue());
                }
            }
        } else if (value instanceof JsonNode n && n.isArray()) {
            n.forEach(SeqeraViews::compact);
        }
        return value;
    }
}
