package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.security.Matrix.Who;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may use the meetings pages and API (/console/meetings…, /api/v1/meetings…): admins and auditors read their
 * scope, only the village admin of the village acts (panel, review mode, schedule, open, attendance, votes, close);
 * grid workers, keepers and villagers have no access. A vote by a member with a conflict of interest answers 422 in
 * Chinese and changes nothing. Writes touch only 石角社区 (the village admin demo-v06's village).
 */
@IntegrationTest
class MeetingsAccessMatrixTest extends SecuritySupport {
    private static final String API = "/api/v1/meetings";
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    @Autowired Claims claims;
    @Autowired OrgUnits orgUnits;

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

    private String scheduleBody(String village, String place) {
        return "{\"village\":" + q(village) + ",\"heldOn\":\"" + TODAY + "\",\"place\":" + q(place) + "}";
    }

    @Test
    void theMeetingsAreReadByAdminsAndAuditorsOfTheVillagesScopeOnly() {
        String path = API + "?village=" + Matrix.SJ_SQ;
        Map<Who, Integer> expected = new LinkedHashMap<>();
        expected.put(Who.COUNTY_ADMIN, 200);
        expected.put(Who.TOWN_ADMIN, 200);
        expected.put(Who.VILLAGE_ADMIN, 200);
        expected.put(Who.AUDITOR, 200);
        expected.put(Who.TOWN_AUDITOR, 200);
        expected.put(Who.GRID_WORKER, 403);
        expected.put(Who.KEEPER, 403);
        expected.put(Who.VILLAGER, 403);
        expected.put(Who.ANONYMOUS, 401);
        expected.put(Who.BAD_TOKEN, 401);
        List<String> wrong = new ArrayList<>();
        for (String p : List.of(path, API + "/panel?village=" + Matrix.SJ_SQ, API + "/review-mode?village=" + Matrix.SJ_SQ)) {
            expected.forEach((who, want) -> {
                int got = status("GET", p, who, null);
                if (got != want) {
                    wrong.add(p + " " + who + " → " + got + " (expected " + want + ")");
                }
            });
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void villagesOutsideTheScopeAreNotFound() {
        assertThat(status("GET", API + "?village=" + Matrix.SJ_HH, Who.VILLAGE_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", API + "?village=" + Matrix.TT_TT, Who.TOWN_ADMIN, null)).isEqualTo(404);
        assertThat(status("POST", API, Who.VILLAGE_ADMIN, scheduleBody(Matrix.SJ_HH, "会议室"))).isEqualTo(404);
        assertThat(page("/console/meetings?village=" + Matrix.SJ_HH, Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void onlyTheVillageAdminSchedulesAndSetsTheReviewModeAndEveryChangeIsAudited() {
        String body = scheduleBody(Matrix.SJ_SQ, "村委会议室");
        for (Who who : new Who[] {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.AUDITOR, Who.GRID_WORKER, Who.KEEPER, Who.VILLAGER}) {
            assertThat(status("POST", API, who, body)).as(who.toString()).isEqualTo(403);
            assertThat(status("PUT", API + "/review-mode", who, "{\"village\":" + q(Matrix.SJ_SQ)
                    + ",\"mode\":\"MEETING\",\"reason\":\"x\"}")).as(who.toString()).isEqualTo(403);
        }
        assertThat(status("POST", API, Who.ANONYMOUS, body)).isEqualTo(401);
        long audits = auditCount();
        MvcResult r = api("POST", API, tokenFor(Who.VILLAGE_ADMIN), body);
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        assertThat((String) json(r, "$.status")).isEqualTo("SCHEDULED");
        assertThat(auditCount()).isEqualTo(audits + 1);
    }

    @Test
    void aMeetingWithoutAPlaceOrWithANulByteIs422InChineseAndNothingIsSaved() {
        long before = count("SELECT COUNT(*) FROM meeting");
        MvcResult none = api("POST", API, tokenFor(Who.VILLAGE_ADMIN), "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"heldOn\":\"" + TODAY + "\"}");
        assertThat(none.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(none, "$.fields[0].field")).isEqualTo("place");
        assertThat(hasChinese(json(none, "$.fields[0].message"))).isTrue();
        assertThat(status("POST", API, Who.VILLAGE_ADMIN, "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"heldOn\":\"" + TODAY + "\",\"place\":\"会议\\u0000室\"}")).isEqualTo(422);
        assertThat(count("SELECT COUNT(*) FROM meeting")).isEqualTo(before);
    }

    @Test
    void aReviewModeWithoutAReasonOrAPanelSeatWithoutADutyIs422NamingTheFieldInChineseAndNothingChanges() {
        long modes = count("SELECT COUNT(*) FROM meeting_review_mode");
        long seats = count("SELECT COUNT(*) FROM meeting_panel_member");
        MvcResult mode = api("PUT", API + "/review-mode", tokenFor(Who.VILLAGE_ADMIN), "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"mode\":\"MEETING\",\"reason\":\"  \"}");
        assertThat(mode.getResponse().getStatus()).as(body(mode)).isEqualTo(422);
        assertThat((String) json(mode, "$.fields[0].field")).isEqualTo("reason");
        assertThat((String) json(mode, "$.fields[0].message")).endsWith("不能为空，请填写。");
        MvcResult seat = api("POST", API + "/panel", tokenFor(Who.VILLAGE_ADMIN), "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"kind\":\"RESIDENT\",\"residentId\":-1,\"duty\":\"<b>代表</b>\",\"joinedOn\":\"" + TODAY + "\"}");
        assertThat(seat.getResponse().getStatus()).as(body(seat)).isEqualTo(422);
        assertThat((String) json(seat, "$.fields[0].field")).isEqualTo("duty");
        assertThat(hasChinese(json(seat, "$.fields[0].message"))).isTrue();
        assertThat((String) json(seat, "$.fields[1].field")).isEqualTo("residentId");
        assertThat(count("SELECT COUNT(*) FROM meeting_review_mode")).isEqualTo(modes);
        assertThat(count("SELECT COUNT(*) FROM meeting_panel_member")).isEqualTo(seats);
    }

    @Test
    void aBadRequestFromOutsideTheVillageIsRefusedForTheAccessNotForTheField() {
        long meetings = count("SELECT COUNT(*) FROM meeting");
        long modes = count("SELECT COUNT(*) FROM meeting_review_mode");
        assertThat(status("POST", API, Who.VILLAGE_ADMIN, scheduleBody(Matrix.SJ_HH, " "))).isEqualTo(404);
        assertThat(status("POST", API, Who.TOWN_ADMIN, scheduleBody(Matrix.SJ_SQ, " "))).isEqualTo(403);
        assertThat(status("PUT", API + "/review-mode", Who.VILLAGE_ADMIN, "{\"village\":" + q(Matrix.SJ_HH)
                + ",\"mode\":\"MEETING\",\"reason\":\" \"}")).isEqualTo(404);
        assertThat(status("PUT", API + "/review-mode", Who.GRID_WORKER, "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"mode\":\"MEETING\",\"reason\":\" \"}")).isEqualTo(403);
        assertThat(status("POST", API + "/panel", Who.VILLAGE_ADMIN, "{\"village\":" + q(Matrix.SJ_HH)
                + ",\"kind\":\"RESIDENT\",\"residentId\":-1,\"duty\":\" \"}")).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM meeting")).isEqualTo(meetings);
        assertThat(count("SELECT COUNT(*) FROM meeting_review_mode")).isEqualTo(modes);
    }

    @Test
    void thePagesOpenForAdminsAndAuditorsAndNotForGridWorkersKeepersOrVillagers() {
        for (String path : List.of("/console/meetings?village=" + Matrix.SJ_SQ, "/console/meetings/panel?village=" + Matrix.SJ_SQ)) {
            for (Who who : new Who[] {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.VILLAGE_ADMIN, Who.AUDITOR}) {
                assertThat(page(path, who).getResponse().getStatus()).as(who + " " + path).isEqualTo(200);
            }
            for (Who who : new Who[] {Who.GRID_WORKER, Who.KEEPER, Who.VILLAGER}) {
                assertThat(page(path, who).getResponse().getStatus()).as(who + " " + path).isEqualTo(403);
            }
        }
    }

    /** A household's head joins the panel as a villager representative; returns [memberId, householdId]. */
    private long[] representative() {
        String passbook = freshHousehold(Matrix.SJ_SQ);
        long[] key = householdKey(passbook);
        long resident = jdbc.sql("SELECT MIN(id) FROM resident WHERE village_id = :v AND household_id = :h")
                .param("v", key[0]).param("h", key[1]).query(Long.class).single();
        MvcResult r = api("POST", API + "/panel", tokenFor(Who.VILLAGE_ADMIN), "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"kind\":\"RESIDENT\",\"residentId\":" + resident + ",\"duty\":\"村民代表\",\"joinedOn\":\""
                + TODAY.minusDays(1) + "\"}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        return new long[] {((Number) json(r, "$.id")).longValue(), key[1]};
    }

    @Test
    void aMeetingRunsThroughTheApiAndAVoteWithAConflictOfInterestIsRefusedWithNothingChanged() throws Exception {
        String v = Matrix.SJ_SQ;
        int staff = status("POST", API + "/panel", Who.VILLAGE_ADMIN, "{\"village\":" + q(v) + ",\"kind\":\"STAFF\",\"userId\":"
                + userId("demo-v06") + ",\"duty\":\"党支部书记\",\"joinedOn\":\"" + TODAY.minusDays(1) + "\"}");
        assertThat(staff).isIn(201, 409);   // 409 when an earlier run on this database added the secretary already
        long[] rep = representative();
        representative();
        assertThat(status("PUT", API + "/review-mode", Who.VILLAGE_ADMIN, "{\"village\":" + q(v)
                + ",\"mode\":\"MEETING\",\"reason\":\"村民代表会议决定\"}")).isEqualTo(200);
        // a deed recorded by the village's grid worker for the representative's own household
        OrgUnit village = orgUnits.byCode(v).orElseThrow();
        OrgUnit grid = orgUnits.byCode(v + "-G1").orElseThrow();
        Actor gridWorker = new Actor(-7, "grid-sjsq", "网格员", Role.GRID_WORKER, grid.id(), grid.path(), null, null);
        RuleItem item = claims.itemsFor(gridWorker, village, false).stream()
                .filter(i -> i.sign() == RuleSign.EARN && !i.veto() && !i.partyOnly() && !i.evidenceRequired() && i.householdCap() == null)
                .findFirst().orElseThrow();
        Claim c = claims.record(gridWorker, new ClaimDraft(village.id(), rep[1], null, item.code(), item.minPoints(), TODAY,
                null, "评议会测试", false));
        // the claim page says the village reviews in meetings (the admin may still decide there)
        assertThat(body(page("/console/claims/" + village.id() + "/" + c.id(), Who.VILLAGE_ADMIN)))
                .contains("reviews-in-meetings");

        String id = String.valueOf(((Number) json(api("POST", API, tokenFor(Who.VILLAGE_ADMIN),
                scheduleBody(v, "村委会议室")), "$.id")).longValue());
        String vb = "{\"village\":" + q(v) + "}";
        assertThat(status("POST", API + "/" + id + "/open", Who.TOWN_ADMIN, vb)).isEqualTo(403);
        MvcResult opened = api("POST", API + "/" + id + "/open", tokenFor(Who.VILLAGE_ADMIN), vb);
        assertThat(opened.getResponse().getStatus()).as(body(opened)).isEqualTo(200);
        List<Number> listed = json(opened, "$.attendance[*].memberId");
        List<Number> items = json(opened, "$.items[?(@.claimId == " + c.id() + ")].id");
        assertThat(items).hasSize(1);
        long itemId = items.get(0).longValue();
        assertThat(status("PUT", API + "/" + id + "/attendance", Who.VILLAGE_ADMIN, "{\"village\":" + q(v) + ",\"present\":"
                + listed + "}")).isEqualTo(200);

        long votes = count("SELECT COUNT(*) FROM meeting_vote");
        MvcResult conflict = api("POST", API + "/" + id + "/votes", tokenFor(Who.VILLAGE_ADMIN), "{\"village\":" + q(v)
                + ",\"itemId\":" + itemId + ",\"votes\":[{\"memberId\":" + rep[0] + ",\"choice\":\"APPROVE\"}]}");
        assertThat(conflict.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(conflict, "$.fields[0].message")).contains("回避");
        assertThat(count("SELECT COUNT(*) FROM meeting_vote")).isEqualTo(votes);

        StringBuilder all = new StringBuilder();
        for (Number m : listed) {
            if (m.longValue() != rep[0]) {
                all.append(all.isEmpty() ? "" : ",").append("{\"memberId\":").append(m).append(",\"choice\":\"APPROVE\"}");
            }
        }
        assertThat(status("POST", API + "/" + id + "/votes", Who.TOWN_ADMIN, "{\"village\":" + q(v) + ",\"itemId\":" + itemId
                + ",\"votes\":[" + all + "]}")).isEqualTo(403);
        assertThat(status("POST", API + "/" + id + "/votes", Who.VILLAGE_ADMIN, "{\"village\":" + q(v) + ",\"itemId\":" + itemId
                + ",\"votes\":[" + all + "]}")).isEqualTo(200);
        MvcResult closed = api("POST", API + "/" + id + "/close", tokenFor(Who.VILLAGE_ADMIN), vb);
        assertThat(closed.getResponse().getStatus()).as(body(closed)).isEqualTo(200);
        assertThat((List<Object>) json(closed, "$.items[?(@.claimId == " + c.id() + ")].outcome")).containsExactly("APPROVE");
        assertThat(claims.get(gridWorker, village.id(), c.id()).status().name()).isEqualTo("IN_PUBLICITY");
        assertThat(status("POST", API + "/" + id + "/close", Who.VILLAGE_ADMIN, vb)).isEqualTo(409);

        // the minutes: a PDF with the attendance and signature lines, for those who read the village
        MvcResult pdf = api("GET", API + "/" + id + "/minutes.pdf?village=" + v, tokenFor(Who.AUDITOR), null);
        assertThat(pdf.getResponse().getStatus()).isEqualTo(200);
        assertThat(pdf.getResponse().getContentType()).isEqualTo("application/pdf");
        Path file = Files.createTempFile("minutes", ".pdf");
        Files.write(file, pdf.getResponse().getContentAsByteArray());
        Process p = new ProcessBuilder("pdftotext", file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.deleteIfExists(file);
        assertThat(text.replaceAll("\\s+", "")).contains("积分评议会会议纪要").contains("实到").contains("到会成员签字")
                .contains("主持人签字");
        assertThat(status("GET", API + "/" + id + "/minutes.pdf?village=" + v, Who.GRID_WORKER, null)).isEqualTo(403);
    }
}
