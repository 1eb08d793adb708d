package cn.jifen.shared;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import javax.sql.DataSource;
import net.javacrumbs.shedlock.core.DefaultLockingTaskExecutor;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.LockingTaskExecutor;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Runs a scheduled job under a named lock row in the shared database (ShedLock), so that of several
 * instances (or two overlapping runs of one) only one does the work; the others skip it. The lock's
 * time comes from the database, so instances with skewed clocks still agree.
 */
@Component
public class JobLocks {
    private final LockingTaskExecutor executor;

    public JobLocks(DataSource dataSource) {
        this.executor = new DefaultLockingTaskExecutor(new JdbcTemplateLockProvider(JdbcTemplateLockProvider.Configuration
                .builder().withJdbcTemplate(new JdbcTemplate(dataSource)).usingDbTime().build()));
    }

    /**
     * Runs the job when this caller gets the lock named {@code name}; otherwise returns empty at once.
     * The lock is held at most {@code atMost} (a crashed instance frees it then) and at least {@code atLeast}
     * (so a second instance whose clock fires a moment later does not start the same run again).
     */
    public <T> Optional<T> runAlone(String name, Duration atMost, Duration atLeast, Supplier<T> job) {
        try {
            LockingTaskExecutor.TaskResult<T> result = executor.executeWithLock(job::get,
                    new LockConfiguration(Instant.now(), name, atMost, atLeast));
            return result.wasExecuted() ? Optional.ofNullable(result.getResult()) : Optional.empty();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
