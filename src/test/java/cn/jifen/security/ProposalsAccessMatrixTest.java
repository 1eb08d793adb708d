package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.proposals.Proposal;
import cn.jifen.proposals.ProposalDraft;
import cn.jifen.proposals.Proposals;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may use village votes (/console/proposals, /me/proposals, /api/v1/proposals): the village admin writes in its
 * village; grid workers of the village enter paper ballots; town, county and auditors read; keepers are refused; the
 * villager reads and votes in its own village only; other villages are not found. Refusals change nothing. Writes
 * touch 石角社区 (demo-v06); the villager's vote is on a 龙南村 proposal that is withdrawn again at the end.
 */
@IntegrationTest
class ProposalsAccessMatrixTest extends SecuritySupport {
    private static final String API = "/api/v1/proposals";

    @Autowired Proposals proposals;
    @Autowired OrgUnits orgUnits;

    private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

    private String token(Matrix.Who who) {
        return tokenFor(who);
    }

    private MvcResult page(String path, Matrix.Who who) {
        return perform(get(path).session(sessionFor(who)));
    }

    private long proposalRows() {
        return count("SELECT COUNT(*) FROM proposal");
    }

    private long voterRows() {
        return count("SELECT COUNT(*) FROM proposal_voter");
    }

    private String draftJson(String village, String title) {
        return "{\"village\":" + q(village) + ",\"title\":" + q(title) + ",\"options\":[\"村口\",\"祠堂后\"],"
                + "\"electorate\":\"PER_HOUSEHOLD\",\"opensOn\":\"" + today + "\",\"closesOn\":\"" + today + "\"}";
    }

    /** A published proposal of 石角社区 made by its village admin through the API; returns "villageId/id". */
    private String openInSheQu() {
        MvcResult r = api("POST", API, token(Matrix.Who.VILLAGE_ADMIN), draftJson(Matrix.SJ_SQ, unique("议事")));
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        String key = json(r, "$.villageId") + "/" + json(r, "$.id");
        MvcResult p = api("POST", API + "/" + key + "/publish", token(Matrix.Who.VILLAGE_ADMIN), null);
        assertThat(p.getResponse().getStatus()).as(body(p)).isEqualTo(200);
        return key;
    }

    // ------------------------------------------------------------------ reading

    @Test
    void theProposalsApiNeedsAToken() {
        assertThat(api("GET", API, null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void aKeeperMayNotSeeProposalsNorTheirPage() {
        assertThat(api("GET", API, token(Matrix.Who.KEEPER), null).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/console/proposals", Matrix.Who.KEEPER).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aVillageAdminSeesItsPageWithTheNewProposalForm() {
        MvcResult r = page("/console/proposals", Matrix.Who.VILLAGE_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("村民议事").contains("id=\"proposal-new\"");
    }

    @Test
    void aGridWorkerReadsThePageWithoutTheNewProposalForm() {
        MvcResult r = page("/console/proposals", Matrix.Who.GRID_WORKER);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).doesNotContain("id=\"proposal-new\"");
    }

    @Test
    void theTownAdminAndTheAuditorsReadAVillagesProposalsAndResults() {
        String key = openInSheQu();
        for (Matrix.Who who : List.of(Matrix.Who.TOWN_ADMIN, Matrix.Who.AUDITOR, Matrix.Who.TOWN_AUDITOR,
                Matrix.Who.COUNTY_ADMIN)) {
            assertThat(api("GET", API + "?village=" + Matrix.SJ_SQ, token(who), null).getResponse().getStatus())
                    .as(who.toString()).isEqualTo(200);
            assertThat(api("GET", API + "/" + key + "/results", token(who), null).getResponse().getStatus())
                    .as(who.toString()).isEqualTo(200);
        }
    }

    @Test
    void outOfScopeProposalsAreNotFound() {
        String key = openInSheQu();
        assertThat(api("GET", API + "?village=" + Matrix.SJ_SQ, token(Matrix.Who.GRID_WORKER), null)
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(api("GET", API + "/" + key, token(Matrix.Who.GRID_WORKER), null).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("GET", API + "/" + key, token(Matrix.Who.VILLAGER), null).getResponse().getStatus())
                .isEqualTo(404);
        assertThat(api("GET", API + "?village=" + Matrix.TT_TT, token(Matrix.Who.TOWN_ADMIN), null)
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(page("/console/proposals/" + key, Matrix.Who.GRID_WORKER).getResponse().getStatus()).isEqualTo(404);
    }

    // ------------------------------------------------------------------ writing

    @Test
    void aVillageAdminWritesAndPublishesInItsVillageAndBothAreAudited() {
        long audits = auditCount();
        openInSheQu();
        assertThat(auditCount()).isEqualTo(audits + 2);
    }

    @Test
    void aVillageAdminGets404WritingInAnotherVillageAndNothingChanges() {
        long before = proposalRows();
        MvcResult r = api("POST", API, token(Matrix.Who.VILLAGE_ADMIN), draftJson(Matrix.SJ_HH, "别村的议事"));
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(proposalRows()).isEqualTo(before);
    }

    @Test
    void theTownAdminTheAuditorAndTheGridWorkerMayNotWriteProposals() {
        String key = openInSheQu();
        long before = proposalRows();
        for (Matrix.Who who : List.of(Matrix.Who.TOWN_ADMIN, Matrix.Who.AUDITOR, Matrix.Who.GRID_WORKER,
                Matrix.Who.VILLAGER)) {
            assertThat(api("POST", API, token(who), draftJson(Matrix.SJ_SQ, "越权议事")).getResponse().getStatus())
                    .as(who.toString()).isEqualTo(403);
        }
        assertThat(api("POST", API + "/" + key + "/close", token(Matrix.Who.TOWN_ADMIN), null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(proposalRows()).isEqualTo(before);
        assertThat(api("GET", API + "/" + key, token(Matrix.Who.TOWN_ADMIN), null).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(body(api("GET", API + "/" + key, token(Matrix.Who.TOWN_ADMIN), null)))
                .contains("\"status\":\"OPEN\"");
    }

    @Test
    void aBadProposalIs422WithAChineseMessageAndNothingChanges() {
        long before = proposalRows();
        MvcResult r = api("POST", API, token(Matrix.Who.VILLAGE_ADMIN), "{\"village\":" + q(Matrix.SJ_SQ)
                + ",\"title\":\"只有一个选项\",\"options\":[\"唯一\"],\"electorate\":\"PER_HOUSEHOLD\",\"opensOn\":\""
                + today + "\",\"closesOn\":\"" + today.minusDays(1) + "\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(body(r))).isTrue();
        assertThat(proposalRows()).isEqualTo(before);
    }

    @Test
    void aDraftWithABlankTitleIs422NamingTheTitleInChineseAndNothingChanges() {
        long before = proposalRows();
        MvcResult r = api("POST", API, token(Matrix.Who.VILLAGE_ADMIN), draftJson(Matrix.SJ_SQ, "  "));
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("title");
        assertThat((String) json(r, "$.fields[0].message")).endsWith("不能为空，请填写。");
        assertThat(proposalRows()).isEqualTo(before);
    }

    @Test
    void aBadDraftFromOutsideTheVillageIsRefusedForTheAccessNotForTheField() {
        long before = proposalRows();
        assertThat(api("POST", API, token(Matrix.Who.VILLAGE_ADMIN), draftJson(Matrix.SJ_HH, "  "))
                .getResponse().getStatus()).isEqualTo(404);
        assertThat(api("POST", API, token(Matrix.Who.TOWN_ADMIN), draftJson(Matrix.SJ_SQ, "  "))
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(proposalRows()).isEqualTo(before);
    }

    @Test
    void theVillageAdminEntersAPaperBallotOnThePageButAGridWorkerOfAnotherVillageIsNotFound() {
        String key = openInSheQu();
        long before = voterRows();
        MvcResult denied = perform(post("/console/proposals/" + key + "/paper").with(csrf())
                .session(sessionFor(Matrix.Who.GRID_WORKER)).param("passbook", Matrix.SJ_SQ + "-0003").param("option", "1"));
        assertThat(denied.getResponse().getStatus()).isEqualTo(404);
        assertThat(voterRows()).isEqualTo(before);
        MvcResult ok = perform(post("/console/proposals/" + key + "/paper").with(csrf())
                .session(sessionFor(Matrix.Who.VILLAGE_ADMIN)).param("passbook", Matrix.SJ_SQ + "-0003").param("option", "2"));
        assertThat(ok.getResponse().getStatus()).isEqualTo(302);
        assertThat(voterRows()).isEqualTo(before + 1);
        MvcResult again = perform(post("/console/proposals/" + key + "/paper").with(csrf())
                .session(sessionFor(Matrix.Who.VILLAGE_ADMIN)).param("passbook", Matrix.SJ_SQ + "-0003").param("option", "1"));
        assertThat(again.getResponse().getStatus()).isEqualTo(409);
        assertThat(body(again)).contains("已经投过票");
        assertThat(voterRows()).isEqualTo(before + 1);
    }

    @Test
    void theVillagerVotesOnceInItsOwnVillageAndSeesWhoVotedNever() {
        OrgUnit ln = orgUnits.byCode(Matrix.SJ_LN).orElseThrow();
        Actor lnAdmin = new Actor(userId("demo-village"), "demo-village", "村管理员", Role.VILLAGE_ADMIN, ln.id(),
                ln.path(), null, null);
        Proposal p = proposals.create(lnAdmin, ln.code(), new ProposalDraft(unique("龙南村议事"), null,
                List.of("大米", "食用油"), "PER_HOUSEHOLD", today, today, null));
        proposals.publish(lnAdmin, ln.id(), p.id());
        String key = p.villageId() + "/" + p.id();
        try {
            long before = voterRows();
            MvcResult r = api("POST", API + "/" + key + "/votes", token(Matrix.Who.VILLAGER), "{\"option\":2}");
            assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
            MvcResult again = api("POST", API + "/" + key + "/votes", token(Matrix.Who.VILLAGER), "{\"option\":1}");
            assertThat(again.getResponse().getStatus()).isEqualTo(409);
            assertThat(hasChinese(body(again))).isTrue();
            assertThat(voterRows()).isEqualTo(before + 1);
            assertThat(api("GET", API + "/" + key + "/votes", token(Matrix.Who.VILLAGER), null).getResponse().getStatus())
                    .isEqualTo(403);
            MvcResult voters = api("GET", API + "/" + key + "/votes", token(Matrix.Who.GRID_WORKER), null);
            assertThat(voters.getResponse().getStatus()).isEqualTo(200);
            assertThat(body(voters)).contains(Matrix.VILLAGER_LOGIN).doesNotContain("option");
            assertThat(page("/me/proposals", Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(200);
        } finally {
            proposals.withdraw(lnAdmin, ln.id(), p.id(), "测试结束");
        }
    }

    @Test
    void aVillagerMayNotOpenTheStaffPagesNorStaffTheVillagersPage() {
        assertThat(page("/console/proposals", Matrix.Who.VILLAGER).getResponse().getStatus()).isEqualTo(403);
        assertThat(page("/me/proposals", Matrix.Who.VILLAGE_ADMIN).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aVillagerVotingInAnotherVillageIsNotFoundAndNothingChanges() {
        String key = openInSheQu();
        long before = voterRows();
        MvcResult r = api("POST", API + "/" + key + "/votes", token(Matrix.Who.VILLAGER), "{\"option\":1}");
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(voterRows()).isEqualTo(before);
    }
}
