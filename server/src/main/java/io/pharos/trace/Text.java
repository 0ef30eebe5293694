package io.pharos.trace;

/**
 * String helpers for bounded columns. The sizes of the tasks' and workflows' columns are in
 * their field lists (workflow/TaskField, workflow/WorkflowField); these are the other columns
 * ingestion clips to. FieldListContractTest holds them all against the database.
 */
final class Text {
    /** process_progress.process and workflow_metrics.process. */
    static final int PROCESS = 255;
    /** workflow_progress.executors: the run's executors, comma-separated. */
    static final int EXECUTORS = 1024;

    private Text() {
    }

    /** Cuts a string to a column's size; clients such as Nextflow already truncate far below these. */
    static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
