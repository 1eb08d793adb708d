package cn.jifen.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerFixture;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Invariant 3: rows edited behind the application's back (straight SQL) are caught by verify,
 * which names the first broken entry or account. Every test tampers with its own throwaway
 * village only and calls verify for that village; nothing is restored, so no test may run a
 * whole-county verify(null) in the same JVM.
 */
@IntegrationTest
class LedgerTamperTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    LedgerFixture f;
    Household h;
    Household other;
    Posting earn30;
    Posting redeem10;
    Posting earn5;

    /** h: +30, −10 (redeemed), +5 with a reason; the other household: +8, −3 deducted. Five entries. */
    @BeforeEach
    void village() {
        f = new LedgerFixture(orgUnits, households, 2);
        h = f.h(0);
        other = f.h(1);
        earn30 = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 30, "义务劳动", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.earn(f.v(), other.id(), 8, "门前三包", LedgerFixture.key()));
        redeem10 = ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 10, "食用油", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.of(f.v(), other.id(), PostingKind.DEDUCT, 3, "乱堆放", LedgerFixture.key()));
        earn5 = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 5, "四小园", LedgerFixture.key())
                .withReason("评比第一名"));
    }

    private UUID leg(Posting p, int legNo) {
        return jdbc.sql("SELECT id FROM ledger_entry WHERE village_id = :v AND posting_id = :p AND leg_no = :n")
                .param("v", f.v()).param("p", p.postingId()).param("n", legNo).query(UUID.class).single();
    }

    private void tamper(String sql, Object... params) {
        var spec = jdbc.sql(sql);
        for (Object p : params) {
            spec = spec.param(p);
        }
        assertThat(spec.update()).as("rows tampered with").isPositive();
    }

    private VerifyReport brokenReport() {
        VerifyReport r = verifier.verify(f.v());
        assertThat(r.intact()).as("verify after tampering: %s", r).isFalse();
        assertThat(r.brokenVillageId()).isEqualTo(f.v());
        return r;
    }

    @Test
    void anUntouchedVillageVerifiesIntactWithEveryEntryCounted() {
        VerifyReport r = verifier.verify(f.v());
        assertThat(r.intact()).as("%s", r).isTrue();
        assertThat(r.entriesChecked()).isEqualTo(5);
        assertThat(r.accountsChecked()).isEqualTo(2);
        assertThat(r.firstBrokenEntry()).isNull();
        assertThat(r.problem()).isNull();
    }

    @Test
    void anEditedPassbookAmountIsNamedExactly() {
        UUID entry = leg(redeem10, 0);
        tamper("UPDATE ledger_entry SET amount = amount + 100 WHERE village_id = ? AND id = ?", f.v(), entry);

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(entry);
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("哈希与其内容不符");
    }

    @Test
    void anEditedSystemLegIsNamedThroughThePassbookLegWhoseHashCoversIt() {
        UUID systemLeg = leg(redeem10, 1);
        tamper("UPDATE ledger_entry SET amount = amount - 1 WHERE village_id = ? AND id = ?", f.v(), systemLeg);

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(leg(redeem10, 0));
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("哈希与其内容不符");
    }

    @Test
    void deletingTheNewestEntryIsCaughtAtTheHouseholdsAccount() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ?", f.v(), earn5.postingId());

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).as("no entry is wrong, the account is").isNull();
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("存折账户缓存的余额为 25，按记录合计为 20");
    }

    @Test
    void deletingTheNewestEntryAndFixingTheCachedBalanceIsCaughtByTheEntryCount() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ?", f.v(), earn5.postingId());
        tamper("UPDATE ledger_account SET balance = 20 WHERE village_id = ? AND household_id = ?", f.v(), h.id());

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isNull();
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("存折账户记有 3 条记录，实际只有 2 条");
    }

    @Test
    void deletingTheNewestEntryAndFixingBalanceAndCountIsCaughtByTheLastHash() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ?", f.v(), earn5.postingId());
        tamper("UPDATE ledger_account SET balance = 20, entry_count = 2 WHERE village_id = ? AND household_id = ?",
                f.v(), h.id());

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isNull();
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("最后哈希");
    }

    @Test
    void deletingAMiddlePassbookLegNamesTheNextEntryForTheGapInItsChain() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND id = ?", f.v(), leg(redeem10, 0));

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(leg(earn5, 0));
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("记录的序号是 3，应为 2");
    }

    @Test
    void anEditedCachedBalanceNamesTheHousehold() {
        tamper("UPDATE ledger_account SET balance = balance + 1000 WHERE village_id = ? AND household_id = ?",
                f.v(), other.id());

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isNull();
        assertThat(r.brokenHouseholdId()).isEqualTo(other.id());
        assertThat(r.problem()).contains("存折账户缓存的余额为 1005，按记录合计为 5");
    }

    @Test
    void anEditedReasonIsNamedExactly() {
        UUID entry = leg(earn5, 0);
        tamper("UPDATE ledger_entry SET reason = ? WHERE village_id = ? AND id = ?", "评比第二名", f.v(), entry);

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(entry);
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("哈希与其内容不符");
    }

    @Test
    void anEditedScoreIsNamedExactly() {
        UUID entry = leg(earn30, 0);
        tamper("UPDATE ledger_entry SET score_delta = 300 WHERE village_id = ? AND id = ?", f.v(), entry);

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(entry);
        assertThat(r.problem()).contains("哈希与其内容不符");
    }

    @Test
    void anEntryMovedToAnotherHouseholdIsNamed() {
        UUID entry = leg(earn30, 0);
        tamper("UPDATE ledger_entry SET household_id = ? WHERE village_id = ? AND id = ?", other.id(), f.v(), entry);

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(entry);
        assertThat(r.problem()).contains("哈希与其内容不符");
    }

    @Test
    void aForgedSystemLegWithoutAPassbookLegIsNamed() {
        UUID forged = UUID.randomUUID();
        tamper("""
                INSERT INTO ledger_entry (village_id, id, posting_id, leg_no, account_id, amount, kind, posted_on,
                                          created_at, actor_name)
                SELECT village_id, ?, ?, 1, account_id, 500, kind, posted_on, created_at, actor_name
                FROM ledger_entry WHERE village_id = ? AND id = ?""", forged, UUID.randomUUID(), f.v(), leg(earn30, 1));

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(forged);
        assertThat(r.problem()).contains("系统账户分录没有对应的存折分录");
    }

    @Test
    void tamperingWithOneVillageLeavesAnotherVillageIntact() {
        LedgerFixture clean = new LedgerFixture(orgUnits, households, 1);
        ledger.post(clean.admin, PostingRequest.earn(clean.v(), clean.h(0).id(), 9, "卫生", LedgerFixture.key()));
        tamper("UPDATE ledger_entry SET amount = 1 WHERE village_id = ? AND id = ?", f.v(), leg(earn30, 0));

        assertThat(verifier.verify(f.v()).intact()).isFalse();
        VerifyReport r = verifier.verify(clean.v());
        assertThat(r.intact()).as("%s", r).isTrue();
        assertThat(r.entriesChecked()).isEqualTo(1);
    }
    // ---- tampering that used to pass verify (issue 11) ----

    /** The account row as it stands: every column, to roll it back later as an attacker with a copy would. */
    private Map<String, Object> accountRow(long householdId) {
        return jdbc.sql("SELECT * FROM ledger_account WHERE village_id = ? AND household_id = ?")
                .param(f.v()).param(householdId).query().singleRow();
    }

    private void restoreAccountRow(Map<String, Object> row) {
        for (var e : row.entrySet()) {
            String column = e.getKey().toLowerCase(Locale.ROOT);
            if (!Set.of("village_id", "id").contains(column)) {
                jdbc.sql("UPDATE ledger_account SET " + column + " = ? WHERE village_id = ? AND id = ?")
                        .param(e.getValue()).param(f.v()).param(row.entrySet().stream()
                                .filter(c -> c.getKey().equalsIgnoreCase("id")).findFirst().orElseThrow().getValue())
                        .update();
            }
        }
    }

    @Test
    void deletingTheLastPostingsAndRollingTheAccountBackToTheEarlierRowIsNamed() {
        var before = accountRow(h.id());
        Posting a = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 7, "清扫", LedgerFixture.key()));
        Posting b = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 9, "清扫", LedgerFixture.key()));
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id IN (?, ?)", f.v(), a.postingId(), b.postingId());
        restoreAccountRow(before);

        VerifyReport r = brokenReport();
        assertThat(r.problem()).contains("村账本");
    }

    @Test
    void deletingTheLastPostingAndRecomputingTheAccountRowWithoutTheKeyIsNamedAtTheAccount() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ?", f.v(), earn5.postingId());
        String previousHash = jdbc.sql("SELECT hash FROM ledger_entry WHERE village_id = ? AND posting_id = ? AND leg_no = 0")
                .param(f.v()).param(redeem10.postingId()).query(String.class).single();
        tamper("UPDATE ledger_account SET balance = 20, entry_count = 2, score = 30, last_hash = ? "
                + "WHERE village_id = ? AND household_id = ?",
                previousHash, f.v(), h.id());

        VerifyReport r = brokenReport();
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("存折账户").contains("封印");
    }

    @Test
    void deletingAHouseholdsAccountWithAllItsEntriesIsNamed() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND household_id = ?", f.v(), other.id());
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND household_id IS NULL AND posting_id NOT IN "
                + "(SELECT posting_id FROM ledger_entry WHERE village_id = ? AND leg_no = 0)", f.v(), f.v());
        tamper("DELETE FROM ledger_account WHERE village_id = ? AND household_id = ?", f.v(), other.id());

        VerifyReport r = brokenReport();
        assertThat(r.problem()).contains("村账本");
    }

    @Test
    void deletingOneSystemLegNamesItsPostingInsteadOfFailing() {
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND id = ?", f.v(), leg(redeem10, 1));

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isEqualTo(leg(redeem10, 0));
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains(redeem10.postingId().toString());
    }
    @Test
    void aDeletedVetoMarkerNamesTheVetoPosting() {
        Posting veto = ledger.post(f.admin, PostingRequest.of(f.v(), other.id(), PostingKind.VETO, 0, "违法建房",
                LedgerFixture.key()).withReason("一票否决"));
        tamper("DELETE FROM ledger_veto WHERE village_id = ? AND posting_id = ?", f.v(), veto.postingId());

        VerifyReport r = brokenReport();
        assertThat(r.brokenHouseholdId()).isEqualTo(other.id());
        assertThat(r.problem()).contains(veto.postingId().toString()).contains("缺少不能参评的标记");
    }

    @Test
    void anEditedCachedScoreNamesTheHousehold() {
        tamper("UPDATE ledger_account SET score = score + 50 WHERE village_id = ? AND household_id = ?", f.v(), h.id());

        VerifyReport r = brokenReport();
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("累计积分为 85，按记录合计为 35");
    }

    @Test
    void anAccountRowCopiedFromAnotherHouseholdIsNamedByItsSeal() {
        var source = accountRow(other.id());
        tamper("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id IN (?, ?, ?)", f.v(), earn30.postingId(),
                redeem10.postingId(), earn5.postingId());
        tamper("UPDATE ledger_account SET balance = ?, entry_count = 0, last_hash = ?, score = ?, seal = ? "
                        + "WHERE village_id = ? AND household_id = ?", 0L, EntryHasher.GENESIS, 0L,
                source.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase("seal")).findFirst().orElseThrow()
                        .getValue(), f.v(), h.id());

        VerifyReport r = brokenReport();
        assertThat(r.brokenHouseholdId()).isEqualTo(h.id());
        assertThat(r.problem()).contains("封印不符");
    }

    @Test
    void postingsSwappedInTheVillageSequenceAreCaughtByTheVillageHead() {
        tamper("UPDATE ledger_entry SET village_seq = -village_seq WHERE village_id = ? AND village_seq IN (1, 2)", f.v());
        tamper("UPDATE ledger_entry SET village_seq = CASE WHEN village_seq = -1 THEN 2 ELSE 1 END "
                + "WHERE village_id = ? AND village_seq IN (-1, -2)", f.v());

        VerifyReport r = brokenReport();
        assertThat(r.problem()).contains("村账本链头与按记录重算的结果不符");
    }

    @Test
    void anEditedVillageHeadIsNamed() {
        tamper("UPDATE ledger_village SET entry_count = entry_count + 1 WHERE village_id = ?", f.v());

        VerifyReport r = brokenReport();
        assertThat(r.firstBrokenEntry()).isNull();
        assertThat(r.problem()).contains("村账本链头记有 6 条记录，实际只有 5 条");
    }

    @Test
    void aDeletedVillageHeadIsNamed() {
        tamper("DELETE FROM ledger_village WHERE village_id = ?", f.v());

        assertThat(brokenReport().problem()).contains("村账本缺少链头");
    }

    @Test
    void aPassbookAccountMovedToAnUnregisteredHouseholdIsNamed() {
        tamper("UPDATE ledger_account SET household_id = 999999999 WHERE village_id = ? AND household_id = ?", f.v(), other.id());

        VerifyReport r = brokenReport();
        assertThat(r.problem()).contains("不在本村花名册中");
    }
}
