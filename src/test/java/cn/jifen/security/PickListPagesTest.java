package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Pick lists in place of typed codes: the rule item of a new responsibility post or activity, the village a
 * grid moves to, the unit of a new account, the partner bank and the auditor account. Each list holds only
 * what the server would accept (items in force, units in scope), and a forged value is still refused with
 * the Chinese message.
 */
@IntegrationTest
class PickListPagesTest extends SecuritySupport {

    private MockHttpSession villageAdmin() {
        return session("demo-v06", "demo-village");
    }

    private static String option(String value) {
        return "<option value=\"" + value + "\"";
    }

    @Test
    void thePostFormOffersTheItemsInForceWithCodeAndNameAndNotAnItemNotYetInForce() {
        String future = unique("PK");
        MvcResult created = api("POST", "/api/v1/rules", token("demo-v06", "demo-village"), "{\"ownerCode\":"
                + q(Matrix.SJ_SQ) + ",\"item\":{\"code\":" + q(future) + ",\"categoryCode\":\"XCZL\",\"name\":\"下月起施行的测试细则\","
                + "\"sign\":\"EARN\",\"minPoints\":5,\"maxPoints\":5,\"unit\":\"TIME\",\"capPeriod\":\"MONTH\","
                + "\"evidenceRequired\":false,\"recorders\":[\"VILLAGE_ADMIN\"],\"partyOnly\":false,\"veto\":false,"
                + "\"needsPublicity\":true,\"validFrom\":\"" + LocalDate.now().plusMonths(1) + "\"}}");
        assertThat(created.getResponse().getStatus()).as(body(created)).isEqualTo(201);

        String html = body(perform(get("/console/posts").session(villageAdmin()).param("village", Matrix.SJ_SQ)));

        assertThat(html).contains("<select id=\"post-item\" name=\"itemCode\"");
        assertThat(html).containsPattern(option("ZL02") + ">ZL02 四小园管护（每月检查）");
        assertThat(html).doesNotContain(option(future));
    }

    @Test
    void theActivityFormOffersEarningItemsButNoDeductionOrVeto() {
        String html = body(perform(get("/console/activities").session(villageAdmin()).param("village", Matrix.SJ_SQ)));

        assertThat(html).contains("<select id=\"act-item\" name=\"itemCode\"", option("ZY01"));
        assertThat(html).doesNotContain(option("FL01")).doesNotContain(option("FL02"));
    }

    @Test
    void aPostMadeWithThePickedItemIsListedByTheApi() {
        String name = "门前三包" + unique("P");

        MvcResult r = perform(post("/console/posts").with(csrf()).session(villageAdmin()).param("village", Matrix.SJ_SQ)
                .param("name", name).param("itemCode", "ZL02").param("description", "测试"));

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        MvcResult listed = api("GET", "/api/v1/posts?village=" + Matrix.SJ_SQ, token("demo-v06", "demo-village"), null);
        assertThat(body(listed)).contains(name, "ZL02");
    }

    @Test
    void aForgedItemCodeOnThePostFormIsRefusedInChineseAndTheFormKeepsWhatWasTyped() {
        String name = "四小园" + unique("P");

        MvcResult r = perform(post("/console/posts").with(csrf()).session(villageAdmin()).param("village", Matrix.SJ_SQ)
                .param("name", name).param("itemCode", "NOPE99").param("description", "菜园一号"));

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = body(r);
        assertThat(html).contains("细则 NOPE99", "不适用于本村");
        assertThat(html).containsPattern("id=\"post-name\"[^>]*value=\"" + name + "\"");
        assertThat(html).containsPattern("id=\"post-desc\"[^>]*value=\"菜园一号\"");
        assertThat(count("SELECT COUNT(*) FROM resp_post WHERE name = '" + name + "'")).isZero();
    }

    @Test
    void aDeductionItemOnTheActivityFormIsRefusedInChineseAndTheFormKeepsWhatWasTyped() {
        String title = "清扫村道" + unique("A");
        String at = LocalDateTime.now().plusDays(3).withNano(0).withSecond(0).toString();

        MvcResult r = perform(post("/console/activities").with(csrf()).session(villageAdmin()).param("village", Matrix.SJ_SQ)
                .param("title", title).param("place", "村委会门口").param("startsAt", at).param("itemCode", "FL01")
                .param("points", "10").param("quota", "20"));

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = body(r);
        assertThat(html).contains("分值须在");
        assertThat(html).containsPattern("id=\"act-title\"[^>]*value=\"" + title + "\"");
        assertThat(html).containsPattern("id=\"act-place\"[^>]*value=\"村委会门口\"");
        assertThat(count("SELECT COUNT(*) FROM activity WHERE title = '" + title + "'")).isZero();
    }

    @Test
    void theMoveTargetListHoldsTheOtherActiveVillagesInScopeOnly() {
        String grid = freshGrid(Matrix.SJ_SQ);

        String html = body(perform(get("/console/org/" + grid).session(session("demo-town", "demo-town"))));

        assertThat(html).contains("<select id=\"village\" name=\"village\"", option(Matrix.SJ_HH));
        assertThat(html).doesNotContain(option(Matrix.SJ_SQ)).doesNotContain(option(Matrix.TT_TT));
    }

    @Test
    void aGridMovedToAPickedVillageIsUnderItInTheApi() {
        String grid = freshGrid(Matrix.SJ_SQ);

        MvcResult r = perform(post("/console/org/" + grid + "/move").with(csrf())
                .session(session("demo-town", "demo-town")).param("village", Matrix.SJ_HH));

        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(probe("SELECT p.code FROM org_unit g JOIN org_unit p ON p.id = g.parent_id WHERE g.code = '" + grid + "'"))
                .contains(Matrix.SJ_HH);
    }

    @Test
    void theNewAccountsUnitIsPickedFromTheUnitsInScope() {
        String html = body(perform(get("/console/users").session(session("demo-town", "demo-town"))));

        assertThat(html).contains("list=\"org-units\"", "<datalist id=\"org-units\">", option(Matrix.SJ_SQ),
                option(Matrix.SJ_SQ + "-G1"));
        assertThat(html).doesNotContain(option(Matrix.TT_TT));
    }

    @Test
    void theCountyAdminPicksTheAuditorAccountAndKnownBanksAreOffered() {
        String auditor = unique("bank");
        createUser(auditor, "AUDITOR", Matrix.COUNTY);
        String bank = "测试农商银行" + unique("B");
        MockHttpSession county = session("demo-admin", "demo-admin");

        MvcResult bound = perform(post("/console/certificates/partners").with(csrf()).session(county)
                .param("username", auditor).param("partner", bank));
        String html = body(perform(get("/console/certificates").session(county)));

        assertThat(bound.getResponse().getStatus()).isEqualTo(302);
        assertThat(html).contains("<select id=\"p-user\" name=\"username\"", option(auditor), option("demo-auditor"));
        assertThat(html).contains("<datalist id=\"known-partners\">", option(bank));
        assertThat(html).doesNotContain(option("demo-town"));
    }

    @Test
    void theKeeperToAssignIsPickedFromTheKeepersOfTheVillage() {
        long keeperHere = fixedUser(Matrix.USER_SJ_SQ, "KEEPER", Matrix.SJ_SQ);
        long v = unitId(Matrix.SJ_SQ);
        long market = jdbc.sql("SELECT MIN(id) FROM supermarket WHERE village_id = :v").param("v", v)
                .query(Long.class).single();

        String html = body(perform(get("/console/market/" + v + "/" + market).session(villageAdmin())));

        assertThat(keeperHere).isPositive();
        assertThat(html).contains("<select id=\"keeper-username\" name=\"username\"", option(Matrix.USER_SJ_SQ));
        assertThat(html).doesNotContain(option("demo-keeper")).doesNotContain(option(Matrix.USER_SJ_HH));
    }

    @Test
    void aForgedAuditorAccountIsStillRefusedInChinese() {
        MvcResult r = perform(post("/console/certificates/partners").with(csrf())
                .session(session("demo-admin", "demo-admin")).param("username", "demo-town").param("partner", "某银行"));

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(body(r))).isTrue();
    }
}
