package io.pharos.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.auth.Workspaces;
import java.util.ArrayList;
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
 * attributes). As in the seed's shapes, a value Pharos does not have is null (the spec requires
 * none of those). Keys the spec does not name are listed in docs/api.md ("Two shapes").
 */
public final class SeqeraViews {
    /**
     * The workflow of {@code attributes=minimal}: what identifies a run and its state, and the
     * fields the spec's Workflow object requires (commandLine, projectName, runName, sessionId,
     * submit, userName, workDir).
     */
    public static final Set<String> MINIMAL_KEYS = Set.of("id", "status", "ownerId", "launchId", "submit", "start",
            "complete", "dateCreated", "lastUpdated", "runName", "sessionId", "projectName", "userName", "workDir",
            "commandLine");

    /** Fields of the run that the spec has a place for in describe (WorkflowMaxDbDto) but not in a list. */
    public static final Set<String> DESCRIBE_ONLY = Set.of("logFile", "outFile", "operationId", "fusion", "wave");
    /** The manifest: the seed's keys, then those of the spec (icon) and the rest Nextflow sends (24.10, 25.04). */
    static final List<String> MANIFEST_KEYS = List.of("nextflowVersion", "defaultBranch", "version", "homePage",
            "gitmodules", "description", "name", "mainScript", "author", "icon", "contributors", "docsUrl", "doi",
            "license", "organization");
    /** Stats: after the seed's keys, the task counts Nextflow sends that the seed's stats lack. */
    static final List<String> STATS_COUNTS = List.of("pendingCount", "submittedCount", "runningCount",
            "retriesCount", "abortedCount", "peakRunning");

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
        attributes(out, w, shape, false);
        out.put("messages", shape.has(Shape.Attribute.MESSAGES) ? List.of() : null);
        return out;
    }

    /** GET /api/workflow/{id}/progress. */
    public Map<String, Object> progress(WorkflowService.RunProgress p) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("progress", progress(p.run(), p.processes()));
        return out;
    }

    /** GET /api/workflows: each run with its totals and counters (processes only counted: ask /progress). */
    public Map<String, Object> list(WorkflowService.RunPage page, Shape shape) {
        List<Map<String, Object>> items = new ArrayList<>(page.runs().size());
        for (WorkflowService.Listed r : page.runs()) {
            Map<String, Object> item = new LinkedHashMap<>();
            Map<String, Object> workflow = workflow(r.workflow(), shape);
            workflow.keySet().removeAll(DESCRIBE_ONLY);
            item.put("workflow", workflow);
            item.put("progress", r.progress() == null ? null : progressData(r.progress(), List.of(),
                    r.progress().processCount()));
            place(item, r.workflow());
            attributes(item, r.workflow(), shape, true);
            items.add(item);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("workflows", items);
        if (shape.includeTotalSize()) {
            out.put("totalSize", page.total());
        }
        out.put("hasMore", page.hasMore());
        return out;
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
        return out;
    }

    /** GET /api/workflow/{id}/task/{taskId}. */
    public Map<String, Object> describeTask(Task t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("task", task(t));
        return out;
    }

    /** GET /api/workflow/{id}/metrics. */
    public Map<String, Object> metrics(WorkflowService.RunMetrics r) {
        return seed.metrics(r);
    }

    /**
     * The run: the seed's keys, then what the seed's object has no key for, as Nextflow sent it
     * (also in manifest and stats). {@code minimal} keeps only {@link #MINIMAL_KEYS}.
     */
    Map<String, Object> workflow(Workflow w, Shape shape) {
        Map<String, Object> m = seed.workflow(w);
        m.put("manifest", w.manifest() == null ? null : WorkflowViews.project(seed.parse(w.manifest()), MANIFEST_KEYS));
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
     * The one place that says which organisation and workspace a run is in: its owner's personal
     * workspace (auth/Workspaces), named after the owner; Pharos has no organisations yet.
     */
    private static void place(Map<String, Object> out, Workflow w) {
        out.put("orgId", null);
        out.put("orgName", null);
        out.put("workspaceId", Workspaces.of(w.ownerId()));
        out.put("workspaceName", w.ownerName());
    }

    /** The head job's state on a batch scheduler (JobInfoDto); none for local head jobs. */
    private static Map<String, Object> jobInfo(Workflow w) {
        return null;
    }

    /**
     * What {@code attributes} asks for; each one not asked for is null, as the spec says.
     * labels: the run's labels, and in a list whether the caller starred it (left empty here:
     * labels/LabelViews fills them in, as the {@link RunAdditions} of WorkflowHandlers); optimized: Pharos optimizes no run; pipelineInfo: null even when asked, as
     * Pharos has no saved pipelines for a run to come from.
     */
    private static void attributes(Map<String, Object> out, Workflow w, Shape shape, boolean listed) {
        boolean labels = shape.has(Shape.Attribute.LABELS);
        out.put("labels", labels ? List.of() : null);
        if (listed) {
            out.put("starred", labels ? false : null);
        }
        out.put("optimized", shape.has(Shape.Attribute.OPTIMIZED) ? false : null);
        out.put("pipelineInfo", null);
    }

    /** The seed's stats and the task counts Nextflow sends beside them. */
    private static JsonNode stats(JsonNode sent) {
        JsonNode out = WorkflowViews.stats(sent);
        if (out instanceof ObjectNode o) {
            for (String k : STATS_COUNTS) {
                o.set(k, sent.path(k).isMissingNode() ? NullNode.getInstance() : sent.get(k));
            }
        }
        return out;
    }
}
