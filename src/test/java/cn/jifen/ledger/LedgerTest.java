package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class LedgerTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    LedgerFixture f;
    Household h;
    Period thisYear;

    @BeforeEach
    void village() {
        f = new LedgerFixture(orgUnits, households, 2);
        h = f.h(0);
        thisYear = Period.year(LocalDate.now(ZoneId.of("Asia/Shanghai")).getYear());
    }

    private Posting post(PostingKind kind, long points) {
        return ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), kind, points, "测试", LedgerFixture.key())
                .withReason("测试原因"));
    }

    @Test
    void earningRaisesBothTheBalanceAndTheScore() {
        post(PostingKind.EARN, 30);
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(30);
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isEqualTo(30);
    }

    @Test
    void redeemingLowersTheBalanceButNotTheScore() {
        post(PostingKind.EARN, 30);
        post(PostingKind.REDEEM, 12);
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(18);
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isEqualTo(30);
    }

    @Test
    void aDeductionLargerThanTheBalanceStopsAtZeroButCountsFullyAgainstTheScore() {
        post(PostingKind.EARN, 20);
        Posting d = post(PostingKind.DEDUCT, 50);
        assertThat(d.amount()).isEqualTo(-20);
        assertThat(d.scoreDelta()).isEqualTo(-50);
        assertThat(ledger.balance(f.v(), h.id())).isZero();
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isEqualTo(-30);
    }

    @Test
    void aRedemptionBeyondTheBalanceIsRefusedAndPostsNothing() {
        post(PostingKind.EARN, 10);
        assertThatThrownBy(() -> post(PostingKind.REDEEM, 11)).isInstanceOf(Conflict.class)
                .hasMessage("error.ledger.insufficient");
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(10);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(1);
    }

    @Test
    void aVetoZeroesTheBalanceAndTheYearsScoreAndMarksTheYearIneligible() {
        post(PostingKind.EARN, 40);
        post(PostingKind.REDEEM, 15);
        post(PostingKind.VETO, 0);
        assertThat(ledger.balance(f.v(), h.id())).isZero();
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isZero();
        assertThat(ledger.isVetoed(f.v(), h.id(), thisYear.from().getYear())).isTrue();
        assertThat(ledger.isVetoed(f.v(), f.h(1).id(), thisYear.from().getYear())).isFalse();
    }

    @Test
    void aVetoNeedsAWrittenReason() {
        assertThatThrownBy(() -> ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.VETO, 0, "否决",
                LedgerFixture.key()))).isInstanceOf(InvalidInput.class);
    }

    @Test
    void everyPostingsLegsSumToZeroAcrossPassbookAndSystemAccounts() {
        post(PostingKind.EARN, 50);
        post(PostingKind.REDEEM, 20);
        post(PostingKind.DEDUCT, 10);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.ISSUED)).isEqualTo(-50);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.REDEEMED)).isEqualTo(20);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.FORFEITED)).isEqualTo(10);
        Long sum = jdbc.sql("SELECT SUM(amount) FROM ledger_entry WHERE village_id = :v").param("v", f.v())
                .query(Long.class).single();
        assertThat(sum).isZero();
    }

    @Test
    void theSameIdempotencyKeyReturnsTheFirstResultAndPostsNothingNew() {
        PostingRequest r = PostingRequest.earn(f.v(), h.id(), 25, "义务劳动", "key-" + UUID.randomUUID());
        Posting first = ledger.post(f.admin, r);
        Posting again = ledger.post(f.admin, r);
        assertThat(again.postingId()).isEqualTo(first.postingId());
        assertThat(again.replayed()).isTrue();
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(25);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(1);
    }

    @Test
    void theSameKeyWithDifferentContentIsRefused() {
        String key = "key-" + UUID.randomUUID();
        ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 25, "义务劳动", key));
        assertThatThrownBy(() -> ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 26, "义务劳动", key)))
                .isInstanceOf(Conflict.class).hasMessage("error.ledger.keyReused");
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(25);
    }

    @Test
    void aCorrectionMirrorsTheOriginalAndNamesIt() {
        Posting earn = post(PostingKind.EARN, 30);
        Posting fix = ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CORRECT, earn.postingId(),
                "录入错误", LedgerFixture.key()));
        assertThat(fix.amount()).isEqualTo(-30);
        assertThat(fix.scoreDelta()).isEqualTo(-30);
        assertThat(ledger.balance(f.v(), h.id())).isZero();
        List<StatementLine> lines = ledger.statement(f.v(), h.id(), 0, 10);
        assertThat(lines.get(0).reversesPostingId()).isEqualTo(earn.postingId());
        assertThat(lines.get(0).reason()).isEqualTo("录入错误");
        assertThat(lines.get(1).reversed()).isTrue();
    }

    @Test
    void aPostingCannotBeReversedTwice() {
        Posting earn = post(PostingKind.EARN, 30);
        ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CORRECT, earn.postingId(), "错", LedgerFixture.key()));
        assertThatThrownBy(() -> ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CORRECT,
                earn.postingId(), "又错", LedgerFixture.key()))).isInstanceOf(Conflict.class);
        assertThat(ledger.balance(f.v(), h.id())).isZero();
    }

    @Test
    void correctingAnAwardAlreadySpentTakesTheBalanceOnlyToZero() {
        Posting earn = post(PostingKind.EARN, 30);
        post(PostingKind.REDEEM, 25);
        Posting fix = ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CORRECT, earn.postingId(),
                "重复记录", LedgerFixture.key()));
        assertThat(fix.amount()).isEqualTo(-5);
        assertThat(ledger.balance(f.v(), h.id())).isZero();
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isZero();
    }

    @Test
    void cancellingARedemptionGivesThePointsBack() {
        post(PostingKind.EARN, 30);
        Posting redeem = post(PostingKind.REDEEM, 20);
        ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CANCEL, redeem.postingId(), "当日退货",
                LedgerFixture.key()));
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(30);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.REDEEMED)).isZero();
    }

    @Test
    void correctingAVetoLiftsTheIneligibility() {
        post(PostingKind.EARN, 30);
        Posting veto = post(PostingKind.VETO, 0);
        ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CORRECT, veto.postingId(), "复核撤销",
                LedgerFixture.key()));
        assertThat(ledger.isVetoed(f.v(), h.id(), thisYear.from().getYear())).isFalse();
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(30);
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isEqualTo(30);
    }

    @Test
    void aCheckUnderThePassbookLockSeesTheBalanceAndTheLatestVetoStillInForce() {
        post(PostingKind.EARN, 30);
        List<PassbookUnderLock> seen = new java.util.ArrayList<>();
        ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 5, "香皂", LedgerFixture.key()),
                seen::add);
        Posting veto = post(PostingKind.VETO, 0);
        post(PostingKind.EARN, 8);
        ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 3, "香皂", LedgerFixture.key()),
                seen::add);
        ledger.post(f.admin, PostingRequest.reversal(f.v(), h.id(), PostingKind.CORRECT, veto.postingId(), "复核撤销",
                LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 1, "香皂", LedgerFixture.key()),
                seen::add);

        assertThat(seen).extracting(PassbookUnderLock::balance).containsExactly(30L, 8L, 30L);
        assertThat(seen.get(0).lastVetoOn()).isEmpty();
        assertThat(seen.get(1).lastVetoOn()).contains(veto.postedOn());
        assertThat(seen.get(2).lastVetoOn()).as("a corrected veto is no longer in force").isEmpty();
    }

    @Test
    void aCheckThatRefusesUnderThePassbookLockPostsNothing() {
        post(PostingKind.EARN, 30);
        assertThatThrownBy(() -> ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 5, "香皂",
                LedgerFixture.key()), p -> {
                    throw new Conflict("error.market.vetoed", "2027-01-01");
                })).isInstanceOf(Conflict.class).hasMessage("error.market.vetoed");
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(30);
        assertThat(ledger.statementSize(f.v(), h.id())).isEqualTo(1);
        assertThat(ledger.systemBalance(f.v(), SystemAccount.REDEEMED)).isZero();
    }

    @Test
    void aRepeatedKeyIsAnsweredWithTheFirstPostingWithoutAskingTheCheckAgain() {
        post(PostingKind.EARN, 30);
        String key = LedgerFixture.key();
        Posting first = ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 5, "香皂", key));
        Posting again = ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 5, "香皂", key), p -> {
            throw new Conflict("error.market.vetoed", "2027-01-01");
        });
        assertThat(again.replayed()).isTrue();
        assertThat(again.postingId()).isEqualTo(first.postingId());
        assertThat(ledger.balance(f.v(), h.id())).isEqualTo(25);
    }

    @Test
    void aResidentsScoreCountsOnlyWhatIsCreditedToThatResident() {
        long head = h.head().id();
        ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 10, "党员活动", LedgerFixture.key()).withResident(head));
        ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 7, "卫生", LedgerFixture.key()));
        assertThat(ledger.residentScore(f.v(), head, thisYear)).isEqualTo(10);
        assertThat(ledger.score(f.v(), h.id(), thisYear)).isEqualTo(17);
    }

    @Test
    void theStatementShowsRunningBalanceNewestFirst() {
        post(PostingKind.EARN, 30);
        post(PostingKind.REDEEM, 10);
        post(PostingKind.EARN, 5);
        List<StatementLine> lines = ledger.statement(f.v(), h.id(), 0, 10);
        assertThat(lines).extracting(StatementLine::balanceAfter).containsExactly(25L, 20L, 30L);
        assertThat(lines).extracting(StatementLine::amount).containsExactly(5L, -10L, 30L);
    }

    @Test
    void aBatchAwardPostsEveryHouseholdOrNone() {
        List<PostingRequest> batch = f.households.stream()
                .map(x -> PostingRequest.earn(f.v(), x.id(), 5, "基础分", "batch-" + UUID.randomUUID())).toList();
        List<Posting> posted = ledger.postAll(f.admin, batch);
        assertThat(posted).hasSize(2);
        assertThat(ledger.balance(f.v(), f.h(1).id())).isEqualTo(5);
        assertThat(ledger.postAll(f.admin, batch)).allMatch(Posting::replayed);
        assertThat(ledger.balance(f.v(), f.h(1).id())).isEqualTo(5);
    }

    @Test
    void aFreshLedgerVerifies() {
        post(PostingKind.EARN, 30);
        post(PostingKind.DEDUCT, 50);
        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(2);
    }
}
