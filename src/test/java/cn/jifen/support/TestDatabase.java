package cn.jifen.support;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import org.flywaydb.core.Flyway;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * Chooses the test database: embedded H2 by default, PostgreSQL with -Ppostgres
 * (JIFEN_TEST_DB_URL, default the local "test" database, in its own schema), the Citus cluster's coordinator with
 * -Pcitus (default database jifen_citus on 127.0.0.1:5433; the tables are distributed after the migrations). The schema is
 * wiped once per test JVM, so every run starts from the migrations and the demo county.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestDatabase {
    private static final AtomicBoolean CLEANED = new AtomicBoolean();

    public static boolean postgres() {
        return "postgres".equals(System.getProperty("jifen.test.db")) || citus();
    }

    /** -Pcitus: PostgreSQL too, on the Citus coordinator (bench/citus/ci.sh starts the cluster). */
    public static boolean citus() {
        return "citus".equals(System.getProperty("jifen.test.db"));
    }

    /** The JDBC URL of the PostgreSQL (or Citus coordinator) database the tests use, without a schema. */
    public static String url() {
        return System.getenv().getOrDefault("JIFEN_TEST_DB_URL", citus()
                ? "jdbc:postgresql://127.0.0.1:5433/jifen_citus" : "jdbc:postgresql://127.0.0.1:5432/test");
    }

    public static void register(DynamicPropertyRegistry r) {
        if (postgres()) {
            String url = url();
            // Several builds on one machine (worktrees, helpers) keep apart with JIFEN_TEST_DB_SCHEMA.
            String schema = System.getenv().getOrDefault("JIFEN_TEST_DB_SCHEMA", "jifen_test");
            r.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            r.add("spring.datasource.username", () -> System.getenv().getOrDefault("JIFEN_TEST_DB_USER", "postgres"));
            r.add("spring.datasource.password", () -> System.getenv().getOrDefault("JIFEN_TEST_DB_PASSWORD", ""));
            r.add("spring.flyway.schemas", () -> schema);
            r.add("spring.flyway.clean-disabled", () -> "false");
            // Many test contexts stay cached in one JVM; each would keep 20 open connections (Hikari fills its
            // pool eagerly) and a run would pass max_connections. Connections are opened as needed instead.
            // (PostgreSQL only: on the in-memory H2 database the same settings broke later contexts.)
            r.add("spring.datasource.hikari.minimum-idle", () -> "1");
            r.add("spring.datasource.hikari.idle-timeout", () -> "10000");
        } else {
            r.add("spring.datasource.url", () -> "jdbc:h2:mem:jifen;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000");
            r.add("spring.datasource.username", () -> "sa");
            r.add("spring.datasource.password", () -> "");
            r.add("spring.flyway.clean-disabled", () -> "false");
            // as the embedded file database of an installation: one writing transaction at a time (SingleWriter),
            // so the suite runs the H2 write path the product runs
            r.add("jifen.db.single-writer", () -> "true");
        }
    }

    /**
     * Empties the test schema. On Citus, Flyway's clean drops the tables one by one, and dropping a reference table
     * that distributed tables still reference fails there; dropping the whole schema is what Citus supports.
     */
    public static void clean(Flyway flyway) {
        if (!citus()) {
            flyway.clean();
            return;
        }
        try (Connection c = flyway.getConfiguration().getDataSource().getConnection();
             Statement s = c.createStatement()) {
            for (String schema : flyway.getConfiguration().getSchemas()) {
                s.execute("DROP SCHEMA IF EXISTS \"" + schema.replace("\"", "\"\"") + "\" CASCADE");
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Bean
    FlywayMigrationStrategy cleanOncePerRun() {
        return flyway -> {
            // JIFEN_TEST_DB_KEEP=1: a prepared database (bench/stats/run.sh's copy of its kept data set) is migrated, not wiped.
            if (CLEANED.compareAndSet(false, true) && !"1".equals(System.getenv("JIFEN_TEST_DB_KEEP"))) {
                clean(flyway);
            }
            flyway.migrate();
        };
    }
}
