package cn.jifen.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.ApiCalls;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * POST /api/v1/rules: the item's field rules are constraints on {@code ItemDraft}, checked by the catalogue after its
 * access check. A broken rule is a 422 ProblemDetail naming the field in Chinese with nothing stored; a caller who may
 * not write there hears 403 or 404 whatever the draft holds.
 */
@IntegrationTest
class RuleItemValidationTest extends Db {
    private static final String LONGNAN = "441821100201";   // 龙南村, not 石角社区 (demo-v06's village)

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private String token(String username, String password) throws Exception {
        return ApiCalls.token(mvc, username, password);
    }

    private MvcResult create(String token, String ownerCode, String code, int householdCap) throws Exception {
        String item = "{\"code\":\"" + code + "\",\"categoryCode\":\"ZYFW\",\"name\":\"清扫村道\",\"sign\":\"EARN\","
                + "\"minPoints\":5,\"maxPoints\":10,\"householdCap\":" + householdCap + ",\"recorders\":[\"GRID_WORKER\"],"
                + "\"evidenceRequired\":false,\"partyOnly\":false,\"veto\":false}";
        return mvc.perform(MockMvcRequestBuilders.post("/api/v1/rules").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content(("{\"ownerCode\":\"" + ownerCode + "\",\"item\":" + item + "}").getBytes(StandardCharsets.UTF_8)))
                .andReturn();
    }

    private long items() {
        return jdbc.sql("SELECT COUNT(*) FROM rule_item").query(Long.class).single();
    }

    @Test
    void aCapOfZeroIsRefusedNamingTheFieldInChineseAndNothingIsStored() throws Exception {
        long before = items();
        MvcResult r = create(token("demo-admin", "demo-admin"), "441821", "VQ" + System.nanoTime() % 100_000, 0);
        String json = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo("householdCap");
        assertThat((String) JsonPath.read(json, "$.fields[0].message")).endsWith("封顶分值须是正整数（不封顶请留空）。");
        assertThat(items()).isEqualTo(before);
    }

    @Test
    void theSameDraftWithAPositiveCapIsStored() throws Exception {
        long before = items();
        MvcResult r = create(token("demo-admin", "demo-admin"), "441821", "VQ" + System.nanoTime() % 100_000, 3);
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(201);
        assertThat(items()).isEqualTo(before + 1);
    }

    @Test
    void aBadDraftFromSomeoneWhoMayNotWriteThereIsRefusedForTheAccessNotForTheField() throws Exception {
        long before = items();
        assertThat(create(token("demo-keeper", "demo-keeper"), LONGNAN, "VQ" + System.nanoTime() % 100_000, 0)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(create(token("demo-v06", "demo-village"), LONGNAN, "VQ" + System.nanoTime() % 100_000, 0)
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(items()).isEqualTo(before);
    }
}
