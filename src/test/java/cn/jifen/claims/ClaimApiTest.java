package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/** The claims API and pages as the demo county's accounts see them: scope (404), role (403), the whole path. */
@IntegrationTest
class ClaimApiTest extends Db {
    static final String PASSBOOK = "441821100201-0001";
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @Autowired MockMvc mvc;
    @Autowired Claims claims;
    @Autowired Ledger ledger;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    final String today = LocalDate.now(ZoneId.of("Asia/Shanghai")).toString();

    private MvcResult perform(RequestBuilder b) {
        try {
            return mvc.perform(b).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String token(String login, String password) {
        return TOKENS.computeIfAbsent(login, l -> {
            MvcResult r = perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + l + "\",\"password\":\"" + password + "\"}"));
            assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
            return JsonPath.read(body(r), "$.token");
        });
    }

    private MvcResult api(String method, String path, String token, String json) {
        MockHttpServletRequestBuilder b = "GET".equals(method) ? get(path) : post(path);
        b.header("Authorization", "Bearer " + token);
        if (json != null) {
            b.contentType(MediaType.APPLICATION_JSON).content(json.getBytes(StandardCharsets.UTF_8));
        }
        return perform(b);
    }

    private static String body(MvcResult r) {
        try {
            return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String grid() { return token("demo-grid", "demo-grid"); }

    private String villageAdmin() { return token("demo-village", "demo-village"); }

    private String villager() { return token(PASSBOOK, "123456"); }

    private MvcResult recordWm01(int points) {
        return api("POST", "/api/v1/claims", grid(), "{\"passbookNumber\":\"" + PASSBOOK + "\",\"itemCode\":\"WM01\","
                + "\"points\":" + points + ",\"occurredOn\":\"" + today + "\",\"note\":\"红事简办\"}");
    }

    @Test
    void aGridWorkerRecordsTheAdminApprovesAndAVillagerObjectsThroughTheApi() {
        MvcResult r = recordWm01(20);
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        int v = JsonPath.read(body(r), "$.villageId");
        int id = JsonPath.read(body(r), "$.id");
        assertThat((String) JsonPath.read(body(r), "$.status")).isEqualTo("RECORDED");
        String base = "/api/v1/claims/" + v + "/" + id;

        MvcResult list = api("GET", "/api/v1/claims?village=441821100201&status=RECORDED", villageAdmin(), null);
        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(list)).contains("\"id\":" + id);

        MvcResult approved = api("POST", base + "/approve", villageAdmin(), "{\"points\":25,\"reason\":\"核实\"}");
        assertThat(approved.getResponse().getStatus()).as(body(approved)).isEqualTo(200);
        assertThat((String) JsonPath.read(body(approved), "$.status")).isEqualTo("IN_PUBLICITY");
        assertThat((Integer) JsonPath.read(body(approved), "$.points")).isEqualTo(25);

        MvcResult objection = api("POST", base + "/objections", villager(), "{\"reason\":\"不属实\"}");
        assertThat(objection.getResponse().getStatus()).as(body(objection)).isEqualTo(201);
        int objectionId = JsonPath.read(body(objection), "$.id");

        MvcResult dismissed = api("POST", base + "/objections/" + objectionId + "/dismiss", villageAdmin(),
                "{\"reason\":\"经核实属实\"}");
        assertThat(dismissed.getResponse().getStatus()).as(body(dismissed)).isEqualTo(200);
        assertThat((String) JsonPath.read(body(dismissed), "$.status")).isEqualTo("IN_PUBLICITY");

        MvcResult detail = api("GET", base, villager(), null);
        assertThat(detail.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(detail)).contains("DISMISS_OBJECTION");
    }

    @Test
    void outOfRangePointsAre422WithAChineseMessage() {
        MvcResult r = recordWm01(99);
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("分值须在 20 到 50 之间");
    }

    @Test
    void aClaimOutsideTheScopeIs404() {
        ClaimFixture f = new ClaimFixture(orgUnits, households, catalogue, 1);
        var item = f.item().create();
        Claim c = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, item.code(), 10, f.today, null,
                null, false));
        String base = "/api/v1/claims/" + f.v() + "/" + c.id();
        assertThat(api("GET", base, grid(), null).getResponse().getStatus()).isEqualTo(404);
        assertThat(api("GET", base, villageAdmin(), null).getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", base + "/approve", villageAdmin(), "{}").getResponse().getStatus()).isEqualTo(404);
        assertThat(api("GET", base, villager(), null).getResponse().getStatus()).isEqualTo(404);
        assertThat(api("GET", "/api/v1/claims?village=" + f.village.code(), villageAdmin(), null).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void theWrongRoleIs403() {
        MvcResult r = recordWm01(30);
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        String base = "/api/v1/claims/" + JsonPath.read(body(r), "$.villageId") + "/" + JsonPath.read(body(r), "$.id");
        assertThat(api("POST", base + "/approve", grid(), "{}").getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", base + "/reject", grid(), "{\"reason\":\"x\"}").getResponse().getStatus()).isEqualTo(403);
        MvcResult batch = api("POST", "/api/v1/claims/approve-batch", villager(),
                "{\"villageId\":" + JsonPath.read(body(r), "$.villageId") + ",\"claimIds\":[1]}");
        assertThat(batch.getResponse().getStatus()).isEqualTo(403);
        // FL01 is recorded by staff only: a villager's declaration is refused
        MvcResult declare = api("POST", "/api/v1/claims", villager(), "{\"itemCode\":\"FL01\",\"points\":10,"
                + "\"occurredOn\":\"" + today + "\"}");
        assertThat(declare.getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void batchApprovalReportsEachClaim() {
        MvcResult a = recordWm01(20);
        int v = JsonPath.read(body(a), "$.villageId");
        int id = JsonPath.read(body(a), "$.id");
        MvcResult r = api("POST", "/api/v1/claims/approve-batch", villageAdmin(),
                "{\"villageId\":" + v + ",\"claimIds\":[" + id + ",999999999],\"reason\":\"核实无误（同日可能已有同项记录）\"}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        assertThat((Boolean) JsonPath.read(body(r), "$[0].ok")).isTrue();
        assertThat((Boolean) JsonPath.read(body(r), "$[1].ok")).isFalse();
        assertThat((String) JsonPath.read(body(r), "$[1].message")).contains("没有找到");
    }

    // ------------------------------------------------------------ pages

    private MockHttpSession login(String user, String password) {
        MvcResult r = perform(post("/login").with(csrf()).param("username", user).param("password", password));
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    @Test
    void theRecordFormQueueAndClaimPageWorkForStaff() {
        MockHttpSession grid = login("demo-grid", "demo-grid");
        MvcResult form = perform(get("/console/claims/new").param("passbook", PASSBOOK).session(grid));
        assertThat(form.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(form)).contains("record-submit").contains("WM01");

        MvcResult bad = perform(post("/console/claims").with(csrf()).session(grid).param("passbook", PASSBOOK)
                .param("itemCode", "WM01").param("points", "5").param("occurredOn", today));
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(bad)).contains("分值须在 20 到 50 之间");

        MvcResult saved = perform(post("/console/claims").with(csrf()).session(grid).param("passbook", PASSBOOK)
                .param("itemCode", "WM01").param("points", "20").param("occurredOn", today).param("note", "页面记录"));
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        String location = saved.getResponse().getRedirectedUrl();
        assertThat(location).startsWith("/console/claims/");

        assertThat(perform(get("/console/claims").session(grid)).getResponse().getStatus()).isEqualTo(200);
        MockHttpSession admin = login("demo-village", "demo-village");
        MvcResult queue = perform(get("/console/claims").session(admin));
        assertThat(queue.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(queue)).contains(location);
        MvcResult page = perform(get(location).session(admin));
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(page)).contains("approve-submit").contains("页面记录");

        // earlier tests record the same item for this household today, so the reason also covers a likely duplicate
        MvcResult approved = perform(post(location + "/approve").with(csrf()).session(admin).param("points", "20")
                .param("reason", "核实无误"));
        assertThat(approved.getResponse().getStatus()).isEqualTo(302);
        MvcResult after = perform(get(location).session(admin));
        assertThat(body(after)).contains("公示中").doesNotContain("approve-submit");
    }

    @Test
    void aVillagerDeclaresOnTheirPageAndSeesTheClaim() {
        MockHttpSession villager = login(PASSBOOK, "123456");
        MvcResult page = perform(get("/me/claims").session(villager));
        assertThat(page.getResponse().getStatus()).isEqualTo(200);
        MvcResult saved = perform(post("/me/claims").with(csrf()).session(villager).param("itemCode", "LL01")
                .param("points", "10").param("occurredOn", today).param("note", "帮邻居收稻谷"));
        assertThat(saved.getResponse().getStatus()).isEqualTo(302);
        MvcResult again = perform(get("/me/claims").session(villager));
        assertThat(body(again)).contains("邻里互助：帮扶困难户、邻里互助").contains("待审核");
    }

    @Test
    void aPhotoIsUploadedThroughTheApiAndANonImageIsRefused() throws Exception {
        MvcResult r = recordWm01(40);
        String base = "/api/v1/claims/" + JsonPath.read(body(r), "$.villageId") + "/" + JsonPath.read(body(r), "$.id");
        byte[] png = ClaimsTest.png(50, 40);
        MvcResult ok = perform(MockMvcRequestBuilders.multipart(base + "/photos")
                .file(new MockMultipartFile("photo", "x.txt", "text/plain", png))
                .header("Authorization", "Bearer " + grid()));
        assertThat(ok.getResponse().getStatus()).as(body(ok)).isEqualTo(201);
        assertThat((String) JsonPath.read(body(ok), "$.contentType")).isEqualTo("image/png");
        MvcResult bad = perform(MockMvcRequestBuilders.multipart(base + "/photos")
                .file(new MockMultipartFile("photo", "x.jpg", "image/jpeg",
                        "not an image".getBytes(StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + grid()));
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(bad)).contains("JPEG");
        int photoId = JsonPath.read(body(ok), "$.id");
        MvcResult image = api("GET", base + "/photos/" + photoId, villageAdmin(), null);
        assertThat(image.getResponse().getStatus()).isEqualTo(200);
        assertThat(image.getResponse().getContentType()).isEqualTo("image/jpeg");
    }

    @Test
    void postPagesRenderAndOnlyStaffSeeUninspectedPosts() {
        MockHttpSession admin = login("demo-village", "demo-village");
        assertThat(perform(get("/console/posts").session(admin)).getResponse().getStatus()).isEqualTo(200);
        MockHttpSession villager = login(PASSBOOK, "123456");
        assertThat(perform(get("/me/posts").session(villager)).getResponse().getStatus()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/posts/uninspected?village=441821100201", villager(), null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", "/api/v1/posts/uninspected?village=441821100201", villageAdmin(), null).getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void activityPagesRender() {
        MockHttpSession admin = login("demo-village", "demo-village");
        MvcResult published = perform(post("/console/activities").with(csrf()).session(admin).param("village", "441821100201")
                .param("title", "清扫村道").param("place", "村委会").param("startsAt", "2026-01-05T09:00")
                .param("itemCode", "ZY01").param("points", "10").param("quota", "20"));
        assertThat(published.getResponse().getStatus()).as(body(published)).isEqualTo(302);
        String location = published.getResponse().getRedirectedUrl();
        assertThat(perform(get(location).session(admin)).getResponse().getStatus()).isEqualTo(200);
        assertThat(perform(get(location + "/qr.png").session(admin)).getResponse().getContentType()).isEqualTo("image/png");
        assertThat(perform(get("/console/activities").session(admin)).getResponse().getStatus()).isEqualTo(200);
        MockHttpSession villager = login(PASSBOOK, "123456");
        assertThat(perform(get("/me/activities").session(villager)).getResponse().getStatus()).isEqualTo(200);
        assertThat(perform(get(location.replace("/console/", "/me/")).session(villager)).getResponse().getStatus()).isEqualTo(200);
    }
}
