package cn.jifen;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

/**
 * On a first start with the embedded H2 database (no database file yet: the README's {@code ./mvnw spring-boot:run}
 * on a fresh clone), migrates the new database in a thread of its own while Spring is still reading the
 * application's configuration and creating its beans, which is one thread's work on the main thread: on a two-core
 * machine the schema's ~40 migrations then cost the first start almost no time. Spring Boot's own Flyway migration
 * still runs where it always does, with its full configuration and callbacks; it waits for this one first ({@link
 * #migrate}) and then finds every migration applied (validating their checksums). If the early migration fails,
 * Boot's runs as usual and reports the error. Any other database (a file that exists, an in-memory or server URL,
 * PostgreSQL) is left entirely to Boot.
 */
final class EarlyMigration implements ApplicationContextInitializer<ConfigurableApplicationContext>, FlywayMigrationStrategy {
    private static final Logger log = LoggerFactory.getLogger(EarlyMigration.class);
    private static final String H2_FILE = "jdbc:h2:file:";

    /** The early migration's outcome: the connection that keeps the database open until Boot's pool has it. */
    private CompletableFuture<Connection> migrated;

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Environment env = context.getEnvironment();
        String url = env.getProperty("spring.datasource.url", "");
        if (!env.getProperty("spring.flyway.enabled", Boolean.class, true) || !isNewH2File(url)) {
            return;
        }
        String user = env.getProperty("spring.datasource.username", "");
        String password = env.getProperty("spring.datasource.password", "");
        String[] locations = env.getProperty("spring.flyway.locations", String[].class, new String[] {"classpath:db/migration"});
        migrated = CompletableFuture.supplyAsync(() -> migrate(url, user, password, locations), runnable -> {
            Thread t = new Thread(runnable, "early-migration");
            t.setDaemon(true);
            t.start();
        });
        context.getBeanFactory().registerSingleton("earlyMigration", this);
    }

    /** Whether the URL is an embedded H2 file whose database file does not exist yet. */
    static boolean isNewH2File(String url) {
        if (!url.startsWith(H2_FILE)) {
            return false;
        }
        String path = url.substring(H2_FILE.length());
        int options = path.indexOf(';');
        if (options >= 0) {
            path = path.substring(0, options);
        }
        return !Files.exists(Path.of(path + ".mv.db"));
    }

    private static Connection migrate(String url, String user, String password, String[] locations) {
        long start = System.nanoTime();
        try {
            // opened first and kept open: H2 closes a database when its last connection closes, and Boot's pool
            // would otherwise open the file all over again
            Connection open = DriverManager.getConnection(url, user, password);
            try {
                int applied = Flyway.configure(EarlyMigration.class.getClassLoader()).dataSource(url, user, password)
                        .locations(locations).load().migrate().migrationsExecuted;
                log.info("New H2 database: {} migrations applied in {} ms beside Spring's start.", applied,
                        (System.nanoTime() - start) / 1_000_000);
                return open;
            } catch (RuntimeException e) {
                open.close();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Boot's migration, after the early one has ended (whatever its outcome: Boot's own reports any error). */
    @Override
    public void migrate(Flyway flyway) {
        Connection open = null;
        try {
            open = migrated.get();
        } catch (ExecutionException e) {
            log.warn("The early migration failed; Flyway migrates as usual: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the early migration ran", e);
        }
        try {
            flyway.migrate();
        } finally {
            close(open);
        }
    }

    private static void close(Connection open) {
        if (open == null) {
            return;
        }
        try {
            open.close();
        } catch (SQLException e) {
            log.debug("closing the early migration's connection: {}", e.toString());
        }
    }
}
