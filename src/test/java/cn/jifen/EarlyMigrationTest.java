package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.mock.env.MockEnvironment;

/**
 * A first start on a new embedded H2 file migrates it beside Spring's start; Boot's own migration, which waits for
 * that one, then finds nothing left to apply. Any other database is left to Boot alone.
 */
class EarlyMigrationTest {
    @TempDir Path dir;

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("jifen") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
    }

    private static GenericApplicationContext contextFor(String url) {
        GenericApplicationContext context = new GenericApplicationContext();
        context.setEnvironment(new MockEnvironment().withProperty("spring.datasource.url", url)
                .withProperty("spring.datasource.username", "sa").withProperty("spring.flyway.locations", "classpath:db/migration"));
        return context;
    }

    @Test
    void aNewH2FileIsMigratedEarlyAndBootsMigrationFindsEveryMigrationApplied() {
        GenericApplicationContext context = contextFor(url());
        new EarlyMigration().initialize(context);
        FlywayMigrationStrategy strategy = context.getBeanFactory().getBean(FlywayMigrationStrategy.class);

        AtomicInteger appliedByBoot = new AtomicInteger();
        Flyway boots = Flyway.configure().dataSource(url(), "sa", "").locations("classpath:db/migration")
                .callbacks(counting(appliedByBoot)).load();
        strategy.migrate(boots);

        assertThat(appliedByBoot).hasValue(0);
        assertThat(boots.info().pending()).isEmpty();
        assertThat(boots.info().applied()).isNotEmpty().allMatch(m -> m.getState().isApplied());
    }

    @Test
    void aDatabaseFileThatExistsIsLeftToBoot() throws Exception {
        Files.createFile(dir.resolve("jifen.mv.db"));
        GenericApplicationContext context = contextFor(url());
        new EarlyMigration().initialize(context);
        assertThat(context.getBeanFactory().getBeanNamesForType(FlywayMigrationStrategy.class)).isEmpty();
    }

    @Test
    void onlyANewEmbeddedH2FileIsMigratedEarly() {
        assertThat(EarlyMigration.isNewH2File(url())).isTrue();
        assertThat(EarlyMigration.isNewH2File("jdbc:h2:mem:jifen;MODE=PostgreSQL")).isFalse();
        assertThat(EarlyMigration.isNewH2File("jdbc:postgresql://localhost/jifen")).isFalse();
    }

    private static Callback counting(AtomicInteger migrations) {
        return new Callback() {
            @Override
            public boolean supports(Event event, Context context) {
                return event == Event.BEFORE_EACH_MIGRATE;
            }

            @Override
            public boolean canHandleInTransaction(Event event, Context context) {
                return true;
            }

            @Override
            public void handle(Event event, Context context) {
                migrations.incrementAndGet();
            }

            @Override
            public String getCallbackName() {
                return "counting";
            }
        };
    }
}
