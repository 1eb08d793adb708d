package cn.jifen.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.Set;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Counts the SQL statements the test's own thread prepares through the application's DataSource, on any database:
 * {@link #count(Runnable)} runs the work and answers how many statements it prepared. Background jobs on other threads
 * are not counted. A test that imports this gets the DataSource wrapped (a JDK proxy that only counts).
 */
@TestConfiguration(proxyBeanMethods = false)
public class StatementCounter {
    private static final Set<String> PREPARE = Set.of("prepareStatement", "createStatement", "prepareCall");
    private static final ThreadLocal<long[]> COUNTING = new ThreadLocal<>();

    /** Runs the work on this thread and returns how many statements it prepared. */
    public static long count(Runnable work) {
        long[] n = new long[1];
        COUNTING.set(n);
        try {
            work.run();
        } finally {
            COUNTING.remove();
        }
        return n[0];
    }

    @Bean
    static BeanPostProcessor countingDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String name) {
                return bean instanceof DataSource ds ? wrap(ds) : bean;
            }
        };
    }

    private static DataSource wrap(DataSource ds) {
        return (DataSource) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, m, args) -> {
                    Object r = invoke(ds, m, args);
                    return r instanceof Connection c ? wrap(c) : r;
                });
    }

    private static Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(),
                new Class<?>[] {Connection.class}, (proxy, m, args) -> {
                    long[] n = COUNTING.get();
                    if (n != null && PREPARE.contains(m.getName())) {
                        n[0]++;
                    }
                    return invoke(c, m, args);
                });
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
