package cn.jifen.directory.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.ApiCalls;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The directory's request records ({@code NewOrgUnit}, {@code HouseholdChange}, …) carry their field rules as
 * constraints, checked by the service after its access check: a broken rule is a 422 naming the field in Chinese with
 * nothing changed; a caller without access hears 403 or 404 whatever the body holds.
 */
@IntegrationTest
class DirectoryRequestValidationTest extends Db {
    private static final String LONGNAN = "441821100201";   // demo-village's village; demo-v06 works in 石角社区

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private String token(String username, String password) throws Exception {
        return ApiCalls.token(mvc, username, password);
    }

    private MvcResult send(MockHttpServletRequestBuilder request, String token, String body) throws Exception {
        return ApiCalls.send(mvc, request, token, body);
    }

    private MvcResult newGrid(String token, String name) throws Exception {
        return send(MockMvcRequestBuilders.post("/api/v1/org-units"), token,
                "{\"parentCode\":\"" + LONGNAN + "\",\"code\":\"" + LONGNAN + "-G9\",\"name\":\"" + name + "\"}");
    }

    private long units() {
        return jdbc.sql("SELECT COUNT(*) FROM org_unit").query(Long.class).single();
    }

    private static String json(MvcResult r) throws Exception {
        return ApiCalls.body(r);
    }

    @Test
    void aGridNameWithMarkupIsRefusedNamingTheFieldInChineseAndNothingIsCreated() throws Exception {
        long before = units();
        MvcResult r = newGrid(token("demo-village", "demo-village"), "<b>第九网格</b>");
        assertThat(r.getResponse().getStatus()).as(json(r)).isEqualTo(422);
        assertThat((String) JsonPath.read(json(r), "$.fields[0].field")).isEqualTo("name");
        assertThat((String) JsonPath.read(json(r), "$.fields[0].message"))
                .endsWith("不能包含 < > 等符号或控制字符，请只填写文字。");
        assertThat(units()).isEqualTo(before);
    }

    @Test
    void aBadGridFromSomeoneWithoutAccessIsRefusedForTheAccessNotForTheName() throws Exception {
        long before = units();
        assertThat(newGrid(token("demo-v06", "demo-village"), "<b>第九网格</b>").getResponse().getStatus())
                .isEqualTo(404);
        assertThat(newGrid(token("demo-keeper", "demo-keeper"), "<b>第九网格</b>").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(units()).isEqualTo(before);
    }

    @Test
    void aHouseholdChangeWithAnUnknownStatusIsRefusedAndNothingChanges() throws Exception {
        long[] h = jdbc.sql("SELECT h.village_id, h.id FROM household h JOIN passbook p ON p.household_id = h.id"
                + " AND p.village_id = h.village_id WHERE p.number = '441821100201-0001'")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        String status = jdbc.sql("SELECT status FROM household WHERE village_id = ? AND id = ?").params(h[0], h[1])
                .query(String.class).single();
        String path = "/api/v1/households/" + h[0] + "/" + h[1];
        MvcResult r = send(MockMvcRequestBuilders.patch(path), token("demo-village", "demo-village"),
                "{\"status\":\"GONE\",\"reason\":\"搬走\"}");
        assertThat(r.getResponse().getStatus()).as(json(r)).isEqualTo(422);
        assertThat((String) JsonPath.read(json(r), "$.fields[0].field")).isEqualTo("status");
        assertThat((String) JsonPath.read(json(r), "$.fields[0].message")).endsWith("状态只能是正常、已迁出或已故。");
        assertThat(send(MockMvcRequestBuilders.patch(path), token("demo-v06", "demo-village"),
                "{\"status\":\"GONE\",\"reason\":\"搬走\"}").getResponse().getStatus()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT status FROM household WHERE village_id = ? AND id = ?").params(h[0], h[1])
                .query(String.class).single()).isEqualTo(status);
    }
}
