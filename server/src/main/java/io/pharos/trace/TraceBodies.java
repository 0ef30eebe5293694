package io.pharos.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.error.ApiException;
import io.pharos.trace.TracePayloads.TaskInfo;
import io.pharos.workflow.ResourceMetrics;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the trace protocol's bodies into the records that are stored: values cut to their
 * column's size, JSON-valued fields as text. A body that cannot be stored is a 400 naming the field.
 */
final class TraceBodies {
    private final ObjectMapper json;

    TraceBodies(ObjectMapper json) {
        this.json = json;
    }

    /** A create call's run; {@code launchId} null and traced, as Nextflow reports it. */
    static RunLifecycle.NewRun reportedRun(String id, long ownerId, TracePayloads.Create body, String workspaceId) {
        return new RunLifecycle.NewRun(id, ownerId, null, Text.clip(workspaceId, 40), Text.clip(body.runName(), 80),
                Text.clip(body.sessionId(), 36), Text.clip(body.projectName(), 255), Text.clip(body.repository(), 1024),
                null, null, true);
    }

    /** What a complete call stores: the run's fields and the metrics it sent (maybe none). */
    record Ending(RunFields fields, List<MetricsRow> metrics) {
    }

    Ending ending(TracePayloads.Complete body) {
        return new Ending(fields(requireWorkflow(body.workflow()), null), metricsRows(body.metrics()));
    }

    static TracePayloads.WorkflowInfo requireWorkflow(TracePayloads.WorkflowInfo w) {
        if (w == null) {
            throw ApiException.badRequest("Field 'workflow' is required");
        }
        return w;
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
            String process = Text.clip(m.get("process").asText(), 255);
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
    static List<Task> toTasks(String workflowId, List<TaskInfo> infos, Instant now) {
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
        return new Task(null, workflowId, t.taskId(), status.name(), status.rank(), Text.clip(t.hash(), 64),
                Text.clip(t.name(), 1024), Text.clip(t.process(), 255), Text.clip(t.tag(), 1024),
                t.module() == null || t.module().isNull() ? null : t.module().toString(), t.container(), t.attempt(),
                t.script(), t.scratch(), t.workdir(), Text.clip(t.queue(), 255), t.cpus(), t.memory(), t.disk(),
                t.time(), t.env(), Text.clip(t.errorAction(), 32), exit, t.submit(), t.start(), t.complete(),
                t.duration(), t.realtime(), Text.clip(t.nativeId(), 255), t.pcpu(), t.pmem(), t.rss(), t.vmem(),
                t.peakRss(), t.peakVmem(), t.rchar(), t.wchar(), t.syscr(), t.syscw(), t.readBytes(),
                t.writeBytes(), t.volCtxt(), t.invCtxt(), Text.clip(t.executor(), 64), Text.clip(t.cloudZone(), 64),
                Text.clip(t.machineType(), 64), Text.clip(t.priceModel(), 32), t.cost(), Text.clip(t.cpuModel(), 255),
                now, now);
    }

    RunFields fields(TracePayloads.WorkflowInfo w, List<String> processNames) {
        return new RunFields(Text.clip(w.runName(), 80), Text.clip(w.sessionId(), 36), w.start(), w.complete(),
                Text.clip(w.projectDir(), 1024), Text.clip(w.projectName(), 255), Text.clip(w.profile(), 255),
                Text.clip(w.homeDir(), 1024), Text.clip(w.workDir(), 1024), Text.clip(w.launchDir(), 1024),
                Text.clip(w.container(), 1024), Text.clip(w.containerEngine(), 64), Text.clip(w.commitId(), 64),
                Text.clip(w.repository(), 1024), Text.clip(w.revision(), 255), Text.clip(w.scriptId(), 64),
                Text.clip(w.scriptFile(), 1024), Text.clip(w.scriptName(), 255), Text.clip(w.userName(), 255),
                w.commandLine(), jsonText(w.configFiles()), w.configText(), jsonText(w.params()),
                jsonText(w.manifest()), jsonText(w.nextflow()), w.resume(), w.success(), w.exitStatus(),
                w.errorMessage(), w.errorReport(), w.duration(), jsonText(w.stats()),
                processNames == null ? null : writeJson(processNames));
    }

    static RunFields withComplete(RunFields f, Instant complete) {
        return new RunFields(f.runName(), f.sessionId(), f.start(), complete, f.projectDir(), f.projectName(),
                f.profile(), f.homeDir(), f.workDir(), f.launchDir(), f.container(), f.containerEngine(), f.commitId(),
                f.repository(), f.revision(), f.scriptId(), f.scriptFile(), f.scriptName(), f.userName(),
                f.commandLine(), f.configFiles(), f.configText(), f.params(), f.manifest(), f.nextflow(), f.resume(),
                f.success(), f.exitStatus(), f.errorMessage(), f.errorReport(), f.duration(), f.stats(),
                f.processNames());
    }

    private static String jsonText(JsonNode node) {
        return node == null || node.isNull() ? null : node.toString();
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
