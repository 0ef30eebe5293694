package io.pharos.workflow;

import java.time.Instant;

/**
 * A stored change of a run, published after its transaction commits. Scoped by owner so a
 * listener can hand each user only the events of their own runs.
 */
public record WorkflowEvent(String type, String workflowId, long ownerId, String status, Instant at) {
    public static final String CREATED = "workflow.created";
    public static final String UPDATED = "workflow.updated";
    public static final String TASKS = "workflow.tasks";
    public static final String ENDED = "workflow.ended";
    public static final String DELETED = "workflow.deleted";
}
