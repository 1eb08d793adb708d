package cn.jifen.shared;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's DataSource when a read replica is configured: every connection comes from the primary, except
 * the one connection a {@link ReadReplica#read} asks for, which comes from the replica while the replica is up and
 * its lag is within the limit. Both are decided by a probe every second (cached: a request never waits for it).
 *
 * <p>Lag is measured by WAL position, not by {@code pg_last_xact_replay_timestamp()} (which grows while the primary
 * is idle, and says nothing when the replica has lost its primary): each probe notes the primary's
 * {@code pg_current_wal_lsn()} with the time, and the replica's lag is the age of the newest noted position its
 * {@code pg_last_wal_replay_lsn()} has reached. A replica that is not in recovery (or not PostgreSQL, as in the
 * tests) is taken as current when it answers.
 */
public final class ReadRouting extends DelegatingDataSource implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReadRouting.class);

    private record Mark(long nanos, long lsn) { }

    private final DataSource primary;
    private final HikariDataSource replica;
    private final long maxLagNanos;
    private final ScheduledExecutorService prober;
    private final ThreadLocal<int[]> offer = new ThreadLocal<>(); // {0: offered, 1: taken from replica}
    private final Deque<Mark> marks = new ArrayDeque<>();
    private volatile boolean usable;
    private volatile String state = "not probed yet";
    private final AtomicLong replicaConnections = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();

    ReadRouting(DataSource primary, HikariDataSource replica, Duration maxLag, Duration probeEvery) {
        super(primary);
        this.primary = primary;
        this.replica = replica;
        this.maxLagNanos = maxLag.toNanos();
        this.prober = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "read-replica-probe");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(100, probeEvery.toMillis());
        prober.scheduleWithFixedDelay(this::probe, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Connection getConnection() throws SQLException {
        int[] o = offer.get();
        if (o != null && o[0] == 1) {
            o[0] = 0; // only the first connection of the read: a transaction opened inside it must write
            if (usable) {
                try {
                    Connection c = replica.getConnection();
                    o[1] = 1;
                    replicaConnections.incrementAndGet();
                    return c;
                } catch (SQLException e) {
                    replicaFailed(e);
                }
            }
            fallbacks.incrementAndGet();
        }
        return primary.getConnection();
    }

    void offerReplica() {
        offer.set(new int[] {1, 0});
    }

    boolean servedByReplica() {
        int[] o = offer.get();
        return o != null && o[1] == 1;
    }

    void endOffer() {
        offer.remove();
    }

    void replicaFailed(Exception e) {
        if (usable) {
            log.warn("read replica unusable, reads go to the primary until it answers again: {}", e.toString());
        }
        usable = false;
        state = "down: " + e.getMessage();
    }

    /** Connections the replica gave out, reads that fell back to the primary, and the last probe's verdict. */
    public long replicaConnections() {
        return replicaConnections.get();
    }

    public long fallbacks() {
        return fallbacks.get();
    }

    public boolean usable() {
        return usable;
    }

    public String state() {
        return state;
    }

    /** Runs one probe now (tests; the scheduled probe runs every second). */
    public void probeNow() {
        try {
            prober.submit(this::probe).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void probe() {
        long now = System.nanoTime();
        try {
            markPrimary(now);
            Long replayed = replayedLsn();
            if (replayed == null) {
                set(true, "up (not a standby)");
                return;
            }
            Mark reached = null;
            synchronized (marks) {
                for (Mark m : marks) {
                    if (m.lsn() <= replayed) {
                        reached = m; // marks are oldest first: keep the newest reached
                    }
                }
                while (marks.size() > 1 && marks.peekFirst() != reached && marks.peekFirst().lsn() <= replayed) {
                    marks.pollFirst();
                }
            }
            long lag = reached == null ? Long.MAX_VALUE : now - reached.nanos();
            if (lag <= maxLagNanos) {
                set(true, "up, lag ≤ " + Duration.ofNanos(lag).toMillis() + " ms");
            } else {
                set(false, reached == null ? "lagging (behind every noted primary position)"
                        : "lagging " + Duration.ofNanos(lag).toMillis() + " ms");
            }
        } catch (Exception e) {
            replicaFailed(e);
        }
    }

    private void set(boolean up, String s) {
        if (up && !usable) {
            log.info("read replica usable: {}", s);
        } else if (!up && usable) {
            log.warn("read replica not used: {}", s);
        }
        usable = up;
        state = s;
    }

    /** Notes the primary's WAL position (PostgreSQL only; the probe's own connection, never a request's). */
    private void markPrimary(long now) {
        try (Connection c = primary.getConnection(); Statement s = c.createStatement()) {
            if (!c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")) {
                return;
            }
            try (ResultSet r = s.executeQuery("select case when pg_is_in_recovery() then null "
                    + "else pg_current_wal_lsn()::text end")) {
                String lsn = r.next() ? r.getString(1) : null;
                if (lsn != null) {
                    synchronized (marks) {
                        marks.addLast(new Mark(now, lsn(lsn)));
                        while (marks.size() > 600) {
                            marks.pollFirst();
                        }
                    }
                }
            }
        } catch (SQLException e) {
            log.debug("primary WAL position not read: {}", e.toString());
        }
    }

    /** The replica's replayed WAL position; null when it is not a PostgreSQL standby. */
    private Long replayedLsn() throws SQLException {
        try (Connection c = replica.getConnection(); Statement s = c.createStatement()) {
            if (!c.getMetaData().getDatabaseProductName().startsWith("PostgreSQL")) {
                if (!c.isValid(2)) {
                    throw new SQLException("replica connection not valid");
                }
                return null;
            }
            try (ResultSet r = s.executeQuery("select case when pg_is_in_recovery() "
                    + "then pg_last_wal_replay_lsn()::text end")) {
                String lsn = r.next() ? r.getString(1) : null;
                return lsn == null ? null : lsn(lsn);
            }
        }
    }

    static long lsn(String text) {
        int slash = text.indexOf('/');
        return (Long.parseLong(text.substring(0, slash), 16) << 32) | Long.parseLong(text.substring(slash + 1), 16);
    }

    @Override
    public void close() throws Exception {
        prober.shutdownNow();
        replica.close();
        if (primary instanceof AutoCloseable c) {
            c.close();
        }
    }
}
