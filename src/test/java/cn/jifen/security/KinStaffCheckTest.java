package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A kin relation names a staff member who could record or review for the household: the API
 * ({@code POST /api/v1/claims/kin}) and the page ({@code /console/kin}) refuse, with 422 and a Chinese message
 * naming what to pick, a user id that does not exist, a deactivated account and a keeper of the village; an account
 * of another village or of the town is answered exactly as one that does not exist (the check must not tell a village
 * admin which accounts exist elsewhere, nor their role). Nothing is written and nothing reaches the audit log. Each
 * test uses a new household of 石角社区 (the village of demo-v06).
 */
@IntegrationTest
class KinStaffCheckTest extends SecuritySupport {
    Map<String, String> h;

    @BeforeEach
    void household() {
        h = householdVars(freshHousehold(Matrix.SJ_SQ));
    }

    private MvcResult viaApi(long userId) {
        return api("POST", "/api/v1/claims/kin", token("demo-v06", "demo-village"), "{\"villageId\":" + h.get("vid")
                + ",\"householdId\":" + h.get("hid") + ",\"userId\":" + userId + ",\"relation\":\"儿子\"}");
    }

    private MvcResult viaPage(long userId) {
        return perform(post("/console/kin").with(csrf()).session(session("demo-v06", "demo-village"))
                .param("village", Matrix.SJ_SQ).param("userId", String.valueOf(userId))
                .param("householdId", h.get("hid")).param("relation", "儿子").param("q", h.get("number")));
    }

    private long kinRows() {
        return count("SELECT COUNT(*) FROM staff_household WHERE village_id = " + h.get("vid") + " AND household_id = "
                + h.get("hid"));
    }

    /** The API answers 422 with the error body, the message in Chinese; nothing is written or audited. */
    private void apiRefuses(long userId, String says) {
        long audit = auditCount();
        MvcResult r = viaApi(userId);
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat(body(r)).contains(says).contains("\"userId\"");
        assertThat(kinRows()).isZero();
        assertThat(auditCount()).isEqualTo(audit);
    }

    /** The page answers 422, says why and keeps what was picked; nothing is written or audited. */
    private void pageRefuses(long userId, String says) {
        long audit = auditCount();
        MvcResult r = viaPage(userId);
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        String html = body(r);
        assertThat(html).contains("class=\"alert error\"", says);
        assertThat(html).containsPattern("<option value=\"" + h.get("hid") + "\"\\s+selected");
        assertThat(html).contains("value=\"儿子\"");
        assertThat(kinRows()).isZero();
        assertThat(auditCount()).isEqualTo(audit);
    }

    private long deactivatedGridWorker() {
        long id = freshUser("GRID_WORKER", Matrix.SJ_SQ + "-G1");
        asAdmin("POST", "/api/v1/users/" + id + "/active", "{\"active\":false,\"reason\":\"调离\"}", 200);
        return id;
    }

    private long gridWorkerOfAnotherVillage() {
        return fixedUser("sec-kin-grid-hh", "GRID_WORKER", Matrix.SJ_HH + "-G1");
    }

    @Test
    void theApiRefusesAUserIdThatDoesNotExist() {
        apiRefuses(999_999_999L, "没有编号为 999999999 的账号");
    }

    @Test
    void theApiAnswersAnotherVillagesVillagerAsAnAccountThatDoesNotExist() {
        long id = userId(Matrix.VILLAGER_LOGIN);
        apiRefuses(id, "本村没有编号为 " + id + " 的账号");
        assertThat(body(viaApi(id))).doesNotContain("村民");
    }

    @Test
    void theApiRefusesADeactivatedStaffAccount() {
        apiRefuses(deactivatedGridWorker(), "已停用");
    }

    @Test
    void theApiAnswersAStaffMemberOfAnotherVillageAsAnAccountThatDoesNotExist() {
        long id = gridWorkerOfAnotherVillage();
        apiRefuses(id, "本村没有编号为 " + id + " 的账号");
        assertThat(body(viaApi(id))).doesNotContain("不在本村").doesNotContain("网格员账号");
    }

    @Test
    void theApiAnswersTheTownAdminAsAnAccountThatDoesNotExist() {
        long id = userId("demo-town");
        apiRefuses(id, "本村没有编号为 " + id + " 的账号");
    }

    @Test
    void anOutsideAccountAndAMissingOneGetTheSameAnswerButForTheNumber() {
        long outside = gridWorkerOfAnotherVillage();
        MvcResult a = viaApi(outside);
        MvcResult b = viaApi(999_999_999L);
        assertThat(a.getResponse().getStatus()).isEqualTo(b.getResponse().getStatus());
        for (String part : new String[] {"$.error", "$.detail", "$.fields"}) {
            assertThat(String.valueOf((Object) json(a, part)).replace(String.valueOf(outside), "N"))
                    .isEqualTo(String.valueOf((Object) json(b, part)).replace("999999999", "N"));
        }
    }

    @Test
    void theApiRefusesAKeeperOfTheVillageWhoNeverRecordsOrReviews() {
        apiRefuses(fixedUser(Matrix.USER_SJ_SQ, "KEEPER", Matrix.SJ_SQ), "不在本村记录或审核积分");
    }

    @Test
    void theApiStillRegistersAnActiveGridWorkerOfTheVillage() {
        long grid = fixedUser(KinPagesTest.GRID_SJSQ, "GRID_WORKER", Matrix.SJ_SQ + "-G1");
        MvcResult r = viaApi(grid);
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        assertThat(kinRows()).isEqualTo(1);
    }

    @Test
    void thePageRefusesAUserIdThatDoesNotExist() {
        pageRefuses(999_999_999L, "没有编号为 999999999 的账号");
    }

    @Test
    void thePageAnswersAnotherVillagesVillagerAsAnAccountThatDoesNotExist() {
        long id = userId(Matrix.VILLAGER_LOGIN);
        pageRefuses(id, "本村没有编号为 " + id + " 的账号");
    }

    @Test
    void thePageRefusesADeactivatedStaffAccount() {
        pageRefuses(deactivatedGridWorker(), "已停用");
    }

    @Test
    void thePageAnswersAStaffMemberOfAnotherVillageAsAnAccountThatDoesNotExist() {
        long id = gridWorkerOfAnotherVillage();
        pageRefuses(id, "本村没有编号为 " + id + " 的账号");
    }
}
