package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may use the wish list's pages and API (/me/wishes, /console/wishes, /api/v1/wishes): villagers in the
 * supermarket serving their own village only; the supermarket's keeper and its village's admins propose at the
 * counter, fulfil and decline; the village's grid worker, the town, the county and auditors read; other villages and
 * towns are not found; the forbidden goods are changed by the county admin alone. Refusals change nothing. Writes
 * touch 石角社区 and 黄花村, and 龙南村 only with wishes of unique names (the villager and keeper live there).
 */
@IntegrationTest
class WishesAccessMatrixTest extends SecuritySupport {
    private static final String API = "/api/v1/wishes";

    private long supermarketOf(String villageCode) {
        return jdbc.sql("SELECT MIN(s.id) FROM supermarket s JOIN org_unit o ON o.id = s.village_id WHERE o.code = :c")
                .param("c", villageCode).query(Long.class).single();
    }

    /** The list query of a village's (first) supermarket. */
    private String listOf(String villageCode) {
        return API + "?supermarketVillageId=" + unitId(villageCode) + "&supermarketId=" + supermarketOf(villageCode);
    }

    private long wishes() {
        return count("SELECT COUNT(*) FROM wish");
    }

    /** A wish entered at the counter of a village's supermarket by that village's admin; returns "villageId/id". */
    private String counterWish(String villageCode, String adminLogin, String passbook) {
        MvcResult r = api("POST", API, token(adminLogin, "demo-village"), "{\"supermarketVillageId\":" + unitId(villageCode)
                + ",\"supermarketId\":" + supermarketOf(villageCode) + ",\"passbookNumber\":" + q(passbook)
                + ",\"goodsName\":" + q(unique("测试物品")) + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        return json(r, "$.villageId") + "/" + json(r, "$.id");
    }

    private String sqWish() {
        return counterWish(Matrix.SJ_SQ, "demo-v06", Matrix.SJ_SQ + "-0021");
    }

    /** A wish of 龙南村's supermarket proposed by the demo villager. */
    private String lnWish() {
        MvcResult r = api("POST", API, tokenFor(Matrix.Who.VILLAGER), "{\"goodsName\":" + q(unique("矩阵测试")) + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        return json(r, "$.villageId") + "/" + json(r, "$.id");
    }

    private long purchaseIn(String villageCode) {
        return jdbc.sql("SELECT MIN(m.id) FROM stock_movement m JOIN org_unit o ON o.id = m.village_id"
                + " WHERE o.code = :c AND m.kind = 'PURCHASE'").param("c", villageCode).query(Long.class).single();
    }

    private int status(String method, String path, Matrix.Who who, String json) {
        return api(method, path, tokenFor(who), json).getResponse().getStatus();
    }

    // ------------------------------------------------------------------ reading

    @Test
    void theApiNeedsAToken() {
        assertThat(api("GET", API, null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void aVillagerReadsTheListOfTheSupermarketServingTheirVillageOnly() {
        MvcResult own = api("GET", API, tokenFor(Matrix.Who.VILLAGER), null);
        assertThat(own.getResponse().getStatus()).isEqualTo(200);
        assertThat(status("GET", listOf(Matrix.SJ_LS), Matrix.Who.VILLAGER, null)).isEqualTo(404);
        assertThat(status("GET", API + "/" + sqWish(), Matrix.Who.VILLAGER, null)).isEqualTo(404);
    }

    @Test
    void theKeeperReadsItsSupermarketsListButNotAnotherVillages() {
        assertThat(status("GET", listOf(Matrix.SJ_LN), Matrix.Who.KEEPER, null)).isEqualTo(200);
        assertThat(status("GET", listOf(Matrix.SJ_SQ), Matrix.Who.KEEPER, null)).isEqualTo(404);
    }

    @Test
    void theGridWorkerReadsItsVillagesListButNotAnotherVillages() {
        assertThat(status("GET", listOf(Matrix.SJ_LN), Matrix.Who.GRID_WORKER, null)).isEqualTo(200);
        assertThat(status("GET", listOf(Matrix.SJ_LS), Matrix.Who.GRID_WORKER, null)).isEqualTo(404);
    }

    @Test
    void aVillageAdminReadsItsOwnVillagesListAndGets404ForAnothers() {
        assertThat(status("GET", listOf(Matrix.SJ_SQ), Matrix.Who.VILLAGE_ADMIN, null)).isEqualTo(200);
        assertThat(status("GET", listOf(Matrix.SJ_HH), Matrix.Who.VILLAGE_ADMIN, null)).isEqualTo(404);
    }

    @Test
    void theTownAndItsAuditorReadTheirTownsListsButNotAnotherTowns() {
        for (Matrix.Who who : new Matrix.Who[] {Matrix.Who.TOWN_ADMIN, Matrix.Who.TOWN_AUDITOR}) {
            assertThat(status("GET", listOf(Matrix.SJ_SQ), who, null)).as(who.label).isEqualTo(200);
            assertThat(status("GET", listOf(Matrix.TT_TT), who, null)).as(who.label).isEqualTo(404);
        }
    }

    @Test
    void theCountyAdminAndAuditorReadAnyVillagesList() {
        assertThat(status("GET", listOf(Matrix.TT_SQ), Matrix.Who.COUNTY_ADMIN, null)).isEqualTo(200);
        assertThat(status("GET", listOf(Matrix.TT_SQ), Matrix.Who.AUDITOR, null)).isEqualTo(200);
    }

    @Test
    void villagersSeeNoProposerStaffDo() {
        String w = lnWish();
        MvcResult villager = api("GET", API + "/" + w, tokenFor(Matrix.Who.VILLAGER), null);
        assertThat(body(villager)).doesNotContain(Matrix.VILLAGER_LOGIN);
        MvcResult keeper = api("GET", API + "/" + w, tokenFor(Matrix.Who.KEEPER), null);
        assertThat((String) json(keeper, "$.passbookNumber")).isEqualTo(Matrix.VILLAGER_LOGIN);
    }

    // ------------------------------------------------------------------ proposing and supporting

    @Test
    void aWishForTobaccoIs422WithAChineseMessageAndNothingChanges() {
        long before = wishes();
        MvcResult r = api("POST", API, tokenFor(Matrix.Who.VILLAGER), "{\"goodsName\":\"香烟\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("烟草制品");
        assertThat(wishes()).isEqualTo(before);
    }

    @Test
    void aWishWithABlankNameOrAnOverlongNoteIs422NamingTheFieldsInChineseAndNothingChanges() {
        long before = wishes();
        MvcResult r = api("POST", API, tokenFor(Matrix.Who.VILLAGER), "{\"goodsName\":\"   \",\"note\":"
                + q("长".repeat(301)) + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("goodsName");
        assertThat((String) json(r, "$.fields[0].message")).endsWith("不能为空，请填写。");
        assertThat((String) json(r, "$.fields[1].field")).isEqualTo("note");
        assertThat((String) json(r, "$.fields[1].message")).endsWith("太长了，最多 300 个字。");
        assertThat(wishes()).isEqualTo(before);
    }

    @Test
    void aBadWishOrTermFromSomeoneWhoMayNotEnterItIsRefusedForTheAccessNotForTheField() {
        long before = wishes();
        long terms = count("SELECT COUNT(*) FROM wish_forbidden_term");
        String blank = "{\"passbookNumber\":" + q(Matrix.SJ_LN + "-0006") + ",\"goodsName\":\"  \"}";
        for (Matrix.Who who : new Matrix.Who[] {Matrix.Who.GRID_WORKER, Matrix.Who.TOWN_ADMIN, Matrix.Who.AUDITOR}) {
            assertThat(status("POST", API, who, blank)).as(who.label).isEqualTo(403);
        }
        assertThat(status("POST", API + "/forbidden", Matrix.Who.VILLAGE_ADMIN, "{\"term\":\" \",\"rule\":\" \"}"))
                .isEqualTo(403);
        assertThat(wishes()).isEqualTo(before);
        assertThat(count("SELECT COUNT(*) FROM wish_forbidden_term")).isEqualTo(terms);
    }

    @Test
    void supportingTwiceIs409WithAChineseMessageAndCountsOnce() {
        String w = sqWish();
        String path = API + "/" + w + "/supports";
        String body = "{\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0022") + "}";
        assertThat(api("POST", path, token("demo-v06", "demo-village"), body).getResponse().getStatus()).isEqualTo(201);
        MvcResult again = api("POST", path, token("demo-v06", "demo-village"), body);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(hasChinese(body(again))).isTrue();
        assertThat(count("SELECT supports FROM wish WHERE id = " + w.split("/")[1])).isEqualTo(2);
    }

    @Test
    void aVillagerGets404SupportingAnotherVillagesWish() {
        String w = sqWish();
        assertThat(status("POST", API + "/" + w + "/supports", Matrix.Who.VILLAGER, "{}")).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM wish_support WHERE wish_id = " + w.split("/")[1])).isEqualTo(1);
    }

    @Test
    void theKeeperEntersAWishAtItsCounterButNotForAnotherVillagesSupermarket() {
        MvcResult ok = api("POST", API, tokenFor(Matrix.Who.KEEPER), "{\"passbookNumber\":" + q(Matrix.SJ_LN + "-0005")
                + ",\"goodsName\":" + q(unique("柜台提议")) + "}");
        assertThat(ok.getResponse().getStatus()).as(body(ok)).isEqualTo(201);
        long before = wishes();
        MvcResult denied = api("POST", API, tokenFor(Matrix.Who.KEEPER), "{\"supermarketVillageId\":" + unitId(Matrix.SJ_SQ)
                + ",\"supermarketId\":" + supermarketOf(Matrix.SJ_SQ) + ",\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0023")
                + ",\"goodsName\":\"挂面\"}");
        assertThat(denied.getResponse().getStatus()).isIn(404, 422);
        assertThat(wishes()).isEqualTo(before);
    }

    @Test
    void gridWorkersTownsAndAuditorsDoNotEnterWishes() {
        long before = wishes();
        String body = "{\"passbookNumber\":" + q(Matrix.SJ_LN + "-0006") + ",\"goodsName\":\"挂面\"}";
        for (Matrix.Who who : new Matrix.Who[] {Matrix.Who.GRID_WORKER, Matrix.Who.TOWN_ADMIN, Matrix.Who.AUDITOR,
                Matrix.Who.COUNTY_ADMIN}) {
            assertThat(status("POST", API, who, body)).as(who.label).isEqualTo(403);
        }
        assertThat(wishes()).isEqualTo(before);
    }

    // ------------------------------------------------------------------ deciding

    @Test
    void theKeeperFulfilsItsSupermarketsWishWithAPurchase() {
        String w = lnWish();
        MvcResult r = api("POST", API + "/" + w + "/fulfil", tokenFor(Matrix.Who.KEEPER),
                "{\"movementId\":" + purchaseIn(Matrix.SJ_LN) + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        assertThat((String) json(r, "$.status")).isEqualTo("FULFILLED");
        assertThat(auditCount()).isPositive();
    }

    @Test
    void aPurchaseOfAnotherVillagesSupermarketIs422AndTheWishStaysOpen() {
        String w = sqWish();
        MvcResult r = api("POST", API + "/" + w + "/fulfil", tokenFor(Matrix.Who.VILLAGE_ADMIN),
                "{\"movementId\":" + purchaseIn(Matrix.SJ_HH) + "}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("采购");
        assertThat(count("SELECT COUNT(*) FROM wish WHERE status = 'OPEN' AND id = " + w.split("/")[1])).isEqualTo(1);
    }

    @Test
    void theVillageAdminDeclinesWithAReasonAndOnlyOnce() {
        String w = sqWish();
        long audits = auditCount();
        assertThat(status("POST", API + "/" + w + "/decline", Matrix.Who.VILLAGE_ADMIN, "{\"reason\":\"季节性商品，明年再进\"}"))
                .isEqualTo(200);
        assertThat(auditCount()).isEqualTo(audits + 1);
        assertThat(status("POST", API + "/" + w + "/decline", Matrix.Who.VILLAGE_ADMIN, "{\"reason\":\"再拒一次\"}"))
                .isEqualTo(409);
    }

    @Test
    void readersMayNotDecideAndAnotherVillagesAdminGets404() {
        String w = sqWish();
        String body = "{\"reason\":\"不采购\"}";
        for (Matrix.Who who : new Matrix.Who[] {Matrix.Who.TOWN_ADMIN, Matrix.Who.COUNTY_ADMIN, Matrix.Who.AUDITOR,
                Matrix.Who.TOWN_AUDITOR, Matrix.Who.VILLAGER, Matrix.Who.KEEPER, Matrix.Who.GRID_WORKER}) {
            assertThat(status("POST", API + "/" + w + "/decline", who, body)).as(who.label).isIn(403, 404);
        }
        MvcResult other = api("POST", API + "/" + w + "/decline", token("demo-v05", "demo-village"), body);
        assertThat(other.getResponse().getStatus()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM wish WHERE status = 'OPEN' AND id = " + w.split("/")[1])).isEqualTo(1);
    }

    // ------------------------------------------------------------------ the forbidden goods

    @Test
    void everyoneReadsTheForbiddenGoodsOnlyTheCountyAdminChangesThem() {
        assertThat(status("GET", API + "/forbidden", Matrix.Who.VILLAGER, null)).isEqualTo(200);
        String body = "{\"term\":" + q(unique("禁品")) + ",\"rule\":\"测试\"}";
        for (Matrix.Who who : new Matrix.Who[] {Matrix.Who.TOWN_ADMIN, Matrix.Who.VILLAGE_ADMIN, Matrix.Who.AUDITOR,
                Matrix.Who.VILLAGER}) {
            assertThat(status("POST", API + "/forbidden", who, body)).as(who.label).isEqualTo(403);
        }
        MvcResult added = api("POST", API + "/forbidden", tokenFor(Matrix.Who.COUNTY_ADMIN), body);
        assertThat(added.getResponse().getStatus()).as(body(added)).isEqualTo(201);
        Number id = json(added, "$.id");
        assertThat(status("DELETE", API + "/forbidden/" + id, Matrix.Who.TOWN_ADMIN, null)).isEqualTo(403);
        assertThat(status("DELETE", API + "/forbidden/" + id, Matrix.Who.COUNTY_ADMIN, null)).isEqualTo(204);
    }

    // ------------------------------------------------------------------ pages

    @Test
    void theVillagersPageIsForVillagers() {
        MvcResult r = perform(get("/me/wishes").session(sessionFor(Matrix.Who.VILLAGER)));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("群众需求清单").contains("id=\"wish-form\"");
        assertThat(perform(get("/me/wishes").session(sessionFor(Matrix.Who.KEEPER))).getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void theKeeperSeesTheCounterFormTheTownReadsWithoutIt() {
        MvcResult keeper = perform(get("/console/wishes").session(sessionFor(Matrix.Who.KEEPER)));
        assertThat(keeper.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(keeper)).contains("id=\"counter-form\"");
        MvcResult town = perform(get("/console/wishes?sm=" + unitId(Matrix.SJ_SQ) + "-" + supermarketOf(Matrix.SJ_SQ))
                .session(sessionFor(Matrix.Who.TOWN_ADMIN)));
        assertThat(town.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(town)).doesNotContain("id=\"counter-form\"");
        assertThat(perform(get("/console/wishes").session(sessionFor(Matrix.Who.VILLAGER))).getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void theGridWorkersDeclineFormPostIsRefusedAndChangesNothing() {
        String w = lnWish();
        MvcResult r = perform(post("/console/wishes/" + w + "/decline").with(csrf()).param("reason", "不要")
                .session(sessionFor(Matrix.Who.GRID_WORKER)));
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM wish WHERE status = 'OPEN' AND id = " + w.split("/")[1])).isEqualTo(1);
    }

    @Test
    void theMarketsPublicPageShowsTheWishesWithoutLogin() {
        lnWish();
        // the most supported open wish of 龙南村 (earlier runs may have left more wishes than the page's top five)
        String top = jdbc.sql("SELECT goods_name FROM wish WHERE village_id = :v AND status = 'OPEN'"
                + " ORDER BY supports DESC, created_at, id LIMIT 1").param("v", unitId(Matrix.SJ_LN)).query(String.class).single();
        MvcResult r = perform(get("/market/" + Matrix.SJ_LN));
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("id=\"public-wishes\"").contains(top).doesNotContain(Matrix.VILLAGER_LOGIN);
    }
}
