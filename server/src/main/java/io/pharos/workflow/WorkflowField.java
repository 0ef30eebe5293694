package io.pharos.workflow;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * Every column of the workflows table, once, in its order (V1__schema.sql, then V5), with the size of
 * each VARCHAR. The name gives the column ({@code RUN_NAME}: {@code run_name}) and the
 * {@link Workflow} record's component ({@code runName}). Ingestion clips what Nextflow sends
 * to these sizes (trace/RunFields, TraceService.create); FieldListContractTest holds the list
 * against the record, the database's columns and the keys of GET /api/workflow/{id}.
 */
public enum WorkflowField {
    ID(16),
    OWNER_ID,
    STATUS(16),
    WORKSPACE_ID(40),
    LAUNCH_ID(22),
    SUBMIT,
    START,
    COMPLETE,
    DATE_CREATED,
    LAST_UPDATED,
    LAST_CONTACT,
    RUN_NAME(80),
    SESSION_ID(36),
    PROFILE(255),
    WORK_DIR(1024),
    COMMIT_ID(64),
    USER_NAME(255),
    SCRIPT_ID(64),
    REVISION(255),
    COMMAND_LINE,
    PROJECT_NAME(255),
    SCRIPT_NAME(255),
    CONFIG_FILES,
    PARAMS,
    CONFIG_TEXT,
    MANIFEST,
    NEXTFLOW,
    STATS,
    ERROR_MESSAGE,
    ERROR_REPORT,
    DELETED,
    PEAK_LOAD_CPUS,
    PEAK_LOAD_TASKS,
    PEAK_LOAD_MEMORY,
    PROJECT_DIR(1024),
    HOME_DIR(1024),
    CONTAINER(1024),
    REPOSITORY(1024),
    CONTAINER_ENGINE(64),
    SCRIPT_FILE(1024),
    LAUNCH_DIR(1024),
    DURATION,
    EXIT_STATUS,
    RESUME,
    SUCCESS,
    PROCESS_NAMES,
    /** Whether Nextflow has called create; not part of the Workflow record. */
    TRACED,
    // V5: the rest of what Nextflow sends; shown in the Seqera shape only (see SEQERA_ONLY)
    OUTPUT_DIR(1024),
    LOG_FILE(1024),
    OUT_FILE(1024),
    OPERATION_ID(110),
    FUSION,
    WAVE,
    PREVIEW,
    STUB_RUN,
    FAIL_ON_IGNORE;

    /**
     * Fields the seed's workflow object lacks: its answer keeps exactly the seed's keys, so these
     * are shown only in the Seqera Platform's shape (WorkflowViews, docs/api.md "Two shapes").
     */
    public static final Set<WorkflowField> SEQERA_ONLY = Collections.unmodifiableSet(
            EnumSet.of(OUTPUT_DIR, LOG_FILE, OUT_FILE, OPERATION_ID, FUSION, WAVE, PREVIEW, STUB_RUN,
                    FAIL_ON_IGNORE));

    private final int size;
    private final String column;
    private final String key;

    WorkflowField() {
        this(0);
    }

    WorkflowField(int size) {
        this.size = size;
        this.column = name().toLowerCase(Locale.ROOT);
        this.key = TaskField.camel(column);
    }

    public String column() {
        return column;
    }

    /** The Workflow record's component (and trace/RunFields' of the same name). */
    public String key() {
        return key;
    }

    /** The column's VARCHAR size; 0 for unbounded text and for columns that are not strings. */
    public int size() {
        return size;
    }

    /** A string cut to the column's size (clients such as Nextflow already truncate far below these). */
    public String clip(String s) {
        return size == 0 || s == null || s.length() <= size ? s : s.substring(0, size);
    }

    /** The field whose record component is {@code key}, or null. */
    public static WorkflowField byKey(String key) {
        for (WorkflowField f : values()) {
            if (f.key.equals(key)) {
                return f;
            }
        }
        return null;
    }
}
