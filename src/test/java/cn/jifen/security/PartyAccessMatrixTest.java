package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.security.Matrix.Who;
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
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may use the party pages and API (/console/party…, /me/party, /api/v1/party-members…, /api/v1/stats/party):
 * admins and auditors read their scope, only the village admin acts for the branch, the county admin alone sets the
 * formula and reopens a frozen year, a villager reaches only their own ballot page. Bad input answers 422 or 409 with
 * a Chinese message and changes nothing. Writes touch only 石角社区 (the village admin demo-v06's village).
 */
@IntegrationTest
class PartyAccessMatrixTest extends SecuritySupport {
    private static final int YEAR = LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear();

    private long member(String village, int nth) {
        return jdbc.sql("""
                SELECT r.id FROM resident r JOIN org_unit o ON o.id = r.village_id
                JOIN household h ON h.village_id = r.village_id AND h.id = r.household_id
                WHERE o.code = :c AND r.party_member = TRUE AND r.status = 'ACTIVE' AND h.status = 'ACTIVE'
                ORDER BY r.id""").param("c", village).query(Long.class).list().get(nth);
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

    @Test
    void theMembersListIsReadByAdminsAndAuditorsOfTheVillagesScopeOnly() {
        String path = "/api/v1/party-members?village=" + Matrix.SJ_SQ;
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
        expected.forEach((who, want) -> {
            int got = status("GET", path, who, null);
            if (got != want) {
                wrong.add(who + " → " + got + " (expected " + want + ")");
            }
        });
        assertThat(wrong).isEmpty();
    }

    @Test
    void theListIsPagedWithEachMembersClassPostAndRating() {
        MvcResult r = api("GET", "/api/v1/party-members?village=" + Matrix.SJ_SQ + "&size=2", tokenFor(Who.VILLAGE_ADMIN), null);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) json(r, "$.size")).isEqualTo(2);
        assertThat((Integer) json(r, "$.total")).isGreaterThan(0);
        assertThat(body(r)).contains("\"partyClass\"").contains("\"post\"").contains("\"stars\"");
    }

    @Test
    void outOfScopeVillagesAreNotFound() {
        assertThat(status("GET", "/api/v1/party-members?village=" + Matrix.SJ_HH, Who.VILLAGE_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", "/api/v1/party-members?village=" + Matrix.TT_TT, Who.TOWN_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", "/api/v1/party-members/ratings?year=" + YEAR + "&village=" + Matrix.TT_TT, Who.TOWN_AUDITOR,
                null)).isEqualTo(404);
        String body = "{\"village\":\"" + Matrix.SJ_HH + "\",\"classCode\":\"AT_HOME\",\"effectiveOn\":\"2026-01-01\",\"reason\":\"x\"}";
        assertThat(status("POST", "/api/v1/party-members/" + member(Matrix.SJ_HH, 0) + "/class", Who.VILLAGE_ADMIN, body))
                .isEqualTo(404);
    }

    @Test
    void onlyTheVillageAdminSetsAClassAndEveryChangeIsAudited() {
        long m = member(Matrix.SJ_SQ, 0);
        String body = "{\"village\":\"" + Matrix.SJ_SQ + "\",\"classCode\":\"MOBILE\",\"worksAt\":\"深圳市宝安区\","
                + "\"effectiveOn\":\"" + LocalDate.now(ZoneId.of("Asia/Shanghai")) + "\",\"reason\":\"外出务工\"}";
        for (Who who : new Who[] {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.AUDITOR, Who.GRID_WORKER, Who.KEEPER, Who.VILLAGER}) {
            assertThat(status("POST", "/api/v1/party-members/" + m + "/class", who, body)).as(who.toString()).isEqualTo(403);
        }
        assertThat(status("POST", "/api/v1/party-members/" + m + "/class", Who.ANONYMOUS, body)).isEqualTo(401);
        long audits = auditCount();
        MvcResult r = api("POST", "/api/v1/party-members/" + m + "/class", tokenFor(Who.VILLAGE_ADMIN), body);
        assertThat(r.getResponse().getStatus()).isEqualTo(201);
        assertThat((String) json(r, "$.partyClass")).isEqualTo("MOBILE");
        assertThat(auditCount()).isEqualTo(audits + 1);
    }

    @Test
    void aMobileMemberWithoutWhereTheyWorkIs422InChineseAndNothingIsSaved() {
        long m = member(Matrix.SJ_SQ, 1);
        long before = count("SELECT COUNT(*) FROM party_class WHERE resident_id = " + m);
        MvcResult r = api("POST", "/api/v1/party-members/" + m + "/class", tokenFor(Who.VILLAGE_ADMIN),
                "{\"village\":\"" + Matrix.SJ_SQ + "\",\"classCode\":\"MOBILE\",\"effectiveOn\":\"2026-01-01\",\"reason\":\"外出\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("worksAt");
        assertThat(hasChinese(json(r, "$.fields[0].message"))).isTrue();
        assertThat(count("SELECT COUNT(*) FROM party_class WHERE resident_id = " + m)).isEqualTo(before);
    }

    @Test
    void aClassChangeWithoutAReasonOrADayIs422NamingBothInChineseAndNothingIsSaved() {
        long m = member(Matrix.SJ_SQ, 1);
        long before = count("SELECT COUNT(*) FROM party_class WHERE resident_id = " + m);
        MvcResult r = api("POST", "/api/v1/party-members/" + m + "/class", tokenFor(Who.VILLAGE_ADMIN),
                "{\"village\":\"" + Matrix.SJ_SQ + "\",\"classCode\":\"AT_HOME\",\"reason\":\"  \"}");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("reason");
        assertThat((String) json(r, "$.fields[0].message")).endsWith("不能为空，请填写。");
        assertThat((String) json(r, "$.fields[1].field")).isEqualTo("effectiveOn");
        assertThat((String) json(r, "$.fields[1].message")).endsWith("不能为空，请填写。");
        assertThat(count("SELECT COUNT(*) FROM party_class WHERE resident_id = " + m)).isEqualTo(before);
    }

    @Test
    void aBadClassChangeFromSomeoneWhoMayNotSetItIsRefusedForTheAccessNotForTheField() {
        long m = member(Matrix.SJ_SQ, 1);
        long before = count("SELECT COUNT(*) FROM party_class WHERE resident_id = " + m);
        String bad = "{\"village\":\"" + Matrix.SJ_SQ + "\",\"classCode\":\"AT_HOME\",\"reason\":\"  \"}";
        assertThat(status("POST", "/api/v1/party-members/" + m + "/class", Who.TOWN_ADMIN, bad)).isEqualTo(403);
        assertThat(status("POST", "/api/v1/party-members/" + m + "/class", Who.GRID_WORKER, bad)).isEqualTo(403);
        long other = member(Matrix.SJ_HH, 0);
        assertThat(status("POST", "/api/v1/party-members/" + other + "/class", Who.VILLAGE_ADMIN,
                "{\"village\":\"" + Matrix.SJ_HH + "\",\"classCode\":\"AT_HOME\",\"reason\":\"  \"}")).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM party_class WHERE resident_id = " + m)).isEqualTo(before);
    }

    @Test
    void anOverrideWithoutAReasonOrOutsideOneToFiveStarsIs422() {
        String v = Matrix.SJ_SQ;
        long m = member(v, 0);
        assertThat(status("POST", "/api/v1/party-members/ratings/compute", Who.VILLAGE_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + YEAR + "}")).isEqualTo(200);
        MvcResult noReason = api("POST", "/api/v1/party-members/ratings/override", tokenFor(Who.VILLAGE_ADMIN),
                "{\"village\":\"" + v + "\",\"year\":" + YEAR + ",\"residentId\":" + m + ",\"stars\":5}");
        assertThat(noReason.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(json(noReason, "$.detail"))).isTrue();
        MvcResult seven = api("POST", "/api/v1/party-members/ratings/override", tokenFor(Who.VILLAGE_ADMIN),
                "{\"village\":\"" + v + "\",\"year\":" + YEAR + ",\"residentId\":" + m + ",\"stars\":7,\"reason\":\"表现好\"}");
        assertThat(seven.getResponse().getStatus()).isEqualTo(422);
        assertThat(count("SELECT COUNT(*) FROM party_rating WHERE resident_id = " + m + " AND override_stars IS NOT NULL"))
                .isZero();
        assertThat(status("POST", "/api/v1/party-members/ratings/override", Who.TOWN_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + YEAR + ",\"residentId\":" + m + ",\"stars\":5,\"reason\":\"x\"}"))
                .isEqualTo(403);
    }

    @Test
    void aSecondPaperBallotOfTheSameVoterForTheSameMemberIs409() {
        String v = Matrix.SJ_SQ;
        long voter = member(v, 2);
        long m = member(v, 1);
        LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
        assertThat(status("PUT", "/api/v1/party-members/review-window", Who.VILLAGE_ADMIN, "{\"village\":\"" + v + "\",\"year\":"
                + YEAR + ",\"opens\":\"" + today.minusDays(1) + "\",\"closes\":\"" + today.plusDays(3) + "\"}")).isEqualTo(200);
        String ballot = "{\"village\":\"" + v + "\",\"year\":" + YEAR + ",\"voterId\":" + voter + ",\"marks\":{\"" + m + "\":\"GOOD\"}}";
        api("POST", "/api/v1/party-members/paper-ballots", tokenFor(Who.VILLAGE_ADMIN), ballot);
        MvcResult again = api("POST", "/api/v1/party-members/paper-ballots", tokenFor(Who.VILLAGE_ADMIN), ballot);
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(hasChinese(json(again, "$.detail"))).isTrue();
        assertThat(count("SELECT COUNT(*) FROM party_ballot WHERE voter_id = " + voter + " AND member_id = " + m)).isEqualTo(1);
        // someone who is neither a member nor a representative of the village
        long outsider = jdbc.sql("""
                SELECT MIN(r.id) FROM resident r JOIN org_unit o ON o.id = r.village_id
                WHERE o.code = :c AND r.party_member = FALSE""").param("c", v).query(Long.class).single();
        MvcResult notVoter = api("POST", "/api/v1/party-members/paper-ballots", tokenFor(Who.VILLAGE_ADMIN),
                "{\"village\":\"" + v + "\",\"year\":" + YEAR + ",\"voterId\":" + outsider + ",\"marks\":{\"" + m + "\":\"GOOD\"}}");
        assertThat(notVoter.getResponse().getStatus()).isEqualTo(422);
    }

    @Test
    void aFrozenYearIsNotChangedAndOnlyTheCountyAdminReopensIt() {
        String v = Matrix.SJ_SQ;
        int last = YEAR - 1;
        int freeze = status("POST", "/api/v1/party-members/ratings/freeze", Who.VILLAGE_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + last + "}");
        assertThat(freeze).isIn(200, 409);   // 409 when an earlier run on this database froze it already
        assertThat(status("POST", "/api/v1/party-members/ratings/freeze", Who.VILLAGE_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + YEAR + "}")).isEqualTo(409);
        MvcResult post = api("PUT", "/api/v1/party-members/" + member(v, 0) + "/post", tokenFor(Who.VILLAGE_ADMIN),
                "{\"village\":\"" + v + "\",\"year\":" + last + ",\"postCode\":\"CARE\"}");
        assertThat(post.getResponse().getStatus()).isEqualTo(409);
        assertThat(hasChinese(json(post, "$.detail"))).isTrue();
        assertThat(status("POST", "/api/v1/party-members/ratings/reopen", Who.VILLAGE_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + last + ",\"reason\":\"x\"}")).isEqualTo(403);
        assertThat(status("POST", "/api/v1/party-members/ratings/reopen", Who.TOWN_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + last + ",\"reason\":\"x\"}")).isEqualTo(403);
        assertThat(status("POST", "/api/v1/party-members/ratings/reopen", Who.COUNTY_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + last + "}")).isEqualTo(422);
        assertThat(status("POST", "/api/v1/party-members/ratings/reopen", Who.COUNTY_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + last + ",\"reason\":\"补录纸质选票\"}")).isEqualTo(200);
        assertThat(status("POST", "/api/v1/party-members/ratings/freeze", Who.VILLAGE_ADMIN,
                "{\"village\":\"" + v + "\",\"year\":" + last + "}")).isEqualTo(200);
    }

    @Test
    void onlyTheCountyAdminChangesTheFormula() {
        String ok = "{\"wPartyPoints\":30,\"partyPointsFull\":100,\"wOtherPoints\":10,\"otherPointsFull\":100,\"wMeetings\":30,"
                + "\"wReview\":30,\"thresholds\":[40,60,75,90],\"boardStars\":true,\"reserveStars\":4,\"reserveYears\":2,"
                + "\"reason\":\"县委组织部文件\"}";
        for (Who who : new Who[] {Who.TOWN_ADMIN, Who.VILLAGE_ADMIN, Who.AUDITOR, Who.VILLAGER}) {
            assertThat(status("PUT", "/api/v1/party-members/formula", who, ok)).as(who.toString()).isEqualTo(403);
        }
        MvcResult bad = api("PUT", "/api/v1/party-members/formula", tokenFor(Who.COUNTY_ADMIN), ok.replace("\"wReview\":30", "\"wReview\":10"));
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(json(bad, "$.fields[0].message"))).isTrue();
        assertThat(status("PUT", "/api/v1/party-members/formula", Who.COUNTY_ADMIN, ok)).isEqualTo(200);
        assertThat(status("GET", "/api/v1/party-members/formula", Who.AUDITOR, null)).isEqualTo(200);
    }

    @Test
    void aVillagerReachesOnlyTheirOwnBallotPage() {
        assertThat(status("GET", "/api/v1/party-members/ballot", Who.VILLAGER, null)).isEqualTo(200);
        assertThat(status("GET", "/api/v1/party-members/ballot", Who.VILLAGE_ADMIN, null)).isEqualTo(403);
        assertThat(status("GET", "/api/v1/party-members/ratings?year=" + YEAR + "&village=" + Matrix.SJ_LN, Who.VILLAGER, null))
                .isEqualTo(403);
        assertThat(page("/me/party", Who.VILLAGER).getResponse().getStatus()).isEqualTo(200);
        assertThat(page("/console/party?village=" + Matrix.SJ_LN, Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/me/party", Who.VILLAGE_ADMIN).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void thePagesOpenForAdminsAndAuditorsAndNotForGridWorkersOrKeepers() {
        for (String path : List.of("/console/party?village=" + Matrix.SJ_SQ, "/console/party/rating?village=" + Matrix.SJ_SQ,
                "/console/party/ballots?village=" + Matrix.SJ_SQ, "/console/party/" + member(Matrix.SJ_SQ, 0) + "?village=" + Matrix.SJ_SQ)) {
            for (Who who : new Who[] {Who.COUNTY_ADMIN, Who.TOWN_ADMIN, Who.VILLAGE_ADMIN, Who.AUDITOR}) {
                assertThat(page(path, who).getResponse().getStatus()).as(who + " " + path).isEqualTo(200);
            }
            for (Who who : new Who[] {Who.GRID_WORKER, Who.KEEPER}) {
                assertThat(page(path, who).getResponse().getStatus()).as(who + " " + path).isEqualTo(403);
            }
        }
        assertThat(page("/console/party?village=" + Matrix.SJ_HH, Who.VILLAGE_ADMIN).getResponse().getStatus()).isEqualTo(404);
        assertThat(body(page("/console/party/rating?village=" + Matrix.SJ_SQ, Who.VILLAGE_ADMIN))).contains("县定评星公式");
    }

    @Test
    void thePrintableBallotIsAPdfForStaffWhoReadTheVillage() throws Exception {
        MvcResult r = page("/console/party/ballot.pdf?village=" + Matrix.SJ_SQ, Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentType()).isEqualTo("application/pdf");
        byte[] pdf = r.getResponse().getContentAsByteArray();
        assertThat(new String(pdf, 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");
        Path file = Files.createTempFile("party-ballot", ".pdf");
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftotext", file.toString(), "-").redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        Files.deleteIfExists(file);
        assertThat(text.replaceAll("\\s+", "")).contains("党员民主评议表").contains("基本合格");
        assertThat(page("/console/party/ballot.pdf?village=" + Matrix.SJ_SQ, Who.GRID_WORKER).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(page("/console/party/ballot.pdf?village=" + Matrix.SJ_HH, Who.VILLAGE_ADMIN).getResponse().getStatus())
                .isEqualTo(404);
    }

    @Test
    void aRefusedClassFormKeepsWhatWasTyped() {
        long m = member(Matrix.SJ_SQ, 1);
        MvcResult r = perform(post("/console/party/" + m + "/class").with(csrf()).session(sessionFor(Who.VILLAGE_ADMIN))
                .param("village", Matrix.SJ_SQ).param("classCode", "MOBILE").param("worksAt", "")
                .param("effectiveOn", "2026-03-01").param("reason", "春节后外出打工"));
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("春节后外出打工").contains("流动党员请填写在哪里务工");
    }

    @Test
    void theStatisticsGiveMembersByClassAndStarsInScope() {
        assertThat(status("GET", "/api/v1/stats/party?unit=" + Matrix.COUNTY, Who.COUNTY_ADMIN, null)).isEqualTo(200);
        assertThat(status("GET", "/api/v1/stats/party?unit=" + Matrix.TT, Who.TOWN_ADMIN, null)).isEqualTo(404);
        assertThat(status("GET", "/api/v1/stats/party?unit=" + Matrix.SJ_LN, Who.VILLAGER, null)).isEqualTo(403);
    }
}
