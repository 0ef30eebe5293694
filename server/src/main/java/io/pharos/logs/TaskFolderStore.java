package io.pharos.logs;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What the task-file policy reads: a run's owner, its launch's compute environment, folder claims. */
public interface TaskFolderStore {
    @SqlQuery("SELECT owner_id FROM workflows WHERE id = :workflowId")
    Optional<Long> owner(String workflowId);

    /** The config (JSON) of the compute environment a launched run ran on, deleted or not. */
    @SqlQuery("""
            SELECT c.config FROM launches l JOIN compute_envs c ON c.id = l.compute_env_id
            WHERE l.workflow_id = :workflowId
            """)
    Optional<String> launchEnvConfig(String workflowId);

    @SqlQuery("SELECT owner_id FROM task_folders WHERE folder_key IN (<keys>)")
    List<Long> claimants(@BindList("keys") Collection<String> keys);
}
