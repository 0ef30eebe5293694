package io.pharos.launch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindMethods;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface LaunchStore {
    @SqlUpdate("""
            INSERT INTO launches (id, owner_id, workflow_id, compute_env_id, pipeline, work_dir, revision, session_id,
                config_profiles, config_text, params_text, pre_run_script, post_run_script, main_script, entry_name,
                resume, pull_latest, resume_dir, resume_commit_id, date_created, environment, state)
            VALUES (:l.id, :l.ownerId, :l.workflowId, :l.computeEnvId, :l.pipeline, :l.workDir, :l.revision,
                :l.sessionId, :l.configProfiles, :l.configText, :l.paramsText, :l.preRunScript, :l.postRunScript,
                :l.mainScript, :l.entryName, :l.resume, :l.pullLatest, :l.resumeDir, :l.resumeCommitId,
                :l.dateCreated, :l.environment, :l.state)
            """)
    void insert(@BindMethods("l") Launch l);

    /** The run a launch reports to exists from the start, so the API can show it while it waits. */
    @SqlUpdate("""
            INSERT INTO workflows (id, owner_id, status, launch_id, submit, date_created, last_updated, last_contact,
                                   project_name, work_dir, revision, traced)
            VALUES (:id, :ownerId, 'SUBMITTED', :launchId, :now, :now, :now, :now, :projectName, :workDir, :revision,
                    FALSE)
            """)
    void insertWorkflow(String id, long ownerId, String launchId, String projectName, String workDir,
                        String revision, Instant now);

    @SqlUpdate("INSERT INTO workflow_progress (workflow_id, date_created, last_updated) VALUES (:id, :now, :now)")
    void insertWorkflowProgress(String id, Instant now);

    @SqlQuery("SELECT status FROM workflows WHERE id = :id")
    Optional<String> workflowStatus(String id);

    @SqlQuery("SELECT complete IS NOT NULL FROM workflows WHERE id = :id")
    Optional<Boolean> workflowCompleted(String id);

    @SqlUpdate("""
            UPDATE workflows SET status = 'CANCELLED', last_updated = :now
            WHERE id = :id AND status NOT IN ('SUCCEEDED', 'FAILED', 'CANCELLED')
            """)
    int markWorkflowCancelled(String id, Instant now);

    /** Ends a run whose head job is gone without Nextflow reporting the end. */
    @SqlUpdate("""
            UPDATE workflows SET status = CASE WHEN status = 'CANCELLED' THEN 'CANCELLED' ELSE :status END,
                   complete = :now, success = (:status = 'SUCCEEDED'), exit_status = COALESCE(exit_status, :exitStatus),
                   error_message = CASE WHEN status = 'CANCELLED' THEN error_message
                                        ELSE COALESCE(error_message, :message) END,
                   last_updated = :now
            WHERE id = :id AND complete IS NULL
            """)
    int endWorkflow(String id, String status, Integer exitStatus, String message, Instant now);

    /** Also a deleted environment: old launch records still name it. */
    @SqlQuery("SELECT * FROM compute_envs WHERE id = :id")
    Optional<ComputeEnv> computeEnv(String id);

    @SqlQuery("SELECT * FROM launches WHERE id = :id")
    Optional<Launch> find(String id);

    @SqlQuery("SELECT * FROM launches WHERE workflow_id = :workflowId")
    Optional<Launch> forWorkflow(String workflowId);

    @SqlQuery("SELECT * FROM launches WHERE state = :state ORDER BY date_created, id")
    List<Launch> inState(String state);

    /** The launch whose run had this Nextflow session, for a resume. */
    @SqlQuery("""
            SELECT l.* FROM launches l JOIN workflows w ON w.id = l.workflow_id
            WHERE w.session_id = :sessionId AND l.run_dir IS NOT NULL ORDER BY l.date_created DESC
            """)
    List<Launch> withSession(String sessionId);

    @SqlUpdate("""
            UPDATE launches SET state = 'RUNNING', run_dir = :runDir, token_id = :tokenId, pid = :pid,
                   pid_started = :pidStarted, started = :now
            WHERE id = :id AND state = 'QUEUED'
            """)
    int markRunning(String id, String runDir, long tokenId, long pid, Instant pidStarted, Instant now);

    @SqlUpdate("""
            UPDATE launches SET state = 'ENDED', exit_code = :exitCode, ended = :now, message = :message
            WHERE id = :id AND state <> 'ENDED'
            """)
    int markEnded(String id, Integer exitCode, String message, Instant now);
}
