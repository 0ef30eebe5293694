package db.migration;

import io.pharos.logs.FolderKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Binds the task folders that runs reported before V3 to the owners of the runs that reported
 * them first (tasks in insertion order), as ingestion does for new tasks. A Java migration because
 * the key is a SHA-256 that H2 and PostgreSQL would compute with different SQL.
 */
public class V4__claim_reported_task_folders extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        Timestamp now = Timestamp.from(Instant.now());
        try (Statement select = c.createStatement();
             PreparedStatement insert = c.prepareStatement(FolderKeys.CLAIM_SQL)) {
            select.setFetchSize(1000);
            int pending = 0;
            try (ResultSet rs = select.executeQuery("""
                    SELECT t.workdir, w.owner_id, w.id FROM tasks t JOIN workflows w ON w.id = t.workflow_id
                    WHERE t.workdir IS NOT NULL ORDER BY t.id
                    """)) {
                while (rs.next()) {
                    String key = FolderKeys.key(rs.getString(1));
                    if (key == null) {
                        continue;
                    }
                    // A folder that comes again (a resumed run's cached tasks) is skipped by the SQL itself.
                    FolderKeys.bindPortableClaim(insert, key, rs.getLong(2), rs.getString(3), now);
                    insert.addBatch();
                    if (++pending == 1000) {
                        insert.executeBatch();
                        pending = 0;
                    }
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }
}
