package cn.jifen.shared;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.core.env.Environment;

/**
 * Whether the application's DataSource is put behind a {@link SingleWriter}: the embedded H2 database (a
 * {@code jdbc:h2:file:} URL, the default installation). {@code jifen.db.single-writer}: {@code auto} (the default: H2
 * files only), {@code true} (any URL, for tests) or {@code false}. PostgreSQL keeps its many writers: its commits are
 * whole after a crash. Applied by the one wrapper of the DataSource in {@link ReadRoutingConfig}, so that with a read
 * replica the routing stays the application's DataSource and its primary is the guarded one.
 */
final class SingleWriterConfig {
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("(?i);LOCK_TIMEOUT=(\\d+)");

    private SingleWriterConfig() {
    }

    /** The DataSource guarded when the settings ask for it, else as it is. */
    static DataSource guard(Environment env, DataSource dataSource) {
        String url = env.getProperty("spring.datasource.url", "");
        return guards(env.getProperty("jifen.db.single-writer", "auto"), url)
                ? new SingleWriter(dataSource, waitFor(url)) : dataSource;
    }

    static boolean guards(String mode, String url) {
        return "true".equalsIgnoreCase(mode)
                || "auto".equalsIgnoreCase(mode) && url.regionMatches(true, 0, "jdbc:h2:file:", 0, 13);
    }

    /** As long as the database itself waits for a row lock (the URL's LOCK_TIMEOUT), else 20 s. */
    static Duration waitFor(String url) {
        Matcher m = LOCK_TIMEOUT.matcher(url);
        return m.find() ? Duration.ofMillis(Long.parseLong(m.group(1))) : Duration.ofSeconds(20);
    }
}
