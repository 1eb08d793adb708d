package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.RowTimes;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;

/**
 * Claims past their publicity are posted by the scheduled run or an admin's run-now, never by a read; a batch
 * posts in the order recorded.
 */
@IntegrationTest
class PostingRunTest extends Db {
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;

    ClaimFixture f;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 2);
    }

    private Claim inPublicityPastItsEnd() {
        Claim c = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, f.item().create().code(), 12,
                f.today, null, "测试", false));
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", f.v(), c.id(), 30);
        return c;
    }

    private String status(Claim c) {
        return jdbc.sql("SELECT status FROM claim WHERE village_id = :v AND id = :id").param("v", c.villageId())
                .param("id", c.id()).query(String.class).single();
    }

    private long entries() {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE village_id = :v").param("v", f.v()).query(Long.class).single();
    }

    @Test
    void readingClaimsPostsNothingAndShowsTheClaimAsDue() {
        Claim c = inPublicityPastItsEnd();
        long before = entries();

        Claim read = claims.get(f.admin1, f.v(), c.id());
        claims.detail(f.admin2, f.v(), c.id());
        claims.list(f.admin1, f.village.code(), null, Paging.first(50));
        claims.queue(f.admin1, f.village, Paging.first(50));
        claims.inPublicity(f.admin1, f.village, Paging.first(50));
        claims.board(f.admin1, f.village.code(), Paging.first(50));
        claims.publicity(f.v(), Paging.first(50));
        claims.mine(Actors.villager(f.village, f.h(0).id()), Paging.first(50));

        assertThat(status(c)).isEqualTo("IN_PUBLICITY");
        assertThat(entries()).isEqualTo(before);
        assertThat(read.statusKey()).isEqualTo("claims.status.DUE");

        assertThat(claims.settleDue(f.v())).isEqualTo(1);
        assertThat(status(c)).isEqualTo("POSTED");
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(12);
    }

    @Test
    void runNowPostsEveryDueClaimOfTheScopeAndSaysHowMany() {
        Claim c = inPublicityPastItsEnd();
        Claim d = inPublicityPastItsEnd();
        Actor villageAdmin = f.admin3;

        assertThat(claims.postDueNow(villageAdmin, f.village.code())).isEqualTo(2);
        assertThat(status(c)).isEqualTo("POSTED");
        assertThat(status(d)).isEqualTo("POSTED");
        assertThat(claims.postDueNow(villageAdmin, f.village.code())).isZero();
    }

    @Test
    void runNowIsRefusedOutsideTheCallersScopeAndToNonAdmins() {
        Claim c = inPublicityPastItsEnd();
        ClaimFixture other = new ClaimFixture(orgUnits, households, catalogue, 1);
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        OrgUnit town = orgUnits.byCode("441821100").orElseThrow();

        assertThatThrownBy(() -> claims.postDueNow(other.admin1, f.village.code())).isInstanceOfAny(Forbidden.class, NotFound.class);
        assertThatThrownBy(() -> claims.postDueNow(f.admin1, county.code())).isInstanceOfAny(Forbidden.class, NotFound.class);
        assertThatThrownBy(() -> claims.postDueNow(f.admin1, town.code())).isInstanceOfAny(Forbidden.class, NotFound.class);
        assertThatThrownBy(() -> claims.postDueNow(f.gridWorker, f.village.code())).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> claims.postDueNow(Actors.of(Role.AUDITOR, county), f.village.code()))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> claims.postDueNow(Actors.villager(f.village, f.h(0).id()), f.village.code()))
                .isInstanceOf(Forbidden.class);
        assertThat(status(c)).isEqualTo("IN_PUBLICITY");
    }

    @Test
    void aBatchApprovedTogetherPostsInTheOrderRecorded() {
        // balance 0: a deduction of 8 recorded first takes nothing (its 8 count against the score only), then the
        // award of 20 leaves 20; posted the other way round the deduction would take 8 of the award and leave 12
        RuleItem deduct = f.item().deduct().points(1, 50).noPublicity().create();
        RuleItem earn = f.item().points(1, 50).noPublicity().create();
        Claim deduction = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(1).id(), null, deduct.code(), 8, f.today,
                null, "先记的扣分", false));
        Claim award = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(1).id(), null, earn.code(), 20, f.today,
                null, "后记的加分", false));

        claims.approveBatch(f.admin1, f.v(), List.of(award.id(), deduction.id()), "批量审核");

        assertThat(status(deduction)).isEqualTo("POSTED");
        assertThat(status(award)).isEqualTo("POSTED");
        assertThat(ledger.balance(f.v(), f.h(1).id())).isEqualTo(20);
    }

    @Test
    void dueClaimsArePostedInTheOrderRecordedToo() {
        RuleItem deduct = f.item().deduct().points(1, 50).create();
        RuleItem earn = f.item().points(1, 50).create();
        Claim deduction = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(1).id(), null, deduct.code(), 8, f.today,
                null, "先记的扣分", false));
        Claim award = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(1).id(), null, earn.code(), 20, f.today,
                null, "后记的加分", false));
        claims.approve(f.admin1, f.v(), award.id(), null, null);
        claims.approve(f.admin1, f.v(), deduction.id(), null, null);
        // the award's publicity ended first, yet the deduction was recorded first
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", f.v(), award.id(), 30);
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", f.v(), deduction.id(), 29);

        claims.settleDue(f.v());

        assertThat(ledger.balance(f.v(), f.h(1).id())).isEqualTo(20);
    }

    private String token(String user) throws Exception {
        String body = mvc.perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + user + "\",\"password\":\"" + user + "\"}")).andReturn().getResponse()
                .getContentAsString();
        return JsonPath.read(body, "$.token");
    }

    private MockHttpServletResponse postDue(String user, String orgUnit) throws Exception {
        return mvc.perform(post("/api/v1/points-runs/post-due").header("Authorization", "Bearer " + token(user))
                .contentType(MediaType.APPLICATION_JSON).content("{\"orgUnit\":\"" + orgUnit + "\"}")).andReturn().getResponse();
    }

    @Test
    void theRunNowApiAnswersHowManyItPostedAndRefusesOthers() throws Exception {
        var ok = postDue("demo-admin", "441821");
        assertThat(ok.getStatus()).isEqualTo(200);
        assertThat((Integer) JsonPath.read(ok.getContentAsString(), "$.posted")).isGreaterThanOrEqualTo(0);
        assertThat(postDue("demo-grid", "441821").getStatus()).isEqualTo(403);
        assertThat(postDue("demo-village", "441821").getStatus()).isIn(403, 404);
        assertThat(postDue("demo-auditor", "441821").getStatus()).isEqualTo(403);
        assertThat(postDue("demo-admin", "").getStatus()).isEqualTo(422);
    }
}
