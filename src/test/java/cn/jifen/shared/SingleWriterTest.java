package cn.jifen.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The embedded H2 database lets one transaction write at a time; readers never wait. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SingleWriterTest {
    @TempDir Path dir;
    private SingleWriter db;

    @BeforeEach
    void database() throws SQLException {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:file:" + dir.resolve("w") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;WRITE_DELAY=0");
        h2.setUser("sa");
        db = new SingleWriter(h2, Duration.ofMillis(1500));
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
            s.execute("INSERT INTO t VALUES (1, 0)");
        }
        assertThat(db.writing()).as("an autocommit statement gives the lock back at once").isFalse();
    }

    @Test
    void readingStatementsAreToldApartFromWritingOnes() {
        assertThat(SingleWriter.readsOnly("SELECT v FROM t WHERE id = ?")).isTrue();
        assertThat(SingleWriter.readsOnly("  /* board */ select count(*) from t")).isTrue();
        assertThat(SingleWriter.readsOnly("WITH x AS (SELECT 1) SELECT * FROM x")).isTrue();
        assertThat(SingleWriter.readsOnly("SELECT updated_at FROM t")).isTrue();
        assertThat(SingleWriter.readsOnly("SELECT v FROM t WHERE id = 1 FOR UPDATE")).isFalse();
        assertThat(SingleWriter.readsOnly("WITH d AS (DELETE FROM t RETURNING id) SELECT * FROM d")).isFalse();
        assertThat(SingleWriter.readsOnly("INSERT INTO t VALUES (2, 0)")).isFalse();
        assertThat(SingleWriter.readsOnly("MERGE INTO t KEY (id) VALUES (1, 1)")).isFalse();
        assertThat(SingleWriter.readsOnly("SET WRITE_DELAY 0")).isFalse();
        assertThat(SingleWriter.readsOnly(null)).isFalse();
    }

    @Test
    void aSecondWriterWaitsUntilTheFirstTransactionCommits() throws Exception {
        try (Connection first = db.getConnection()) {
            first.setAutoCommit(false);
            update(first, "UPDATE t SET v = 1 WHERE id = 1");
            CompletableFuture<Integer> second = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.getConnection()) {
                    return update(c, "INSERT INTO t VALUES (2, 0)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            Thread.sleep(300);
            assertThat(second).as("the second writer waits for the first transaction").isNotDone();
            first.commit();
            assertThat(second.get(5, TimeUnit.SECONDS)).isEqualTo(1);
        }
        assertThat(db.writing()).isFalse();
    }

    @Test
    void readersDoNotWaitForAWriter() throws Exception {
        try (Connection writer = db.getConnection()) {
            writer.setAutoCommit(false);
            update(writer, "UPDATE t SET v = 7 WHERE id = 1");
            int seen = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.getConnection();
                     ResultSet rs = c.prepareStatement("SELECT v FROM t WHERE id = 1").executeQuery()) {
                    rs.next();
                    return rs.getInt(1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get(2, TimeUnit.SECONDS);
            assertThat(seen).as("the reader sees the last committed value, at once").isZero();
            writer.rollback();
        }
    }

    @Test
    void anInnerTransactionOnTheSameThreadMayWriteWhileTheOuterOneHoldsTheLock() throws Exception {
        try (Connection outer = db.getConnection(); Connection inner = db.getConnection()) {
            outer.setAutoCommit(false);
            inner.setAutoCommit(false);
            update(outer, "UPDATE t SET v = 1 WHERE id = 1");
            update(inner, "INSERT INTO t VALUES (3, 0)");
            inner.commit();
            assertThat(db.writing()).as("the outer transaction still holds it").isTrue();
            outer.commit();
        }
        assertThat(db.writing()).isFalse();
    }

    @Test
    void rollbackCloseAndLockingReadsEndOrTakeTheLock() throws Exception {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = 1 FOR UPDATE")) {
                p.executeQuery().close();
            }
            assertThat(db.writing()).as("SELECT … FOR UPDATE locks rows: it takes the lock").isTrue();
            c.rollback();
            assertThat(db.writing()).isFalse();
            update(c, "UPDATE t SET v = 2 WHERE id = 1");
            assertThat(db.writing()).isTrue();
        }
        assertThat(db.writing()).as("closing the connection ends its transaction").isFalse();
    }

    @Test
    void aWriterThatWaitsTooLongIsRefusedLikeARowLockTimeout() throws Exception {
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch done = new CountDownLatch(1);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> {
            try (Connection c = db.getConnection()) {
                c.setAutoCommit(false);
                update(c, "UPDATE t SET v = 5 WHERE id = 1");
                holding.countDown();
                done.await(10, TimeUnit.SECONDS);
                c.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(holding.await(5, TimeUnit.SECONDS)).isTrue();
        try (Connection c = db.getConnection()) {
            assertThatThrownBy(() -> update(c, "INSERT INTO t VALUES (4, 0)"))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("HYT00"));
        } finally {
            done.countDown();
            other.get(5, TimeUnit.SECONDS);
        }
        try (Connection c = db.getConnection(); ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM t")) {
            rs.next();
            assertThat(rs.getInt(1)).as("nothing of the refused write").isEqualTo(1);
        }
    }

    @Test
    void whileSuspendedForTheDemoLoadWritersDoNotWaitForEachOther() throws Exception {
        db.suspend();
        try (Connection first = db.getConnection()) {
            first.setAutoCommit(false);
            update(first, "UPDATE t SET v = 1 WHERE id = 1");
            assertThat(db.writing()).isFalse();
            int inserted = CompletableFuture.supplyAsync(() -> {
                try (Connection c = db.getConnection()) {
                    return update(c, "INSERT INTO t VALUES (5, 0)");
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            }).get(2, TimeUnit.SECONDS);
            assertThat(inserted).isEqualTo(1);
            first.commit();
        } finally {
            db.resume();
        }
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            update(c, "UPDATE t SET v = 2 WHERE id = 1");
            assertThat(db.writing()).as("resumed: writers take the lock again").isTrue();
            c.rollback();
        }
    }

    @Test
    void onlyTheEmbeddedFileDatabaseIsGuardedByDefault() {
        assertThat(SingleWriterConfig.waitFor("jdbc:h2:file:./data/jifen;LOCK_TIMEOUT=20000;WRITE_DELAY=0"))
                .isEqualTo(Duration.ofSeconds(20));
        assertThat(SingleWriterConfig.guards("auto", "jdbc:h2:file:./data/jifen")).isTrue();
        assertThat(SingleWriterConfig.guards("auto", "jdbc:h2:mem:test")).isFalse();
        assertThat(SingleWriterConfig.guards("auto", "jdbc:postgresql://127.0.0.1/test")).isFalse();
        assertThat(SingleWriterConfig.guards("false", "jdbc:h2:file:./data/jifen")).isFalse();
        assertThat(SingleWriterConfig.guards("true", "jdbc:h2:mem:test")).isTrue();
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (PreparedStatement p = c.prepareStatement(sql)) {
            return p.executeUpdate();
        }
    }
}
