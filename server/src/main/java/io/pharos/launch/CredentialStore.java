package io.pharos.launch;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The credentials table. Only {@link #secret} reads a secret, for the code that logs in with it. */
public interface CredentialStore {
    /** What may be shown of a credential: never its secret. */
    record Credential(String id, long ownerId, String name, String provider, Instant dateCreated, Instant lastUpdated,
                      Instant deleted) {
    }

    /** The secret of a credential, for logging in; never shown, logged or written into a run's files. */
    record Secret(String secret, String passphrase) {
        @Override
        public String toString() {
            return "Secret[hidden]";
        }
    }

    @SqlUpdate("""
            INSERT INTO credentials (id, owner_id, name, provider, secret, passphrase, date_created, last_updated)
            VALUES (:id, :ownerId, :name, :provider, :secret, :passphrase, :now, :now)
            """)
    void insert(String id, long ownerId, String name, String provider, String secret, String passphrase, Instant now);

    @SqlQuery("""
            SELECT id, owner_id, name, provider, date_created, last_updated, deleted FROM credentials
            WHERE deleted IS NULL ORDER BY date_created
            """)
    List<Credential> list();

    @SqlQuery("""
            SELECT id, owner_id, name, provider, date_created, last_updated, deleted FROM credentials
            WHERE id = :id AND deleted IS NULL
            """)
    Optional<Credential> find(String id);

    @SqlQuery("SELECT secret, passphrase FROM credentials WHERE id = :id AND deleted IS NULL")
    Optional<Secret> secret(String id);

    @SqlQuery("SELECT COUNT(*) FROM credentials WHERE deleted IS NULL AND LOWER(name) = LOWER(:name)")
    int countNamed(String name);

    @SqlUpdate("UPDATE credentials SET deleted = :now, secret = '', passphrase = NULL, last_updated = :now WHERE id = :id")
    int delete(String id, Instant now);
}
