package io.pharos.workflow;

/** The states of a run as the seed names them. */
public enum WorkflowStatus {
    SUBMITTED, RUNNING, SUCCEEDED, FAILED, CANCELLED, UNKNOWN;

    public boolean ended() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
