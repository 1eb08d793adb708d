package cn.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/**
 * A CHECK constraint keeps working after the connection that created it is closed. H2 2.4.240 bound the
 * constraint to the creating session: once the pool retired the connection Flyway had migrated with (Hikari's
 * 30-minute max lifetime), every insert into a table with a CHECK failed with "Check constraint invalid" until
 * the next restart — on a freshly installed embedded database and in any test run past 30 minutes. Jifen ships
 * an H2 without that defect (pom.xml pins the version); this test runs the shipped driver on Jifen's default URL.
 */
class EmbeddedDatabaseConstraintTest {

    @Test
    void aCheckConstraintStillChecksAfterTheConnectionThatCreatedItClosed() throws Exception {
        Path dataDir = Files.createTempDirectory("jifen-h2-check");
        String url = EmbeddedDatabaseDurabilityTest.defaultH2Url(dataDir);
        try (Connection keep = DriverManager.getConnection(url, "sa", "")) {
            try (Connection migration = DriverManager.getConnection(url, "sa", "")) {
                migration.createStatement().execute("""
                        CREATE TABLE unit (id INT PRIMARY KEY, level VARCHAR(16) NOT NULL,
                            CONSTRAINT ck_unit_level CHECK (level IN ('COUNTY', 'TOWN', 'VILLAGE', 'GRID')))""");
            }
            try (Connection later = DriverManager.getConnection(url, "sa", "")) {
                later.createStatement().execute("INSERT INTO unit VALUES (1, 'TOWN')");
                assertThatThrownBy(() -> later.createStatement().execute("INSERT INTO unit VALUES (2, 'CITY')"))
                        .isInstanceOf(SQLException.class).satisfies(e -> assertThat(e.getMessage()).containsIgnoringCase("ck_unit_level"))
                        // 23513: the row broke the check (2.4.240 said 23514, "check constraint invalid", for every row)
                        .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("23513"));
                ResultSet r = later.createStatement().executeQuery("SELECT COUNT(*) FROM unit");
                r.next();
                assertThat(r.getInt(1)).isEqualTo(1);
            }
        }
    }
}
