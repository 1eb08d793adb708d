package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * A run posts every due claim once, even when more than a chunk (500) of the earliest-recorded due claims
 * cannot be posted: here their rule item version can no longer be read (rows carried over from an older
 * system, naming an item this catalogue does not have), so each of their postings throws and rolls back.
 * The claims recorded after them are posted in the same run; the failing ones stay due for the next.
 * (The every-minute run is kept out of the way, as in DuePostingVolumeTest, so what is posted is this run's.)
 */
@IntegrationTest
@TestPropertySource(properties = {"jifen.claims.expiry-initial-delay-ms=86400000", "jifen.claims.expiry-interval-ms=86400000"})
class DuePostingFailingHeadTest extends Db {
    static final int FAILING = 600;
    static final int GOOD = 3;

    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcTemplate jdbcTemplate;
    @Autowired JdbcClient jdbc;

    ClaimFixture f;

    @BeforeEach
    void failingHeadThenGoodClaims() {
        f = new ClaimFixture(orgUnits, households, catalogue, 2);
        RuleItem item = f.item().points(1, 50).create();
        Timestamp ended = Timestamp.from(Instant.now().minusSeconds(86_400));
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < FAILING; i++) { // recorded ten days ago, for an item version no catalogue has
            rows.add(row(0, -1L, 1, "GONE", Instant.now().minusSeconds(86_400 * 10).plusMillis(i), ended));
        }
        for (int i = 0; i < GOOD; i++) { // recorded eight days ago, after all of them
            rows.add(row(1, item.itemId(), item.version(), item.code(), Instant.now().minusSeconds(86_400 * 8).plusMillis(i),
                    ended));
        }
        jdbcTemplate.batchUpdate("""
                INSERT INTO claim (village_id, household_id, item_id, item_version, item_code, points, occurred_on, status,
                                   recorded_by, recorded_by_name, recorder_role, recorded_at, decided_by, decided_by_name,
                                   decided_at, publicity_ends_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, 'IN_PUBLICITY', ?, ?, 'GRID_WORKER', ?, ?, ?, ?, ?)""", rows);
    }

    /** The unpostable claims would stay due forever in the shared test county and skew other tests' county counts. */
    @AfterEach
    void removeTheUnpostableClaims() {
        jdbc.sql("DELETE FROM claim WHERE village_id = :v AND item_code = 'GONE' AND status = 'IN_PUBLICITY'")
                .param("v", f.v()).update();
    }

    private Object[] row(int household, long itemId, int version, String code, Instant recorded, Timestamp ended) {
        return new Object[] {f.v(), f.h(household).id(), itemId, version, code, 5, Date.valueOf(f.today),
                f.gridWorker.userId(), f.gridWorker.username(), Timestamp.from(recorded), f.admin1.userId(),
                f.admin1.username(), Timestamp.from(recorded), ended};
    }

    private long withStatus(int household, String status) {
        return jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v AND household_id = :h AND status = :s")
                .param("v", f.v()).param("h", f.h(household).id()).param("s", status).query(Long.class).single();
    }

    @Test
    void theScheduledRunPostsTheClaimsAfterMoreThanAChunkOfFailingOnes() {
        assertThat(claims.settleDue(f.v())).isEqualTo(GOOD);

        assertThat(withStatus(1, "POSTED")).isEqualTo(GOOD);
        assertThat(ledger.balance(f.v(), f.h(1).id())).isEqualTo(5L * GOOD);
        assertThat(withStatus(0, "IN_PUBLICITY")).as("the failing claims stay due, untouched").isEqualTo(FAILING);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isZero();
    }

    @Test
    void runNowPostsTheClaimsAfterMoreThanAChunkOfFailingOnes() {
        assertThat(claims.postDueNow(f.admin1, f.village.code())).isEqualTo(GOOD);

        assertThat(withStatus(1, "POSTED")).isEqualTo(GOOD);
        assertThat(withStatus(0, "IN_PUBLICITY")).isEqualTo(FAILING);
    }
}
