package cn.jifen.ledger.internal;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerFixture;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.SecretKeys;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.TestDatabase;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What sealing adds to a posting, measured in one run (not a test: tagged "bench"). Prints: the CPU of the
 * three extra HMACs (account seal, village chain step, village seal); a posting's latency; the village head
 * round trip (lock + update) alone; and, with 8 clients, postings/s into one village (all contend on its head
 * row) against 8 villages (no shared row), whose ratio is the price of the village chain under load.
 * Run: ./mvnw -o -q test -Djifen.test.excludedGroups=none -Dgroups=bench -Dtest=LedgerSealingCost [-Ppostgres]
 */
@IntegrationTest
@Tag("bench")
class LedgerSealingCost extends Db {
    @Autowired Ledger ledger;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcTemplate jdbc;
    @Autowired TransactionTemplate tx;
    @Autowired SecretKeys keys;

    private static void print(String s) {
        System.out.println("[bench] " + s);
    }

    @Test
    void sealingCost() throws Exception {
        print("database " + (TestDatabase.postgres() ? "PostgreSQL" : "H2") + ", " + Runtime.getRuntime().availableProcessors()
                + " cores");
        // 1. CPU of the extra HMACs per posting
        LedgerSeals seals = new LedgerSeals(keys.derive(Ledger.CHAIN_KEY_PURPOSE));
        UUID id = UUID.randomUUID();
        String h = EntryHasher.GENESIS;
        for (int round = 0; round < 2; round++) {
            long t0 = System.nanoTime();
            int n = 200_000;
            for (int i = 0; i < n; i++) {
                seals.account(1, id, 2L, i, i, i, h);
                h = seals.villageNext(h, i, id, h);
                seals.village(1, i, h);
            }
            if (round == 1) {
                print(String.format("seal CPU per posting (3 HMAC-SHA256): %.2f us", (System.nanoTime() - t0) / 1000.0 / n));
            }
        }
        // 2. single-client latency
        LedgerFixture one = new LedgerFixture(orgUnits, households, 40);
        postFor(one, 500, 1);
        long t0 = System.nanoTime();
        int n = 2000;
        postFor(one, n, 1);
        print(String.format("posting latency, 1 client: %.3f ms", (System.nanoTime() - t0) / 1e6 / n));
        // 3. the village head round trip alone
        for (int round = 0; round < 2; round++) {
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                tx.executeWithoutResult(s -> {
                    jdbc.queryForMap("SELECT entry_count, head_hash FROM ledger_village WHERE village_id = ? FOR UPDATE", one.v());
                    jdbc.update("UPDATE ledger_village SET updated_at = ? WHERE village_id = ?", OffsetDateTime.now(), one.v());
                });
            }
            if (round == 1) {
                print(String.format("village head lock + update alone (own transaction): %.3f ms", (System.nanoTime() - t0) / 1e6 / n));
            }
        }
        // 4. 8 clients: one village vs 8 villages
        List<LedgerFixture> eight = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            eight.add(new LedgerFixture(orgUnits, households, 5));
        }
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
        double same = throughput(i -> one, seconds);
        double apart = throughput(eight::get, seconds);
        print(String.format("8 clients: one village %.0f postings/s, 8 villages %.0f postings/s (ratio %.2f)", same, apart,
                same / apart));
    }

    private void postFor(LedgerFixture f, int n, int offset) {
        for (int i = 0; i < n; i++) {
            ledger.post(f.admin, PostingRequest.earn(f.v(), f.h((i + offset) % f.households.size()).id(), 1, "bench",
                    UUID.randomUUID().toString()));
        }
    }

    private double throughput(IntFunction<LedgerFixture> village, int seconds) throws Exception {
        AtomicLong done = new AtomicLong();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int client = c;
            LedgerFixture f = village.apply(c);
            Thread t = new Thread(() -> {
                int i = 0;
                while (System.nanoTime() < end) {
                    // each client its own households: no passbook row is shared, only (maybe) the village head
                    long household = f.h((client * 5 + i++ % 5) % f.households.size()).id();
                    ledger.post(f.admin, PostingRequest.earn(f.v(), household, 1, "bench", UUID.randomUUID().toString()));
                    done.incrementAndGet();
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
        return done.get() / (double) seconds;
    }
}
