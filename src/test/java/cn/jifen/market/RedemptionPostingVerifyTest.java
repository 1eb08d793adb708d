package cn.jifen.market;

import static cn.jifen.market.MarketFixture.items;
import static cn.jifen.market.MarketFixture.key;
import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The ledger's verify cross-checks the supermarket's records (through RedemptionPostings): a redemption
 * whose posting was deleted, even with every ledger row set back to an authentic older copy, is named;
 * so is a redemption posting whose redemption was deleted.
 */
@IntegrationTest
class RedemptionPostingVerifyTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Redemptions redemptions;
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired JdbcClient jdbc;

    MarketFixture f;
    Product oil;

    @BeforeEach
    void market() {
        f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds, windows,
                ledger), 1);
        f.earn(0, 100);
        oil = f.product("食用油", 30, 5, "32.00");
    }

    private List<Map<String, Object>> rows(String table) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE village_id = ?").param(f.v()).query().listOfRows();
    }

    private void restore(String table, Map<String, Object> row, String... keys) {
        List<String> k = List.of(keys);
        for (var e : row.entrySet()) {
            if (!k.contains(e.getKey().toLowerCase(Locale.ROOT))) {
                var spec = jdbc.sql("UPDATE " + table + " SET " + e.getKey() + " = ? WHERE village_id = ?"
                        + (k.contains("id") ? " AND id = ?" : "")).param(e.getValue()).param(f.v());
                if (k.contains("id")) {
                    spec = spec.param(row.entrySet().stream().filter(c -> c.getKey().equalsIgnoreCase("id")).findFirst()
                            .orElseThrow().getValue());
                }
                spec.update();
            }
        }
    }

    @Test
    void aRedemptionWhosePostingWasDeletedIsNamedEvenWithTheLedgerRowsSetBack() {
        var accounts = rows("ledger_account");
        var head = rows("ledger_village");
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key());
        jdbc.sql("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ?").param(f.v()).param(r.postingId()).update();
        accounts.forEach(a -> restore("ledger_account", a, "village_id", "id"));
        head.forEach(h -> restore("ledger_village", h, "village_id"));

        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as("%s", report).isFalse();
        assertThat(report.brokenVillageId()).isEqualTo(f.v());
        assertThat(report.problem()).contains("兑换记录 " + f.v() + "/" + r.id()).contains(r.postingId().toString())
                .contains("不存在");
    }

    @Test
    void aRedemptionPostingWhoseRedemptionWasDeletedIsNamed() {
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key());
        jdbc.sql("DELETE FROM stock_movement WHERE village_id = ? AND redemption_id = ?").param(f.v()).param(r.id()).update();
        jdbc.sql("DELETE FROM redemption_line WHERE village_id = ? AND redemption_id = ?").param(f.v()).param(r.id()).update();
        assertThat(jdbc.sql("DELETE FROM redemption WHERE village_id = ? AND id = ?").param(f.v()).param(r.id()).update())
                .isEqualTo(1);

        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as("%s", report).isFalse();
        assertThat(report.brokenHouseholdId()).isEqualTo(f.h(0).id());
        assertThat(report.problem()).contains(r.postingId().toString()).contains("没有对应的兑换记录");
    }

    @Test
    void anUntouchedSupermarketVillageVerifiesIntact() {
        Redemption r = redemptions.redeem(f.keeper, f.v(), f.supermarketId, f.number(0), items(oil.id(), 1), key());
        redemptions.cancel(f.admin, f.v(), r.id(), "顾客退货");

        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as("%s", report).isTrue();
    }
}
