package io.pharos.labels;

import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.workflow.WorkflowService;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Stars: each user's own marks on runs they may see. */
public final class StarService {
    private final LabelStore store;
    private final WorkflowService workflows;
    private final Clock clock;

    public StarService(Jdbi jdbi, WorkflowService workflows, Clock clock) {
        this.store = jdbi.onDemand(LabelStore.class);
        this.workflows = workflows;
        this.clock = clock;
    }

    /** Whether the caller starred the run: 404 when not. */
    public void checkStarred(Principal caller, String workflowId) {
        workflows.checkAccess(caller, workflowId);
        if (!store.starred(caller.userId(), workflowId)) {
            throw ApiException.notFound("Workflow " + workflowId + " is not starred");
        }
    }

    /** Stars a run the caller may see; 409 if it already is. */
    public void star(Principal caller, String workflowId) {
        workflows.checkAccess(caller, workflowId);
        if (store.star(caller.userId(), workflowId, clock.instant()) == 0) {
            throw ApiException.conflict("Workflow " + workflowId + " is already starred");
        }
    }

    /** Unstars a run; 404 if it was not starred. */
    public void unstar(Principal caller, String workflowId) {
        workflows.checkAccess(caller, workflowId);
        if (store.unstar(caller.userId(), workflowId) == 0) {
            throw ApiException.notFound("Workflow " + workflowId + " is not starred");
        }
    }

    /** Which of these runs the caller starred. */
    public Set<String> starredAmong(Principal caller, Collection<String> workflowIds) {
        return workflowIds.isEmpty() ? Set.of() : new HashSet<>(store.starredAmong(caller.userId(), workflowIds));
    }
}
