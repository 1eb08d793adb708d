package cn.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.HonoursFixture;
import cn.jifen.ledger.Ledger;
import cn.jifen.noticeboard.Board;
import cn.jifen.shared.ReadReplica;
import cn.jifen.shared.ReadRouting;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * With JIFEN_DB_READ_URL set (here: a second pool on the test database itself, standing in for the replica), the
 * public board is assembled on a replica connection and a posting is written on the primary.
 */
@IntegrationTest
class ReadReplicaTest {
    @DynamicPropertySource
    static void databaseAndReplica(DynamicPropertyRegistry registry) {
        Map<String, Supplier<Object>> props = new HashMap<>();
        TestDatabase.register((name, value) -> {
            props.put(name, value);
            registry.add(name, value);
        });
        registry.add("jifen.db.read-url", props.get("spring.datasource.url"));
    }

    @Autowired DataSource dataSource;
    @Autowired ReadReplica replica;
    @Autowired MockMvc mvc;
    @Autowired Board board;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired PlatformTransactionManager transactions;

    ReadRouting routing;

    @BeforeEach
    void replicaProbed() {
        routing = (ReadRouting) dataSource;
        routing.probeNow();
        assertThat(routing.usable()).as(routing.state()).isTrue();
    }

    @Test
    void theReplicaIsConfigured() {
        assertThat(replica.configured()).isTrue();
    }

    @Test
    void aPublicBoardIsAssembledOnTheReplica() throws Exception {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 2);
        f.earn(0, 40);
        board.evict(f.village.id());
        long before = routing.replicaConnections();

        int status = mvc.perform(get("/board/" + f.village.code())).andReturn().getResponse().getStatus();

        assertThat(status).isEqualTo(200);
        assertThat(routing.replicaConnections()).isEqualTo(before + 1);
    }

    @Test
    void aPostingIsWrittenOnThePrimary() {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 1);
        long before = routing.replicaConnections();

        f.earn(0, 15);

        assertThat(routing.replicaConnections()).isEqualTo(before);
        assertThat(ledger.balance(f.village.id(), f.h(0).id())).isEqualTo(15);
    }

    @Test
    void aReadInsideAnOpenTransactionStaysOnThePrimary() {
        long before = routing.replicaConnections();
        new TransactionTemplate(transactions).executeWithoutResult(s -> replica.read(() -> jdbc.sql("select 1").query(Integer.class).single()));
        assertThat(routing.replicaConnections()).isEqualTo(before);
    }
}
