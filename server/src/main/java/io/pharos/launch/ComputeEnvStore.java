package io.pharos.launch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface ComputeEnvStore {
    @SqlUpdate("""
            INSERT INTO compute_envs (id, owner_id, name, description, platform, config, status, is_primary,
                                      date_created, last_updated, credentials_id)
            VALUES (:id, :ownerId, :name, :description, :platform, :config, 'AVAILABLE', :primary, :now, :now,
                    :credentialsId)
            """)
    void insert(String id, long ownerId, String name, String description, String platform, String config,
                boolean primary, Instant now, String credentialsId);

    /** The host key of an admin's first connection; never replaced by a later one. */
    @SqlUpdate("UPDATE compute_envs SET host_key = :hostKey, last_updated = :now WHERE id = :id AND host_key IS NULL")
    int recordHostKey(String id, String hostKey, Instant now);

    /** AVAILABLE, or ERRORED with why (the cluster cannot be reached); only when it changes. */
    @SqlUpdate("""
            UPDATE compute_envs SET status = :status, message = :message, last_updated = :now
            WHERE id = :id AND deleted IS NULL
              AND (status <> :status OR COALESCE(message, '') <> COALESCE(:message, ''))
            """)
    int setStatus(String id, String status, String message, Instant now);

    @SqlQuery("SELECT * FROM compute_envs WHERE id = :id AND deleted IS NULL")
    Optional<ComputeEnv> find(String id);

    @SqlQuery("SELECT * FROM compute_envs WHERE deleted IS NULL ORDER BY is_primary DESC, date_created")
    List<ComputeEnv> list();

    @SqlQuery("SELECT COUNT(*) FROM compute_envs WHERE deleted IS NULL AND LOWER(name) = LOWER(:name)")
    int countNamed(String name);

    @SqlUpdate("UPDATE compute_envs SET deleted = :now, is_primary = FALSE, last_updated = :now WHERE id = :id")
    int delete(String id, Instant now);

    @SqlUpdate("UPDATE compute_envs SET last_used = :now WHERE id = :id")
    void touch(String id, Instant now);
}
