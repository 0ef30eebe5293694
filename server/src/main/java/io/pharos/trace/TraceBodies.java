package io.pharos.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.error.ApiException;
import io.pharos.trace.TracePayloads.TaskInfo;
import io.pharos.workflow.ResourceMetrics;
import io.pharos.workflow.Task;
import io.pharos.workflow.TaskField;
import io.pharos.workflow.TaskStatus;
import io.pharos.workflow.WorkflowField;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
        return new RunLifecycle.NewRun(id, ownerId, null, WorkflowField.WORKSPACE_ID.clip(workspaceId),
                WorkflowField.RUN_NAME.clip(body.runName()), WorkflowField.SESSION_ID.clip(body.sessionId()),
                WorkflowField.PROJECT_NAME.clip(body.projectName()), WorkflowField.REPOSITORY.clip(body.repository()),
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

    /** Module lists as JSON text, by value: a run has a few, and writing one out cost more than a cache look-up. */
    private static final Map<JsonNode, String> MODULES = new ConcurrentHashMap<>();

    private static String moduleText(JsonNode module) {
        String text = MODULES.get(module);
        if (text == null) {
            text = module.toString();
            if (MODULES.size() >= 1024) {
                MODULES.clear();
            }
            MODULES.put(module.deepCopy(), text);
        }
        return text;
    }

    private static Task toTask(String workflowId, TaskInfo t, TaskStatus status, Instant now) {
        // Nextflow reports exit 2147483647 (Integer.MAX_VALUE) until the task has ended.
        Integer exit = t.exit() == null || t.exit() == Integer.MAX_VALUE ? null : t.exit();
        return Task.builder().copy(t) // the fields Nextflow names as we do, cut to their columns
                .set(TaskField.WORKFLOW_ID, workflowId).set(TaskField.STATUS, status.name())
                .set(TaskField.STATUS_RANK, status.rank())
                .set(TaskField.MODULE, t.module() == null || t.module().isNull() ? null : moduleText(t.module()))
                .set(TaskField.EXIT_STATUS, exit).set(TaskField.DATE_CREATED, now).set(TaskField.LAST_UPDATED, now)
                .build();
    }

    RunFields fields(TracePayloads.WorkflowInfo w, List<String> processNames) {
        return RunFields.of(w, processNames == null ? null : writeJson(processNames));
    }

    private String writeJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
