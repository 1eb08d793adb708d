package cn.jifen.demo.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One setting of the embedded H2 database that the demo load raises and puts back afterwards ({@link BatchedCommits},
 * {@link LoadCache}): read from {@code INFORMATION_SCHEMA.SETTINGS}, raised with {@code SET} only on H2 and only when
 * it is lower than the load wants; a database that refuses (another product, no admin rights) is left as it is.
 */
final class H2LoadSetting {
    private static final Logger log = LoggerFactory.getLogger(H2LoadSetting.class);

    private final String settingName;
    private final String setCommand;
    /** SET's argument per unit of the setting's value (CACHE_SIZE is read in MB and set in KB). */
    private final int scale;

    H2LoadSetting(String settingName, String setCommand, int scale) {
        this.settingName = settingName;
        this.setCommand = setCommand;
        this.scale = scale;
    }

    /** The setting's value now, or null when it cannot be read. */
    Integer read(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery(
                "SELECT SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME = '" + settingName + "'")) {
            return r.next() ? Integer.valueOf(r.getString(1).strip()) : null;
        }
    }

    /** Raises the setting to {@code wanted} on H2 when it is lower; answers the value to put back, or null. */
    Integer raise(DataSource dataSource, int wanted) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            if (!"H2".equalsIgnoreCase(c.getMetaData().getDatabaseProductName())) {
                return null;
            }
            Integer before = read(s);
            if (before == null || before >= wanted) {
                return null;
            }
            s.execute(setCommand + " " + (long) wanted * scale);
            return before;
        } catch (SQLException e) {
            log.debug("Demo load: {} left as it is: {}", settingName, e.toString());
            return null;
        }
    }

    /** Puts the setting back (and runs {@code then}, e.g. a CHECKPOINT, on the same connection). */
    void restore(DataSource dataSource, int before, String... then) {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute(setCommand + " " + (long) before * scale);
            for (String sql : then) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not put H2's " + settingName + " back to " + before
                    + " after the demo load", e);
        }
    }
}
