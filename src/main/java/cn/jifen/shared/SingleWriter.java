package cn.jifen.shared;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The embedded H2 database with one writing transaction at a time (docs/durability.md).
 *
 * <p>Why: H2's MVStore writes a commit to the file by taking a snapshot of its maps one after the other, while other
 * transactions go on changing them (h2database issue #2080, still open: "consistent snapshot is only ensured for a
 * single map, not across all of them"). After {@code kill -9} the file can then hold a transaction's rows without its
 * undo log or the other way round: on this machine the crash test lost the last one or two acknowledged postings in
 * about one round in three under 8 concurrent writers, and a retried request waited out the lock timeout on a row
 * left locked. When only one transaction writes at a time, nothing changes the maps while the committing
 * transaction's snapshot is taken, so the file always holds whole transactions.
 *
 * <p>How: a connection takes the database's one write lock before its first statement that can change data (or
 * lock rows: {@code SELECT … FOR UPDATE}) and keeps it until its transaction ends (commit, rollback, autocommit
 * statement, close). Reading statements never wait. The lock is held by a thread, so a transaction that opens an
 * inner one on the same thread ({@code REQUIRES_NEW}) goes on. A writer that waits longer than the database's lock
 * timeout gets the same refusal as a row lock timeout. For a county on one PC the cost is small: its writes are a few
 * per second, and they no longer wait on each other's row locks inside H2 either.
 */
public final class SingleWriter extends DelegatingDataSource {
    /** What a statement may do without the lock: read. Everything else (DML, DDL, SET, CALL, …) takes it. */
    private static final Pattern READ = Pattern.compile("^(?:\\s|/\\*.*?\\*/|--[^\\n]*\\n)*(SELECT|VALUES|TABLE|EXPLAIN|SHOW|WITH)\\b",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LOCKING = Pattern.compile("\\bFOR\\s+UPDATE\\b|\\b(INSERT|UPDATE|DELETE|MERGE)\\b",
            Pattern.CASE_INSENSITIVE);
    private static final Set<String> EXECUTES = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");

    private final WriteLock lock = new WriteLock();
    private final long waitNanos;
    /** While set, writers do not take the lock (the first start's demo load: see {@link #suspend}). */
    private volatile boolean suspended;

    public SingleWriter(DataSource target, Duration wait) {
        super(target);
        this.waitNanos = wait.toNanos();
    }

    /**
     * What each SQL text does, decided once: the application's statements are a few thousand constant strings, and
     * scanning a long report query for {@code FOR UPDATE} on every execution cost the demo load seconds of CPU.
     */
    private static final Cache<String, Boolean> READS_ONLY = Caffeine.newBuilder().maximumSize(8192).build();

    /** True when the SQL only reads (a {@code WITH} or {@code SELECT} that writes or locks rows does not). */
    static boolean readsOnly(String sql) {
        return sql != null && READS_ONLY.get(sql, SingleWriter::scan);
    }

    private static boolean scan(String sql) {
        return READ.matcher(sql).find() && !LOCKING.matcher(sql).find();
    }

    /**
     * Lets writers go without the lock until {@link #resume}: for the first start's demo load, when nobody else may
     * write (the application answers 503 to everyone) and H2 batches the load's commits anyway, so its file is not
     * kept whole commit by commit then either (demo's BatchedCommits; docs/durability.md). The load's two threads
     * then write side by side again.
     */
    public void suspend() {
        suspended = true;
    }

    /** Writers take the lock again (the transactions that began without it finish without it). */
    public void resume() {
        suspended = false;
    }

    /** True while some connection holds the write lock. */
    public boolean writing() {
        return lock.taken();
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(super.getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return wrap(super.getConnection(username, password));
    }

    private Connection wrap(Connection raw) {
        Guarded guarded = new Guarded(raw);
        guarded.proxy = (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(),
                new Class<?>[] {Connection.class}, guarded);
        return guarded.proxy;
    }

    /** One connection: whether it holds the lock, and the statements it hands out. */
    private final class Guarded implements InvocationHandler {
        private final Connection raw;
        private Connection proxy;
        private boolean held;

        Guarded(Connection raw) {
            this.raw = raw;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            switch (name) {
                case "unwrap":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                    break;
                case "isWrapperFor":
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return true;
                    }
                    break;
                case "equals":
                    return proxy == args[0];
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "toString":
                    return "SingleWriter[" + raw + "]";
                default:
                    break;
            }
            // commit, rollback, close and switching autocommit on end the transaction: the lock goes, whatever happens
            boolean ends = name.equals("commit") || name.equals("close")
                    || name.equals("rollback") && (args == null || args.length == 0)
                    || name.equals("setAutoCommit") && Boolean.TRUE.equals(args[0]) && !raw.getAutoCommit();
            Object result;
            try {
                result = m.invoke(raw, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                if (ends) {
                    release();
                }
            }
            if (result instanceof Statement s) {
                String sql = (args != null && args.length > 0 && args[0] instanceof String q) ? q : null;
                Class<?> type = s instanceof CallableStatement ? CallableStatement.class
                        : s instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(Statement.class.getClassLoader(), new Class<?>[] {type},
                        new GuardedStatement(this, s, type == Statement.class ? null : sql));
            }
            return result;
        }

        void acquire() throws SQLException {
            if (held || suspended) {
                return;
            }
            try {
                if (!lock.take(waitNanos)) {
                    // the same SQL state as H2's own lock timeout, so callers refuse it the same way
                    throw new SQLTransactionRollbackException(
                            "Timeout waiting for the embedded database's write lock", "HYT00", 50200);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SQLException("Interrupted waiting for the embedded database's write lock", "HYT00", e);
            }
            held = true;
        }

        void release() {
            if (held) {
                held = false;
                lock.give();
            }
        }

        boolean suspended() {
            return suspended && !held;
        }

        boolean autoCommit() throws SQLException {
            return raw.getAutoCommit();
        }
    }

    /** A statement of a guarded connection: a writing execution takes the connection's lock first. */
    private static final class GuardedStatement implements InvocationHandler {
        private final Guarded connection;
        private final Statement raw;
        /** A prepared statement's SQL; null for a plain Statement, whose SQL comes with each execute. */
        private final String preparedSql;

        GuardedStatement(Guarded connection, Statement raw, String preparedSql) {
            this.connection = connection;
            this.raw = raw;
            this.preparedSql = preparedSql;
        }

        @Override
        public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
            String name = m.getName();
            if (name.equals("unwrap") && ((Class<?>) args[0]).isInstance(proxy)) {
                return proxy;
            }
            if (name.equals("equals")) {
                return proxy == args[0];
            }
            if (name.equals("hashCode")) {
                return System.identityHashCode(proxy);
            }
            if (name.equals("getConnection")) {
                return connection.proxy;   // a commit through the statement's connection must release the lock too
            }
            boolean writes = false;
            if (!suspendedNow() && EXECUTES.contains(name)) {
                if (args != null && args.length > 0 && args[0] instanceof String sql) {
                    writes = !readsOnly(sql);
                } else {
                    // a batch of plain statements, or SQL we cannot see: take the lock to be safe
                    writes = name.endsWith("Batch") || !readsOnly(preparedSql);
                }
            }
            if (!writes) {
                return call(m, args);
            }
            connection.acquire();
            try {
                return call(m, args);
            } finally {
                if (connection.autoCommit()) {
                    connection.release();   // the statement was its own transaction: it has committed
                }
            }
        }

        private boolean suspendedNow() {
            return connection.suspended();
        }

        private Object call(Method m, Object[] args) throws Throwable {
            try {
                return m.invoke(raw, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        }
    }

    /**
     * The one write lock: held by a thread, which may take it again for an inner transaction on another connection
     * (each connection gives back what it took). Not a {@code ReentrantLock}, because a pool may close a connection
     * on another thread than the one that used it, and the lock must be given back then too.
     */
    static final class WriteLock {
        private Thread owner;
        private int count;

        synchronized boolean take(long waitNanos) throws InterruptedException {
            Thread me = Thread.currentThread();
            long deadline = System.nanoTime() + waitNanos;
            while (owner != null && owner != me) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            owner = me;
            count++;
            return true;
        }

        synchronized void give() {
            if (count > 0 && --count == 0) {
                owner = null;
                notifyAll();
            }
        }

        synchronized boolean taken() {
            return owner != null;
        }
    }
}
