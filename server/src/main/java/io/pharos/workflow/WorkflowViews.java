package io.pharos.workflow;

import static io.pharos.http.JsonBody.field;
import static io.pharos.http.JsonBody.value;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pharos.http.RawJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Writes the seed's JSON, field for field and in the seed's order, from the records
 * {@link WorkflowService} returns, straight into a {@link JsonGenerator}: no map per object (for
 * a page of 100 tasks of 50 keys, building maps and letting Jackson walk them was most of the
 * request). The run, progress and task objects are written here in both API families' shapes,
 * so that each field is named once; the Seqera Platform's answers around them are
 * {@link SeqeraViews}'.
 */
public final class WorkflowViews {
    private static final List<String> MANIFEST_KEYS = List.of("nextflowVersion", "defaultBranch", "version",
            "homePage", "gitmodules", "description", "name", "mainScript", "author");
    private static final List<String> STATS_KEYS = List.of("computeTimeFmt", "cachedCount", "failedCount",
            "ignoredCount", "succeedCount", "cachedCountFmt", "succeedCountFmt", "failedCountFmt", "ignoredCountFmt",
            "cachedPct", "failedPct", "succeedPct", "ignoredPct", "cachedDuration", "failedDuration",
            "succeedDuration");
    /** The task keys as pre-encoded names, by {@link TaskField} ordinal: written 5,000 times a page. */
    private static final SerializedString[] TASK_KEYS = new SerializedString[TaskField.values().length];
    private static final SerializedString EXIT_KEY = new SerializedString(TaskField.EXIT);
    /** Stored metrics rows whose JSON is kept: rows are never updated (only deleted and inserted anew). */
    static final int RENDERED_METRICS_ROWS = 4_096;

    static {
        for (TaskField f : TaskField.values()) {
            TASK_KEYS[f.ordinal()] = new SerializedString(f.key());
        }
    }

    private final ObjectMapper json;
    private final StoredJson stored;
    /** A stored metrics row's JSON object by row id, with its run (to forget a deleted run's rows). */
    private final Map<Long, RenderedMetrics> renderedMetrics = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, RenderedMetrics> eldest) {
            return size() > RENDERED_METRICS_ROWS;
        }
    };

    /**
     * @param json the row's object as the server's UTF-8 generator writes it (which escapes
     *             characters outside the BMP: a character-based writer would not), pre-encoded
     */
    private record RenderedMetrics(String workflowId, SerializedString json) {
    }

    public WorkflowViews(ObjectMapper json) {
        this.json = json;
        this.stored = new StoredJson(json);
    }

    /** GET /api/workflow/{id}. */
    public void describe(JsonGenerator g, WorkflowService.Detail d) throws IOException {
        g.writeStartObject();
        g.writeFieldName("workflow");
        workflow(g, d.workflow(), Shape.SEED, false);
        g.writeFieldName("progress");
        progress(g, d.progress().run(), d.progress().processes(), false);
        g.writeEndObject();
    }

    /**
     * A listed run's {@code workflow} and {@code progress} fields: the JSON kept of a run that can
     * no longer change, else written from its row and totals as {@link #workflow} (listed) and
     * {@link #listedProgress} write them.
     */
    void listed(JsonGenerator g, WorkflowService.Listed r, Shape shape) throws IOException {
        g.writeFieldName("workflow");
        if (r.workflowJson() != null) {
            g.writeRawValue(new RawJson(r.workflowJson()));
        } else {
            workflow(g, r.workflow(), shape, true);
        }
        g.writeFieldName("progress");
        if (r.progressJson() != null) {
            g.writeRawValue(new RawJson(r.progressJson()));
        } else {
            listedProgress(g, r.progress(), shape.seqera());
        }
    }

    /** A listed run's progress object (its totals only; null before it has any), on its own (to be kept). */
    public void listedProgress(JsonGenerator g, Progress p, boolean seqera) throws IOException {
        if (p == null) {
            g.writeNull();
        } else {
            progressData(g, p, List.of(), seqera, seqera ? p.processCount() : 0);
        }
    }

    /** GET /api/workflow/{id}/progress, in either shape. */
    public void progress(JsonGenerator g, WorkflowService.RunProgress p, boolean seqera) throws IOException {
        g.writeStartObject();
        g.writeFieldName("progress");
        progress(g, p.run(), p.processes(), seqera);
        g.writeEndObject();
    }

    /** GET /api/workflows: each run with its totals only. */
    public void list(JsonGenerator g, WorkflowService.RunPage page) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("workflows");
        for (WorkflowService.Listed r : page.runs()) {
            g.writeStartObject();
            listed(g, r, Shape.SEED);
            g.writeEndObject();
        }
        g.writeEndArray();
        field(g, "totalSize", page.total());
        field(g, "hasMore", page.hasMore());
        g.writeEndObject();
    }

    /** GET /api/workflow/{id}/tasks, in either shape. */
    public void tasks(JsonGenerator g, WorkflowService.TaskPage page, boolean seqera) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("tasks");
        for (Task t : page.tasks()) {
            task(g, t, seqera);
        }
        g.writeEndArray();
        field(g, "total", page.total());
        g.writeEndObject();
    }

    /** GET /api/workflow/{id}/task/{taskId} (and each item of a page): {@code {"task": {...}}}. */
    public void task(JsonGenerator g, Task t, boolean seqera) throws IOException {
        g.writeStartObject();
        g.writeFieldName("task");
        taskObject(g, t, seqera);
        g.writeEndObject();
    }

    /**
     * GET /api/workflow/{id}/metrics (the same in both shapes): stored rows, else those just
     * computed (ids 1, 2, ...). A stored row's JSON is made once and kept: parsing its series
     * again on every request was 38 % of the endpoint's CPU.
     */
    public void metrics(JsonGenerator g, String workflowId, WorkflowService.RunMetrics r) throws IOException {
        g.writeStartObject();
        g.writeArrayFieldStart("metrics");
        for (Metrics m : r.stored()) {
            g.writeRawValue(rendered(workflowId, m));
        }
        long n = 0;
        for (ResourceMetrics.ProcessMetrics pm : r.computed()) {
            g.writeStartObject();
            field(g, "id", ++n);
            field(g, "process", pm.process());
            for (String name : ResourceMetrics.SERIES) {
                g.writeFieldName(name);
                g.writeTree(withWarnings(pm.series().get(name)));
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /** Forgets the kept JSON of a run's stored metrics (the run is being deleted). */
    void forgetMetrics(String workflowId) {
        synchronized (renderedMetrics) {
            renderedMetrics.values().removeIf(r -> r.workflowId().equals(workflowId));
        }
    }

    private SerializedString rendered(String workflowId, Metrics m) throws IOException {
        RenderedMetrics kept;
        synchronized (renderedMetrics) {
            kept = renderedMetrics.get(m.id());
        }
        if (kept != null) {
            return kept.json();
        }
        ByteArrayBuilder out = new ByteArrayBuilder(2048);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            field(g, "id", m.id());
            field(g, "process", m.process());
            String[] texts = {m.cpu(), m.mem(), m.vmem(), m.time(), m.reads(), m.writes(), m.cpuUsage(),
                    m.memUsage(), m.timeUsage()};
            for (int i = 0; i < texts.length; i++) {
                g.writeFieldName(ResourceMetrics.SERIES.get(i));
                g.writeTree(texts[i] == null ? NullNode.getInstance() : withWarnings(parse(texts[i])));
            }
            g.writeEndObject();
        }
        SerializedString text = new SerializedString(new String(out.toByteArray(), StandardCharsets.UTF_8));
        synchronized (renderedMetrics) {
            renderedMetrics.put(m.id(), new RenderedMetrics(workflowId, text));
        }
        return text;
    }

    /**
     * The run: the seed's keys; in the Seqera shape, then what the seed's object has no key for,
     * as Nextflow sent it (also in manifest and stats), without {@link SeqeraViews#DESCRIBE_ONLY}
     * in a list and with only {@link SeqeraViews#MINIMAL_KEYS} for {@code attributes=minimal}.
     */
    void workflow(JsonGenerator g, Workflow w, Shape shape, boolean listed) throws IOException {
        boolean seqera = shape.seqera();
        Fields f = new Fields(g, seqera && shape.has(Shape.Attribute.MINIMAL) ? SeqeraViews.MINIMAL_KEYS : null,
                seqera && listed ? SeqeraViews.DESCRIBE_ONLY : Set.of());
        g.writeStartObject();
        f.put("id", w.id());
        f.put("submit", w.submit());
        f.put("start", w.start());
        f.put("complete", w.complete());
        f.put("dateCreated", w.dateCreated());
        f.put("lastUpdated", w.lastUpdated());
        f.put("runName", w.runName());
        f.put("sessionId", w.sessionId());
        f.put("profile", w.profile());
        f.put("workDir", w.workDir());
        f.put("commitId", w.commitId());
        f.put("userName", w.userName());
        f.put("scriptId", w.scriptId());
        f.put("revision", w.revision());
        f.put("commandLine", w.commandLine());
        f.put("projectName", w.projectName());
        f.put("scriptName", w.scriptName());
        f.put("launchId", w.launchId());
        f.put("status", w.status());
        if (w.configFiles() == null) {
            f.put("configFiles", List.of());
        } else {
            f.put("configFiles", w.configFiles(), Stored.AS_IS);
        }
        f.put("params", w.params(), Stored.AS_IS);
        f.put("configText", w.configText());
        f.put("manifest", w.manifest(), seqera ? Stored.MANIFEST_SEQERA : Stored.MANIFEST);
        f.put("nextflow", w.nextflow(), Stored.NEXTFLOW);
        f.put("stats", w.stats(), seqera ? Stored.STATS_SEQERA : Stored.STATS);
        f.put("errorMessage", w.errorMessage());
        f.put("errorReport", w.errorReport());
        f.put("deleted", w.deleted());
        f.put("peakLoadCpus", w.peakLoadCpus());
        f.put("peakLoadTasks", w.peakLoadTasks());
        f.put("peakLoadMemory", w.peakLoadMemory());
        f.put("projectDir", w.projectDir());
        f.put("homeDir", w.homeDir());
        f.put("container", w.container());
        f.put("repository", w.repository());
        f.put("containerEngine", w.containerEngine());
        f.put("scriptFile", w.scriptFile());
        f.put("launchDir", w.launchDir());
        f.put("duration", w.duration());
        f.put("exitStatus", w.exitStatus());
        f.put("resume", w.resume());
        f.put("success", w.success());
        f.put("ownerId", w.ownerId());
        if (seqera) {
            f.put("outputDir", w.outputDir());
            f.put("logFile", w.logFile());
            f.put("outFile", w.outFile());
            f.put("operationId", w.operationId());
            f.put("fusion", w.fusion(), Stored.AS_IS);
            f.put("wave", w.wave(), Stored.AS_IS);
            f.put("preview", w.preview());
            f.put("stubRun", w.stubRun());
            f.put("failOnIgnore", w.failOnIgnore());
        }
        g.writeEndObject();
    }

    /** How a run's (or task's) stored JSON text is shown: {@link StoredJson} keeps each text's answer. */
    private enum Stored implements UnaryOperator<JsonNode> {
        AS_IS(n -> n),
        MANIFEST(n -> project(n, MANIFEST_KEYS)),
        MANIFEST_SEQERA(n -> project(n, SeqeraViews.MANIFEST_KEYS)),
        NEXTFLOW(WorkflowViews::nextflow),
        STATS(n -> stats(n, false)),
        STATS_SEQERA(n -> stats(n, true));

        private final UnaryOperator<JsonNode> view;

        Stored(UnaryOperator<JsonNode> view) {
            this.view = view;
        }

        @Override
        public JsonNode apply(JsonNode n) {
            return view.apply(n);
        }
    }

    /** The keys of one object that a shape keeps: all but {@code without}, and only {@code only} if set. */
    private final class Fields {
        private final JsonGenerator g;
        private final Set<String> only;
        private final Set<String> without;

        Fields(JsonGenerator g, Set<String> only, Set<String> without) {
            this.g = g;
            this.only = only;
            this.without = without;
        }

        boolean keeps(String key) {
            return (only == null || only.contains(key)) && !without.contains(key);
        }

        void put(String key, Object v) throws IOException {
            if (keeps(key)) {
                field(g, key, v);
            }
        }

        /** Stored JSON text (null: null), as {@code view} shows it. */
        void put(String key, String text, Stored view) throws IOException {
            if (keeps(key)) {
                g.writeFieldName(key);
                storedValue(g, text, view);
            }
        }
    }

    /** The seed's progress object (the run's totals and counters, then each process's), or ProgressData. */
    void progress(JsonGenerator g, Progress run, List<Progress> processes, boolean seqera) throws IOException {
        progressData(g, run, processes, seqera, run == null ? processes.size() : run.processCount());
    }

    /** {@code totalProcesses} is written in the Seqera shape only. */
    void progressData(JsonGenerator g, Progress run, List<Progress> processes, boolean seqera, long totalProcesses)
            throws IOException {
        g.writeStartObject();
        g.writeFieldName("workflowProgress");
        if (run == null) {
            g.writeNull();
        } else {
            progressEntry(g, run, true, seqera);
        }
        g.writeArrayFieldStart("processesProgress");
        for (Progress p : processes) {
            progressEntry(g, p, false, seqera);
        }
        g.writeEndArray();
        if (seqera) {
            field(g, "totalProcesses", totalProcesses);
        }
        g.writeEndObject();
    }

    /**
     * A run's or a process's entry: the seed's keys, then (Seqera shape: WorkflowLoad,
     * ProcessLoad) the counters the seed has no key for, which the spec requires.
     */
    private static void progressEntry(JsonGenerator g, Progress p, boolean run, boolean seqera) throws IOException {
        g.writeStartObject();
        if (!run) {
            field(g, "process", p.process());
        }
        g.writeNumberField("cpus", p.cpus());
        g.writeNumberField("cpuTime", p.cpuTime());
        g.writeNumberField("cpuLoad", p.cpuLoad());
        g.writeNumberField("memoryRss", p.memoryRss());
        g.writeNumberField("memoryReq", p.memoryReq());
        g.writeNumberField("readBytes", p.readBytes());
        g.writeNumberField("writeBytes", p.writeBytes());
        g.writeNumberField("volCtxSwitch", p.volCtxSwitch());
        g.writeNumberField("invCtxSwitch", p.invCtxSwitch());
        if (run) {
            g.writeNumberField("cost", p.cost());
        }
        g.writeNumberField("loadTasks", p.loadTasks());
        g.writeNumberField("loadCpus", p.loadCpus());
        g.writeNumberField("loadMemory", p.loadMemory());
        g.writeNumberField("peakCpus", p.peakCpus());
        g.writeNumberField("peakTasks", p.peakRunning());
        g.writeNumberField("peakMemory", p.peakMemory());
        if (run) {
            g.writeArrayFieldStart("executors");
            if (p.executors() != null && !p.executors().isBlank()) {
                for (String e : p.executors().split(",")) {
                    g.writeString(e);
                }
            }
            g.writeEndArray();
        }
        field(g, "dateCreated", p.dateCreated());
        field(g, "lastUpdated", p.lastUpdated());
        g.writeNumberField("cached", p.cached());
        g.writeNumberField("pending", p.pending());
        g.writeNumberField("submitted", p.submitted());
        g.writeNumberField("running", p.running());
        g.writeNumberField("succeeded", p.succeeded());
        g.writeNumberField("failed", p.failed());
        g.writeNumberField("memoryEfficiency",
                p.memoryReq() == 0 ? 0.0 : round((double) p.memoryRss() / p.memoryReq() * 100));
        g.writeNumberField("cpuEfficiency", p.cpuTime() == 0 ? 0.0 : round((double) p.cpuLoad() / p.cpuTime() * 100));
        if (seqera) {
            g.writeNumberField("aborted", p.aborted());
            g.writeNumberField("ignored", p.ignored());
            g.writeNumberField("retries", p.retries());
        }
        g.writeEndObject();
    }

    /**
     * The task: the fields of {@link TaskField#API} in that order, then the seed's {@code exit}
     * as text; in the Seqera shape (the spec's Task: every stored field) cpuModel, then exit as
     * the number it is.
     */
    private void taskObject(JsonGenerator g, Task t, boolean seqera) throws IOException {
        g.writeStartObject();
        for (TaskField f : TaskField.API) {
            g.writeFieldName(TASK_KEYS[f.ordinal()]);
            if (f == TaskField.MODULE) {
                module(g, t.module());
            } else {
                value(g, f.get(t));
            }
        }
        if (seqera) {
            g.writeFieldName(TASK_KEYS[TaskField.CPU_MODEL.ordinal()]);
            value(g, t.cpuModel());
        }
        g.writeFieldName(EXIT_KEY);
        if (t.exitStatus() == null) {
            g.writeNull();
        } else if (seqera) {
            g.writeNumber(t.exitStatus());
        } else {
            g.writeString(String.valueOf(t.exitStatus()));
        }
        g.writeEndObject();
    }

    /** The module as stored JSON text; most tasks have none, or an empty list. */
    private void module(JsonGenerator g, String text) throws IOException {
        if (text == null || text.equals("[]")) {
            g.writeStartArray();
            g.writeEndArray();
        } else {
            storedValue(g, text, Stored.AS_IS);
        }
    }

    private void storedValue(JsonGenerator g, String text, Stored view) throws IOException {
        if (text == null) {
            g.writeNull();
        } else {
            g.writeRawValue(stored.render(view, text, view));
        }
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

    /**
     * Nextflow 25 names the failed share effectiveFailedPct; the seed calls it failedPct. The
     * Seqera shape adds the task counts Nextflow sends beside them ({@link SeqeraViews#STATS_COUNTS}).
     */
    static JsonNode stats(JsonNode source, boolean seqera) {
        JsonNode out = project(source, STATS_KEYS);
        if (out instanceof ObjectNode o) {
            if (o.get("failedPct").isNull() && source.hasNonNull("effectiveFailedPct")) {
                o.set("failedPct", source.get("effectiveFailedPct"));
            }
            if (seqera) {
                for (String k : SeqeraViews.STATS_COUNTS) {
                    o.set(k, source.path(k).isMissingNode() ? NullNode.getInstance() : source.get(k));
                }
            }
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
        return stored.parse(text);
    }

    private static double round(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }
}
