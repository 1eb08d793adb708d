package cn.jifen.support;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
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
    private static final ThreadLocal<List<String>> RECORDING = new ThreadLocal<>();

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

    /** Runs the work on this thread and returns the statements it prepared, in order (their SQL text). */
    public static List<String> record(Runnable work) {
        List<String> sql = new ArrayList<>();
        RECORDING.set(sql);
        try {
            count(work);
        } finally {
            RECORDING.remove();
        }
        return sql;
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
                        List<String> sql = RECORDING.get();
                        if (sql != null) {
                            sql.add(args != null && args.length > 0 && args[0] instanceof String q
                                    ? q.replaceAll("\\s+", " ").strip() : m.getName());
                        }
                    }
                    return invoke(c, m, args);
                });
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
