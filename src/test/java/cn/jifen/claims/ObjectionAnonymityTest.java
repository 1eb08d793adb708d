package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * Who raised an objection is known to the reviewers (admins) and auditors only: other villagers, the
 * household the claim is about and the grid worker who recorded it see the objection without a name,
 * on the claim page, the board and the API. The objector still sees its own.
 */
@IntegrationTest
class ObjectionAnonymityTest extends Db {
    @Autowired Claims claims;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired RuleCatalogue catalogue;
    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;

    ClaimFixture f;
    Claim claim;
    Actor objector;

    @BeforeEach
    void anObjectedClaim() {
        f = new ClaimFixture(orgUnits, households, catalogue, 3);
        claim = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, f.item().create().code(), 10,
                f.today, null, "测试记录", false));
        claims.approve(f.admin1, f.v(), claim.id(), null, null);
        objector = f.villager(1);
        claims.object(objector, f.v(), claim.id(), "那天他不在村里");
    }

    private void assertAnonymous(ClaimDetail d) {
        assertThat(d.objections()).singleElement().satisfies(o -> {
            assertThat(o.reason()).isEqualTo("那天他不在村里");
            assertThat(o.raisedBy()).isNull();
            assertThat(o.raisedByName()).isNull();
        });
        assertThat(d.history()).filteredOn(e -> e.action().equals("OBJECT")).singleElement()
                .satisfies(e -> assertThat(e.actorName()).isNull());
    }

    @Test
    void anotherVillagerSeesTheObjectionWithoutItsAuthor() {
        assertAnonymous(claims.detail(f.villager(2), f.v(), claim.id()));
    }

    @Test
    void theHouseholdTheClaimIsAboutSeesTheObjectionWithoutItsAuthor() {
        assertAnonymous(claims.detail(f.villager(0), f.v(), claim.id()));
    }

    @Test
    void theRecordingGridWorkerSeesTheObjectionWithoutItsAuthor() {
        assertAnonymous(claims.detail(f.gridWorker, f.v(), claim.id()));
    }

    @Test
    void theBoardShowsObjectionsWithoutAuthors() {
        assertThat(claims.board(f.villager(2), null, Paging.first(50)).items()).singleElement()
                .satisfies(l -> assertThat(l.objections()).extracting(Objection::raisedByName).containsOnlyNulls());
        assertThat(claims.publicity(f.v(), Paging.first(50)).items()).singleElement()
                .satisfies(l -> assertThat(l.objections()).extracting(Objection::raisedByName).containsOnlyNulls());
    }

    @Test
    void theReviewerSeesWhoObjected() {
        ClaimDetail d = claims.detail(f.admin2, f.v(), claim.id());
        assertThat(d.objections()).extracting(Objection::raisedByName).containsExactly(objector.username());
        assertThat(d.history()).filteredOn(e -> e.action().equals("OBJECT")).extracting(ClaimEvent::actorName)
                .containsExactly(objector.username());
    }

    @Test
    void theObjectorSeesItsOwnObjection() {
        assertThat(claims.detail(objector, f.v(), claim.id()).objections()).extracting(Objection::raisedByName)
                .containsExactly(objector.username());
    }

    // ------------------------------------------------------------ page and API, demo accounts

    private MvcResult perform(RequestBuilder b) {
        try {
            return mvc.perform(b).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MvcResult r) {
        try {
            return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(String login, String password) {
        MvcResult r = perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + login + "\",\"password\":\"" + password + "\"}"));
        return JsonPath.read(body(r), "$.token");
    }

    private MvcResult api(String method, String path, String token, String json) {
        var b = "GET".equals(method) ? get(path) : post(path);
        b.header("Authorization", "Bearer " + token);
        if (json != null) {
            b.contentType(MediaType.APPLICATION_JSON).content(json.getBytes(StandardCharsets.UTF_8));
        }
        return perform(b);
    }

    @Test
    void theObjectorsPassbookNumberIsOnNoOtherPersonsPageOrApiAnswer() {
        String objectorLogin = "441821100201-0001";
        // a household of 龙南村 G1 other than the objector's, so its claim page names no 0001 by itself
        String other = jdbc.sql("SELECT p.number FROM passbook p JOIN household h ON h.village_id = p.village_id "
                        + "AND h.id = p.household_id JOIN org_unit g ON g.id = h.grid_id "
                        + "WHERE g.code = '441821100201-G1' AND p.number <> :me ORDER BY p.number")
                .param("me", objectorLogin).query(String.class).list().get(0);
        String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();
        MvcResult recorded = api("POST", "/api/v1/claims", token("demo-grid", "demo-grid"),
                "{\"passbookNumber\":\"" + other + "\",\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + today
                        + "\",\"note\":\"红事简办\"}");
        assertThat(recorded.getResponse().getStatus()).as(body(recorded)).isEqualTo(201);
        String base = "/api/v1/claims/" + JsonPath.read(body(recorded), "$.villageId") + "/"
                + JsonPath.read(body(recorded), "$.id");
        assertThat(api("POST", base + "/approve", token("demo-village", "demo-village"), "{\"reason\":\"核实\"}")
                .getResponse().getStatus()).isEqualTo(200);
        assertThat(api("POST", base + "/objections", token(objectorLogin, "123456"), "{\"reason\":\"不属实\"}")
                .getResponse().getStatus()).isEqualTo(201);

        MvcResult byApi = api("GET", base, token("demo-grid", "demo-grid"), null);
        assertThat(body(byApi)).contains("不属实").doesNotContain(objectorLogin);
        MockHttpSession grid = (MockHttpSession) perform(post("/login").with(csrf()).param("username", "demo-grid")
                .param("password", "demo-grid")).getRequest().getSession();
        MvcResult page = perform(get(base.replace("/api/v1/", "/console/")).session(grid));
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(page)).contains("不属实").contains("村民（匿名）").doesNotContain(objectorLogin);

        assertThat(body(api("GET", base, token("demo-village", "demo-village"), null))).contains(objectorLogin);
    }
}
