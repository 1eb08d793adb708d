package cn.jifen.stats.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The reporting read side. Other modules' data is read only through the reporting views they publish
 * (docs/architecture/reporting-views.md): ledger_posting_v, passbook_v, household_v, resident_v,
 * org_unit_v, claim_v, claim_event_v, claim_objection_v, claim_appeal_v, activity_v, activity_signup_v,
 * supermarket_v, product_v, stock_movement_v. It writes only its own tables (stats_month, stats_rollup_state).
 * <p>Why one class of about 550 lines: The module's whole read side over the published reporting views in one
 * place, so which view each figure reads (and what a change to a view breaks) is seen in one file; the statements
 * are independent and short.
 */
@Repository
public class StatsSql {
    private final JdbcClient jdbc;

    public StatsSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A scope no row can match, so an empty village list never produces "IN ()". */
    public static List<Long> safe(Collection<Long> ids) {
        return ids.isEmpty() ? List.of(-1L) : List.copyOf(ids);
    }

    public record Unit(long id, String code, String name, String level, Long parentId, String path) { }

    private static final String UNIT_COLUMNS = "id, code, name, level, parent_id, path";

    private static Unit unit(ResultSet rs) throws SQLException {
        return new Unit(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getString("level"),
                rs.getObject("parent_id", Long.class), rs.getString("path"));
    }

    public Optional<Unit> unit(String code) {
        return jdbc.sql("SELECT " + UNIT_COLUMNS + " FROM org_unit_v WHERE code = :c").param("c", code)
                .query((rs, i) -> unit(rs)).optional();
    }

    public Optional<Unit> unit(long id) {
        return jdbc.sql("SELECT " + UNIT_COLUMNS + " FROM org_unit_v WHERE id = :id").param("id", id)
                .query((rs, i) -> unit(rs)).optional();
    }

    /** The villages under (and including) a path. */
    public List<Unit> villagesUnder(String path) {
        return jdbc.sql("SELECT " + UNIT_COLUMNS + " FROM org_unit_v WHERE path LIKE :p AND level = 'VILLAGE' ORDER BY code")
                .param("p", path + "%").query((rs, i) -> unit(rs)).list();
    }

    public List<Unit> children(long parentId) {
        return jdbc.sql("SELECT " + UNIT_COLUMNS + " FROM org_unit_v WHERE parent_id = :p AND level IN ('TOWN', 'VILLAGE') "
                        + "ORDER BY code").param("p", parentId).query((rs, i) -> unit(rs)).list();
    }

    // ------------------------------------------------------------------ ledger (passbook legs)

    /** One household of a village in a period. */
    public record HouseholdLine(long householdId, String ref, String passbook, String head, long postings, long earned,
                         long deducted, long redeemed, long score, long balance) { }

    /** The head's name subquery names :v itself, as in {@link #streamHouseholds}, so Citus keeps it on one shard. */
    public List<HouseholdLine> households(long villageId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT h.id, h.household_ref, p.number,
                       (SELECT MIN(r.name) FROM resident_v r WHERE r.village_id = :v AND r.household_id = h.id
                          AND r.is_head) AS head,
                       COALESCE(x.n, 0) AS n, COALESCE(x.earned, 0) AS earned, COALESCE(x.deducted, 0) AS deducted,
                       COALESCE(x.redeemed, 0) AS redeemed, COALESCE(x.score, 0) AS score,
                       COALESCE(b.balance, 0) AS balance
                FROM household_v h
                LEFT JOIN passbook_v p ON p.village_id = h.village_id AND p.household_id = h.id
                LEFT JOIN (SELECT household_id, COUNT(*) AS n,
                                  SUM(CASE WHEN kind = 'EARN' THEN amount ELSE 0 END) AS earned,
                                  SUM(CASE WHEN kind = 'DEDUCT' THEN -score_delta ELSE 0 END) AS deducted,
                                  SUM(CASE WHEN kind = 'REDEEM' THEN -amount WHEN kind = 'CANCEL' THEN -amount ELSE 0 END)
                                      AS redeemed,
                                  SUM(score_delta) AS score
                           FROM ledger_posting_v WHERE village_id = :v AND posted_on >= :f AND posted_on <= :t
                           GROUP BY household_id) x ON x.household_id = h.id
                LEFT JOIN (SELECT household_id, SUM(amount) AS balance FROM ledger_posting_v
                           WHERE village_id = :v AND posted_on <= :t GROUP BY household_id) b
                       ON b.household_id = h.id
                WHERE h.village_id = :v
                ORDER BY COALESCE(x.score, 0) DESC, h.household_ref""")
                .param("v", villageId).param("f", from).param("t", to)
                .query((rs, i) -> new HouseholdLine(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getLong("n"), rs.getLong("earned"), rs.getLong("deducted"), rs.getLong("redeemed"),
                        rs.getLong("score"), rs.getLong("balance"))).list();
    }

    /** The households with the highest score in the period across the villages, with their balance at its end. */
    public List<HouseholdLine> top(Collection<Long> villages, LocalDate from, LocalDate to, int limit) {
        // Two steps so that each reads well on a Citus cluster (docs/citus.md): the ranking is one aggregate per
        // village shard; the few lines' names and balances are then read village by village (one shard each).
        // One query joining the ranked lines back to village tables is a join Citus cannot plan.
        record Ranked(long villageId, long householdId, long n, long score) { }
        List<Ranked> ranked = jdbc.sql("""
                SELECT village_id, household_id, COUNT(*) AS n, SUM(score_delta) AS score FROM ledger_posting_v
                WHERE village_id IN (:vs) AND posted_on >= :f AND posted_on <= :t
                GROUP BY village_id, household_id
                ORDER BY SUM(score_delta) DESC, village_id, household_id LIMIT :n""")
                .param("vs", safe(villages)).param("f", from).param("t", to).param("n", limit)
                .query((rs, i) -> new Ranked(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
        List<HouseholdLine> out = new ArrayList<>(ranked.size());
        for (Ranked r : ranked) {
            out.add(jdbc.sql("""
                    SELECT o.name AS village, p.number,
                           (SELECT MIN(x.name) FROM resident_v x WHERE x.village_id = :v AND x.household_id = :h
                              AND x.is_head) AS head,
                           (SELECT COALESCE(SUM(b.amount), 0) FROM ledger_posting_v b WHERE b.village_id = :v
                              AND b.household_id = :h AND b.posted_on <= :t) AS balance
                    FROM org_unit_v o
                    LEFT JOIN passbook_v p ON p.village_id = :v AND p.household_id = :h
                    WHERE o.id = :v""")
                    .param("v", r.villageId()).param("h", r.householdId()).param("t", to)
                    .query((rs, i) -> new HouseholdLine(r.householdId(), rs.getString("village"),
                            rs.getString("number"), rs.getString("head"), r.n(), 0, 0, 0, r.score(),
                            rs.getLong("balance"))).single());
        }
        return out;
    }

    public record VetoLine(long villageId, String village, long householdId, String passbook, LocalDate postedOn,
                    String label, String reason, boolean corrected) { }

    public List<VetoLine> vetoes(Collection<Long> villages, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT e.village_id, o.name, e.household_id, p.number, e.posted_on, e.item_label, e.reason,
                       (SELECT COUNT(*) FROM ledger_posting_v c WHERE c.village_id = e.village_id
                          AND c.reverses_posting_id = e.posting_id) AS corrected
                FROM ledger_posting_v e JOIN org_unit_v o ON o.id = e.village_id
                LEFT JOIN passbook_v p ON p.village_id = e.village_id AND p.household_id = e.household_id
                WHERE e.village_id IN (:vs) AND e.posted_on >= :f AND e.posted_on <= :t
                  AND e.kind = 'VETO'
                ORDER BY e.posted_on, e.village_id""")
                .param("vs", safe(villages)).param("f", from).param("t", to)
                .query((rs, i) -> new VetoLine(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getLong(8) > 0)).list();
    }

    // ------------------------------------------------------------------ facts: monthly sums, rolled up or raw

    /**
     * Sums of the passbook legs of one village, month, kind and item label, or of several such groups summed
     * (a coarser {@link Grain}): then {@code scoreUp} and {@code scoreDown} keep what the groups whose score rose
     * and those whose score fell added up (a breakdown by item shows them apart, as it does for one group).
     */
    public record Fact(long villageId, YearMonth month, String kind, String label, long count, long amount,
                long score, long deeds, long scoreUp, long scoreDown) {
        /** One group: its score counts as risen or fallen by its sign. */
        public static Fact of(long villageId, YearMonth month, String kind, String label, long count, long amount,
                              long score, long deeds) {
            return new Fact(villageId, month, kind, label, count, amount, score, deeds, Math.max(score, 0),
                    Math.max(-score, 0));
        }

        /** The key of one group: village, month, kind and item label. */
        public String group() {
            return villageId + "|" + month + "|" + kind + "|" + label;
        }

        /** This group less another of the same key (a month's total less the days a period leaves out). */
        public Fact minus(Fact o) {
            return of(villageId, month, kind, label, count - o.count, amount - o.amount, score - o.score, deeds - o.deeds);
        }
    }

    private static final String DEED = """
            CASE WHEN e.kind = 'EARN' AND (e.source_type IS NULL OR e.source_type <> 'policy')
                  AND NOT (e.source_type = 'claim' AND EXISTS (SELECT 1 FROM activity_signup_v s
                           WHERE s.village_id = e.village_id AND s.claim_id IS NOT NULL
                             AND CAST(s.claim_id AS VARCHAR(32)) = e.source_ref)) THEN 1 ELSE 0 END""";

    /** Raw facts from the ledger's postings for the days [from, to]. */
    public List<Fact> rawFacts(Collection<Long> villages, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT e.village_id, EXTRACT(YEAR FROM e.posted_on) AS y, EXTRACT(MONTH FROM e.posted_on) AS m, e.kind,
                       COALESCE(e.item_label, '') AS label, COUNT(*) AS n, COALESCE(SUM(e.amount), 0) AS amount,
                       COALESCE(SUM(e.score_delta), 0) AS score, COALESCE(SUM(""" + DEED + """
                ), 0) AS deeds
                FROM ledger_posting_v e
                WHERE e.village_id IN (:vs) AND e.posted_on >= :f AND e.posted_on <= :t
                GROUP BY e.village_id, EXTRACT(YEAR FROM e.posted_on), EXTRACT(MONTH FROM e.posted_on), e.kind,
                         COALESCE(e.item_label, '')""")
                .param("vs", safe(villages)).param("f", from).param("t", to)
                .query((rs, i) -> Fact.of(rs.getLong(1), YearMonth.of(rs.getInt(2), rs.getInt(3)),
                        rs.getString(4), rs.getString(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9)))
                .list();
    }

    /**
     * Which dimensions a reader of the facts keeps (kind always): the month totals are summed over the others in
     * the database, so a county's dashboard fetches a few rows per figure instead of every village, month, kind and
     * item label. A fact of a coarser grain carries village 0, the first month or the label '' in the dropped places.
     */
    public enum Grain {
        KIND(false, false, false), VILLAGE(true, false, false), MONTH(false, true, false), LABEL(false, false, true),
        ALL(true, true, true);

        final boolean village;
        final boolean month;
        final boolean label;

        Grain(boolean village, boolean month, boolean label) {
            this.village = village;
            this.month = month;
            this.label = label;
        }

        /** The key of a full-grain (village, month, label) fact in this grain, for the activity deeds below. */
        String key(long villageId, YearMonth m, String itemLabel) {
            return (village ? villageId : 0) + "|" + (month ? m : "") + "|" + (label ? itemLabel : "");
        }
    }

    /**
     * Facts of the whole months [fromMonth, toMonth] (first days) from the ledger's month totals of each village,
     * kind and item label (ledger_period_total_v, kept with every posting), summed in the database to the grain
     * asked: the same sums as {@link #rawFacts} without reading the postings. Good deeds are the EARN postings not
     * made by the points policy (earn_not_policy) less those of claims from an activity sign-up, found from the
     * sign-ups' side. Each village row of the totals is one group (village, month, kind and item label).
     */
    public List<Fact> totalFacts(Collection<Long> villages, LocalDate fromMonth, LocalDate toMonth, Grain grain) {
        Map<String, Long> activityDeeds = activityDeeds(villages, fromMonth, toMonth.plusMonths(1).minusDays(1), grain);
        String dims = (grain.village ? "village_id, " : "") + (grain.month ? "month_start, " : "") + "kind"
                + (grain.label ? ", item_label" : "");
        YearMonth first = YearMonth.from(fromMonth);
        return jdbc.sql("SELECT " + dims + """
                , SUM(postings), SUM(amount), SUM(score), SUM(earn_not_policy),
                  SUM(CASE WHEN score > 0 THEN score ELSE 0 END), SUM(CASE WHEN score < 0 THEN -score ELSE 0 END)
                FROM ledger_period_total_v
                WHERE village_id IN (:vs) AND household_id = 0 AND resident_id = 0
                  AND month_start >= :f AND month_start <= :t
                GROUP BY\s""" + dims)
                .param("vs", safe(villages)).param("f", fromMonth).param("t", toMonth)
                .query((rs, i) -> {
                    int c = 1;
                    long village = grain.village ? rs.getLong(c++) : 0;
                    YearMonth month = grain.month ? YearMonth.from(rs.getObject(c++, LocalDate.class)) : first;
                    String kind = rs.getString(c++);
                    String label = grain.label ? rs.getString(c++) : "";
                    Long fromActivities = "EARN".equals(kind) ? activityDeeds.get(grain.key(village, month, label)) : null;
                    return new Fact(village, month, kind, label, rs.getLong(c), rs.getLong(c + 1), rs.getLong(c + 2),
                            rs.getLong(c + 3) - (fromActivities == null ? 0 : fromActivities), rs.getLong(c + 4),
                            rs.getLong(c + 5));
                })
                .list();
    }

    /** EARN postings of activity sign-ups' claims posted in [from, to], counted once each, by the grain's key. */
    private Map<String, Long> activityDeeds(Collection<Long> villages, LocalDate from, LocalDate to, Grain grain) {
        Map<String, Long> activityDeeds = new HashMap<>();
        Set<Object> seen = new HashSet<>();
        jdbc.sql("""
                SELECT e.village_id, e.posted_on, COALESCE(e.item_label, '') AS label, e.posting_id
                FROM activity_signup_v s
                JOIN claim_v c ON c.village_id = s.village_id AND c.id = s.claim_id
                JOIN ledger_posting_v e ON e.village_id = c.village_id AND e.posting_id = c.posting_id
                WHERE s.village_id IN (:vs) AND s.claim_id IS NOT NULL AND e.kind = 'EARN' AND e.source_type = 'claim'
                  AND e.source_ref = CAST(s.claim_id AS VARCHAR(32)) AND e.posted_on >= :f AND e.posted_on <= :t""")
                .param("vs", safe(villages)).param("f", from).param("t", to)
                .query(rs -> {
                    if (!seen.add(rs.getObject(4))) {
                        return;   // one posting counts once, however many sign-ups name its claim
                    }
                    activityDeeds.merge(grain.key(rs.getLong(1), YearMonth.from(rs.getObject(2, LocalDate.class)),
                            rs.getString(3)), 1L, Long::sum);
                });
        return activityDeeds;
    }

    /**
     * Whether any passbook leg of the villages is dated in [from, to]: one probe of the ledger's (village_id,
     * posted_on, …) index per village, stopping at the first leg found.
     */
    public boolean anyPosting(Collection<Long> villages, LocalDate from, LocalDate to) {
        return !jdbc.sql("""
                SELECT 1 FROM ledger_posting_v WHERE village_id IN (:vs) AND posted_on >= :f AND posted_on <= :t
                FETCH FIRST 1 ROWS ONLY""")
                .param("vs", safe(villages)).param("f", from).param("t", to).query(Integer.class).list().isEmpty();
    }

    /** Rolled-up facts of the whole months [fromMonth, toMonth] (first days). */
    public List<Fact> rolledFacts(Collection<Long> villages, LocalDate fromMonth, LocalDate toMonth) {
        return jdbc.sql("""
                SELECT village_id, month_start, kind, item_label, postings, amount, score, deeds FROM stats_month
                WHERE village_id IN (:vs) AND month_start >= :f AND month_start <= :t""")
                .param("vs", safe(villages)).param("f", fromMonth).param("t", toMonth)
                .query((rs, i) -> Fact.of(rs.getLong(1), YearMonth.from(rs.getObject(2, LocalDate.class)),
                        rs.getString(3), rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .list();
    }

    public List<Long> allVillageIds() {
        return jdbc.sql("SELECT id FROM org_unit_v WHERE level = 'VILLAGE'").query(Long.class).list();
    }

    public Optional<LocalDate> rolledThrough() {
        return jdbc.sql("SELECT rolled_through FROM stats_rollup_state WHERE id = 1").query(LocalDate.class).optional();
    }

    /** Locks the rollup state row (creating it), so one instance rolls up at a time; returns its watermark. */
    public LocalDate lockRollup(OffsetDateTime now) {
        if (jdbc.sql("SELECT COUNT(*) FROM stats_rollup_state WHERE id = 1").query(Long.class).single() == 0) {
            try {
                jdbc.sql("INSERT INTO stats_rollup_state (id, rolled_through, updated_at) VALUES (1, NULL, :t)").param("t", now)
                        .update();
            } catch (DuplicateKeyException e) {
                // another instance made it
            }
        }
        return jdbc.sql("SELECT rolled_through FROM stats_rollup_state WHERE id = 1 FOR UPDATE").query(LocalDate.class)
                .optional().orElse(null);
    }

    public void setRolledThrough(LocalDate through, OffsetDateTime now) {
        jdbc.sql("UPDATE stats_rollup_state SET rolled_through = :d, updated_at = :t WHERE id = 1").param("d", through)
                .param("t", now).update();
    }

    /** Adds one whole month of every village to stats_month, from the raw legs. */
    public int rollMonth(LocalDate month) {
        return jdbc.sql("""
                INSERT INTO stats_month (village_id, month_start, kind, item_label, postings, amount, score, deeds)
                SELECT e.village_id, :m, e.kind, COALESCE(e.item_label, ''), COUNT(*), COALESCE(SUM(e.amount), 0),
                       COALESCE(SUM(e.score_delta), 0), COALESCE(SUM(""" + DEED + """
                ), 0)
                FROM ledger_posting_v e
                WHERE e.village_id IN (SELECT id FROM org_unit_v WHERE level = 'VILLAGE')
                  AND e.posted_on >= :m AND e.posted_on <= :end
                GROUP BY e.village_id, e.kind, COALESCE(e.item_label, '')""")
                .param("m", month).param("end", month.plusMonths(1).minusDays(1)).update();
    }

    public Optional<LocalDate> firstPostingDay() {
        return jdbc.sql("""
                SELECT MIN(posted_on) FROM ledger_posting_v
                WHERE village_id IN (SELECT id FROM org_unit_v WHERE level = 'VILLAGE')""")
                .query(LocalDate.class).optional();
    }

    public void clearRollup() {
        jdbc.sql("DELETE FROM stats_month").update();
        jdbc.sql("DELETE FROM stats_rollup_state").update();
    }

    // ------------------------------------------------------------------ records

    /** Passbooks issued on or before a day, per village. */
    public Map<Long, Long> passbooks(Collection<Long> villages, LocalDate from, LocalDate to, boolean onlyInPeriod) {
        Map<Long, Long> m = new HashMap<>();
        jdbc.sql("SELECT village_id, COUNT(*) FROM passbook_v WHERE village_id IN (:vs) AND issued_on <= :t"
                        + (onlyInPeriod ? " AND issued_on >= :f" : "") + " GROUP BY village_id")
                .param("vs", safe(villages)).param("t", to).param("f", from)
                .query(rs -> { m.put(rs.getLong(1), rs.getLong(2)); });
        return m;
    }

    /** Passbooks by the end, passbooks in the period, households, residents and party members registered by the end. */
    public long[] coverage(Collection<Long> villages, LocalDate from, LocalDate to, OffsetDateTime end) {
        // one pass over the passbooks and one over the residents for two counts each (a county has 10^5 of each);
        // the passbooks of active households are all passbooks less those of the few households no longer active
        // (one passbook per household), so no hash join of every passbook with every household. Every count is
        // an index-only scan of the directory's count indexes (V52); "not ACTIVE" is written as the two ranges
        // around it so that the households no longer active are read from their short range of the household index.
        return jdbc.sql("""
                SELECT pb.n, COALESCE(pb.in_period, 0), hh.n, pb.n - gone.n, rs.n, COALESCE(rs.party, 0)
                FROM (SELECT COUNT(*) AS n, SUM(CASE WHEN issued_on >= :f THEN 1 ELSE 0 END) AS in_period FROM passbook_v
                      WHERE village_id IN (:vs) AND issued_on <= :t) pb,
                     (SELECT COUNT(*) AS n FROM household_v WHERE village_id IN (:vs) AND created_at < :e) hh,
                     (SELECT COUNT(*) AS n FROM passbook_v p JOIN household_v h ON h.village_id = p.village_id AND h.id = p.household_id
                      WHERE p.village_id IN (:vs) AND p.issued_on <= :t AND (h.status < 'ACTIVE' OR h.status > 'ACTIVE')) gone,
                     (SELECT COUNT(*) AS n, SUM(CASE WHEN party_member = TRUE THEN 1 ELSE 0 END) AS party FROM resident_v
                      WHERE village_id IN (:vs) AND created_at < :e) rs""")
                .param("vs", safe(villages)).param("f", from).param("t", to).param("e", end)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)})
                .single();
    }

    /** Households registered by the end, per village. */
    public Map<Long, Long> householdsByVillage(Collection<Long> villages, OffsetDateTime end) {
        Map<Long, Long> m = new HashMap<>();
        jdbc.sql("SELECT village_id, COUNT(*) FROM household_v WHERE village_id IN (:vs) AND created_at < :e GROUP BY village_id")
                .param("vs", safe(villages)).param("e", end).query(rs -> { m.put(rs.getLong(1), rs.getLong(2)); });
        return m;
    }

    public long supermarkets(Collection<Long> villages, OffsetDateTime end) {
        return jdbc.sql("SELECT COUNT(*) FROM supermarket_v WHERE village_id IN (:vs) AND active = TRUE AND created_at < :e")
                .param("vs", safe(villages)).param("e", end).query(Long.class).single();
    }

    public long attendances(Collection<Long> villages, OffsetDateTime start, OffsetDateTime end) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM activity_signup_v s JOIN activity_v a ON a.village_id = s.village_id AND a.id = s.activity_id
                WHERE s.village_id IN (:vs) AND s.checked_in_at IS NOT NULL AND a.starts_at >= :s AND a.starts_at < :e""")
                .param("vs", safe(villages)).param("s", start).param("e", end).query(Long.class).single();
    }

    public long claimsRecorded(Collection<Long> villages, OffsetDateTime start, OffsetDateTime end) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_v WHERE village_id IN (:vs) AND recorded_at >= :s AND recorded_at < :e")
                .param("vs", safe(villages)).param("s", start).param("e", end).query(Long.class).single();
    }

    /** Claim events in the period: action → to_status → count. */
    public Map<String, Long> claimEvents(Collection<Long> villages, OffsetDateTime start, OffsetDateTime end) {
        Map<String, Long> m = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT action, to_status, COUNT(*) FROM claim_event_v
                WHERE village_id IN (:vs) AND at >= :s AND at < :e GROUP BY action, to_status""")
                .param("vs", safe(villages)).param("s", start).param("e", end)
                .query(rs -> { m.merge(rs.getString(1) + ">" + rs.getString(2), rs.getLong(3), Long::sum); });
        return m;
    }

    public long objections(Collection<Long> villages, OffsetDateTime start, OffsetDateTime end) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_objection_v WHERE village_id IN (:vs) AND raised_at >= :s AND raised_at < :e")
                .param("vs", safe(villages)).param("s", start).param("e", end).query(Long.class).single();
    }

    public long appeals(Collection<Long> villages, OffsetDateTime start, OffsetDateTime end) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_appeal_v WHERE village_id IN (:vs) AND raised_at >= :s AND raised_at < :e")
                .param("vs", safe(villages)).param("s", start).param("e", end).query(Long.class).single();
    }

    /** Seconds from recording to posting of each claim posted in the period. */
    public List<Long> secondsToPost(Collection<Long> villages, OffsetDateTime start, OffsetDateTime end) {
        List<Long> out = new ArrayList<>();
        jdbc.sql("""
                SELECT recorded_at, posted_at FROM claim_v
                WHERE village_id IN (:vs) AND posted_at IS NOT NULL AND posted_at >= :s AND posted_at < :e""")
                .param("vs", safe(villages)).param("s", start).param("e", end)
                .query(rs -> {
                    OffsetDateTime r = rs.getObject(1, OffsetDateTime.class);
                    OffsetDateTime p = rs.getObject(2, OffsetDateTime.class);
                    out.add(Duration.between(r, p).getSeconds());
                });
        return out;
    }

    // ------------------------------------------------------------------ metrics (whole installation)

    public Map<String, Long> claimsByStatus() {
        Map<String, Long> m = new LinkedHashMap<>();
        jdbc.sql("SELECT status, COUNT(*) FROM claim_v GROUP BY status").query(rs -> { m.put(rs.getString(1), rs.getLong(2)); });
        return m;
    }

    /** Postings of one day by kind, read village by village through the (village_id, posted_on, …) index. */
    public Map<String, Long> postingsOn(LocalDate day) {
        Map<String, Long> m = new LinkedHashMap<>();
        jdbc.sql("""
                SELECT kind, COUNT(*) FROM ledger_posting_v
                WHERE village_id IN (SELECT id FROM org_unit_v WHERE level = 'VILLAGE') AND posted_on = :d
                GROUP BY kind""").param("d", day).query(rs -> { m.put(rs.getString(1), rs.getLong(2)); });
        return m;
    }

    public long passbookCount() {
        return jdbc.sql("SELECT COUNT(*) FROM passbook_v").query(Long.class).single();
    }

    // ------------------------------------------------------------------ streamed exports (row by row, fetch size)

    public static final int FETCH = 1000;

    public interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    /** The passbook legs of one village in [from, to], oldest first, handed over one row at a time. */
    public void streamLedger(long villageId, LocalDate from, LocalDate to, RowHandler h) {
        jdbc.sql("""
                SELECT e.posted_on, e.created_at, p.number, e.kind, e.item_label, e.amount, e.score_delta, e.balance_after,
                       e.actor_name, e.reason, e.posting_id, e.reverses_posting_id, e.source_type, e.source_ref
                FROM ledger_posting_v e
                LEFT JOIN passbook_v p ON p.village_id = e.village_id AND p.household_id = e.household_id
                WHERE e.village_id = :v AND e.posted_on >= :f AND e.posted_on <= :t
                ORDER BY e.posted_on, e.created_at, e.id""")
                .withFetchSize(FETCH).param("v", villageId).param("f", from).param("t", to)
                .query(rs -> { h.row(rs); });
    }

    public void streamClaims(long villageId, OffsetDateTime start, OffsetDateTime end, RowHandler h) {
        jdbc.sql("""
                SELECT c.id, c.recorded_at, p.number, c.item_code, c.points, c.occurred_on, c.status, c.self_declared,
                       c.recorded_by_name, c.decided_by_name, c.decided_at, c.decision_reason, c.posted_at, c.note
                FROM claim_v c
                LEFT JOIN passbook_v p ON p.village_id = c.village_id AND p.household_id = c.household_id
                WHERE c.village_id = :v AND c.recorded_at >= :s AND c.recorded_at < :e
                ORDER BY c.recorded_at, c.id""")
                .withFetchSize(FETCH).param("v", villageId).param("s", start).param("e", end)
                .query(rs -> { h.row(rs); });
    }

    /** The stock ledger (库存台账) of the supermarkets of one village, movements dated in [from, to]. */
    public void streamStock(long villageId, LocalDate from, LocalDate to, RowHandler h) {
        jdbc.sql("""
                SELECT s.name, m.occurred_on, p.name, p.unit, m.kind, m.quantity, m.status, m.stock_after, m.cost_cents,
                       m.supplier, m.donor, m.reason, m.redemption_id, m.created_by, m.created_at, m.decided_by
                FROM stock_movement_v m
                JOIN product_v p ON p.village_id = m.village_id AND p.id = m.product_id
                JOIN supermarket_v s ON s.village_id = m.village_id AND s.id = m.supermarket_id
                WHERE m.village_id = :v AND m.occurred_on >= :f AND m.occurred_on <= :t
                ORDER BY m.supermarket_id, m.occurred_on, m.id""")
                .withFetchSize(FETCH).param("v", villageId).param("f", from).param("t", to)
                .query(rs -> { h.row(rs); });
    }

    /**
     * One village's households for the export. The subqueries name :v rather than h.village_id: Citus does not narrow
     * a select-list subquery by the outer row's village and would send each to every shard (docs/citus.md).
     */
    public void streamHouseholds(long villageId, LocalDate from, LocalDate to, RowHandler h) {
        jdbc.sql("""
                SELECT h.household_ref, p.number,
                       (SELECT MIN(r.name) FROM resident_v r WHERE r.village_id = :v AND r.household_id = h.id
                          AND r.is_head) AS head,
                       h.address, h.status, h.low_income,
                       (SELECT COUNT(*) FROM resident_v r WHERE r.village_id = :v AND r.household_id = h.id) AS members,
                       (SELECT COUNT(*) FROM resident_v r WHERE r.village_id = :v AND r.household_id = h.id
                          AND r.party_member = TRUE) AS party,
                       (SELECT COALESCE(SUM(e.score_delta), 0) FROM ledger_posting_v e WHERE e.village_id = :v
                          AND e.household_id = h.id AND e.posted_on >= :f AND e.posted_on <= :t) AS score,
                       (SELECT COALESCE(SUM(e.amount), 0) FROM ledger_posting_v e WHERE e.village_id = :v
                          AND e.household_id = h.id AND e.posted_on <= :t) AS balance
                FROM household_v h
                LEFT JOIN passbook_v p ON p.village_id = h.village_id AND p.household_id = h.id
                WHERE h.village_id = :v
                ORDER BY h.household_ref""")
                .withFetchSize(FETCH).param("v", villageId).param("f", from).param("t", to)
                .query(rs -> { h.row(rs); });
    }
}
