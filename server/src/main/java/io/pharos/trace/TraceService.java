package io.pharos.trace;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.Ids;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.trace.RunStore.RunLock;
import io.pharos.workflow.Task;
import io.pharos.workflow.WorkflowStatus;
import java.time.Clock;
import java.util.List;

/**
 * The Tower trace protocol: create, begin, progress, heartbeat, complete. Decides who may report
 * to which run and turns each body into records ({@link TraceBodies}); {@link RunLifecycle}
 * stores the change in one transaction that locks the run's row, before the answer.
 */
public final class TraceService {
    private final RunLifecycle runs;
    private final TraceBodies bodies;
    private final Clock clock;

    public TraceService(RunLifecycle runs, ObjectMapper json, Clock clock) {
        this.runs = runs;
        this.bodies = new TraceBodies(json);
        this.clock = clock;
    }

    /** Creates a run (or claims the one a launch made) and returns its id. */
    public String create(Principal caller, TracePayloads.Create body, String workspaceId) {
        String requested = blankToNull(body.workflowId());
        String scoped = caller.token().workflowId();
        if (scoped != null && !scoped.equals(requested)) {
            throw ApiException.forbidden("This access token may only report run " + scoped);
        }
        if (requested != null) {
            runs.announce(requested, TraceBodies.reportedRun(requested, caller.userId(), body, workspaceId), run -> {
                requireOwned(run, caller);
                if (WorkflowStatus.fixed(run.status(), run.complete() != null)) {
                    throw ApiException.conflict("Run " + requested + " has already ended");
                }
            });
            return requested;
        }
        String id = Ids.workflowId();
        runs.create(TraceBodies.reportedRun(id, caller.userId(), body, workspaceId), h -> { });
        return id;
    }

    public void begin(Principal caller, String id, TracePayloads.Begin body) {
        List<String> processNames = body.processNames() == null ? List.of() : body.processNames();
        runs.begin(id, processNames, run -> requireLive(run, caller),
                () -> bodies.fields(TraceBodies.requireWorkflow(body.workflow()), processNames));
    }

    public void progress(Principal caller, String id, TracePayloads.Progress body) {
        List<Task> tasks = body.tasks() == null ? List.of() : body.tasks().rows(id, clock.instant());
        runs.progress(id, tasks, body.progress(), body.instant(), run -> requireLive(run, caller));
    }

    public void heartbeat(Principal caller, String id, TracePayloads.Heartbeat body) {
        runs.progress(id, List.of(), body.progress(), body.instant(), run -> requireLive(run, caller));
    }

    public void complete(Principal caller, String id, TracePayloads.Complete body) {
        runs.complete(id, body.progress(), body.instant(), run -> {
            requireOwned(run, caller);
            requireTraced(run);
        }, () -> bodies.ending(body));
    }

    private static void requireOwned(RunLock run, Principal caller) {
        String scoped = caller.token().workflowId();
        if (!caller.mayAccess(run.ownerId()) || scoped != null && !scoped.equals(run.id())) {
            throw ApiException.forbidden("Workflow " + run.id() + " belongs to another user");
        }
    }

    /** A run that may still receive updates: created through the protocol and not completed. */
    private static void requireLive(RunLock run, Principal caller) {
        requireOwned(run, caller);
        requireTraced(run);
        if (WorkflowStatus.fixed(run.status(), run.complete() != null)) {
            throw ApiException.conflict("Workflow " + run.id() + " has already completed with status " + run.status());
        }
    }

    private static void requireTraced(RunLock run) {
        if (!run.traced()) {
            throw ApiException.conflict("Workflow " + run.id() + " has not been created yet: call /trace/create first");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
