package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.IntegrationTest;
import cn.jifen.volunteers.Informants;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Who may use the volunteer teams' pages and API (/console/volunteers, /api/v1/volunteer-teams) and the activities'
 * check-out: admins manage teams in their scope; grid workers and auditors read; keepers and villagers are refused;
 * other villages and towns are not found. Refusals change nothing. Writes only touch 石角社区 (demo-v06).
 */
@IntegrationTest
class VolunteersAccessMatrixTest extends SecuritySupport {
    private static final String TEAMS = "/api/v1/volunteer-teams";

    private String token(Matrix.Who who) {
        return tokenFor(who);
    }

    private MvcResult page(String path, Matrix.Who who) {
        return perform(get(path).session(sessionFor(who)));
    }

    private long teams() {
        return count("SELECT COUNT(*) FROM volunteer_team");
    }

    private long members() {
        return count("SELECT COUNT(*) FROM volunteer_member");
    }

    /** A new team of 石角社区 made by its village admin; returns "villageId/id". */
    private String newTeam(String captainPassbook) {
        MvcResult r = api("POST", TEAMS, token(Matrix.Who.VILLAGE_ADMIN), "{\"unit\":" + q(Matrix.SJ_SQ)
                + ",\"name\":" + q(unique("社区队")) + ",\"serviceType\":\"ELDERLY\",\"captainPassbookNumber\":"
                + q(captainPassbook) + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        Number v = json(r, "$.villageId");
        Number id = json(r, "$.id");
        return v + "/" + id;
    }

    // ------------------------------------------------------------------ reading

    @Test
    void theTeamsApiNeedsAToken() {
        assertThat(api("GET", TEAMS, null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void aVillagerMayNotUseTheTeamsApi() {
        assertThat(api("GET", TEAMS, token(Matrix.Who.VILLAGER), null).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aKeeperMayNotSeeTeamsOrTheirPage() {
        assertThat(api("GET", TEAMS, token(Matrix.Who.KEEPER), null).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/console/volunteers", Matrix.Who.KEEPER).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aVillagerSeesTheHouseholdsVolunteerHoursPageAndApi() {
        MvcResult r = page("/me/hours", Matrix.Who.VILLAGER);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("我家的志愿服务").contains("id=\"my-hours\"");
        assertThat(api("GET", "/api/v1/me/volunteer-hours", token(Matrix.Who.VILLAGER), null).getResponse().getStatus())
                .isEqualTo(200);
    }

    @Test
    void staffHaveNoHouseholdVolunteerHours() {
        assertThat(page("/me/hours", Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/me/volunteer-hours", token(Matrix.Who.VILLAGE_ADMIN), null).getResponse()
                .getStatus()).isEqualTo(403);
    }

    @Test
    void aVillageAdminSeesItsTeamsPageWithTheNewTeamForm() {
        MvcResult r = page("/console/volunteers", Matrix.Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("志愿服务队").contains("id=\"team-new\"");
    }

    @Test
    void aGridWorkerReadsTheTeamsPageWithoutTheNewTeamForm() {
        MvcResult r = page("/console/volunteers", Matrix.Who.GRID_WORKER);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).doesNotContain("id=\"team-new\"");
    }

    @Test
    void aTownAdminGets404ForAnotherTownsRanking() {
        MvcResult r = api("GET", TEAMS + "/rankings?scope=" + Matrix.TT, token(Matrix.Who.TOWN_ADMIN), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void theCountyAuditorReadsTheCountyRanking() {
        MvcResult r = api("GET", TEAMS + "/rankings?scope=" + Matrix.COUNTY, token(Matrix.Who.AUDITOR), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void aVillageAdminGets404ForAnotherVillagesTeam() {
        String t = newTeam(Matrix.SJ_SQ + "-0011");
        MvcResult r = api("GET", TEAMS + "/" + t, token(Matrix.Who.COUNTY_ADMIN), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(page("/console/volunteers/" + t, Matrix.Who.GRID_WORKER).getResponse().getStatus()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ writing

    @Test
    void aVillageAdminCreatesATeamInItsVillageAndItIsAudited() {
        long audits = auditCount();
        newTeam(Matrix.SJ_SQ + "-0012");
        assertThat(auditCount()).isEqualTo(audits + 1);
    }

    @Test
    void aVillageAdminGets404CreatingATeamInAnotherVillageAndNothingChanges() {
        long before = teams();
        MvcResult r = api("POST", TEAMS, token(Matrix.Who.VILLAGE_ADMIN), "{\"unit\":" + q(Matrix.SJ_HH)
                + ",\"name\":\"别村的队\",\"serviceType\":\"PATROL\",\"captainPassbookNumber\":" + q(Matrix.SJ_HH + "-0001") + "}");
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(teams()).isEqualTo(before);
    }

    @Test
    void aTeamWithABlankNameIs422NamingTheNameInChineseAndNothingChanges() {
        long before = teams();
        MvcResult r = api("POST", TEAMS, token(Matrix.Who.VILLAGE_ADMIN), "{\"unit\":" + q(Matrix.SJ_SQ)
                + ",\"name\":\"   \",\"serviceType\":\"ELDERLY\",\"captainPassbookNumber\":" + q(Matrix.SJ_SQ + "-0012") + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("name");
        assertThat((String) json(r, "$.fields[0].message")).endsWith("不能为空，请填写。");
        assertThat(teams()).isEqualTo(before);
    }

    @Test
    void aBadTeamFromSomeoneWhoMayNotCreateItThereIsRefusedForTheAccessNotForTheField() {
        long before = teams();
        String blank = ",\"name\":\"   \",\"serviceType\":\"PATROL\",\"captainPassbookNumber\":";
        assertThat(api("POST", TEAMS, token(Matrix.Who.VILLAGE_ADMIN), "{\"unit\":" + q(Matrix.SJ_HH) + blank
                + q(Matrix.SJ_HH + "-0001") + "}").getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", TEAMS, token(Matrix.Who.GRID_WORKER), "{\"unit\":" + q(Matrix.SJ_LN) + blank
                + q(Matrix.SJ_LN + "-0003") + "}").getResponse().getStatus()).isEqualTo(403);
        assertThat(teams()).isEqualTo(before);
    }

    @Test
    void aGridWorkerOrAnAuditorMayNotCreateATeam() {
        long before = teams();
        String body = "{\"unit\":" + q(Matrix.SJ_LN) + ",\"name\":\"网格员的队\",\"serviceType\":\"PATROL\","
                + "\"captainPassbookNumber\":" + q(Matrix.SJ_LN + "-0003") + "}";
        assertThat(api("POST", TEAMS, token(Matrix.Who.GRID_WORKER), body).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", TEAMS, token(Matrix.Who.AUDITOR), body).getResponse().getStatus()).isEqualTo(403);
        assertThat(teams()).isEqualTo(before);
    }

    @Test
    void theTownAdminManagesAVillagesTeamButTheGridWorkerMayNotAddMembers() {
        String t = newTeam(Matrix.SJ_SQ + "-0013");
        long before = members();
        MvcResult r = api("POST", TEAMS + "/" + t + "/members", token(Matrix.Who.TOWN_ADMIN),
                "{\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0014") + "}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        assertThat(members()).isEqualTo(before + 1);
        MvcResult denied = api("POST", TEAMS + "/" + t + "/members", token(Matrix.Who.AUDITOR),
                "{\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0015") + "}");
        assertThat(denied.getResponse().getStatus()).isEqualTo(403);
        assertThat(members()).isEqualTo(before + 1);
    }

    @Test
    void joiningTwiceByApiIs409WithAChineseMessageAndNothingChanges() {
        String t = newTeam(Matrix.SJ_SQ + "-0016");
        long before = members();
        MvcResult r = api("POST", TEAMS + "/" + t + "/members", token(Matrix.Who.VILLAGE_ADMIN),
                "{\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0016") + "}");
        assertThat(r.getResponse().getStatus()).isEqualTo(409);
        assertThat(hasChinese(body(r))).isTrue();
        assertThat(members()).isEqualTo(before);
    }

    @Test
    void leavingBeforeJoiningByApiIs422AndTheMemberStays() {
        String t = newTeam(Matrix.SJ_SQ + "-0017");
        MvcResult join = api("POST", TEAMS + "/" + t + "/members", token(Matrix.Who.VILLAGE_ADMIN),
                "{\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0018") + ",\"joinedOn\":\"2026-01-10\"}");
        assertThat(join.getResponse().getStatus()).as(body(join)).isEqualTo(201);
        Number rid = json(join, "$.residentId");
        MvcResult r = api("POST", TEAMS + "/" + t + "/members/" + rid + "/leave", token(Matrix.Who.VILLAGE_ADMIN),
                "{\"leftOn\":\"2026-01-09\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("退队日期");
        assertThat(count("SELECT COUNT(*) FROM volunteer_member WHERE resident_id = " + rid + " AND left_on IS NULL"))
                .isEqualTo(1);
    }

    @Test
    void joiningTwiceOnThePageShowsTheReasonAndKeepsWhatWasTyped() {
        String t = newTeam(Matrix.SJ_SQ + "-0019");
        MvcResult r = perform(post("/console/volunteers/" + t + "/members").with(csrf())
                .session(sessionFor(Matrix.Who.VILLAGE_ADMIN)).param("passbook", Matrix.SJ_SQ + "-0019"));
        assertThat(r.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(r)).contains("已经是这支队伍的队员了").contains("value=\"" + Matrix.SJ_SQ + "-0019\"");
    }

    // ------------------------------------------------------------------ check-out

    @Test
    void checkOutBeforeCheckInByApiIs422AndAVillagerMayNotCheckOut() {
        String admin = token(Matrix.Who.VILLAGE_ADMIN);
        LocalDateTime start = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(3).withSecond(0).withNano(0);
        MvcResult a = api("POST", "/api/v1/activities", admin, "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"title\":\"敬老院打扫\",\"place\":\"敬老院\",\"startsAt\":" + q(start.toString())
                + ",\"itemCode\":\"ZY01\",\"points\":10,\"quota\":5,\"durationMinutes\":120}");
        assertThat(a.getResponse().getStatus()).as(body(a)).isEqualTo(201);
        String path = "/api/v1/activities/" + json(a, "$.villageId") + "/" + json(a, "$.id");
        MvcResult s = api("POST", path + "/signups", admin, "{\"passbookNumber\":" + q(Matrix.SJ_SQ + "-0020") + "}");
        assertThat(s.getResponse().getStatus()).isEqualTo(201);
        Number rid = json(s, "$.residentId");
        assertThat(api("POST", path + "/checkouts", admin, "{\"residentId\":" + rid + "}").getResponse().getStatus())
                .isEqualTo(409);   // not checked in yet
        assertThat(api("POST", path + "/checkins", admin, "{\"residentId\":" + rid + "}").getResponse().getStatus())
                .isEqualTo(200);
        MvcResult early = api("POST", path + "/checkouts", admin, "{\"residentId\":" + rid + ",\"at\":"
                + q(start.minusMinutes(5).toString()) + "}");
        assertThat(early.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(early)).contains("签退时间");
        assertThat(api("POST", path + "/checkouts", token(Matrix.Who.VILLAGER), "{\"residentId\":" + rid + "}")
                .getResponse().getStatus()).isIn(403, 404);
        MvcResult ok = api("POST", path + "/checkouts", admin, "{\"residentId\":" + rid + "}");
        assertThat(ok.getResponse().getStatus()).isEqualTo(200);
        assertThat((String) json(ok, "$.checkedOutAt")).isNotNull();
    }

    // ------------------------------------------------------------------ informants

    @Autowired Informants informants;

    private long reportCount() {
        return count("SELECT COUNT(*) FROM informant_report");
    }

    /** An informant of 石角社区's first grid (a household of that grid) with a fresh report; returns "villageId/id". */
    private String report() {
        String passbook = Matrix.SJ_SQ + "-0004";
        jdbc.sql("UPDATE informant SET ended_on = CURRENT_DATE, ended_by = 'test' WHERE passbook_number = :p AND ended_on IS NULL")
                .param("p", passbook).update();
        MvcResult a = api("POST", "/api/v1/informants", token(Matrix.Who.VILLAGE_ADMIN), "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"grid\":" + q(Matrix.SJ_SQ + "-G1") + ",\"passbookNumber\":" + q(passbook) + "}");
        assertThat(a.getResponse().getStatus()).as(body(a)).isEqualTo(201);
        long[] k = householdKey(passbook);
        Actor villager = new Actor(-7, "informant-test", "信息员", Role.VILLAGER,
                k[0], jdbc.sql("SELECT path FROM org_unit WHERE id = :id").param("id", k[0]).query(String.class).single(),
                k[1], "127.0.0.1");
        var r = informants.report(villager, "CLUTTER", "路边堆放柴草", Matrix.SJ_SQ + "-0007", null);
        return r.villageId() + "/" + r.id();
    }

    @Test
    void onlyAVillageAdminAppointsInformantsOfItsOwnVillage() {
        long before = count("SELECT COUNT(*) FROM informant");
        String body = "{\"village\":" + q(Matrix.SJ_LN) + ",\"grid\":" + q(Matrix.SJ_LN + "-G1")
                + ",\"passbookNumber\":" + q(Matrix.SJ_LN + "-0004") + "}";
        assertThat(api("POST", "/api/v1/informants", token(Matrix.Who.VILLAGE_ADMIN), body).getResponse().getStatus())
                .isEqualTo(404);   // 石角社区's admin, 龙南村's grid
        assertThat(api("POST", "/api/v1/informants", token(Matrix.Who.GRID_WORKER), body).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("POST", "/api/v1/informants", token(Matrix.Who.TOWN_ADMIN), body).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(count("SELECT COUNT(*) FROM informant")).isEqualTo(before);
    }

    @Test
    void keepersAndVillagersMayNotReadTheInformantsLists() {
        assertThat(api("GET", "/api/v1/informant-reports?village=" + Matrix.SJ_LN, token(Matrix.Who.KEEPER), null)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/informants?village=" + Matrix.SJ_LN, token(Matrix.Who.VILLAGER), null)
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/console/informants", Matrix.Who.KEEPER).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aVillagerWhoIsNotAnInformantCannotReportAndNothingIsStored() {
        jdbc.sql("UPDATE informant SET ended_on = CURRENT_DATE, ended_by = 'test' WHERE passbook_number = :p AND ended_on IS NULL")
                .param("p", Matrix.VILLAGER_LOGIN).update();
        long before = reportCount();
        MvcResult r;
        try {
            r = mvc.perform(MockMvcRequestBuilders
                    .multipart("/api/v1/informant-reports").param("kind", "CLUTTER").param("note", "门前乱堆")
                    .header("Authorization", "Bearer " + token(Matrix.Who.VILLAGER))).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat(hasChinese(body(r))).isTrue();
        assertThat(reportCount()).isEqualTo(before);
    }

    @Test
    void theReportsGridWorkerOrVillageAdminConfirmsOthersAreRefusedAndASecondConfirmIsAConflict() {
        String t = report();
        String confirm = "/api/v1/informant-reports/" + t + "/confirm";
        String body = "{\"itemCode\":\"FL01\",\"points\":10}";
        long claimsBefore = count("SELECT COUNT(*) FROM claim");
        assertThat(api("POST", confirm, token(Matrix.Who.AUDITOR), body).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", confirm, token(Matrix.Who.KEEPER), body).getResponse().getStatus()).isIn(403, 404);
        assertThat(api("POST", confirm, token(Matrix.Who.VILLAGER), body).getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", confirm, token(Matrix.Who.GRID_WORKER), body).getResponse().getStatus()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM claim")).isEqualTo(claimsBefore);
        MvcResult ok = api("POST", confirm, token(Matrix.Who.VILLAGE_ADMIN), body);
        assertThat(ok.getResponse().getStatus()).as(body(ok)).isEqualTo(200);
        assertThat((String) json(ok, "$.status")).isEqualTo("CONFIRMED");
        long after = count("SELECT COUNT(*) FROM claim");
        MvcResult again = api("POST", confirm, token(Matrix.Who.VILLAGE_ADMIN), body);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(again)).contains("已经处理过了");
        assertThat(count("SELECT COUNT(*) FROM claim")).isEqualTo(after);
    }

    @Test
    void theVillageAdminSeesTheInformantsPageWithTheAppointForm() {
        MvcResult r = page("/console/informants", Matrix.Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("id=\"appoint-form\"");
        MvcResult g = page("/console/informants", Matrix.Who.GRID_WORKER);
        assertThat(g.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(g)).doesNotContain("id=\"appoint-form\"");
    }
}
