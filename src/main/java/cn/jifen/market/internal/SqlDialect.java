package cn.jifen.market.internal;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.stereotype.Component;

/**
 * The two spellings the counter's one-statement writes need: PostgreSQL returns the rows an UPDATE or upsert changed
 * with {@code RETURNING}, H2 (also in its PostgreSQL mode) with {@code SELECT … FROM FINAL TABLE (…)}; H2 has no
 * {@code ON CONFLICT … DO UPDATE} either, and upserts with {@code MERGE}. Read once from the connection's metadata.
 */
@Component
public class SqlDialect {
    private final boolean h2;

    public SqlDialect(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            this.h2 = "H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName());
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's name", e);
        }
    }

    public boolean h2() {
        return h2;
    }

    /** {@code UPDATE …} that answers the listed columns of the rows it changed. */
    public String updateReturning(String update, String columns) {
        return h2 ? "SELECT " + columns + " FROM FINAL TABLE (" + update + ")" : update + " RETURNING " + columns;
    }
}
