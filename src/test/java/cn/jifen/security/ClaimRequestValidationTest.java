package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The claims module's request records ({@code ClaimDraft}, {@code ActivityDraft}, {@code PostDraft}) carry their field
 * rules as constraints, checked by the service after its access check: a broken rule is a 422 naming the field in
 * Chinese with nothing stored; a caller who may not act there hears 403 or 404 whatever the body holds. Writes are
 * tried in 龙南村 (demo-village's and demo-grid's village, and the demo villager's).
 */
@IntegrationTest
class ClaimRequestValidationTest extends SecuritySupport {
    private static final String PASSBOOK = Matrix.SJ_LN + "-0001";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private String longnanAdmin() {
        return token("demo-village", "demo-village");
    }

    private static String activity(String village, String title) {
        return "{\"village\":" + q(village) + ",\"title\":" + q(title) + ",\"place\":\"村委会\",\"startsAt\":\""
                + LocalDateTime.of(TODAY, LocalTime.of(9, 0)) + "\",\"itemCode\":\"ZY01\",\"points\":10,\"quota\":5}";
    }

    @Test
    void aClaimWithoutItsItemOrDayIsRefusedNamingBothInChineseAndNothingIsRecorded() {
        long before = count("SELECT COUNT(*) FROM claim");
        MvcResult r = api("POST", "/api/v1/claims", tokenFor(Who.GRID_WORKER),
                "{\"passbookNumber\":" + q(PASSBOOK) + ",\"itemCode\":\" \",\"points\":10,\"note\":\"清扫\"}");
        assertField(r, 0, "itemCode", "不能为空，请填写。");
        assertField(r, 1, "occurredOn", "不能为空，请填写。");
        assertThat(count("SELECT COUNT(*) FROM claim")).isEqualTo(before);
    }

    @Test
    void aBadClaimFromOutsideTheHouseholdsScopeIsRefusedForTheAccessNotForTheField() {
        long before = count("SELECT COUNT(*) FROM claim");
        String bad = "{\"passbookNumber\":" + q(PASSBOOK) + ",\"itemCode\":\" \",\"note\":\"<b>x</b>\"}";
        assertThat(api("POST", "/api/v1/claims", tokenFor(Who.VILLAGE_ADMIN), bad).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("POST", "/api/v1/claims", tokenFor(Who.KEEPER), bad).getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM claim")).isEqualTo(before);
    }

    @Test
    void anActivityWithABlankTitleIsRefusedNamingTheTitleInChineseAndNothingIsPublished() {
        long before = count("SELECT COUNT(*) FROM activity");
        assertField(api("POST", "/api/v1/activities", longnanAdmin(), activity(Matrix.SJ_LN, "  ")), 0, "title",
                "不能为空，请填写。");
        assertThat(count("SELECT COUNT(*) FROM activity")).isEqualTo(before);
    }

    @Test
    void aBadActivityFromSomeoneWhoMayNotPublishThereIsRefusedForTheAccessNotForTheField() {
        long before = count("SELECT COUNT(*) FROM activity");
        assertThat(api("POST", "/api/v1/activities", tokenFor(Who.VILLAGE_ADMIN), activity(Matrix.SJ_LN, "  "))
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", "/api/v1/activities", tokenFor(Who.GRID_WORKER), activity(Matrix.SJ_LN, "  "))
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM activity")).isEqualTo(before);
    }

    @Test
    void aPostWithAMalformedItemCodeIsRefusedOnceNamingTheCodeInChineseAndNothingIsStored() {
        long before = count("SELECT COUNT(*) FROM resp_post");
        String bad = "{\"village\":" + q(Matrix.SJ_LN) + ",\"name\":\"村道保洁岗\",\"itemCode\":\"含 空格\"}";
        MvcResult r = api("POST", "/api/v1/posts", longnanAdmin(), bad);
        assertField(r, 0, "itemCode", "编码只能由 2 到 32 位字母、数字、“-”或“_”组成。");
        assertThat((List<?>) json(r, "$.fields")).hasSize(1);
        assertThat(api("POST", "/api/v1/posts", tokenFor(Who.VILLAGE_ADMIN), bad).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM resp_post")).isEqualTo(before);
    }

    /** A claim recorded in 龙南村 by its grid worker, waiting for review; its id. */
    private long recordedInLongnan() {
        MvcResult r = api("POST", "/api/v1/claims", tokenFor(Who.GRID_WORKER), "{\"passbookNumber\":" + q(PASSBOOK)
                + ",\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + TODAY + "\"}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        return ((Number) json(r, "$.id")).longValue();
    }

    private boolean stillRecorded(long claimId) {
        return count("SELECT COUNT(*) FROM claim WHERE id = " + claimId + " AND status = 'RECORDED'") == 1;
    }

    @Test
    void aRejectionWithABlankReasonIsRefusedNamingTheReasonInChineseAndTheClaimWaitsAsBefore() {
        long id = recordedInLongnan();
        MvcResult r = api("POST", "/api/v1/claims/" + unitId(Matrix.SJ_LN) + "/" + id + "/reject", longnanAdmin(),
                "{\"reason\":\"  \"}");
        assertField(r, 0, "reason", "不能为空，请填写。");
        assertThat(stillRecorded(id)).isTrue();
    }

    @Test
    void aRejectionWithABlankReasonFromOutsideTheVillageOrFromItsGridWorkerIsRefusedForTheAccess() {
        long id = recordedInLongnan();
        String path = "/api/v1/claims/" + unitId(Matrix.SJ_LN) + "/" + id + "/reject";
        assertThat(api("POST", path, tokenFor(Who.VILLAGE_ADMIN), "{\"reason\":\" \"}").getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("POST", path, tokenFor(Who.GRID_WORKER), "{\"reason\":\" \"}").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(stillRecorded(id)).isTrue();
    }
}
