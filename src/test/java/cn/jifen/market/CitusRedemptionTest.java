package cn.jifen.market;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.PostingKind;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A redemption on a Citus cluster (docs/citus.md): the redemption, its lines and stock movements are stored on the
 * supermarket's village shard, the posting on the household's. Where the two share a village it is one shard; where
 * a town supermarket serves another village's household, the two villages' shards sit on different workers and one
 * Citus distributed transaction (two-phase commit) writes both. Tagged citus-only: the H2 and PostgreSQL runs leave
 * it out (pom.xml) and the -Pcitus run includes it, since only a cluster has shards to tell apart (the same
 * redemptions run on H2 and PostgreSQL in MarketTest and SupermarketAdminTest).
 */
@IntegrationTest
@Tag("citus-only")
class CitusRedemptionTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired SupermarketAdmin supermarketAdmin;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired JdbcClient jdbc;

    private MarketFixture fixture() {
        return new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds,
                windows, ledger), 1);
    }

    /** The port of the worker holding the shard of {@code table} for a village. */
    private int worker(String table, long villageId) {
        return jdbc.sql("SELECT s.nodeport FROM citus_shards s WHERE s.shardid = "
                        + "get_shard_id_for_distribution_column(CAST(:t AS regclass), :v)")
                .param("t", table).param("v", villageId).query(Integer.class).single();
    }

    private long shard(String table, long villageId) {
        return jdbc.sql("SELECT get_shard_id_for_distribution_column(CAST(:t AS regclass), :v)")
                .param("t", table).param("v", villageId).query(Long.class).single();
    }

    @Test
    void aSameVillageRedemptionKeepsRedemptionMovementsAndPostingOnOneWorker() {
        MarketFixture f = fixture();
        f.earn(0, 100);
        Product soap = f.product("香皂", 5, 10, null);

        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0),
                MarketFixture.items(soap.id(), 2), MarketFixture.key());

        assertThat(r.balanceAfter()).isEqualTo(90);
        assertThat(f.stock(soap.id())).isEqualTo(8);
        assertThat(worker("redemption", f.v())).isEqualTo(worker("ledger_entry", f.v()))
                .isEqualTo(worker("stock_movement", f.v()));
        // co-located: the same hash range, hence the same shard index of each table
        assertThat(jdbc.sql("SELECT COUNT(*) FROM redemption WHERE village_id = :v AND posting_id = :p")
                .param("v", f.v()).param("p", r.postingId()).query(Long.class).single()).isEqualTo(1);
        assertThat(ledger.statement(f.v(), f.h(0).id(), 0, 1).get(0).kind()).isEqualTo(PostingKind.REDEEM);
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }

    @Test
    void aTownSupermarketRedeemsForAnotherVillagesHouseholdAcrossWorkersInOneTransaction() {
        MarketFixture shop = fixture();
        MarketFixture home = fixture();
        // a second village whose shard lies on the other worker (4 shards over 2 workers: a few tries at most)
        for (int i = 0; i < 12 && worker("ledger_entry", home.v()) == worker("redemption", shop.v()); i++) {
            home = fixture();
        }
        assertThat(worker("ledger_entry", home.v())).as("a village on the other worker")
                .isNotEqualTo(worker("redemption", shop.v()));
        Actor town = Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow());
        supermarketAdmin.update(town, shop.supermarketId, null, null, List.of(home.village.code()));
        home.earn(0, 100);
        Product rice = shop.product("大米", 30, 5, "32.00");

        Redemption r = redemptions.redeem(shop.keeper, shop.v(), shop.supermarketId, home.number(0),
                MarketFixture.items(rice.id(), 2), MarketFixture.key());

        assertThat(r.balanceAfter()).isEqualTo(40);
        assertThat(home.balance(0)).isEqualTo(40);
        assertThat(shop.stock(rice.id())).isEqualTo(3);
        assertThat(shard("redemption", shop.v())).isNotEqualTo(shard("ledger_entry", home.v()));
        assertThat(jdbc.sql("SELECT household_village_id FROM redemption WHERE village_id = :v AND id = :id")
                .param("v", shop.v()).param("id", r.id()).query(Long.class).single()).isEqualTo(home.v());
        assertThat(ledger.statement(home.v(), home.h(0).id(), 0, 1).get(0).postingId()).isEqualTo(r.postingId());
        assertThat(goods.reconcile(shop.v())).isEmpty();
        assertThat(verifier.verify(home.v()).intact()).isTrue();
        assertThat(verifier.verify(shop.v()).intact()).isTrue();
    }
}
