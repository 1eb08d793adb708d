package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** A freshly registered household has no ledger account yet: its passbook shows an empty statement, never a 500. */
@IntegrationTest
class EmptyPassbookTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired JdbcClient jdbc;

    LedgerFixture f;
    Household h;

    @BeforeEach
    void freshHousehold() {
        f = new LedgerFixture(orgUnits, households, 1);
        h = f.h(0);
    }

    private MockHttpSession login(String username, String password) throws Exception {
        MvcResult login = mvc.perform(post("/login").with(csrf()).param("username", username)
                .param("password", password)).andReturn();
        return (MockHttpSession) login.getRequest().getSession(false);
    }

    private MvcResult get200(String path, MockHttpSession session) throws Exception {
        MvcResult r = mvc.perform(get(path).session(session)).andReturn();
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return r;
    }

    private String base() {
        return "/console/households/" + f.v() + "/" + h.id();
    }

    @Test
    void theStaffStatementPageOfAHouseholdWithoutPostingsShowsItsPassbookAndZero() throws Exception {
        String html = get200(base() + "/passbook", login("demo-town", "demo-town")).getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains(h.passbookNumber()).contains(">0<");
    }

    @Test
    void thePrintedStatementOfAHouseholdWithoutPostingsIsAPdf() throws Exception {
        MvcResult r = get200(base() + "/passbook.pdf", login("demo-town", "demo-town"));
        assertThat(r.getResponse().getContentType()).isEqualTo("application/pdf");
        String text = new PdfTextExtractor(new PdfReader(r.getResponse().getContentAsByteArray())).getTextFromPage(1);
        assertThat(text).contains(h.passbookNumber()).contains("可用积分：0");
    }

    @Test
    void theVillagersOwnPassbookWithoutPostingsOpens() throws Exception {
        users.createVillager(Actors.of(Role.VILLAGE_ADMIN, f.village), f.v(), h.id(), "cunmin-2026");
        // the first-login password change is another test's subject: this villager has done it
        jdbc.sql("UPDATE app_user SET must_change_password = FALSE WHERE username = ?").param(h.passbookNumber()).update();
        MockHttpSession villager = login(h.passbookNumber(), "cunmin-2026");
        String html = get200("/me/passbook", villager).getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains(h.passbookNumber());
        assertThat(get200("/me/passbook.pdf", villager).getResponse().getContentType()).isEqualTo("application/pdf");
    }

    @Test
    void theApiStatementOfAHouseholdWithoutPostingsIsEmpty() throws Exception {
        MvcResult r = mvc.perform(get("/api/v1/households/" + f.v() + "/" + h.id() + "/statement")
                .header("Authorization", "Bearer " + token(mvc, "demo-town", "demo-town"))).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String json = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"total\":0").contains("\"items\":[]").contains("\"available\":0");
    }

    /** A bearer token for the JSON API. */
    static String token(MockMvc mvc, String username, String password) throws Exception {
        MvcResult r = mvc.perform(post("/api/v1/tokens").contentType("application/json")
                .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        return JsonPath.read(r.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
    }
}
