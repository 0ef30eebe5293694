package io.pharos.launch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pharos.Ids;
import io.pharos.auth.Principal;
import io.pharos.error.ApiException;
import io.pharos.labels.LabelService;
import io.pharos.trace.RunLifecycle;
import io.pharos.workflow.RunNames;
import io.pharos.workflow.Workflow;
import io.pharos.workflow.WorkflowService;
import io.pharos.workflow.WorkflowStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** Launching, cancelling and describing launched runs. */
public final class LaunchService {
    private final LaunchStore store;
    private final HeadJobStore jobs;
    private final ComputeEnvService envs;
    private final WorkflowService workflows;
    private final LabelService labels;
    private final HeadJobs headJobs;
    private final RunLifecycle runs;
    private final ObjectMapper json;
    private final Clock clock;

    public LaunchService(Jdbi jdbi, ComputeEnvService envs, WorkflowService workflows, LabelService labels,
                         HeadJobs headJobs, RunLifecycle runs, ObjectMapper json, Clock clock) {
        this.store = jdbi.onDemand(LaunchStore.class);
        this.jobs = jdbi.onDemand(HeadJobStore.class);
        this.envs = envs;
        this.workflows = workflows;
        this.labels = labels;
        this.headJobs = headJobs;
        this.runs = runs;
        this.json = json;
        this.clock = clock;
        // A run deleted while its head job runs (or waits) must not keep running with a live token.
        workflows.beforeDelete(w -> store.forWorkflow(w.id()).ifPresent(headJobs::stopForDelete));
    }

    /** Records the run and its launch (QUEUED) and returns the run id at once; the head job starts soon. */
    public String launch(Principal caller, LaunchRequest request) {
        if (!caller.isAdmin() && !caller.user().canLaunch()) {
            throw ApiException.forbidden("Launching runs needs the launch permission; ask an administrator");
        }
        LaunchRequest.Valid v = request.validate();
        LaunchRequest r = v.raw();
        ComputeEnv env = envs.list().stream().filter(e -> e.id().equals(r.computeEnvId())).findFirst()
                .orElseThrow(() -> ApiException.badRequest("Invalid value for 'computeEnvId': no compute environment '"
                        + r.computeEnvId() + "'"));
        headJobs.checkLaunch(env);
        boolean resume = Boolean.TRUE.equals(r.resume());
        String workDir = blankToNull(r.workDir());
        if (resume) {
            Launch earlier = store.withSession(r.sessionId()).stream().findFirst().orElseThrow(() ->
                    ApiException.badRequest("Invalid value for 'sessionId': no run launched here had session "
                            + r.sessionId() + ", so there is nothing to resume"));
            if (!caller.mayAccess(earlier.ownerId())) {
                throw ApiException.forbidden("Session " + r.sessionId() + " belongs to another user's run");
            }
            if (workDir == null) {
                workDir = workflows.visible(caller, earlier.workflowId()).workDir();
            }
        }
        // Labels asked for and the caller's default labels; every run launched here has a name from the start.
        Set<Long> labelIds = labels.forLaunch(caller, r.labelIds());
        String runName = r.runName() == null || r.runName().isBlank() ? RunNames.random() : r.runName();
        Instant now = clock.instant();
        String workflowId = Ids.workflowId();
        Launch l = new Launch(Ids.entityId(), caller.userId(), workflowId, env.id(), r.pipeline(), workDir,
                blankToNull(r.revision()), blankToNull(r.sessionId()), write(v.profiles()), r.configText(),
                r.paramsText(), r.preRunScript(), r.postRunScript(), blankToNull(r.mainScript()),
                blankToNull(r.entryName()), resume, Boolean.TRUE.equals(r.pullLatest()), null, null, now,
                write(envs.config(env).environmentOrEmpty()),
                Launch.QUEUED, null, null, null, null, null, null, null, null, runName);
        runs.create(RunLifecycle.NewRun.launched(workflowId, caller.userId(), l.id(), runName, r.pipeline(),
                l.workDir(), l.revision()), h -> {
                    h.attach(LaunchStore.class).insert(l);
                    LabelService.attach(h, workflowId, labelIds);
                });
        headJobs.nudge();
        return workflowId;
    }

    /** The spec's JobInfoDto of a run's Slurm head job ({id, status, exitCode, message}), or null without one. */
    public java.util.Map<String, Object> jobInfo(String workflowId) {
        return jobs.forWorkflow(workflowId).map(h -> {
            Launch l = store.forWorkflow(workflowId).orElse(null);
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("id", Long.parseLong(h.jobId().split("_")[0]));
            m.put("status", h.jobState());
            if (l != null && l.exitCode() != null) {
                m.put("exitCode", l.exitCode());
            }
            if (l != null && l.message() != null) {
                m.put("message", l.message());
            }
            return LaunchViews.present(m);
        }).orElse(null);
    }

    /** An admin's connection test of an environment (it records an SSH host key the first time). */
    public java.util.Map<String, Object> testConnection(ComputeEnv env) {
        return headJobs.testConnection(env);
    }

    public void cancel(Principal caller, String workflowId, boolean force) {
        Workflow w = workflows.visible(caller, workflowId);
        WorkflowStatus st = WorkflowStatus.valueOf(w.status());
        // A run being cancelled may be cancelled again only with force (to kill it now).
        boolean finished = st == WorkflowStatus.SUCCEEDED || st == WorkflowStatus.FAILED
                || st == WorkflowStatus.CANCELLED && (w.complete() != null || !force);
        if (finished) {
            throw ApiException.badRequest("Invalid cancel request for workflow id: " + workflowId + "; status: " + w.status());
        }
        Optional<Launch> launch = store.forWorkflow(workflowId);
        if (launch.isEmpty() || Launch.ENDED.equals(launch.get().state())) {
            if (!force) {
                throw ApiException.badRequest("Workflow " + workflowId + " was not launched by Pharos (or its head job "
                        + "has ended): stop it where it runs, or mark it cancelled with ?force=true");
            }
            runs.cancel(workflowId, true);
            return;
        }
        headJobs.cancel(launch.get(), force);
    }

    /**
     * A run's launch: its launch row (null for a run reported from the command line), the run,
     * and the compute environment it was launched on (null if gone, or never).
     */
    public record LaunchRecord(Launch launch, Workflow workflow, ComputeEnv computeEnv) {
    }

    /** The launch of a run the caller may see, for a relaunch or a resume; also of a run not launched here. */
    public LaunchRecord describe(Principal caller, String workflowId) {
        Workflow w = workflows.visible(caller, workflowId);
        Launch l = store.forWorkflow(workflowId).orElse(null);
        return new LaunchRecord(l, w, l == null ? null : store.computeEnv(l.computeEnvId()).orElse(null));
    }

    /** The launch of a run the caller may see; the access check reads only the run's owner. */
    public Launch launchOf(Principal caller, String workflowId) {
        workflows.checkAccess(caller, workflowId);
        return launchOf(workflowId);
    }

    private Launch launchOf(String workflowId) {
        return store.forWorkflow(workflowId)
                .orElseThrow(() -> ApiException.notFound("Workflow " + workflowId + " was not launched by Pharos"));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
