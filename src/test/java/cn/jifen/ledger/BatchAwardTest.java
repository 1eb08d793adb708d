package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The batch path of {@link Ledger#postAll}: households without a passbook account get theirs created already in
 * its final state, households with one are locked and updated, and either way the chains, the village chain, the
 * month totals and the keys come out as if each posting had been made alone.
 */
@IntegrationTest
class BatchAwardTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    LedgerFixture f;

    @BeforeEach
    void village() {
        f = new LedgerFixture(orgUnits, households, 3);
    }

    private PostingRequest earn(int household, long points) {
        return PostingRequest.earn(f.v(), f.h(household).id(), points, "评比奖励", LedgerFixture.key());
    }

    /** {@code postings}: verify counts the passbook entries, one per posting. */
    private void assertVerifies(long postings) {
        VerifyReport report = verifier.verify(f.v());
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(postings);
    }

    @Test
    void aFirstAwardCreatesEachPassbookAccountAlreadyHoldingItsPostings() {
        List<Posting> posted = ledger.postAll(f.admin, List.of(earn(0, 10), earn(1, 20), earn(0, 5)));

        assertThat(posted).extracting(Posting::balanceAfter).containsExactly(10L, 20L, 15L);
        assertThat(posted).extracting(Posting::seq).containsExactly(1L, 1L, 2L);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(15);
        assertThat(ledger.statementSize(f.v(), f.h(0).id())).isEqualTo(2);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_account WHERE village_id = ? AND kind = 'PASSBOOK' AND seal IS NOT NULL")
                .param(f.v()).query(Long.class).single()).isEqualTo(2);
        assertVerifies(3);
    }

    @Test
    void aBatchOfNewAndExistingHouseholdsNumbersTheVillageChainInRequestOrder() {
        ledger.post(f.admin, earn(1, 7));

        List<Posting> posted = ledger.postAll(f.admin, List.of(earn(0, 10), earn(1, 20), earn(2, 30), earn(1, 1)));

        assertThat(posted).extracting(Posting::balanceAfter).containsExactly(10L, 27L, 30L, 28L);
        List<Long> households = jdbc.sql("""
                SELECT household_id FROM ledger_entry WHERE village_id = ? AND leg_no = 0 AND village_seq > 1
                ORDER BY village_seq""").param(f.v()).query(Long.class).list();
        assertThat(households).containsExactly(f.h(0).id(), f.h(1).id(), f.h(2).id(), f.h(1).id());
        assertVerifies(5);
    }

    @Test
    void repeatingAFirstAwardPostsNothingNew() {
        List<PostingRequest> award = List.of(earn(0, 10), earn(1, 20));
        ledger.postAll(f.admin, award);

        assertThat(ledger.postAll(f.admin, award)).allMatch(Posting::replayed);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(10);
        assertVerifies(2);
    }

    @Test
    void aBadRequestAfterValidOnesOfTheSameItemIsStillRefusedForWhatIsWrongWithIt() {
        // the batch validates the fields other than household and key once per distinct combination: a later request
        // of the same item with a blank or over-long key, or with another (bad) label, is still checked in full
        List<PostingRequest> blankKey = List.of(earn(0, 10), earn(1, 10),
                PostingRequest.earn(f.v(), f.h(2).id(), 10, "评比奖励", " "));
        List<PostingRequest> longKey = List.of(earn(0, 10), earn(1, 10),
                PostingRequest.earn(f.v(), f.h(2).id(), 10, "评比奖励", "k".repeat(PostingRequest.MAX_KEY + 1)));
        List<PostingRequest> badLabel = List.of(earn(0, 10), earn(1, 10),
                PostingRequest.earn(f.v(), f.h(2).id(), 10, "<b>评比奖励</b>", LedgerFixture.key()));
        List<PostingRequest> noPoints = List.of(earn(0, 10), earn(1, 10), earn(2, 0));

        for (List<PostingRequest> batch : List.of(blankKey, longKey, badLabel, noPoints)) {
            assertThatThrownBy(() -> ledger.postAll(f.admin, batch)).isInstanceOf(InvalidInput.class);
        }
        assertThatThrownBy(() -> ledger.postAll(f.admin, blankKey)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.problems()).extracting(InvalidInput.Problem::field).containsExactly("idempotencyKey"));
        assertThatThrownBy(() -> ledger.postAll(f.admin, longKey)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.problems()).extracting(InvalidInput.Problem::field).containsExactly("idempotencyKey"));
        assertThatThrownBy(() -> ledger.postAll(f.admin, badLabel)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.problems()).extracting(InvalidInput.Problem::field).containsExactly("itemLabel"));
        assertThatThrownBy(() -> ledger.postAll(f.admin, noPoints)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.problems()).extracting(InvalidInput.Problem::field).containsExactly("points"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE village_id = ?").param(f.v()).query(Long.class)
                .single()).isZero();
    }

    @Test
    void aKeyReusedForAnotherHouseholdInOneBatchWritesNothing() {
        ledger.post(f.admin, earn(1, 7));
        PostingRequest first = earn(0, 10);
        PostingRequest reused = PostingRequest.earn(f.v(), f.h(1).id(), 10, "评比奖励", first.idempotencyKey());

        assertThatThrownBy(() -> ledger.postAll(f.admin, List.of(first, reused)))
                .isInstanceOf(Conflict.class).hasMessage("error.ledger.keyReused");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_account WHERE village_id = ? AND household_id = ?")
                .param(f.v()).param(f.h(0).id()).query(Long.class).single()).isZero();
        assertVerifies(1);
    }

    /** New accounts are computed in a pass before the existing ones; the refusal is still the first in request order. */
    @Test
    void aRefusedBatchNamesItsFirstRefusedRequestWhicheverPassFindsIt() {
        ledger.post(f.admin, earn(1, 7));
        PostingRequest shortOfPoints = PostingRequest.of(f.v(), f.h(1).id(), PostingKind.REDEEM, 50, "兑换", LedgerFixture.key());
        PostingRequest first = earn(0, 10);
        PostingRequest reused = PostingRequest.earn(f.v(), f.h(0).id(), 11, "评比奖励", first.idempotencyKey());

        assertThatThrownBy(() -> ledger.postAll(f.admin, List.of(shortOfPoints, first, reused)))
                .isInstanceOf(Conflict.class).hasMessage("error.ledger.insufficient");
        assertThatThrownBy(() -> ledger.postAll(f.admin, List.of(first, reused, shortOfPoints)))
                .isInstanceOf(Conflict.class).hasMessage("error.ledger.keyReused");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_account WHERE village_id = ? AND household_id = ?")
                .param(f.v()).param(f.h(0).id()).query(Long.class).single()).isZero();
        assertVerifies(1);
    }

    /** Twelve households: on PostgreSQL every write and list read of the batch takes its rows as arrays (ARRAY_ROWS). */
    @Test
    void aWholeVillagesFirstAndSecondAwardLeaveEveryPassbookAndTheTotalsVerified() {
        LedgerFixture village = new LedgerFixture(orgUnits, households, 12);
        List<PostingRequest> first = new ArrayList<>();
        List<PostingRequest> second = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            first.add(PostingRequest.earn(village.v(), village.h(i).id(), 10 + i, "评比奖励", LedgerFixture.key()));
            second.add(PostingRequest.earn(village.v(), village.h(i).id(), 5, "评比奖励", LedgerFixture.key()));
        }

        ledger.postAll(village.admin, first);
        List<Posting> again = ledger.postAll(village.admin, second);

        assertThat(again).extracting(Posting::seq).containsOnly(2L);
        assertThat(ledger.postAll(village.admin, second)).allMatch(Posting::replayed);
        for (int i = 0; i < 12; i++) {
            assertThat(ledger.balance(village.v(), village.h(i).id())).isEqualTo(15 + i);
        }
        VerifyReport report = verifier.verify(village.v());
        assertThat(report.intact()).as(report.problem()).isTrue();
        assertThat(report.entriesChecked()).isEqualTo(24);
    }

    @Test
    void aFirstAwardInsideACallersTransactionCreatesTheAccountsAsWell() {
        List<Posting> posted = tx.execute(s -> ledger.postAll(f.admin, List.of(earn(0, 10), earn(2, 30))));

        assertThat(posted).extracting(Posting::balanceAfter).containsExactly(10L, 30L);
        assertThat(ledger.balance(f.v(), f.h(2).id())).isEqualTo(30);
        assertVerifies(2);
    }
}
