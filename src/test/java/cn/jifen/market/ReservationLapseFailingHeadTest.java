package cn.jifen.market;

import cn.jifen.market.internal.ReservationSql;
import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.ArgumentMatchers.longThat;
import static org.mockito.Mockito.doThrow;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * A lapse run reaches every due reservation once, even when more than a chunk (500) of the soonest-due ones
 * cannot be released: here their row lock cannot be had (as when another transaction holds them past the lock
 * timeout), injected through a spy on the market's SQL. The reservations due after them lapse in the same run;
 * the failing ones stay held for the next. (The every-minute run is kept out of the way.)
 */
@IntegrationTest
@TestPropertySource(properties = {"jifen.market.lapse-initial-delay-ms=86400000", "jifen.market.lapse-interval-ms=86400000"})
class ReservationLapseFailingHeadTest extends Db {
    static final int FAILING = 600;

    @MockitoSpyBean ReservationSql marketSql;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Reservations reservations;
    @Autowired Ledger ledger;
    @Autowired JdbcTemplate jdbcTemplate;
    @Autowired JdbcClient jdbc;

    @Test
    void theReservationsDueAfterMoreThanAChunkOfFailingOnesLapseInTheSameRun() {
        MarketFixture f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 2);
        f.earn(1, 100);
        Product oil = f.product("花生油", 10, 5, null);
        Reservation good = reservations.reserve(Actors.villager(f.village, f.h(1).id()), f.v(), f.supermarketId,
                items(oil.id(), 2), key());
        jdbc.sql("UPDATE reservation SET expires_at = :t WHERE village_id = :v AND id = :id")
                .param("t", OffsetDateTime.now().minusDays(1)).param("v", f.v()).param("id", good.id()).update();
        // held reservations of the other household, due days before the good one
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < FAILING; i++) {
            Timestamp due = Timestamp.from(Instant.now().minusSeconds(86_400 * 5).plusMillis(i));
            rows.add(new Object[] {f.v(), f.supermarketId, f.v(), f.h(0).id(), f.number(0), due, due, "head-" + i + "-" + key()});
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO reservation (village_id, supermarket_id, household_village_id, household_id, passbook_number,
                                         points, status, expires_at, created_by, created_at, idempotency_key)
                VALUES (?, ?, ?, ?, ?, 1, 'HELD', ?, 'test', ?, ?)""", rows);
        List<Long> failing = jdbc.sql("SELECT id FROM reservation WHERE village_id = :v AND household_id = :h")
                .param("v", f.v()).param("h", f.h(0).id()).query(Long.class).list();
        assertThat(failing).hasSize(FAILING);
        doThrow(new CannotAcquireLockException("lock timeout (test)")).when(marketSql)
                .lockReservation(eq(f.v()), longThat(failing::contains));

        reservations.lapseDue();

        assertThat(status(f, good.id())).isEqualTo("LAPSED");
        assertThat(f.stock(oil.id())).as("its goods are back").isEqualTo(5);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM reservation WHERE village_id = :v AND household_id = :h AND status = 'HELD'")
                .param("v", f.v()).param("h", f.h(0).id()).query(Long.class).single())
                .as("the failing ones stay held for the next run").isEqualTo(FAILING);
    }

    private String status(MarketFixture f, long id) {
        return jdbc.sql("SELECT status FROM reservation WHERE village_id = :v AND id = :id").param("v", f.v())
                .param("id", id).query(String.class).single();
    }
}
