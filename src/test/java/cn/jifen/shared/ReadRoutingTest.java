package cn.jifen.shared;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionSystemException;

/**
 * The read routing on two small in-memory databases, each knowing its own name: a read is answered by the replica
 * while it is usable, and by the primary — without an error — when the replica is a dead port, disappears between
 * two probes, or breaks in the middle of a read.
 */
class ReadRoutingTest {
    private HikariDataSource primary;
    private HikariDataSource replica;
    private ReadRouting routing;

    private static HikariDataSource database(String name) {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
        JdbcClient.create(ds).sql("create table if not exists whoami (name varchar(20))").update();
        JdbcClient.create(ds).sql("delete from whoami").update();
        JdbcClient.create(ds).sql("insert into whoami values ('" + name + "')").update();
        return ds;
    }

    private static HikariDataSource deadPort() {
        HikariDataSource ds = new HikariDataSource();
        ds.setJdbcUrl("jdbc:postgresql://127.0.0.1:18399/nothing");
        ds.setConnectionTimeout(1000);
        ds.setInitializationFailTimeout(-1);
        return ds;
    }

    private ReadReplica readReplica(HikariDataSource replicaPool) {
        primary = database("rr_primary");
        replica = replicaPool;
        routing = new ReadRouting(primary, replica, Duration.ofSeconds(5), Duration.ofHours(1));
        routing.probeNow();
        return new ReadReplica(routing, new DataSourceTransactionManager(routing));
    }

    private String whoAnswers(ReadReplica r) {
        return r.read(() -> JdbcClient.create(routing).sql("select name from whoami").query(String.class).single());
    }

    @AfterEach
    void close() throws Exception {
        if (routing != null) {
            routing.close();
        }
    }

    @Test
    void aReadIsAnsweredByTheReplicaWhileItIsUsable() {
        ReadReplica r = readReplica(database("rr_replica"));
        assertThat(routing.usable()).as(routing.state()).isTrue();
        assertThat(whoAnswers(r)).isEqualTo("rr_replica");
        assertThat(routing.replicaConnections()).isEqualTo(1);
    }

    @Test
    void aWriteOutsideAReadGoesToThePrimary() {
        readReplica(database("rr_replica"));
        JdbcClient.create(routing).sql("insert into whoami values ('written')").update();
        assertThat(JdbcClient.create(primary).sql("select count(*) from whoami where name = 'written'")
                .query(Integer.class).single()).isEqualTo(1);
        assertThat(routing.replicaConnections()).isZero();
    }

    @Test
    void readsGoToThePrimaryWithoutAnErrorWhenTheReplicaIsADeadPort() {
        ReadReplica r = readReplica(deadPort());
        assertThat(routing.usable()).isFalse();
        assertThat(whoAnswers(r)).isEqualTo("rr_primary");
        assertThat(routing.fallbacks()).isEqualTo(1);
    }

    @Test
    void aReplicaGoneBetweenTwoProbesCostsTheReadNothing() {
        ReadReplica r = readReplica(database("rr_replica"));
        assertThat(routing.usable()).isTrue();
        replica.close(); // its connections refused from now on; the probe has not noticed yet

        assertThat(whoAnswers(r)).isEqualTo("rr_primary");
        assertThat(routing.usable()).isFalse();
    }

    @Test
    void aReplicaConnectionBrokenInTheMiddleOfAReadIsRetriedOnThePrimary() {
        ReadReplica r = readReplica(database("rr_replica"));
        AtomicInteger attempts = new AtomicInteger();

        String answer = r.read(() -> {
            String name = JdbcClient.create(routing).sql("select name from whoami").query(String.class).single();
            if (attempts.incrementAndGet() == 1) {
                throw new DataAccessResourceFailureException("connection lost",
                        new SQLException("terminating connection due to administrator command", "57P01"));
            }
            return name;
        });

        assertThat(answer).isEqualTo("rr_primary");
        assertThat(attempts).hasValue(2);
        assertThat(routing.usable()).isFalse();
    }

    @Test
    void aReadWhoseRollbackFailedOnTheBrokenReplicaIsRetriedOnThePrimary() {
        ReadReplica r = readReplica(database("rr_replica"));
        AtomicInteger attempts = new AtomicInteger();

        String answer = r.read(() -> {
            String name = JdbcClient.create(routing).sql("select name from whoami").query(String.class).single();
            if (attempts.incrementAndGet() == 1) {
                throw new TransactionSystemException("JDBC rollback failed"); // what replaces the cut-off query's error
            }
            return name;
        });

        assertThat(answer).isEqualTo("rr_primary");
        assertThat(routing.usable()).isFalse();
    }

    @Test
    void anErrorThatIsNotALostConnectionIsNotRetried() {
        ReadReplica r = readReplica(database("rr_replica"));
        AtomicInteger attempts = new AtomicInteger();
        try {
            r.read(() -> {
                attempts.incrementAndGet();
                throw new IllegalArgumentException("a bug, not the replica");
            });
        } catch (IllegalArgumentException expected) {
            // the caller sees the error itself
        }
        assertThat(attempts).hasValue(1);
        assertThat(routing.usable()).isTrue();
    }

    @Test
    void walPositionsAreComparedAsNumbers() {
        assertThat(ReadRouting.lsn("0/16B3748")).isEqualTo(0x16B3748L);
        assertThat(ReadRouting.lsn("1/0")).isGreaterThan(ReadRouting.lsn("0/FFFFFFFF"));
    }
}
