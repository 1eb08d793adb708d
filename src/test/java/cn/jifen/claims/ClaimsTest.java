package cn.jifen.claims;

import cn.jifen.claims.internal.ClaimExpiry;
import cn.jifen.shared.Paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.RowTimes;
import cn.jifen.support.IntegrationTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class ClaimsTest extends Db {
    @Autowired Claims claims;
    @Autowired Users users;
    @Autowired ClaimExpiry expiry;
    @Autowired Ledger ledger;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    ClaimFixture f;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 3);
    }

    private Claim record(Actor actor, RuleItem item, int household, Integer points, Long resident) {
        return claims.record(actor, new ClaimDraft(f.v(), f.h(household).id(), null, item.code(), points, f.today,
                resident, "测试记录", false));
    }

    private Claim record(RuleItem item, int points) {
        return record(f.gridWorker, item, 0, points, null);
    }

    private void endPublicity(Claim c) {
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", c.villageId(), c.id(), 30);
    }

    private long postings(Claim c) {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE village_id = :v AND source_type = 'claim' AND source_ref = :r")
                .param("v", c.villageId()).param("r", String.valueOf(c.id())).query(Long.class).single();
    }

    private long balance(int household) {
        return ledger.balance(f.v(), f.h(household).id());
    }

    private Claim reload(Claim c) {
        return claims.get(f.admin1, c.villageId(), c.id());
    }

    // ------------------------------------------------------------ recording

    @Test
    void recordingWithinTheRangeIsKeptAsRecorded() {
        Claim c = record(f.item().points(5, 20).create(), 12);
        assertThat(c.status()).isEqualTo(ClaimStatus.RECORDED);
        assertThat(c.points()).isEqualTo(12);
        assertThat(c.likelyDuplicate()).isFalse();
        assertThat(claims.detail(f.admin1, f.v(), c.id()).history()).extracting(ClaimEvent::action).containsExactly("RECORD");
    }

    @Test
    void pointsOutOfTheRangeAreRefused() {
        RuleItem item = f.item().points(5, 20).create();
        assertThatThrownBy(() -> record(item, 25)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.points");
        assertThatThrownBy(() -> record(item, 4)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void aFixedItemTakesItsFixedValueWhenNoPointsAreGiven() {
        Claim d = record(f.gridWorker, f.item().points(6, 6).create(), 1, null, null);
        assertThat(d.points()).isEqualTo(6);
    }

    @Test
    void aFutureOrTooOldDateIsRefused() {
        RuleItem item = f.item().create();
        assertThatThrownBy(() -> claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, item.code(), 10,
                f.today.plusDays(1), null, null, false))).isInstanceOf(InvalidInput.class).hasMessage("error.claims.future");
        assertThatThrownBy(() -> claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, item.code(), 10,
                f.today.minusDays(120), null, null, false))).isInstanceOf(InvalidInput.class).hasMessage("error.claims.tooOld");
    }

    @Test
    void aRoleTheItemDoesNotAllowIsRefused() {
        RuleItem adminOnly = f.item().recorders("VILLAGE_ADMIN").create();
        assertThatThrownBy(() -> record(adminOnly, 10)).isInstanceOf(Forbidden.class)
                .hasMessage("error.claims.recorderNotAllowed");
        assertThat(record(f.admin1, adminOnly, 0, 10, null).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void aPartyOnlyItemNeedsAPartyMember() {
        RuleItem party = f.item().partyOnly().create();
        assertThatThrownBy(() -> record(f.gridWorker, party, 0, 10, f.spouse(0))).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.partyOnly");
        assertThatThrownBy(() -> record(f.gridWorker, party, 0, 10, null)).isInstanceOf(InvalidInput.class);
        assertThat(record(f.gridWorker, party, 0, 10, f.head(0)).residentId()).isEqualTo(f.head(0));
    }

    @Test
    void theHouseholdCapOfThePeriodIsEnforced() {
        RuleItem capped = f.item().points(5, 20).householdCap(25).create();
        record(capped, 15);
        assertThatThrownBy(() -> record(capped, 15)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.householdCap");
        assertThat(record(capped, 10).points()).isEqualTo(10);
    }

    @Test
    void theResidentCapOfThePeriodIsEnforced() {
        RuleItem capped = f.item().points(5, 20).residentCap(20).create();
        record(f.gridWorker, capped, 0, 15, f.head(0));
        assertThatThrownBy(() -> record(f.gridWorker, capped, 0, 10, f.head(0))).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.residentCap");
        assertThat(record(f.gridWorker, capped, 0, 10, f.spouse(0)).points()).isEqualTo(10);
    }

    @Test
    void rejectedClaimsDoNotCountAgainstTheCap() {
        RuleItem capped = f.item().points(5, 20).householdCap(20).create();
        Claim first = record(capped, 20);
        claims.reject(f.admin1, f.v(), first.id(), "核实无此事");
        assertThat(record(capped, 20).points()).isEqualTo(20);
    }

    @Test
    void aMonthlyItemCanBeClaimedOncePerHouseholdPerMonth() {
        RuleItem monthly = f.item().unit("MONTH").create();
        record(monthly, 10);
        assertThatThrownBy(() -> record(monthly, 10)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.oncePerMonth");
        assertThat(record(f.gridWorker, monthly, 1, 10, null).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void theSameItemHouseholdAndDayIsFlaggedAsALikelyDuplicate() {
        RuleItem item = f.item().create();
        Claim first = record(item, 10);
        Claim second = record(item, 10);
        assertThat(first.likelyDuplicate()).isFalse();
        assertThat(second.likelyDuplicate()).isTrue();
        assertThat(claims.queue(f.admin1, f.village, Paging.first(50)).items()).filteredOn(c -> c.id() == second.id())
                .extracting(Claim::likelyDuplicate).containsExactly(true);
    }

    @Test
    void approvingALikelyDuplicateNeedsAWrittenReasonWhichIsAudited() {
        RuleItem item = f.item().create();
        record(item, 10);
        Claim second = record(item, 10);
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), second.id(), null, "  "))
                .isInstanceOf(InvalidInput.class).hasMessage("error.claims.duplicateNeedsReason");
        assertThat(claims.get(f.admin1, f.v(), second.id()).status()).isEqualTo(ClaimStatus.RECORDED);

        Claim approved = claims.approve(f.admin1, f.v(), second.id(), null, "上午、下午各参加一次，不是重复");
        assertThat(approved.status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        assertThat(jdbc.sql("SELECT reason FROM audit_log WHERE action = 'claims.overrideDuplicate' AND target_id = :t")
                .param("t", f.v() + "/" + second.id()).query(String.class).list())
                .containsExactly("上午、下午各参加一次，不是重复");
    }

    @Test
    void staffRegisteredAsKinMayNeitherRecordNorApproveForTheHousehold() {
        RuleItem item = f.item().create();
        Actor grid = ClaimFixture.account(users, f.gridWorker);
        Actor admin2 = ClaimFixture.account(users, f.admin2);
        claims.registerKin(f.admin1, grid.userId(), f.v(), f.h(0).id(), "儿子");
        claims.registerKin(f.admin1, admin2.userId(), f.v(), f.h(1).id(), "女婿");
        assertThatThrownBy(() -> record(grid, item, 0, 10, null)).isInstanceOf(Forbidden.class)
                .hasMessage("error.claims.ownHousehold");
        Claim other = record(grid, item, 1, 10, null);
        assertThatThrownBy(() -> claims.approve(admin2, f.v(), other.id(), null, null))
                .isInstanceOf(Forbidden.class).hasMessage("error.claims.ownHousehold");
        assertThat(reload(other).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    // ------------------------------------------------------------ review

    @Test
    void theRecorderCannotApproveTheirOwnClaim() {
        Claim c = record(f.admin1, f.item().create(), 0, 10, null);
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), c.id(), null, null)).isInstanceOf(Forbidden.class)
                .hasMessage("error.claims.makerChecker");
        assertThat(claims.approve(f.admin2, f.v(), c.id(), null, null).status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
    }

    @Test
    void aGridWorkerCannotApprove() {
        Claim c = record(f.admin1, f.item().create(), 0, 10, null);
        assertThatThrownBy(() -> claims.approve(f.gridWorker, f.v(), c.id(), null, null)).isInstanceOf(Forbidden.class);
    }

    @Test
    void approvalPointsMustBeWithinTheRange() {
        Claim c = record(f.item().points(5, 20).create(), 10);
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), c.id(), 30, null)).isInstanceOf(InvalidInput.class);
        assertThat(claims.approve(f.admin1, f.v(), c.id(), 15, null).points()).isEqualTo(15);
    }

    @Test
    void aVetoNeedsTwoDifferentApproversNeitherTheRecorderAndAReason() {
        RuleItem veto = f.item().veto().noPublicity().create();
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 40, "测试", "seed-" + f.v()));
        Claim c = record(f.admin1, veto, 0, null, null);
        assertThatThrownBy(() -> claims.approve(f.admin2, f.v(), c.id(), null, " ")).isInstanceOf(InvalidInput.class);
        assertThat(claims.approve(f.admin2, f.v(), c.id(), null, "违法受到处理").status())
                .isEqualTo(ClaimStatus.AWAITING_SECOND_APPROVAL);
        assertThatThrownBy(() -> claims.approve(f.admin2, f.v(), c.id(), null, "再次审核"))
                .isInstanceOf(Forbidden.class).hasMessage("error.claims.secondApprover");
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), c.id(), null, "记录人审核"))
                .isInstanceOf(Forbidden.class).hasMessage("error.claims.makerChecker");
        assertThat(balance(0)).isEqualTo(40);
        assertThat(claims.approve(f.admin3, f.v(), c.id(), null, "核实无误").status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(0)).isZero();
        assertThat(ledger.isVetoed(f.v(), f.h(0).id(), f.today.getYear())).isTrue();
    }

    @Test
    void inAVillageWithASingleAdminTheTownAdminGivesAVetosSecondApproval() {
        RuleItem veto = f.item().veto().noPublicity().create();
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(1).id(), 40, "测试", "seed2-" + f.v()));
        Claim c = record(f.admin2, veto, 1, null, null);
        Actor town = ClaimFixture.staff(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow(), "town");
        assertThatThrownBy(() -> claims.approve(town, f.v(), c.id(), null, "镇里先审"))
                .as("a town admin never gives the first approval").isInstanceOf(Forbidden.class);
        claims.approve(f.admin1, f.v(), c.id(), null, "违法受到处理");

        assertThat(claims.approve(town, f.v(), c.id(), null, "镇里核实无误").status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(1)).isZero();
    }

    @Test
    void aTownAdminMayRejectAVetoWaitingForItsSecondApprovalButDecidesNoOrdinaryClaim() {
        Actor town = ClaimFixture.staff(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow(), "town");
        Claim ordinary = record(f.item().create(), 10);
        assertThatThrownBy(() -> claims.approve(town, f.v(), ordinary.id(), null, null)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> claims.reject(town, f.v(), ordinary.id(), "镇里不同意")).isInstanceOf(Forbidden.class);
        assertThat(claims.get(f.admin1, f.v(), ordinary.id()).status()).isEqualTo(ClaimStatus.RECORDED);

        Claim c = record(f.admin2, f.item().veto().noPublicity().create(), 2, null, null);
        claims.approve(f.admin1, f.v(), c.id(), null, "违法受到处理");
        assertThat(claims.reject(town, f.v(), c.id(), "证据不足").status()).isEqualTo(ClaimStatus.REJECTED);
    }

    @Test
    void aRejectedClaimNeverPosts() {
        Claim c = record(f.item().create(), 10);
        assertThatThrownBy(() -> claims.reject(f.admin1, f.v(), c.id(), "")).isInstanceOf(InvalidInput.class);
        claims.reject(f.admin1, f.v(), c.id(), "核实无此事");
        assertThatThrownBy(() -> claims.approve(f.admin2, f.v(), c.id(), null, null)).isInstanceOf(Conflict.class);
        claims.settleDue(null);
        assertThat(reload(c).status()).isEqualTo(ClaimStatus.REJECTED);
        assertThat(postings(c)).isZero();
        assertThat(balance(0)).isZero();
    }

    @Test
    void batchApprovalChecksAndReportsEachClaim() {
        RuleItem item = f.item().create();
        Claim a = record(item, 10);
        Claim b = record(f.admin1, item, 1, 10, null);
        Claim rejected = record(f.gridWorker, item, 2, 10, null);
        claims.reject(f.admin2, f.v(), rejected.id(), "不属实");
        List<BatchResult> results = claims.approveBatch(f.admin1, f.v(), List.of(a.id(), b.id(), rejected.id(), 999_999_999L), null);
        assertThat(results).extracting(BatchResult::ok).containsExactly(true, false, false, false);
        assertThat(results.get(1).message()).isEqualTo("error.claims.makerChecker");
        assertThat(results.get(2).message()).isEqualTo("error.claims.state");
        assertThat(results.get(3).message()).isEqualTo("error.claims.notFound");
        assertThat(reload(a).status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        assertThat(reload(b).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    // ------------------------------------------------------------ publicity and posting

    @Test
    void approvalPutsTheClaimInPublicityAndItsEndPostsItExactlyOnce() {
        Claim c = record(f.item().create(), 12);
        Claim approved = claims.approve(f.admin1, f.v(), c.id(), null, null);
        assertThat(approved.status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        assertThat(approved.publicityEndsAt()).isAfter(approved.decidedAt().plusDays(4));
        assertThat(claims.settleDue(f.v())).isZero();
        assertThat(balance(0)).isZero();
        endPublicity(c);
        claims.settleDue(f.v()); // (the every-minute scheduler may have been quicker: either way, one posting)
        assertThat(claims.settleDue(f.v())).isZero();
        Claim posted = reload(c);
        assertThat(posted.status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(posted.postingId()).isNotNull();
        assertThat(balance(0)).isEqualTo(12);
        assertThat(postings(c)).isEqualTo(1);
        assertThat(claims.detail(f.admin1, f.v(), c.id()).history()).extracting(ClaimEvent::action)
                .containsExactly("RECORD", "APPROVE", "POST");
    }

    @Test
    void aReadShowsADueClaimAsDueWithoutPostingIt() {
        // reads write nothing (issue 11): the every-minute run or an admin's run-now posts it (PostingRunTest)
        Claim c = record(f.item().create(), 7);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        endPublicity(c);
        assertThat(claims.get(f.gridWorker, f.v(), c.id()).statusKey()).isEqualTo("claims.status.DUE");
        claims.settleDue(f.v());
        assertThat(claims.get(f.gridWorker, f.v(), c.id()).status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(0)).isEqualTo(7);
    }

    @Test
    void aDeductionPostsAsADeduction() {
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 30, "测试", "seed-d-" + f.v()));
        Claim c = record(f.item().deduct().points(10, 10).noPublicity().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        assertThat(balance(0)).isEqualTo(20);
        assertThat(jdbc.sql("SELECT kind FROM ledger_entry WHERE village_id = :v AND source_ref = :r AND leg_no = 0")
                .param("v", f.v()).param("r", String.valueOf(c.id())).query(String.class).single()).isEqualTo("DEDUCT");
    }

    @Test
    void anItemWithoutPublicityPostsOnApproval() {
        Claim c = record(f.item().noPublicity().create(), 9);
        assertThat(claims.approve(f.admin1, f.v(), c.id(), null, null).status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(0)).isEqualTo(9);
        assertThat(postings(c)).isEqualTo(1);
    }

    @Test
    void anOpenObjectionHoldsTheClaimPastTheEndOfPublicity() {
        Claim c = record(f.item().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Objection o = claims.object(f.villager(1), f.v(), c.id(), "那天他不在村里");
        assertThat(o.open()).isTrue();
        endPublicity(c);
        assertThat(claims.settleDue(f.v())).isZero();
        assertThat(reload(c).status()).isEqualTo(ClaimStatus.OBJECTED);
        assertThat(balance(0)).isZero();
    }

    @Test
    void aDismissedObjectionLetsTheClaimPost() {
        Claim c = record(f.item().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Objection o = claims.object(f.villager(1), f.v(), c.id(), "有疑问");
        assertThatThrownBy(() -> claims.dismiss(f.admin2, f.v(), c.id(), o.id(), "")).isInstanceOf(InvalidInput.class);
        Claim back = claims.dismiss(f.admin2, f.v(), c.id(), o.id(), "经核实属实");
        assertThat(back.status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        endPublicity(c);
        claims.settleDue(f.v());
        assertThat(reload(c).status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(0)).isEqualTo(10);
    }

    @Test
    void dismissingAfterThePeriodEndedPostsAtOnce() {
        Claim c = record(f.item().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Objection o = claims.object(f.admin3, f.v(), c.id(), "有疑问");
        endPublicity(c);
        assertThat(claims.dismiss(f.admin2, f.v(), c.id(), o.id(), "经核实属实").status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(0)).isEqualTo(10);
    }

    @Test
    void anUpheldObjectionRejectsTheClaim() {
        Claim c = record(f.item().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Objection o = claims.object(f.villager(1), f.v(), c.id(), "不属实");
        assertThat(claims.uphold(f.admin2, f.v(), c.id(), o.id(), "经核实不属实").status()).isEqualTo(ClaimStatus.REJECTED);
        endPublicity(c);
        claims.settleDue(f.v());
        assertThat(balance(0)).isZero();
        assertThat(postings(c)).isZero();
        ClaimDetail d = claims.detail(f.admin1, f.v(), c.id());
        assertThat(d.objections()).extracting(Objection::status).containsExactly("UPHELD");
        assertThat(d.history()).extracting(ClaimEvent::action)
                .containsExactly("RECORD", "APPROVE", "OBJECT", "UPHOLD_OBJECTION");
    }

    @Test
    void theBoardShowsClaimsInPublicityWithTheirObjections() {
        Claim c = record(f.item().create(), 10);
        Claim quiet = record(f.gridWorker, f.item().create(), 1, 10, null);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        claims.object(f.villager(1), f.v(), c.id(), "有疑问");
        List<Claims.BoardLine> board = claims.board(f.villager(2), null, Paging.first(50)).items();
        assertThat(board).extracting(l -> l.claim().id()).containsExactly(c.id()).doesNotContain(quiet.id());
        assertThat(board.get(0).objections()).extracting(Objection::reason).containsExactly("有疑问");
    }

    @Test
    void noObjectionOutsideThePublicityPeriod() {
        Claim c = record(f.item().create(), 10);
        assertThatThrownBy(() -> claims.object(f.admin2, f.v(), c.id(), "太早")).isInstanceOf(Conflict.class);
    }

    @Test
    void theSchedulerRunTwiceAndFromTwoThreadsPostsOnce() throws Exception {
        Claim c = record(f.item().create(), 11);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        endPublicity(c);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> one = pool.submit(() -> { start.await(); return claims.settleDue(f.v()); });
            Future<Integer> two = pool.submit(() -> { start.await(); return expiry.run(); });
            start.countDown();
            int posted = one.get(60, TimeUnit.SECONDS) + two.get(60, TimeUnit.SECONDS);
            // one of them posted it (or the application's own scheduler, a third instance, got there first)
            assertThat(posted).isLessThanOrEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        expiry.run();
        expiry.run();
        assertThat(postings(c)).isEqualTo(1);
        assertThat(balance(0)).isEqualTo(11);
        assertThat(reload(c).status()).isEqualTo(ClaimStatus.POSTED);
    }

    // ------------------------------------------------------------ villagers

    @Test
    void aVillagerDeclaresForTheirOwnHouseholdAndSeesIt() {
        RuleItem item = f.item().create();
        Actor villager = f.villager(0);
        Claim c = claims.record(villager, new ClaimDraft(null, null, null, item.code(), 10, f.today, null, "扶老人过马路", false));
        assertThat(c.selfDeclared()).isTrue();
        assertThat(c.onBehalf()).isFalse();
        assertThat(c.householdId()).isEqualTo(f.h(0).id());
        assertThat(claims.mine(villager, Paging.first(50)).items()).extracting(Claim::id).contains(c.id());
        assertThat(claims.mine(f.villager(1), Paging.first(50)).items()).extracting(Claim::id).doesNotContain(c.id());
        assertThatThrownBy(() -> claims.get(f.villager(1), f.v(), c.id())).isInstanceOf(NotFound.class);
    }

    @Test
    void aDeclarationOnBehalfIsRecordedAsSuch() {
        RuleItem item = f.item().create();
        Claim c = claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, item.code(), 10, f.today, null,
                "老人口述", true));
        assertThat(c.selfDeclared()).isTrue();
        assertThat(c.onBehalf()).isTrue();
        assertThat(claims.detail(f.admin1, f.v(), c.id()).history()).extracting(ClaimEvent::action)
                .containsExactly("DECLARE_ON_BEHALF");
    }

    @Test
    void aVillagerCannotDeclareAStaffOnlyItemOrForAnotherHousehold() {
        RuleItem staffOnly = f.item().recorders("GRID_WORKER").create();
        RuleItem item = f.item().create();
        assertThatThrownBy(() -> claims.record(f.villager(0), new ClaimDraft(null, null, null, staffOnly.code(), 10,
                f.today, null, null, false))).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> claims.record(f.villager(0), new ClaimDraft(f.v(), f.h(1).id(), null, item.code(), 10,
                f.today, null, null, false))).isInstanceOf(NotFound.class);
    }

    @Test
    void aVillagerOfAnotherVillageCannotSeeOrObject() {
        Claim c = record(f.item().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        ClaimFixture other = new ClaimFixture(orgUnits, households, catalogue, 1);
        assertThatThrownBy(() -> claims.object(other.villager(0), f.v(), c.id(), "外村")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> claims.approve(other.admin1, f.v(), c.id(), null, null)).isInstanceOf(NotFound.class);
    }

    // ------------------------------------------------------------ appeals and settings

    @Test
    void anUpheldAppealReversesAPostedDeduction() {
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 30, "测试", "seed-a-" + f.v()));
        Claim c = record(f.item().deduct().points(10, 10).noPublicity().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        assertThat(balance(0)).isEqualTo(20);
        Appeal a = claims.appeal(f.villager(0), f.v(), c.id(), "垃圾不是我家倒的");
        assertThatThrownBy(() -> claims.appeal(f.villager(0), f.v(), c.id(), "再次申诉")).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> claims.upholdAppeal(f.gridWorker, f.v(), c.id(), a.id(), "核实")).isInstanceOf(Forbidden.class);
        assertThat(claims.upholdAppeal(f.admin2, f.v(), c.id(), a.id(), "经核实非该户所为").status())
                .isEqualTo(ClaimStatus.REVERSED);
        assertThat(balance(0)).isEqualTo(30);
        assertThat(claims.detail(f.admin1, f.v(), c.id()).history()).extracting(ClaimEvent::action)
                .containsExactly("RECORD", "APPROVE", "POST", "APPEAL", "UPHOLD_APPEAL");
    }

    @Test
    void aDismissedAppealKeepsThePostingAndEarningsCannotBeAppealed() {
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 30, "测试", "seed-b-" + f.v()));
        Claim c = record(f.item().deduct().points(10, 10).noPublicity().create(), 10);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Appeal a = claims.appeal(f.villager(0), f.v(), c.id(), "不服");
        assertThat(claims.dismissAppeal(f.admin2, f.v(), c.id(), a.id(), "证据确凿").status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(balance(0)).isEqualTo(20);
        Claim earn = record(f.item().noPublicity().create(), 10);
        claims.approve(f.admin1, f.v(), earn.id(), null, null);
        assertThatThrownBy(() -> claims.appeal(f.villager(0), f.v(), earn.id(), "想申诉")).isInstanceOf(Conflict.class);
    }

    @Test
    void aVillageSetsItsOwnPublicityPeriod() {
        assertThat(claims.publicityDays(f.v())).isEqualTo(5);
        assertThatThrownBy(() -> claims.setPublicityDays(f.admin1, f.village.code(), 31)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> claims.setPublicityDays(f.gridWorker, f.village.code(), 3)).isInstanceOf(Forbidden.class);
        claims.setPublicityDays(f.admin1, f.village.code(), 2);
        Claim c = claims.approve(f.admin1, f.v(), record(f.item().create(), 10).id(), null, null);
        assertThat(c.publicityEndsAt()).isBefore(c.decidedAt().plusDays(3)).isAfter(c.decidedAt().plusDays(1));
    }

    // ------------------------------------------------------------ photos

    static byte[] png(int width, int height) throws IOException {
        BufferedImage img = new BufferedImage(width, height,
                BufferedImage.TYPE_INT_ARGB);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    @Test
    void aPhotoIsCheckedByContentAndResizedForDisplay() throws Exception {
        Claim c = record(f.item().create(), 10);
        Photo p = claims.addPhoto(f.gridWorker, f.v(), c.id(), png(2000, 100));
        assertThat(p.contentType()).isEqualTo("image/png");
        var display = claims.photo(f.admin1, f.v(), c.id(), p.id(), false);
        assertThat(display.contentType()).isEqualTo("image/jpeg");
        assertThat(ImageIO.read(new ByteArrayInputStream(display.bytes())).getWidth()).isEqualTo(1280);
        assertThat(claims.photo(f.villager(0), f.v(), c.id(), p.id(), true).contentType()).isEqualTo("image/png");
        assertThatThrownBy(() -> claims.photo(f.villager(1), f.v(), c.id(), p.id(), true)).isInstanceOf(NotFound.class);
    }

    @Test
    void aHeicPhotoIsRecognisedByItsContentAndKeptAsSentSinceItCannotBeResizedHere() {
        Claim c = record(f.item().create(), 10);
        byte[] heic = new byte[64];
        byte[] box = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'h', 'e', 'i', 'c', 0, 0, 0, 0, 'm', 'i', 'f', '1', 'h', 'e', 'i', 'c'};
        System.arraycopy(box, 0, heic, 0, box.length);
        Photo p = claims.addPhoto(f.gridWorker, f.v(), c.id(), heic);
        assertThat(p.contentType()).isEqualTo("image/heic");
        var shown = claims.photo(f.admin1, f.v(), c.id(), p.id(), false);
        assertThat(shown.contentType()).isEqualTo("image/heic");
        assertThat(shown.bytes()).isEqualTo(heic);
    }

    @Test
    void aNonImageOrOversizedUploadIsRefusedAndNothingIsSaved() {
        Claim c = record(f.item().create(), 10);
        byte[] text = "这不是照片 <script>".getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> claims.addPhoto(f.gridWorker, f.v(), c.id(), text)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.photoType");
        byte[] huge = new byte[9 * 1024 * 1024];
        huge[0] = (byte) 0xFF;
        huge[1] = (byte) 0xD8;
        huge[2] = (byte) 0xFF;
        assertThatThrownBy(() -> claims.addPhoto(f.gridWorker, f.v(), c.id(), huge)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.photoTooLarge");
        byte[] brokenJpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3, 4, 5};
        assertThatThrownBy(() -> claims.addPhoto(f.gridWorker, f.v(), c.id(), brokenJpeg)).isInstanceOf(InvalidInput.class);
        assertThat(claims.detail(f.admin1, f.v(), c.id()).photos()).isEmpty();
    }

    @Test
    void anItemNeedingEvidenceCannotBeApprovedWithoutAPhoto() throws Exception {
        Claim c = record(f.item().evidence().create(), 10);
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), c.id(), null, null)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.claims.evidenceRequired");
        claims.addPhoto(f.villager(0), f.v(), c.id(), png(300, 200));
        assertThat(claims.approve(f.admin1, f.v(), c.id(), null, null).status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        assertThatThrownBy(() -> claims.addPhoto(f.gridWorker, f.v(), c.id(), png(10, 10))).isInstanceOf(Conflict.class);
    }
}
