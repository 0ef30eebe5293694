package io.pharos.workflow;

/** The states of a run as the seed names them. */
public enum WorkflowStatus {
    SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, UNKNOWN;

    /**
     * Whether a run in this state, with or without its complete time, can no longer change:
     * ingestion refuses every call for it (409), and what is read of it may be kept.
     */
    public static boolean fixed(String status, boolean completed) {
        return completed && valueOf(status).ended();
    }

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
