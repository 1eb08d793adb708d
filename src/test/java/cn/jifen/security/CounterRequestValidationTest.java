package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The counter's and the villager's basket ({@code BasketRequest}, its lines {@code Redemptions.Item}) and a 六有 check
 * ({@code Supermarkets.CheckDraft}) and the keeper's stock bookings ({@code StockBook.Purchase}, …) carry their field
 * rules as constraints, checked after the supermarket's access
 * check: a broken rule is a 422 naming the field in Chinese with nothing written; a caller who may not sell, reserve
 * or check there hears 403 or 404 whatever the body holds. Everything is tried at 龙南村积分超市.
 */
@IntegrationTest
class CounterRequestValidationTest extends SecuritySupport {
    private static final String PASSBOOK = Matrix.SJ_LN + "-0001";

    /** villageId/supermarketId of 龙南村积分超市 (demo-keeper's). */
    private String longnan() {
        return jdbc.sql("SELECT village_id, id FROM supermarket WHERE name = '龙南村积分超市'")
                .query((rs, i) -> rs.getLong(1) + "/" + rs.getLong(2)).single();
    }

    private long written() {
        return count("SELECT COUNT(*) FROM redemption") + count("SELECT COUNT(*) FROM reservation")
                + count("SELECT COUNT(*) FROM ledger_entry") + count("SELECT COUNT(*) FROM standard_check")
                + count("SELECT COUNT(*) FROM stock_movement");
    }

    /** villageId/productId of a product of 龙南村积分超市. */
    private String longnanProduct() {
        return jdbc.sql("SELECT p.village_id, p.id FROM product p JOIN supermarket s ON s.village_id = p.village_id"
                        + " AND s.id = p.supermarket_id WHERE s.name = '龙南村积分超市' ORDER BY p.id")
                .query((rs, i) -> rs.getLong(1) + "/" + rs.getLong(2)).list().get(0);
    }

    private MvcResult purchase(String token, String body) {
        return api("POST", "/api/v1/products/" + longnanProduct() + "/purchases", token, body);
    }

    private MvcResult redeem(String token, String items, String cash) {
        return api("POST", "/api/v1/supermarkets/" + longnan() + "/redemptions", token,
                "{\"passbookNumber\":" + q(PASSBOOK) + ",\"items\":" + items + (cash == null ? "" : ",\"cashYuan\":" + cash)
                        + "}", "Idempotency-Key", unique("R"));
    }

    private MvcResult reserve(String token, String items) {
        return api("POST", "/api/v1/supermarkets/" + longnan() + "/reservations", token, "{\"items\":" + items + "}",
                "Idempotency-Key", unique("B"));
    }

    private MvcResult check(String token, String body) {
        return api("POST", "/api/v1/supermarkets/" + longnan() + "/standards", token, body);
    }

    @Test
    void aCounterLineOfNoQuantityIsRefusedNamingTheLineInChineseAndNothingIsSold() {
        long before = written();
        MvcResult r = redeem(tokenFor(Who.KEEPER), "[{\"productId\":1,\"quantity\":0}]", null);
        assertField(r, 0, "items[0].quantity", "数量须是 1 到 999 之间的整数。");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aCashTopUpOfThreeDecimalsIsRefusedNamingItInChineseAndNothingIsSold() {
        long before = written();
        MvcResult r = redeem(tokenFor(Who.KEEPER), "[{\"productId\":1,\"quantity\":1}]", "1.234");
        assertField(r, 0, "cashYuan", "金额须是大于 0 的数，最多两位小数（如 12.50），不超过 100 万元。");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aBadBasketFromSomeoneWhoMayNotSellThereIsRefusedForTheAccessNotForTheBasket() {
        long before = written();
        String bad = "[{\"productId\":null,\"quantity\":0}]";
        assertThat(redeem(tokenFor(Who.VILLAGE_ADMIN), bad, "1.234").getResponse().getStatus()).isEqualTo(404);
        assertThat(redeem(tokenFor(Who.VILLAGER), bad, "1.234").getResponse().getStatus()).isEqualTo(403);
        assertThat(redeem(tokenFor(Who.AUDITOR), bad, "1.234").getResponse().getStatus()).isEqualTo(403);
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void anEmptyReservationIsRefusedInChineseAndNothingIsHeld() {
        long before = written();
        assertField(reserve(tokenFor(Who.VILLAGER), "[]"), 0, "items", "兑换清单是空的，请至少选一件物品。");
        assertField(reserve(tokenFor(Who.VILLAGER), "[{\"productId\":1,\"quantity\":1000}]"), 0, "items[0].quantity",
                "数量须是 1 到 999 之间的整数。");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aBadReservationFromSomeoneWhoIsNotAVillagerIsRefusedForTheRoleNotForTheBasket() {
        long before = written();
        assertThat(reserve(tokenFor(Who.KEEPER), "[]").getResponse().getStatus()).isEqualTo(403);
        assertThat(reserve(tokenFor(Who.VILLAGE_ADMIN), "[]").getResponse().getStatus()).isEqualTo(403);
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aCheckOfNoKnownStandardWithMarkupInItsNoteIsRefusedNamingEachFieldAndNothingIsRecorded() {
        long before = written();
        MvcResult r = check(token("demo-village", "demo-village"), "{\"standard\":\"FOO\",\"note\":\"<b>好</b>\"}");
        assertField(r, 0, "standard", "标准须是“六有”之一：有场地、有牌子、有货品、有制度、有台账、有管理。");
        assertField(r, 1, "met", "不能为空，请填写。");
        assertField(r, 2, "note", "不能包含 < > 等符号或控制字符，请只填写文字。");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aBadCheckFromSomeoneWhoDoesNotOverseeTheSupermarketIsRefusedForTheAccessNotForTheCheck() {
        long before = written();
        String bad = "{\"standard\":\"FOO\",\"note\":\"<b>好</b>\"}";
        assertThat(check(tokenFor(Who.KEEPER), bad).getResponse().getStatus()).isEqualTo(403);
        assertThat(check(tokenFor(Who.VILLAGE_ADMIN), bad).getResponse().getStatus()).isEqualTo(404);
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aPurchaseOfNothingFromNoSupplierIsRefusedNamingEachFieldAndNothingIsBooked() {
        long before = written();
        MvcResult r = purchase(tokenFor(Who.KEEPER), "{\"quantity\":0,\"costYuan\":0,\"supplier\":\" \"}");
        assertField(r, 0, "quantity", "数量须是 1 到 100,000 之间的整数。");
        assertField(r, 1, "costYuan", "金额须是大于 0 的数，最多两位小数（如 12.50），不超过 100 万元。");
        assertField(r, 2, "supplier", "不能为空，请填写。");
        assertField(r, 3, "fundId", "请选择支付这笔进货的资金来源。");
        assertThat(written()).isEqualTo(before);
    }

    @Test
    void aBadPurchaseFromSomeoneWhoMayNotStockThereIsRefusedForTheAccessNotForTheBooking() {
        long before = written();
        String bad = "{\"quantity\":0,\"costYuan\":0,\"supplier\":\" \"}";
        assertThat(purchase(tokenFor(Who.VILLAGE_ADMIN), bad).getResponse().getStatus()).isEqualTo(404);
        assertThat(purchase(tokenFor(Who.VILLAGER), bad).getResponse().getStatus()).isEqualTo(403);
        assertThat(written()).isEqualTo(before);
    }
}
