package cn.jifen.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;

@IntegrationTest
class HealthAndDemoTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    @Test
    void healthIsUpForAnyoneWithoutComponents() throws Exception {
        // load balancers need only the status; the parts (database, disk) are for staff
        mvc.perform(get("/actuator/health")).andExpect(status().isOk())
                .andExpect(jsonPath("$.status").value("UP"))
                .andExpect(jsonPath("$.components").doesNotExist())
                .andExpect(jsonPath("$.details").doesNotExist())
                .andExpect(content().string(Matchers.not(Matchers.containsString("db"))));
    }

    @Test
    void theDemoCountyHasTwoTownsTwelveVillagesAndSixHundredHouseholds() {
        assertThat(count("SELECT COUNT(*) FROM org_unit WHERE level = 'TOWN' AND code LIKE '4418211%'")).isGreaterThanOrEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM org_unit WHERE level = 'VILLAGE' AND code LIKE '44182110_2__'")).isEqualTo(12);
        assertThat(count("SELECT COUNT(*) FROM household h JOIN org_unit v ON v.id = h.village_id WHERE v.code LIKE '44182110_2__'"))
                .isGreaterThanOrEqualTo(600);
        assertThat(count("SELECT COUNT(*) FROM passbook p JOIN org_unit v ON v.id = p.village_id WHERE v.code LIKE '44182110_2__'"))
                .isGreaterThanOrEqualTo(600);
        assertThat(count("SELECT COUNT(*) FROM supermarket")).isGreaterThanOrEqualTo(12);
    }

    @Test
    void theDemoLoginsOfTheReadmeExist() {
        assertThat(jdbc.sql("SELECT username FROM app_user").query(String.class).list())
                .contains("demo-admin", "demo-town", "demo-village", "demo-grid", "demo-keeper", "demo-auditor",
                        "441821100201-0001");
    }

    @Test
    void theApiIsDescribedInOpenApi() throws Exception {
        mvc.perform(get("/v3/api-docs")).andExpect(status().isOk())
                .andExpect(jsonPath("$.paths['/api/v1/tokens']").exists())
                .andExpect(jsonPath("$.paths['/api/v1/villages/{code}/households']").exists());
    }

    private long count(String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }
}
