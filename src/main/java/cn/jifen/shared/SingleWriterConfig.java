package cn.jifen.shared;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Puts the embedded H2 database (a {@code jdbc:h2:file:} URL, the default installation) behind a {@link SingleWriter}.
 * {@code jifen.db.single-writer}: {@code auto} (the default: H2 files only), {@code true} (any URL, for tests) or
 * {@code false}. PostgreSQL keeps its many writers: its commits are whole after a crash.
 */
@Configuration(proxyBeanMethods = false)
class SingleWriterConfig {
    private static final Pattern LOCK_TIMEOUT = Pattern.compile("(?i);LOCK_TIMEOUT=(\\d+)");

    @Bean
    static BeanPostProcessor singleWriterWrapper(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource ds) || bean instanceof SingleWriter || !"dataSource".equals(name)) {
                    return bean;
                }
                String url = env.getProperty("spring.datasource.url", "");
                return guards(env.getProperty("jifen.db.single-writer", "auto"), url)
                        ? new SingleWriter(ds, waitFor(url)) : bean;
            }
        };
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
