package cn.jifen.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Upgrading: a village written before V13 (no seals, no village chain) is sealed only after it verifies, and
 * a village found without its head later is never resealed as found.
 */
@IntegrationTest
class LedgerSealingTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired LedgerSealing sealing;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired TransactionTemplate tx;

    LedgerFixture f;
    Posting redeem;

    @BeforeEach
    void legacyVillage() {
        f = new LedgerFixture(orgUnits, households, 2);
        ledger.post(f.admin, PostingRequest.earn(f.v(), f.h(0).id(), 30, "义务劳动", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.earn(f.v(), f.h(1).id(), 8, "门前三包", LedgerFixture.key()));
        redeem = ledger.post(f.admin, PostingRequest.of(f.v(), f.h(0).id(), PostingKind.REDEEM, 10, "食用油", LedgerFixture.key()));
        // as it was before V13: no village sequence, no seals, no score column filled, no head
        jdbc.sql("UPDATE ledger_entry SET village_seq = NULL WHERE village_id = ?").param(f.v()).update();
        jdbc.sql("UPDATE ledger_account SET seal = NULL, score = 0 WHERE village_id = ?").param(f.v()).update();
        jdbc.sql("DELETE FROM ledger_village WHERE village_id = ?").param(f.v()).update();
    }

    @Test
    void aLegacyVillageIsReportedUnsealedThenSealedOnceItVerifies() {
        assertThat(verifier.verify(f.v()).problem()).contains("未封存");

        tx.executeWithoutResult(s -> sealing.seal(f.v()));

        VerifyReport r = verifier.verify(f.v());
        assertThat(r.intact()).as("%s", r).isTrue();
        assertThat(jdbc.sql("SELECT village_seq FROM ledger_entry WHERE village_id = ? AND leg_no = 0 ORDER BY village_seq")
                .param(f.v()).query(Long.class).list()).isEqualTo(List.of(1L, 2L, 3L));
        assertThat(r.checkpoint()).contains("\nV " + f.v() + " 3 ");
    }

    @Test
    void aLegacyVillageThatDoesNotVerifyIsLeftUnsealedAndItsProblemNamed() {
        jdbc.sql("UPDATE ledger_entry SET amount = amount - 5 WHERE village_id = ? AND posting_id = ? AND leg_no = 0")
                .param(f.v()).param(redeem.postingId()).update();

        assertThatThrownBy(() -> tx.executeWithoutResult(s -> sealing.seal(f.v())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not sealed");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_village WHERE village_id = ?").param(f.v()).query(Long.class)
                .single()).isZero();
        assertThat(verifier.verify(f.v()).problem()).contains("哈希与其内容不符");
    }

    @Test
    void aStartAfterTheUpgradeDoesNotResealAVillageWhoseHeadWentMissing() {
        sealing.afterSingletonsInstantiated();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_village WHERE village_id = ?").param(f.v()).query(Long.class)
                .single()).isZero();
        assertThat(verifier.verify(f.v()).intact()).isFalse();
    }

    @Test
    void aVillageTheFirstStartListedButDidNotReachIsSealedAtTheNextStart() {
        // the first start after the upgrade listed this village, then stopped (killed) before sealing it, while
        // other villages had been sealed already
        jdbc.sql("INSERT INTO ledger_sealing_plan (village_id, listed_at) VALUES (?, CURRENT_TIMESTAMP)").param(f.v()).update();

        sealing.afterSingletonsInstantiated();

        VerifyReport r = verifier.verify(f.v());
        assertThat(r.intact()).as("%s", r).isTrue();
        assertThat(r.entriesChecked()).isEqualTo(3);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_sealing_plan WHERE village_id = ?").param(f.v()).query(Long.class)
                .single()).as("struck off the list once sealed").isZero();
    }

    @Test
    void aListedVillageThatDoesNotVerifyStaysListedAndUnsealed() {
        jdbc.sql("UPDATE ledger_entry SET amount = amount - 5 WHERE village_id = ? AND posting_id = ? AND leg_no = 0")
                .param(f.v()).param(redeem.postingId()).update();
        jdbc.sql("INSERT INTO ledger_sealing_plan (village_id, listed_at) VALUES (?, CURRENT_TIMESTAMP)").param(f.v()).update();

        sealing.afterSingletonsInstantiated();

        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_village WHERE village_id = ?").param(f.v()).query(Long.class)
                .single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM ledger_sealing_plan WHERE village_id = ?").param(f.v()).query(Long.class)
                .single()).isEqualTo(1);
        assertThat(verifier.verify(f.v()).problem()).contains("哈希与其内容不符");
        jdbc.sql("DELETE FROM ledger_sealing_plan WHERE village_id = ?").param(f.v()).update(); // not retried by others
    }
}
