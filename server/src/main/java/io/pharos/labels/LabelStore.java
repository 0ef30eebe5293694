package io.pharos.labels;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.BindList;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Labels, the runs they are on, and stars. Every value is a bound parameter. */
public interface LabelStore {
    @SqlUpdate("""
            INSERT INTO labels (owner_id, name, label_value, resource, is_default, date_created, last_updated)
            VALUES (:ownerId, :name, :value, :resource, :isDefault, :now, :now)
            """)
    @GetGeneratedKeys("id")
    long insert(long ownerId, String name, String value, boolean resource, boolean isDefault, Instant now);

    @SqlQuery("SELECT * FROM labels WHERE id = :id")
    Optional<Label> find(long id);

    @SqlQuery("SELECT * FROM labels WHERE id IN (<ids>)")
    List<Label> find(@BindList("ids") Collection<Long> ids);

    @SqlQuery("""
            SELECT * FROM labels
            WHERE owner_id = :ownerId AND resource = :resource AND name = :name AND label_value = :value
            """)
    Optional<Label> findNamed(long ownerId, boolean resource, String name, String value);

    @SqlQuery("SELECT id FROM labels WHERE owner_id = :ownerId AND is_default ORDER BY id")
    List<Long> defaults(long ownerId);

    @SqlUpdate("""
            UPDATE labels SET name = :name, label_value = :value, is_default = :isDefault, last_updated = :now
            WHERE id = :id
            """)
    int update(long id, String name, String value, boolean isDefault, Instant now);

    /** Deletes the label; it leaves every run it was on (ON DELETE CASCADE). */
    @SqlUpdate("DELETE FROM labels WHERE id = :id")
    int delete(long id);

    @SqlQuery("""
            SELECT wl.workflow_id, l.* FROM workflow_labels wl JOIN labels l ON l.id = wl.label_id
            WHERE wl.workflow_id IN (<ids>) ORDER BY l.name, l.label_value, l.id
            """)
    List<Label.OnRun> onRuns(@BindList("ids") Collection<String> ids);

    @SqlUpdate("""
            INSERT INTO workflow_labels (workflow_id, label_id)
            SELECT :workflowId, :labelId FROM (VALUES (1)) one
            WHERE NOT EXISTS (SELECT 1 FROM workflow_labels WHERE workflow_id = :workflowId AND label_id = :labelId)
            """)
    int attach(String workflowId, long labelId);

    @SqlUpdate("DELETE FROM workflow_labels WHERE workflow_id = :workflowId AND label_id = :labelId")
    int detach(String workflowId, long labelId);

    @SqlUpdate("DELETE FROM workflow_labels WHERE workflow_id = :workflowId")
    int detachAll(String workflowId);

    // ---- stars: each user's own ----

    @SqlQuery("SELECT COUNT(*) > 0 FROM workflow_stars WHERE user_id = :userId AND workflow_id = :workflowId")
    boolean starred(long userId, String workflowId);

    @SqlQuery("SELECT workflow_id FROM workflow_stars WHERE user_id = :userId AND workflow_id IN (<ids>)")
    List<String> starredAmong(long userId, @BindList("ids") Collection<String> ids);

    @SqlUpdate("""
            INSERT INTO workflow_stars (user_id, workflow_id, date_created)
            SELECT :userId, :workflowId, :now FROM (VALUES (1)) one
            WHERE NOT EXISTS (SELECT 1 FROM workflow_stars WHERE user_id = :userId AND workflow_id = :workflowId)
            """)
    int star(long userId, String workflowId, Instant now);

    @SqlUpdate("DELETE FROM workflow_stars WHERE user_id = :userId AND workflow_id = :workflowId")
    int unstar(long userId, String workflowId);
}
