package cn.jifen.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.ApiCalls;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * POST /api/v1/users: the staff account's single-field rules are constraints on {@code StaffDraft}, checked after
 * the access checks (an admin, a unit in sight). A bad draft is a 422 naming the fields in Chinese with no account
 * created; a unit out of sight is 404 and a non-admin 403, whatever the draft holds.
 */
@IntegrationTest
class StaffDraftValidationTest extends Db {
    private static final String TANGTANG_VILLAGE = "441821101201";   // another town than demo-town's 石角镇

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private String token(String username, String password) throws Exception {
        return ApiCalls.token(mvc, username, password);
    }

    private MvcResult create(String token, String orgCode) throws Exception {
        String body = "{\"username\":\"a b\",\"displayName\":\"<i>新人</i>\",\"role\":\"GRID_WORKER\","
                + "\"orgCode\":\"" + orgCode + "\",\"password\":\"long-enough-1\"}";
        return ApiCalls.send(mvc, MockMvcRequestBuilders.post("/api/v1/users"), token, body);
    }

    private long accounts() {
        return jdbc.sql("SELECT COUNT(*) FROM app_user").query(Long.class).single();
    }

    @Test
    void aBadDraftIsRefusedNamingTheFieldsInChineseAndNoAccountIsCreated() throws Exception {
        long before = accounts();
        MvcResult r = create(token("demo-admin", "demo-admin"), TANGTANG_VILLAGE + "-G1");
        String json = ApiCalls.body(r);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        List<String> fields = JsonPath.read(json, "$.fields[*].field");
        assertThat(fields).containsExactly("username", "displayName");
        assertThat((String) JsonPath.read(json, "$.fields[0].message"))
                .endsWith("登录名须为 3 到 64 位字母、数字、“.”“-”或“_”。");
        assertThat((String) JsonPath.read(json, "$.fields[1].message"))
                .endsWith("不能包含 < > 等符号或控制字符，请只填写文字。");
        assertThat(accounts()).isEqualTo(before);
    }

    @Test
    void aBadDraftForAUnitOutOfSightOrFromANonAdminIsRefusedForTheAccess() throws Exception {
        long before = accounts();
        assertThat(create(token("demo-town", "demo-town"), TANGTANG_VILLAGE + "-G1").getResponse().getStatus())
                .isEqualTo(404);
        assertThat(create(token("demo-grid", "demo-grid"), "441821100201-G1").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(accounts()).isEqualTo(before);
    }
}
