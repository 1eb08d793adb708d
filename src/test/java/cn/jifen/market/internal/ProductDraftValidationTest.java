package cn.jifen.market.internal;

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
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * POST /api/v1/supermarkets/{v}/{id}/products: the product's text rules are constraints on {@code Goods.ProductDraft},
 * checked after the supermarket's access check. A broken rule is a 422 naming the field in Chinese with nothing
 * stored; a caller who may not stock that supermarket hears 403 or 404 whatever the draft holds.
 */
@IntegrationTest
class ProductDraftValidationTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    private String token(String username, String password) throws Exception {
        return ApiCalls.token(mvc, username, password);
    }

    /** 龙南村积分超市 (demo-village's, where demo-keeper works). */
    private long[] longnanSupermarket() {
        return jdbc.sql("SELECT village_id, id FROM supermarket WHERE name = '龙南村积分超市'")
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
    }

    private MvcResult create(String token, String name) throws Exception {
        long[] s = longnanSupermarket();
        return ApiCalls.send(mvc, MockMvcRequestBuilders.post("/api/v1/supermarkets/" + s[0] + "/" + s[1] + "/products"),
                token, "{\"name\":\"" + name + "\",\"unit\":\"袋\",\"points\":10}");
    }

    private long products() {
        return jdbc.sql("SELECT COUNT(*) FROM product").query(Long.class).single();
    }

    @Test
    void aProductNameWithMarkupIsRefusedNamingTheFieldInChineseAndNothingIsStored() throws Exception {
        long before = products();
        MvcResult r = create(token("demo-village", "demo-village"), "<b>大米</b>");
        String json = ApiCalls.body(r);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo("name");
        assertThat((String) JsonPath.read(json, "$.fields[0].message")).endsWith("不能包含 < > 等符号或控制字符，请只填写文字。");
        assertThat(products()).isEqualTo(before);
    }

    @Test
    void aBadProductFromSomeoneWhoMayNotStockThereIsRefusedForTheAccessNotForTheName() throws Exception {
        long before = products();
        assertThat(create(token("demo-keeper", "demo-keeper"), "<b>大米</b>").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(create(token("demo-v06", "demo-village"), "<b>大米</b>").getResponse().getStatus())
                .isEqualTo(404);
        assertThat(products()).isEqualTo(before);
    }
}
