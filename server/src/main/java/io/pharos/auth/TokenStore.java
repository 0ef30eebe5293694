package io.pharos.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface TokenStore {

    @SqlUpdate("""
            INSERT INTO access_tokens (user_id, name, token_hash, hint, workflow_id, date_created)
            VALUES (:userId, :name, :tokenHash, :hint, :workflowId, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(long userId, String name, String tokenHash, String hint, String workflowId, Instant now);

    @SqlQuery("SELECT * FROM access_tokens WHERE token_hash = :hash")
    Optional<AccessToken> findByHash(String hash);

    @SqlQuery("SELECT * FROM access_tokens WHERE id = :id")
    Optional<AccessToken> findById(long id);

    /** A user's live tokens, the newest first; run-scoped tokens are the launcher's business. */
    @SqlQuery("""
            SELECT * FROM access_tokens
            WHERE user_id = :userId AND revoked IS NULL AND workflow_id IS NULL
            ORDER BY id DESC
            """)
    List<AccessToken> listLive(long userId);

    @SqlQuery("""
            SELECT COUNT(*) FROM access_tokens
            WHERE user_id = :userId AND name = :name AND revoked IS NULL AND workflow_id IS NULL
            """)
    int countLiveNamed(long userId, String name);

    @SqlUpdate("UPDATE access_tokens SET revoked = :now WHERE id = :id AND revoked IS NULL")
    int revoke(long id, Instant now);

    @SqlUpdate("UPDATE access_tokens SET revoked = :now WHERE workflow_id = :workflowId AND revoked IS NULL")
    int revokeForWorkflow(String workflowId, Instant now);

    @SqlUpdate("UPDATE access_tokens SET last_used = :now WHERE id = :id")
    int touch(long id, Instant now);
}
