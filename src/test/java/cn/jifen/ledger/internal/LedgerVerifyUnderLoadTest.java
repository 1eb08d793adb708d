package cn.jifen.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerFixture;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingReferences;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.shared.SecretKeys;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataRetrievalFailureException;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Verify reads each village as of one moment: postings committing on another thread while it runs are seen
 * wholly or not at all, so an untouched ledger always verifies intact (no false break from a head read after
 * entries, or an account row read after its entries). And only data that cannot be read is reported as a
 * broken ledger; a fault of the program is not dressed up as one.
 */
@IntegrationTest
class LedgerVerifyUnderLoadTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired LedgerSql sql;
    @Autowired SecretKeys keys;
    @Autowired Households households;
    @Autowired OrgUnits orgUnits;
    @Autowired Clock clock;
    @Autowired PlatformTransactionManager transactions;
    @Autowired DataSource dataSource;

    @Test
    void verifyRunningWhilePostingsCommitAlwaysFindsTheLedgerIntact() throws Exception {
        LedgerFixture f = new LedgerFixture(orgUnits, households, 3);
        for (int i = 0; i < 3; i++) {
            ledger.post(f.admin, PostingRequest.earn(f.v(), f.h(i).id(), 100, "预存", LedgerFixture.key()));
        }
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger posted = new AtomicInteger();
        ExecutorService writer = Executors.newSingleThreadExecutor();
        List<VerifyReport> broken = new ArrayList<>();
        int rounds = 0;
        try {
            Future<?> writing = writer.submit(() -> {
                for (int n = 0; !stop.get(); n++) {
                    PostingKind kind = n % 3 == 2 ? PostingKind.DEDUCT : PostingKind.EARN;
                    ledger.post(f.admin, PostingRequest.of(f.v(), f.h(n % 3).id(), kind, 1 + n % 5, "并发记账",
                            LedgerFixture.key()));
                    posted.incrementAndGet();
                }
                return null;
            });
            long until = System.nanoTime() + 20_000_000_000L;
            while ((rounds < 25 || posted.get() < 50) && System.nanoTime() < until) {
                VerifyReport r = verifier.verify(f.v());
                rounds++;
                if (!r.intact()) {
                    broken.add(r);
                }
            }
            stop.set(true);
            writing.get();
        } finally {
            stop.set(true);
            writer.shutdownNow();
        }

        assertThat(posted.get()).as("postings committed meanwhile").isGreaterThan(10);
        assertThat(rounds).as("verify rounds").isGreaterThan(5);
        assertThat(broken).as("verify reports while postings committed").isEmpty();
        VerifyReport after = verifier.verify(f.v());
        assertThat(after.intact()).as("%s", after).isTrue();
        assertThat(after.entriesChecked()).isEqualTo(3 + posted.get());
    }

    private LedgerVerifier verifierWith(PostingReferences refs) {
        return new LedgerVerifier(sql, keys, households, List.of(refs), clock, transactions, dataSource, e -> { });
    }

    private static PostingReferences failing(RuntimeException e) {
        return new PostingReferences() {
            @Override public String source() { return "测试记录"; }
            @Override public Set<String> sourceTypes() { return Set.of("test"); }
            @Override public Map<UUID, String> postingIds(long householdVillageId) { throw e; }
        };
    }

    @Test
    void dataThatCannotBeReadIsReportedAsABrokenLedger() {
        LedgerFixture f = new LedgerFixture(orgUnits, households, 1);
        ledger.post(f.admin, PostingRequest.earn(f.v(), f.h(0).id(), 5, "预存", LedgerFixture.key()));

        VerifyReport r = verifierWith(failing(new DataRetrievalFailureException("unreadable row"))).verify(f.v());

        assertThat(r.intact()).isFalse();
        assertThat(r.brokenVillageId()).isEqualTo(f.v());
        assertThat(r.problem()).contains("无法按记录读出");
    }

    @Test
    void aFaultOfTheProgramIsThrownNotReportedAsABrokenLedger() {
        LedgerFixture f = new LedgerFixture(orgUnits, households, 1);
        ledger.post(f.admin, PostingRequest.earn(f.v(), f.h(0).id(), 5, "预存", LedgerFixture.key()));

        assertThatThrownBy(() -> verifierWith(failing(new IllegalStateException("a bug"))).verify(f.v()))
                .isInstanceOf(IllegalStateException.class).hasMessage("a bug");
    }
}
