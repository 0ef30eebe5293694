package db.migration;

import io.pharos.workflow.RunSearchIndex;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * The run search's index ({@link RunSearchIndex}), filled for the runs already stored. A Java
 * migration because the pieces are cut in Java, as they are when a run is written. No foreign
 * key: rows are looked up by piece, and the code that deletes a run removes its rows.
 */
public class V11__run_search_index extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        Connection c = context.getConnection();
        try (Statement s = c.createStatement()) {
            s.execute("""
                    CREATE TABLE run_search (
                        piece         BIGINT       NOT NULL,
                        workflow_id   VARCHAR(16)  NOT NULL,
                        PRIMARY KEY (piece, workflow_id)
                    )
                    """);
        }
        try (Statement select = c.createStatement();
             PreparedStatement insert = c.prepareStatement(RunSearchIndex.INSERT_SQL)) {
            select.setFetchSize(1000);
            int pending = 0;
            try (ResultSet rs = select.executeQuery(
                    "SELECT id, run_name, project_name, session_id, user_name FROM workflows")) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    for (long p : RunSearchIndex.pieces(rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5))) {
                        RunSearchIndex.bind(insert, p, id);
                        insert.addBatch();
                        if (++pending == 1000) {
                            insert.executeBatch();
                            pending = 0;
                        }
                    }
                }
            }
            if (pending > 0) {
                insert.executeBatch();
            }
        }
    }
}
