package cn.jifen.shared;

import com.zaxxer.hikari.HikariDataSource;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The read replica (docs/scale.md): with {@code jifen.db.read-url} ({@code JIFEN_DB_READ_URL}) set, the DataSource
 * Spring Boot builds for {@code spring.datasource.*} is wrapped in a {@link ReadRouting} that lends the replica to
 * {@link ReadReplica#read}. The replica's pool is not a bean of its own: a second DataSource bean would make Boot's
 * JdbcTemplate, transaction manager and Flyway back off. Without the property nothing is wrapped for the replica.
 * The same wrapper puts the embedded H2 database behind its {@link SingleWriter} first ({@link SingleWriterConfig}):
 * one post-processor, so the order of the two wrappers is fixed.
 */
@Configuration(proxyBeanMethods = false)
class ReadRoutingConfig {

    @Bean
    static BeanPostProcessor readRoutingWrapper(Environment env) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                if (!(bean instanceof DataSource pool) || bean instanceof ReadRouting || bean instanceof SingleWriter
                        || !"dataSource".equals(name)) {
                    return bean;
                }
                DataSource primary = SingleWriterConfig.guard(env, pool);   // the embedded H2 database: one writer
                String url = env.getProperty("jifen.db.read-url", "");
                if (url.isBlank()) {
                    return primary;
                }
                HikariDataSource replica = new HikariDataSource();
                replica.setPoolName("replica");
                replica.setJdbcUrl(url.strip());
                replica.setUsername(env.getProperty("jifen.db.read-user", env.getProperty("spring.datasource.username")));
                replica.setPassword(env.getProperty("jifen.db.read-password",
                        env.getProperty("spring.datasource.password", "")));
                replica.setMaximumPoolSize(env.getProperty("jifen.db.read-pool", Integer.class, 10));
                replica.setMinimumIdle(1);
                // a replica that is down must cost a request little: a refused connection fails at once, and
                // the pool gives up after a second instead of Hikari's 30 s; start-up does not wait for it
                replica.setConnectionTimeout(1000);
                replica.setValidationTimeout(500);
                replica.setInitializationFailTimeout(-1);
                Binder binder = Binder.get(env);
                Duration maxLag = binder.bind("jifen.db.read-max-lag", Duration.class).orElse(Duration.ofSeconds(5));
                Duration probe = binder.bind("jifen.db.read-probe", Duration.class).orElse(Duration.ofSeconds(1));
                return new ReadRouting(primary, replica, maxLag, probe);
            }
        };
    }

    @Bean
    ReadReplica readReplica(DataSource dataSource, ObjectProvider<PlatformTransactionManager> transactions) {
        return new ReadReplica(dataSource instanceof ReadRouting r ? r : null, transactions.getObject());
    }
}
