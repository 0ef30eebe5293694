package io.pharos.launch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The head_jobs table: a launch's job on a batch scheduler (its id, folder, console copied so far). */
public interface HeadJobStore {
    record HeadJob(String launchId, String workflowId, String computeEnvId, String jobId, String jobDir,
                   long consoleOffset, String jobState, Instant dateCreated, Instant lastUpdated) {
    }

    @SqlUpdate("""
            INSERT INTO head_jobs (launch_id, workflow_id, compute_env_id, job_id, job_dir, console_offset, job_state,
                                   date_created, last_updated)
            VALUES (:launchId, :workflowId, :computeEnvId, :jobId, :jobDir, 0, 'PENDING', :now, :now)
            """)
    void insert(String launchId, String workflowId, String computeEnvId, String jobId, String jobDir, Instant now);

    @SqlQuery("SELECT * FROM head_jobs WHERE launch_id = :launchId")
    Optional<HeadJob> find(String launchId);

    @SqlQuery("SELECT * FROM head_jobs WHERE workflow_id = :workflowId")
    Optional<HeadJob> forWorkflow(String workflowId);

    @SqlQuery("""
            SELECT h.* FROM head_jobs h JOIN launches l ON l.id = h.launch_id
            WHERE l.state = 'RUNNING' AND h.compute_env_id = :envId ORDER BY h.date_created
            """)
    List<HeadJob> running(String envId);

    @SqlUpdate("UPDATE head_jobs SET console_offset = :offset, last_updated = :now WHERE launch_id = :launchId")
    void consoleCopied(String launchId, long offset, Instant now);

    @SqlUpdate("UPDATE head_jobs SET job_state = :state, last_updated = :now WHERE launch_id = :launchId")
    void state(String launchId, String state, Instant now);
}
