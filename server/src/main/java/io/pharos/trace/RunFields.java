package io.pharos.trace;

import com.fasterxml.jackson.databind.JsonNode;
import io.pharos.db.RecordShape;
import io.pharos.workflow.WorkflowField;
import java.time.Instant;

/**
 * Workflow metadata ready for the workflows table: JSON-valued fields already serialized.
 * Each component is a column of {@link WorkflowField} and takes the value of Nextflow's
 * component of the same name ({@link TracePayloads.WorkflowInfo}).
 */
public record RunFields(
        String runName, String sessionId, Instant start, Instant complete, String projectDir, String projectName,
        String profile, String homeDir, String workDir, String launchDir, String container, String containerEngine,
        String commitId, String repository, String revision, String scriptId, String scriptFile, String scriptName,
        String userName, String commandLine, String configFiles, String configText, String params, String manifest,
        String nextflow, Boolean resume, Boolean success, Integer exitStatus, String errorMessage, String errorReport,
        Long duration, String stats, String processNames, String outputDir, String logFile, String outFile,
        String operationId, String fusion, String wave, Boolean preview, Boolean stubRun, Boolean failOnIgnore) {

    private static final RecordShape<RunFields> SHAPE = RecordShape.of(RunFields.class);
    private static final RecordShape<TracePayloads.WorkflowInfo> SENT = RecordShape.of(TracePayloads.WorkflowInfo.class);
    /** For each component, its column and the position of the sent value of the same name (-1: none). */
    private static final WorkflowField[] COLUMNS = new WorkflowField[SHAPE.size()];
    private static final int[] FROM = new int[SHAPE.size()];

    static {
        for (int i = 0; i < COLUMNS.length; i++) {
            String name = SHAPE.names().get(i);
            COLUMNS[i] = WorkflowField.byKey(name);
            if (COLUMNS[i] == null) {
                throw new IllegalStateException("RunFields." + name + " is not a column of workflows (WorkflowField)");
            }
            FROM[i] = SENT.index(name);
        }
    }

    /**
     * What Nextflow sent, by name: JSON values as JSON text, strings cut to their column's size.
     * {@code processNames} is the run's process names as JSON text, or null to keep the stored ones.
     */
    static RunFields of(TracePayloads.WorkflowInfo sent, String processNames) {
        Object[] values = new Object[COLUMNS.length];
        for (int i = 0; i < values.length; i++) {
            Object v = FROM[i] < 0 ? null : SENT.get(sent, FROM[i]);
            if (v instanceof JsonNode node) {
                v = node.isNull() ? null : node.toString();
            } else if (v instanceof String s) {
                v = COLUMNS[i].clip(s);
            }
            values[i] = v;
        }
        values[SHAPE.index(WorkflowField.PROCESS_NAMES.key())] = processNames;
        return SHAPE.make(values);
    }

    /** The same fields with another completion time. */
    RunFields withComplete(Instant complete) {
        Object[] values = SHAPE.values(this);
        values[SHAPE.index(WorkflowField.COMPLETE.key())] = complete;
        return SHAPE.make(values);
    }
}
