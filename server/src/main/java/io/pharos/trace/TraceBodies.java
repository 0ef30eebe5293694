package io.pharos.trace;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.error.ApiException;
import io.pharos.workflow.ResourceMetrics;
import io.pharos.workflow.WorkflowField;
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
