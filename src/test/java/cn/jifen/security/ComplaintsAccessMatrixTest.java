package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.complaints.Complaint;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.security.Matrix.Who;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Who may use complaints (/api/v1/complaints…, /console/complaints, /me/complaints): a villager only their household's,
 * village/town/county admins and auditors their scope's, grid workers and keepers nothing; the village's own staff
 * never see an anonymous filer (page and API); only the village admin answers (the town once escalated), only the
 * filer rates, once. Complaints are made in 石角社区 (demo-v06's village) and 汤塘社区, and by the demo villager.
 */
@IntegrationTest
class ComplaintsAccessMatrixTest extends SecuritySupport {
    @Autowired Complaints complaints;
    @Autowired Households households;

    private Household household(String passbook) {
        return households.byPassbook(Actor.system("/"), passbook);
    }

    private Actor villagerOf(Household h) {
        long vid = h.villageId();
        return new Actor(-1, h.passbookNumber(), h.headName(), Role.VILLAGER, vid, path(vid), h.id(), "127.0.0.1");
    }

    private String path(long unitId) {
        return jdbc.sql("SELECT path FROM org_unit WHERE id = :id").param("id", unitId).query(String.class).single();
    }

    /** An anonymous complaint of 石角社区-0001 (the village admin demo-v06's village). */
    private Complaint anonymousInSJSQ() {
        return complaints.file(villagerOf(household(Matrix.SJ_SQ + "-0001")), "COMPLAINT", "村委门口积水（矩阵测试）",
                true, List.of());
    }

    private int status(String method, String path, Who who, String body) {
        return api(method, path, tokenFor(who), body).getResponse().getStatus();
    }

    private MvcResult page(String path, Who who) {
        var b = get(path);
        var s = sessionFor(who);
        if (s != null) {
            b.session(s);
        }
        return perform(b);
    }

    private MvcResult fileAsVillager(String kind, String body) {
        try {
            return mvc.perform(MockMvcRequestBuilders.multipart("/api/v1/complaints").param("kind", kind)
                    .param("body", body).header("Authorization", "Bearer " + tokenFor(Who.VILLAGER))).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aComplaintIsReadInScopeOnlyAndTheVillageStaffNeverSeeAnAnonymousFiler() {
        Complaint c = anonymousInSJSQ();
        String filer = household(Matrix.SJ_SQ + "-0001").headName();
        String path = "/api/v1/complaints/" + c.villageId() + "/" + c.id();
        Map<Who, Integer> expected = new LinkedHashMap<>();
        expected.put(Who.COUNTY_ADMIN, 200);
        expected.put(Who.TOWN_ADMIN, 200);
        expected.put(Who.VILLAGE_ADMIN, 200);
        expected.put(Who.AUDITOR, 200);
        expected.put(Who.TOWN_AUDITOR, 200);
        expected.put(Who.GRID_WORKER, 403);
        expected.put(Who.KEEPER, 403);
        expected.put(Who.VILLAGER, 404);
        expected.put(Who.ANONYMOUS, 401);
        expected.put(Who.BAD_TOKEN, 401);
        List<String> wrong = new ArrayList<>();
        expected.forEach((who, want) -> {
            int got = status("GET", path, who, null);
            if (got != want) {
                wrong.add(who + " → " + got + " (expected " + want + ")");
            }
        });
        assertThat(wrong).isEmpty();
        MvcResult village = api("GET", path, tokenFor(Who.VILLAGE_ADMIN), null);
        assertThat((Object) json(village, "$.filer")).isNull();
        assertThat(body(village)).doesNotContain(filer);
        for (Who w : new Who[] {Who.TOWN_ADMIN, Who.COUNTY_ADMIN, Who.TOWN_AUDITOR}) {
            assertThat((String) json(api("GET", path, tokenFor(w), null), "$.filer")).as(w.toString()).isEqualTo(filer);
        }
        MvcResult list = api("GET", "/api/v1/complaints?village=" + Matrix.SJ_SQ + "&size=500", tokenFor(Who.VILLAGE_ADMIN), null);
        assertThat(list.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(list)).contains("村委门口积水（矩阵测试）").doesNotContain(filer);
    }

    @Test
    void theStaffPageShowsAnonymousToTheVillageAndTheFilerToTheTown() {
        Complaint c = anonymousInSJSQ();
        String filer = household(Matrix.SJ_SQ + "-0001").headName();
        MvcResult village = page("/console/complaints?village=" + Matrix.SJ_SQ, Who.VILLAGE_ADMIN);
        assertThat(village.getResponse().getStatus()).isEqualTo(200);
        String html = body(village);
        int at = html.indexOf("id=\"complaint-" + c.id() + "\"");
        assertThat(at).isPositive();
        String card = html.substring(at, html.indexOf("</div>", html.indexOf("class=\"filer\"", at)));
        assertThat(card).contains("匿名").doesNotContain(filer);
        assertThat(html).doesNotContain(filer);
        assertThat(body(page("/console/complaints?village=" + Matrix.SJ_SQ + "&filter=ALL", Who.TOWN_ADMIN))).contains(filer);
        assertThat(page("/console/complaints", Who.GRID_WORKER).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/console/complaints", Who.KEEPER).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/me/complaints", Who.VILLAGE_ADMIN).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void outOfScopeComplaintsAndVillagesAreNotFound() {
        Complaint tt = complaints.file(villagerOf(household(Matrix.TT_SQ + "-0001")), "SUGGESTION", "汤塘社区的建议",
                false, List.of());
        String path = "/api/v1/complaints/" + tt.villageId() + "/" + tt.id();
        assertThat(status("GET", path, Who.TOWN_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", path, Who.VILLAGE_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", path, Who.TOWN_AUDITOR, null)).isEqualTo(404);
        assertThat(status("GET", "/api/v1/complaints?village=" + Matrix.TT_SQ, Who.TOWN_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", "/api/v1/complaints?village=" + Matrix.SJ_HH, Who.VILLAGE_ADMIN, null)).isEqualTo(404);
        assertThat(status("POST", path + "/reply", Who.VILLAGE_ADMIN, "{\"reply\":\"越权答复\"}")).isEqualTo(404);
        MvcResult list = api("GET", "/api/v1/complaints?size=500", tokenFor(Who.TOWN_ADMIN), null);
        assertThat(body(list)).doesNotContain("汤塘社区的建议");
        assertThat(status("GET", path, Who.COUNTY_ADMIN, null)).isEqualTo(200);
    }

    @Test
    void aVillagerFilesAndListsOnlyTheirOwnHouseholdsComplaints() {
        Complaint other = anonymousInSJSQ();
        MvcResult filed = fileAsVillager("SUGGESTION", "建议村里办一次义诊（矩阵）");
        assertThat(filed.getResponse().getStatus()).isEqualTo(201);
        Integer id = json(filed, "$.id");
        MvcResult mine = api("GET", "/api/v1/complaints?size=500", tokenFor(Who.VILLAGER), null);
        assertThat(mine.getResponse().getStatus()).isEqualTo(200);
        List<Integer> ids = json(mine, "$.items[*].id");
        assertThat(ids).contains(id).doesNotContain((int) other.id());
        assertThat(status("GET", "/api/v1/complaints/" + other.villageId() + "/" + other.id(), Who.VILLAGER, null))
                .isEqualTo(404);
        assertThat(page("/me/complaints", Who.VILLAGER).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void badInputIs422InChineseAndNothingIsStored() {
        long before = count("SELECT COUNT(*) FROM complaint");
        MvcResult blank = fileAsVillager("COMPLAINT", "   ");
        assertThat(blank.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(blank, "$.fields[0].field")).isEqualTo("body");
        assertThat(hasChinese(json(blank, "$.fields[0].message"))).isTrue();
        MvcResult kind = fileAsVillager("PRAISE", "表扬");
        assertThat(kind.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(json(kind, "$.fields[0].message"))).isTrue();
        assertThat(count("SELECT COUNT(*) FROM complaint")).isEqualTo(before);
        assertThat(status("GET", "/api/v1/complaints?filter=SOON", Who.COUNTY_ADMIN, null)).isEqualTo(422);
        assertThat(status("PUT", "/api/v1/complaints/settings", Who.COUNTY_ADMIN, "{\"answerDays\":0}")).isEqualTo(422);
        assertThat(status("PUT", "/api/v1/complaints/settings", Who.TOWN_ADMIN, "{\"answerDays\":9}")).isEqualTo(403);
    }

    @Test
    void onlyTheVillageAdminAnswersBeforeEscalationAndASecondAnswerIs409() {
        Complaint c = anonymousInSJSQ();
        String reply = "/api/v1/complaints/" + c.villageId() + "/" + c.id() + "/reply";
        String body = "{\"reply\":\"已安排清理积水\",\"publicReply\":true}";
        for (Who who : new Who[] {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.AUDITOR, Who.TOWN_AUDITOR, Who.GRID_WORKER,
                Who.KEEPER}) {
            assertThat(status("POST", reply, who, body)).as(who.toString()).isEqualTo(403);
        }
        assertThat(status("POST", reply, Who.VILLAGER, body)).isEqualTo(404);
        assertThat(status("POST", reply, Who.ANONYMOUS, body)).isEqualTo(401);
        long audits = auditCount();
        MvcResult ok = api("POST", reply, tokenFor(Who.VILLAGE_ADMIN), body);
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat((String) json(ok, "$.status")).isEqualTo("ANSWERED");
        assertThat(auditCount()).isEqualTo(audits + 1);
        MvcResult again = api("POST", reply, tokenFor(Who.VILLAGE_ADMIN), body);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(hasChinese(json(again, "$.detail"))).isTrue();
        // the public reply is on the village board, without the filer
        String board = body(perform(get("/board/" + Matrix.SJ_SQ + "/complaints")));
        assertThat(board).contains("已安排清理积水").doesNotContain(household(Matrix.SJ_SQ + "-0001").headName());
    }

    @Test
    void aBlankReplyIs422NamingTheReplyInChineseAndTheComplaintStaysUnanswered() {
        Complaint c = anonymousInSJSQ();
        String reply = "/api/v1/complaints/" + c.villageId() + "/" + c.id() + "/reply";
        long audits = auditCount();
        MvcResult blank = api("POST", reply, tokenFor(Who.VILLAGE_ADMIN), "{\"reply\":\"   \",\"publicReply\":true}");
        assertThat(blank.getResponse().getStatus()).as(body(blank)).isEqualTo(422);
        assertThat((String) json(blank, "$.fields[0].field")).isEqualTo("reply");
        assertThat((String) json(blank, "$.fields[0].message")).endsWith("不能为空，请填写。");
        assertThat(auditCount()).isEqualTo(audits);
        assertThat((String) json(api("GET", "/api/v1/complaints/" + c.villageId() + "/" + c.id(),
                tokenFor(Who.VILLAGE_ADMIN), null), "$.status")).isEqualTo("OPEN");
    }

    @Test
    void aBlankReplyFromSomeoneWhoMayNotAnswerIsRefusedForTheAccessNotForTheField() {
        Complaint c = anonymousInSJSQ();
        String reply = "/api/v1/complaints/" + c.villageId() + "/" + c.id() + "/reply";
        String blank = "{\"reply\":\"   \"}";
        long audits = auditCount();
        assertThat(status("POST", reply, Who.TOWN_ADMIN, blank)).isEqualTo(403);
        assertThat(status("POST", reply, Who.GRID_WORKER, blank)).isEqualTo(403);
        assertThat(status("POST", reply, Who.VILLAGER, blank)).isEqualTo(404);
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void onlyTheFilerRatesOnce() {
        MvcResult filed = fileAsVillager("COMPLAINT", "垃圾清运不及时（矩阵）");
        long vid = ((Number) json(filed, "$.villageId")).longValue();
        long id = ((Number) json(filed, "$.id")).longValue();
        String rate = "/api/v1/complaints/" + vid + "/" + id + "/rating";
        assertThat(status("POST", rate, Who.VILLAGER, "{\"rating\":5}")).isEqualTo(409);   // not answered yet
        Actor lnAdmin = new Actor(-1, "demo-village", "村管理员", Role.VILLAGE_ADMIN, vid, path(vid), null, "127.0.0.1");
        complaints.answer(lnAdmin, vid, id, "已加派清运车", false);
        assertThat(status("POST", rate, Who.VILLAGE_ADMIN, "{\"rating\":5}")).isIn(403, 404);
        assertThat(status("POST", rate, Who.GRID_WORKER, "{\"rating\":5}")).isEqualTo(403);
        MvcResult bad = api("POST", rate, tokenFor(Who.VILLAGER), "{\"rating\":0}");
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(json(bad, "$.fields[0].message"))).isTrue();
        assertThat(status("POST", rate, Who.VILLAGER, "{\"rating\":4,\"comment\":\"及时\"}")).isEqualTo(200);
        assertThat(status("POST", rate, Who.VILLAGER, "{\"rating\":1}")).isEqualTo(409);
    }
}
