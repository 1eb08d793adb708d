package cn.jifen.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.ApiCalls;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Deactivating an account (POST /api/v1/users/{id}/active) says why: the reason is a request record
 * ({@code AccountReason}) checked after the access check. A malformed reason is a 422 naming it in Chinese with the
 * account left as it was; an admin who does not see the account hears 404 and a non-admin 403, whatever the reason.
 */
@IntegrationTest
class AccountReasonValidationTest extends Db {
    private static final String TANGTANG_VILLAGE = "441821101201";   // another town than demo-town's 石角镇

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private String token(String username, String password) throws Exception {
        return ApiCalls.token(mvc, username, password);
    }

    /** A fresh grid worker account in the grid, created by the county admin; its id. */
    private long gridWorker(String gridCode) throws Exception {
        String body = "{\"username\":\"reason-" + UUID.randomUUID().toString().substring(0, 8) + "\",\"displayName\":"
                + "\"理由测试\",\"role\":\"GRID_WORKER\",\"orgCode\":\"" + gridCode + "\",\"password\":\"long-enough-1\"}";
        MvcResult r = ApiCalls.send(mvc, MockMvcRequestBuilders.post("/api/v1/users"), token("demo-admin", "demo-admin"),
                body);
        assertThat(r.getResponse().getStatus()).as(ApiCalls.body(r)).isEqualTo(201);
        return ((Number) JsonPath.read(ApiCalls.body(r), "$.id")).longValue();
    }

    private MvcResult deactivate(String token, long id, String reason) throws Exception {
        return ApiCalls.send(mvc, MockMvcRequestBuilders.post("/api/v1/users/" + id + "/active"), token,
                "{\"active\":false,\"reason\":\"" + reason + "\"}");
    }

    private boolean active(long id) {
        return jdbc.sql("SELECT active FROM app_user WHERE id = :id").param("id", id).query(Boolean.class).single();
    }

    @Test
    void aDeactivationWithMarkupInItsReasonIsRefusedNamingTheReasonInChineseAndTheAccountStaysActive() throws Exception {
        long id = gridWorker("441821100201-G1");
        MvcResult r = deactivate(token("demo-town", "demo-town"), id, "<b>离职</b>");
        String json = ApiCalls.body(r);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo("reason");
        assertThat((String) JsonPath.read(json, "$.fields[0].message"))
                .endsWith("不能包含 < > 等符号或控制字符，请只填写文字。");
        assertThat(active(id)).isTrue();
    }

    @Test
    void aBadDeactivationFromAnAdminWhoDoesNotSeeTheAccountOrFromANonAdminIsRefusedForTheAccess() throws Exception {
        long id = gridWorker(TANGTANG_VILLAGE + "-G1");
        assertThat(deactivate(token("demo-town", "demo-town"), id, " ").getResponse().getStatus()).isEqualTo(404);
        assertThat(deactivate(token("demo-grid", "demo-grid"), id, " ").getResponse().getStatus()).isEqualTo(403);
        assertThat(active(id)).isTrue();
    }
}
