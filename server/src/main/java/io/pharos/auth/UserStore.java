package io.pharos.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

public interface UserStore {

    @SqlUpdate("""
            INSERT INTO users (name, email, role, can_launch, date_created, last_updated)
            VALUES (:name, :email, :role, :canLaunch, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(String name, String email, String role, boolean canLaunch, Instant now);

    @SqlQuery("SELECT * FROM users WHERE id = :id")
    Optional<User> findById(long id);

    @SqlQuery("SELECT * FROM users WHERE name = :name")
    Optional<User> findByName(String name);

    @SqlQuery("SELECT * FROM users ORDER BY id")
    List<User> list();

    @SqlQuery("SELECT COUNT(*) FROM users WHERE role = 'admin'")
    long countAdmins();

    @SqlUpdate("UPDATE users SET can_launch = :canLaunch, last_updated = :now WHERE id = :id")
    int setCanLaunch(long id, boolean canLaunch, Instant now);
}
