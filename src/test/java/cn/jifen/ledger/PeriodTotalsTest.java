package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Period;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The month totals (ledger_period_total) are what the postings add up to — per household, per resident and per
 * village — after every kind of posting, reversals, batch awards, expiry and concurrent postings; the readers get
 * the same scores from them as from the postings; and verify names a total edited behind the application's back.
 */
@IntegrationTest
@Import(LedgerClock.Config.class)
class PeriodTotalsTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired LedgerClock clock;
    @Autowired TotalsReading reading;

    @AfterEach
    void back() {
        clock.reset();
        reading.use(true);
    }

    private long resident(Household h) {
        return jdbc.sql("SELECT MIN(id) FROM resident WHERE village_id = ? AND household_id = ?").param(h.villageId())
                .param(h.id()).query(Long.class).single();
    }

    /** Postings of every kind over three months of 2025, some naming a resident, and a batch award. */
    private LedgerFixture postEverything() {
        LedgerFixture f = new LedgerFixture(orgUnits, households, 4);
        long v = f.v();
        Household a = f.h(0);
        Household b = f.h(1);
        clock.set(2025, 1, 20);
        Posting earn = ledger.post(f.admin, PostingRequest.earn(v, a.id(), 50, "志愿服务：清扫", LedgerFixture.key())
                .withResident(resident(a)));
        ledger.post(f.admin, PostingRequest.earn(v, b.id(), 30, "志愿服务：清扫", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.of(v, b.id(), PostingKind.DEDUCT, 45, "遵纪守法：乱倒垃圾", LedgerFixture.key())
                .withReason("扣分大于余额").withResident(resident(b)));
        clock.set(2025, 2, 3);
        Posting redeem = ledger.post(f.admin, PostingRequest.of(v, a.id(), PostingKind.REDEEM, 20, "兑换：食用油",
                LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.reversal(v, a.id(), PostingKind.CANCEL, redeem.postingId(), "顾客退回",
                LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.reversal(v, a.id(), PostingKind.CORRECT, earn.postingId(), "记错了",
                LedgerFixture.key()));
        List<PostingRequest> batch = new ArrayList<>();
        f.households.forEach(h -> batch.add(PostingRequest.earn(v, h.id(), 10, "基础分", LedgerFixture.key())));
        batch.add(PostingRequest.earn(v, f.h(2).id(), 7, "志愿服务：助老", LedgerFixture.key()).withResident(resident(f.h(2))));
        ledger.postAll(f.admin, batch);
        clock.set(2025, 3, 31);
        ledger.post(f.admin, PostingRequest.of(v, f.h(2).id(), PostingKind.EXPIRE, 12, "清零", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.of(v, f.h(3).id(), PostingKind.VETO, 0, "一票否决：违法", LedgerFixture.key())
                .withReason("违法").withResident(resident(f.h(3))));
        return f;
    }

    /** The totals a village's passbook legs add up to, summed here from the rows of ledger_entry. */
    private Map<String, List<Long>> rawSums(long v) {
        Map<String, long[]> m = new TreeMap<>();
        jdbc.sql("""
                SELECT household_id, resident_id, posted_on, kind, amount, score_delta, item_label, source_type FROM ledger_entry
                WHERE village_id = ? AND leg_no = 0""").param(v).query(rs -> {
            long h = rs.getLong(1);
            Long r = rs.getObject(2, Long.class);
            String month = YearMonth.from(rs.getObject(3, LocalDate.class)).toString();
            String kind = rs.getString(4);
            long amount = rs.getLong(5);
            long score = rs.getLong(6);
            String label = rs.getString(7) == null ? "" : rs.getString(7);
            List<String> keys = new ArrayList<>(List.of(h + "/0/" + month + "//", "0/0/" + month + "/" + kind + "/" + label));
            if (r != null) {
                keys.add(h + "/" + r + "/" + month + "//");
            }
            for (String k : keys) {
                long[] a = m.computeIfAbsent(k, x -> new long[16]);
                a[0]++;
                a[1] += score;
                a[2] += amount;
                a[score > 0 ? 3 : 4] += Math.abs(score);
                switch (kind) {
                    case "EARN" -> {
                        a[5] += amount;
                        a[15] += "policy".equals(rs.getString(8)) ? 0 : 1;
                    }
                    case "DEDUCT" -> { a[6] -= amount; a[7] -= score; }
                    case "VETO" -> { a[8] -= amount; a[12]++; }
                    case "EXPIRE" -> a[9] -= amount;
                    case "REDEEM" -> { a[10] -= amount; a[13]++; }
                    case "CANCEL" -> { a[10] -= amount; a[14]++; }
                    case "CORRECT" -> a[11] += amount;
                    default -> throw new IllegalStateException(kind);
                }
            }
        });
        Map<String, List<Long>> out = new TreeMap<>();
        m.forEach((k, a) -> out.put(k, Arrays.stream(a).boxed().toList()));
        return out;
    }

    private Map<String, List<Long>> stored(long v) {
        Map<String, List<Long>> out = new TreeMap<>();
        jdbc.sql("""
                SELECT household_id, resident_id, month_start, kind, item_label, postings, score, amount, score_plus,
                       score_minus, earned, deducted, score_deducted, forfeited, expired, redeemed, corrected, vetoes,
                       redemptions, cancellations, earn_not_policy
                FROM ledger_period_total_v WHERE village_id = ?""").param(v).query(rs -> {
            List<Long> vals = new ArrayList<>();
            for (int i = 6; i <= 21; i++) {
                vals.add(rs.getLong(i));
            }
            out.put(rs.getLong(1) + "/" + rs.getLong(2) + "/" + YearMonth.from(rs.getObject(3, LocalDate.class)) + "/"
                    + rs.getString(4) + "/" + rs.getString(5), vals);
        });
        return out;
    }

    private void assertTotalsAreTheRawSums(long v) {
        Map<String, List<Long>> raw = rawSums(v);
        assertThat(raw).as("the test posted something").isNotEmpty();
        assertThat(stored(v)).isEqualTo(raw);
        VerifyReport report = verifier.verify(v);
        assertThat(report.intact()).as("%s", report).isTrue();
    }

    @Test
    void totalsAreTheSumsOfThePostingsAfterEveryKindReversalsBatchAwardsAndExpiry() {
        LedgerFixture f = postEverything();
        assertTotalsAreTheRawSums(f.v());
        assertThat(stored(f.v()).keySet()).as("households, residents and the village, by month")
                .contains(f.h(0).id() + "/0/2025-01//", f.h(0).id() + "/" + resident(f.h(0)) + "/2025-01//",
                        "0/0/2025-02/EARN/基础分", "0/0/2025-02/CANCEL/兑换：食用油",
                        f.h(3).id() + "/" + resident(f.h(3)) + "/2025-03//");
    }

    @Test
    void scoresRankingsAndPostedTotalsAreTheSameFromTheTotalsAsFromThePostings() {
        LedgerFixture f = postEverything();
        List<Period> periods = List.of(Period.month(YearMonth.of(2025, 2)), Period.quarter(2025, 1), Period.year(2025),
                new Period(LocalDate.of(2025, 1, 21), LocalDate.of(2025, 3, 30)),
                new Period(LocalDate.of(2025, 2, 1), LocalDate.of(2025, 2, 3)));
        for (Period p : periods) {
            List<Object> fromTotals = reads(f, p);
            reading.use(false);
            List<Object> fromPostings = reads(f, p);
            reading.use(true);
            assertThat(fromTotals).as("%s", p).isEqualTo(fromPostings);
        }
        assertThat(ledger.villageScores(f.v(), Period.year(2025))).as("a ranking with something in it").hasSize(4);
    }

    private List<Object> reads(LedgerFixture f, Period p) {
        List<Object> out = new ArrayList<>();
        out.add(ledger.villageScores(f.v(), p).entrySet().stream().map(Object::toString).toList());
        out.add(ledger.postedTotals(f.v(), p));
        for (Household h : f.households) {
            out.add(ledger.score(f.v(), h.id(), p));
            out.add(ledger.residentScore(f.v(), resident(h), p));
        }
        return out;
    }

    @Test
    void concurrentPostingsOfOneVillageLeaveTotalsEqualToTheirSums() throws Exception {
        LedgerFixture f = new LedgerFixture(orgUnits, households, 3);
        clock.set(2025, 5, 10);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                for (int i = 0; i < 15; i++) {
                    Household h = f.h((thread + i) % 3);
                    PostingRequest r = i % 4 == 3
                            ? PostingRequest.of(f.v(), h.id(), PostingKind.DEDUCT, 2, "扣", LedgerFixture.key()).withReason("并发")
                            : PostingRequest.earn(f.v(), h.id(), 1 + i, "并发加分", LedgerFixture.key());
                    ledger.post(f.admin, i % 2 == 0 ? r.withResident(resident(h)) : r);
                }
                return null;
            }));
        }
        for (Future<?> d : done) {
            d.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTotalsAreTheRawSums(f.v());
        assertThat(stored(f.v()).entrySet().stream().filter(e -> e.getKey().startsWith("0/0/2025-05/"))
                .mapToLong(e -> e.getValue().get(0)).sum()).as("all 120 postings in the village rows").isEqualTo(120L);
    }

    @Test
    void aTotalEditedBehindTheApplicationsBackIsNamedByVerify() {
        LedgerFixture f = postEverything();
        jdbc.sql("UPDATE ledger_period_total SET score = score + 5 WHERE village_id = ? AND household_id = ? AND resident_id = 0")
                .param(f.v()).param(f.h(1).id()).update();

        VerifyReport r = verifier.verify(f.v());
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenVillageId()).isEqualTo(f.v());
        assertThat(r.problem()).contains("积分月合计与记录不符").contains("农户 " + f.h(1).id()).contains("score");
    }

    @Test
    void aTotalRowDeletedIsNamedByVerify() {
        LedgerFixture f = postEverything();
        jdbc.sql("DELETE FROM ledger_period_total WHERE village_id = ? AND household_id = 0 AND month_start = ? AND kind = 'VETO'")
                .param(f.v()).param(LocalDate.of(2025, 3, 1)).update();
        assertThat(verifier.verify(f.v()).problem()).contains("全村 2025-03 VETO").contains("缺失");
    }

    @Test
    void aTotalRowAddedIsNamedByVerify() {
        LedgerFixture f = postEverything();

        jdbc.sql("""
                INSERT INTO ledger_period_total (village_id, household_id, resident_id, month_start, kind, item_label, postings,
                    score)
                VALUES (?, ?, 0, ?, '', '', 1, 999)""").param(f.v()).param(f.h(0).id()).param(LocalDate.of(2024, 12, 1))
                .update();
        assertThat(verifier.verify(f.v()).problem()).contains("农户 " + f.h(0).id() + " 2024-12").contains("没有对应的记录");
    }

    @Test
    void theMigrationsBackfillGivesExactlyTheRowsThePostingsMade() throws Exception {
        LedgerFixture f = postEverything();
        Map<String, List<Long>> kept = stored(f.v());
        String migration = new ClassPathResource("db/migration/V40__ledger_period_totals.sql")
                .getContentAsString(StandardCharsets.UTF_8);
        List<String> backfill = Arrays.stream(migration.replaceAll("(?m)^--.*$", "").split(";"))
                .map(String::strip).filter(s -> s.startsWith("INSERT INTO ledger_period_total")).toList();
        assertThat(backfill).hasSize(3);
        // the backfill as the migration runs it, on this village alone (the others keep their rows)
        jdbc.sql("DELETE FROM ledger_period_total WHERE village_id = ?").param(f.v()).update();
        for (String s : backfill) {
            String one = s.replace("WHERE leg_no = 0", "WHERE village_id = " + f.v() + " AND leg_no = 0")
                    .replace("WHERE resident_id = 0", "WHERE village_id = " + f.v() + " AND resident_id = 0");
            assertThat(one).contains("village_id = " + f.v());
            jdbc.sql(one).update();
        }
        assertThat(stored(f.v())).isEqualTo(kept);
        assertThat(verifier.verify(f.v()).intact()).isTrue();
    }
}
