package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The ledger's request ({@code PostingRequest}) carries its field rules as constraints, those of its kind in groups,
 * checked once before any lock and after the API's access checks: a broken rule is a 422 naming the field in Chinese
 * with no entry written; a caller who may not post to the household hears 403 or 404 whatever the body holds.
 * Postings are tried on 龙南村-0001 (demo-village's village).
 */
@IntegrationTest
class LedgerRequestValidationTest extends SecuritySupport {
    private static final String PASSBOOK = Matrix.SJ_LN + "-0001";

    private String path() {
        long[] h = householdKey(PASSBOOK);
        return "/api/v1/households/" + h[0] + "/" + h[1] + "/postings";
    }

    private long entries() {
        long[] h = householdKey(PASSBOOK);
        return count("SELECT COUNT(*) FROM ledger_entry WHERE village_id = " + h[0] + " AND household_id = " + h[1]);
    }

    private MvcResult post(String token, String body) {
        return api("POST", path(), token, body, "Idempotency-Key", unique("K"));
    }

    @Test
    void anAwardOfNoPointsWithMarkupInItsLabelIsRefusedNamingBothInChineseAndNothingIsPosted() {
        long before = entries();
        MvcResult r = post(token("demo-village", "demo-village"),
                "{\"kind\":\"EARN\",\"points\":0,\"itemLabel\":\"<b>好人好事</b>\"}");
        assertField(r, 0, "points", "积分须是 1 到 1,000,000 之间的整数。");
        assertField(r, 1, "itemLabel", "不能包含 < > 等符号或控制字符，请只填写文字。");
        assertThat(entries()).isEqualTo(before);
    }

    @Test
    void aCorrectionWithoutItsReasonOrThePostingItReversesIsRefusedNamingBothAndNothingIsPosted() {
        long before = entries();
        MvcResult r = post(token("demo-village", "demo-village"), "{\"kind\":\"CORRECT\",\"reason\":\"  \"}");
        assertField(r, 0, "reason", "请填写原因。");
        assertField(r, 1, "reversesPostingId", "不能为空，请填写。");
        assertThat(entries()).isEqualTo(before);
    }

    @Test
    void aBadPostingFromSomeoneWhoMayNotPostThereIsRefusedForTheAccessNotForTheBody() {
        long before = entries();
        String bad = "{\"kind\":\"EARN\",\"points\":0,\"itemLabel\":\"<b>x</b>\"}";
        assertThat(post(tokenFor(Who.VILLAGE_ADMIN), bad).getResponse().getStatus()).isEqualTo(404);
        assertThat(post(tokenFor(Who.GRID_WORKER), bad).getResponse().getStatus()).isEqualTo(403);
        assertThat(post(tokenFor(Who.GRID_WORKER), "{\"kind\":\"NOPE\"}").getResponse().getStatus()).isEqualTo(403);
        assertThat(post(tokenFor(Who.KEEPER), bad).getResponse().getStatus()).isEqualTo(403);
        assertThat(entries()).isEqualTo(before);
    }
}
