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
                resume, pull_latest, resume_dir, resume_commit_id, date_created, environment, state, run_name)
            VALUES (:l.id, :l.ownerId, :l.workflowId, :l.computeEnvId, :l.pipeline, :l.workDir, :l.revision,
                :l.sessionId, :l.configProfiles, :l.configText, :l.paramsText, :l.preRunScript, :l.postRunScript,
                :l.mainScript, :l.entryName, :l.resume, :l.pullLatest, :l.resumeDir, :l.resumeCommitId,
                :l.dateCreated, :l.environment, :l.state, :l.runName)
            """)
    void insert(@BindMethods("l") Launch l);

    /** Whether the run has its end time (a run is changed only by trace/RunLifecycle; this only reads). */
    @SqlQuery("SELECT complete IS NOT NULL FROM workflows WHERE id = :id")
    Optional<Boolean> workflowCompleted(String id);

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

    /** The head job is being started: its folder and token are set, and it is followed from now on. */
    @SqlUpdate("""
            UPDATE launches SET state = 'RUNNING', run_dir = :runDir, token_id = :tokenId, started = :now
            WHERE id = :id AND state = 'QUEUED'
            """)
    int markRunning(String id, String runDir, long tokenId, Instant now);

    /** The native ids (Slurm job ids) of a run's tasks that have not ended, for a forced cancel. */
    @SqlQuery("""
            SELECT native_id FROM tasks WHERE workflow_id = :workflowId AND native_id IS NOT NULL
              AND status IN ('NEW', 'SUBMITTED', 'RUNNING')
            """)
    List<String> activeTaskNativeIds(String workflowId);

    /** A local head job's process, by which a restarted server finds it again. */
    @SqlUpdate("UPDATE launches SET pid = :pid, pid_started = :pidStarted WHERE id = :id")
    int recordPid(String id, long pid, Instant pidStarted);

    @SqlUpdate("""
            UPDATE launches SET state = 'ENDED', exit_code = :exitCode, ended = :now, message = :message
            WHERE id = :id AND state <> 'ENDED'
            """)
    int markEnded(String id, Integer exitCode, String message, Instant now);
}
