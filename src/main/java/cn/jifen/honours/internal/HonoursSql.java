package cn.jifen.honours.internal;

import cn.jifen.honours.Award;
import cn.jifen.honours.CertificateFacts;
import cn.jifen.honours.CertificatePurpose;
import cn.jifen.honours.Honour;
import cn.jifen.honours.HonourRecord;
import cn.jifen.honours.Honours;
import cn.jifen.honours.RankLine;
import cn.jifen.honours.Rankings;
import cn.jifen.honours.ReferenceCertificate;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import cn.jifen.ledger.MonthSpan;
import cn.jifen.ledger.TotalsReading;
import cn.jifen.shared.Period;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * All SQL of the honours module. Other modules' data is read only through their reporting views
 * (docs/architecture/reporting-views.md). Rankings of all categories read the ledger's month totals
 * (ledger_period_total_v) for whole months and the postings (ledger_posting_v, answered from the ledger's covering
 * index on village_id, posted_on, leg_no, household_id, score_delta) for the days around them, and the veto
 * markers (ledger_veto_v); a category ranking reads the postings and finds each posting's category through claim_v → rule_item_v (a
 * reversal through the posting it reverses). Accounts are looked up through the identity module's API.
 * <p>Why one class of about 590 lines: All SQL of the honours module's tables and its reads of the reporting
 * views; the ranking queries (month totals plus edge days, vetoes, categories) are most of it and belong together.
 */
@Repository
public class HonoursSql {
    private final JdbcClient jdbc;
    private final TotalsReading totalsReading;

    public HonoursSql(JdbcClient jdbc, TotalsReading totalsReading) {
        this.jdbc = jdbc;
        this.totalsReading = totalsReading;
    }

    // ------------------------------------------------------------------ rankings

    /** Villages under an org path (the unit itself if it is a village). */
    public List<Long> villagesUnder(String path) {
        return jdbc.sql("SELECT id FROM org_unit_v WHERE level = 'VILLAGE' AND path LIKE :p ORDER BY id")
                .param("p", path + "%").query(Long.class).list();
    }

    private static String householdScores(boolean byCategory) {
        return byCategory ? """
                SELECT e.village_id, e.household_id, SUM(e.score_delta) AS score FROM ledger_posting_v e
                JOIN claim_v c ON c.village_id = e.village_id AND c.posting_id = COALESCE(e.reverses_posting_id, e.posting_id)
                JOIN rule_item_v i ON i.id = c.item_id
                WHERE e.village_id IN (:villages) AND e.posted_on BETWEEN :f AND :t AND i.category_id = :cat
                GROUP BY e.village_id, e.household_id""" : """
                SELECT e.village_id, e.household_id, SUM(e.score_delta) AS score FROM ledger_posting_v e
                WHERE e.village_id IN (:villages) AND e.posted_on BETWEEN :f AND :t
                GROUP BY e.village_id, e.household_id""";
    }

    private static String residentScores(boolean byCategory) {
        return byCategory ? """
                SELECT e.village_id, e.resident_id, SUM(e.score_delta) AS score FROM ledger_posting_v e
                JOIN claim_v c ON c.village_id = e.village_id AND c.posting_id = COALESCE(e.reverses_posting_id, e.posting_id)
                JOIN rule_item_v i ON i.id = c.item_id
                WHERE e.village_id IN (:villages) AND e.posted_on BETWEEN :f AND :t
                  AND e.resident_id IS NOT NULL AND i.category_id = :cat
                GROUP BY e.village_id, e.resident_id""" : """
                SELECT e.village_id, e.resident_id, SUM(e.score_delta) AS score FROM ledger_posting_v e
                WHERE e.village_id IN (:villages) AND e.posted_on BETWEEN :f AND :t
                  AND e.resident_id IS NOT NULL
                GROUP BY e.village_id, e.resident_id""";
    }

    /** Every active household under the grid path prefix, with its score; rank is filled in later. */
    public List<RankLine> householdLines(List<Long> villages, String gridPathPrefix, LocalDate from, LocalDate to,
                                  Long categoryId) {
        if (villages.isEmpty()) {
            return List.of();
        }
        Map<String, Long> scores = categoryId == null && totalsReading.used()
                ? fromTotals(false, villages, from, to) : scores(householdScores(categoryId != null), villages, from, to, categoryId);
        return households(villages, gridPathPrefix, from, to, scores, null).stream().sorted(BY_SCORE).toList();
    }

    /**
     * The lines of the household ranking (all categories) ranked 1 to n that are eligible and score above zero —
     * exactly those of {@link #householdLines} and competition ranking — reading the names, passbooks and veto
     * markers only of the highest-scoring households, a few dozen at a time, instead of every household.
     */
    public List<RankLine> topHouseholds(List<Long> villages, String gridPathPrefix, LocalDate from, LocalDate to, int n) {
        if (villages.isEmpty() || n <= 0) {
            return List.of();
        }
        Map<String, Long> scores = totalsReading.used()
                ? fromTotals(false, villages, from, to) : scores(householdScores(false), villages, from, to, null);
        List<long[]> candidates = new ArrayList<>();   // village, household, score: positive scores, ranking order
        scores.forEach((k, v) -> {
            if (v > 0) {
                int colon = k.indexOf(':');
                candidates.add(new long[] {Long.parseLong(k.substring(0, colon)), Long.parseLong(k.substring(colon + 1)), v});
            }
        });
        candidates.sort(Comparator.comparingLong((long[] c) -> -c[2]).thenComparingLong(c -> c[0]).thenComparingLong(c -> c[1]));
        List<RankLine> out = new ArrayList<>();
        int eligible = 0;
        int rank = 0;
        long previous = Long.MIN_VALUE;
        for (int at = 0; at < candidates.size(); at += TOP_BATCH) {
            List<long[]> batch = candidates.subList(at, Math.min(candidates.size(), at + TOP_BATCH));
            Map<String, RankLine> found = new HashMap<>();
            households(villages, gridPathPrefix, from, to, scores, batch.stream().map(c -> c[1]).toList())
                    .forEach(l -> found.put(key(l.villageId(), l.householdId()), l));
            for (long[] c : batch) {
                RankLine l = found.get(key(c[0], c[1]));
                if (l == null || l.ineligible()) {
                    continue;   // not active, outside the grid, or vetoed: not ranked
                }
                eligible++;
                if (l.score() != previous) {
                    rank = eligible;
                    previous = l.score();
                }
                if (rank > n) {
                    return out;
                }
                out.add(new RankLine(rank, l.villageId(), l.householdId(), null, l.name(), l.passbookNumber(),
                        l.villageName(), l.gridName(), null, l.score(), false));
            }
        }
        return out;
    }

    private static final int TOP_BATCH = 50;

    /** Active households under the grid path prefix (only those of {@code ids} if given), with the scores given. */
    private List<RankLine> households(List<Long> villages, String gridPathPrefix, LocalDate from, LocalDate to,
                                      Map<String, Long> scores, List<Long> ids) {
        return jdbc.sql("""
                SELECT h.village_id, h.id, p.number, v.name AS village_name, g.name AS grid_name, hn.head_name,
                       COALESCE(vt.vetoes, 0) AS vetoes
                FROM household_v h
                JOIN org_unit_v g ON g.id = h.grid_id
                JOIN org_unit_v v ON v.id = h.village_id
                LEFT JOIN passbook_v p ON p.village_id = h.village_id AND p.household_id = h.id
                LEFT JOIN (SELECT r.village_id, r.household_id, MIN(r.name) AS head_name FROM resident_v r
                           WHERE r.village_id IN (:villages) AND r.is_head = TRUE""" + (ids == null ? "" : " AND r.household_id IN (:ids)") + """

                           GROUP BY r.village_id, r.household_id) hn ON hn.village_id = h.village_id AND hn.household_id = h.id
                LEFT JOIN (SELECT x.village_id, x.household_id, COUNT(*) AS vetoes FROM ledger_veto_v x
                           WHERE x.village_id IN (:villages) AND x.veto_year BETWEEN :y1 AND :y2
                             AND NOT EXISTS (SELECT 1 FROM ledger_posting_v c WHERE c.village_id = x.village_id
                                             AND c.reverses_posting_id = x.posting_id)
                           GROUP BY x.village_id, x.household_id) vt ON vt.village_id = h.village_id AND vt.household_id = h.id
                WHERE h.village_id IN (:villages) AND g.path LIKE :gp AND h.status = 'ACTIVE'""" + (ids == null ? "" : " AND h.id IN (:ids)"))
                .param("villages", villages).param("y1", from.getYear()).param("y2", to.getYear())
                .param("gp", gridPathPrefix + "%").param("ids", ids == null ? List.of(-1L) : ids)
                .query((rs, i) -> new RankLine(null, rs.getLong("village_id"), rs.getLong("id"), null,
                        nz(rs.getString("head_name")), rs.getString("number"), rs.getString("village_name"),
                        rs.getString("grid_name"), null,
                        scores.getOrDefault(key(rs.getLong("village_id"), rs.getLong("id")), 0L), rs.getLong("vetoes") > 0))
                .list();
    }

    // The scores are summed once and joined here rather than as a derived table in the SQL: H2 evaluates a
    // LEFT JOIN (SELECT … GROUP BY) per outer row, which took minutes for a county with 20,000 postings.
    private static final Comparator<RankLine> BY_SCORE = Comparator
            .comparingLong(RankLine::score).reversed()
            .thenComparingLong(RankLine::villageId)
            .thenComparing(l -> l.residentId() != null ? l.residentId() : l.householdId());

    private static String key(long villageId, long id) {
        return villageId + ":" + id;
    }

    private Map<String, Long> scores(String sql, List<Long> villages, LocalDate from, LocalDate to,
                                               Long categoryId) {
        Map<String, Long> m = new HashMap<>();
        var spec = jdbc.sql(sql).param("villages", villages).param("f", from).param("t", to);
        if (categoryId != null) {
            spec = spec.param("cat", categoryId);
        }
        spec.query(rs -> {
            m.put(key(rs.getLong(1), rs.getLong(2)), rs.getLong(3));
        });
        return m;
    }

    /**
     * Scores of all categories from the ledger's month totals (ledger_period_total_v: a few rows per household
     * and month instead of every posting), the days of a period that are not whole months from the postings.
     */
    private Map<String, Long> fromTotals(boolean residents, List<Long> villages, LocalDate from, LocalDate to) {
        MonthSpan span = MonthSpan.of(new Period(from, to));
        Map<String, Long> m = new HashMap<>();
        if (span.hasMonths()) {
            jdbc.sql(residents ? """
                    SELECT village_id, resident_id, SUM(score) FROM ledger_period_total_v
                    WHERE village_id IN (:villages) AND resident_id > 0 AND month_start BETWEEN :f AND :t
                    GROUP BY village_id, resident_id""" : """
                    SELECT village_id, household_id, SUM(score) FROM ledger_period_total_v
                    WHERE village_id IN (:villages) AND resident_id = 0 AND month_start BETWEEN :f AND :t
                      AND household_id > 0
                    GROUP BY village_id, household_id""")
                    .param("villages", villages).param("f", span.firstMonth()).param("t", span.lastMonth())
                    .query(rs -> {
                        m.merge(key(rs.getLong(1), rs.getLong(2)), rs.getLong(3), Long::sum);
                    });
        }
        for (Period edge : span.edges()) {
            scores(residents ? residentScores(false) : householdScores(false), villages, edge.from(), edge.to(), null)
                    .forEach((k, v) -> m.merge(k, v, Long::sum));
        }
        return m;
    }

    /**
     * Every active resident (or party member) under the grid path prefix, with their own score. The veto subquery
     * repeats {@code IN (:villages)}: tied to the outer row alone, Citus would run it on every shard (docs/citus.md).
     */
    public List<RankLine> residentLines(List<Long> villages, String gridPathPrefix, LocalDate from, LocalDate to,
                                 Long categoryId, boolean partyOnly) {
        if (villages.isEmpty()) {
            return List.of();
        }
        Map<String, Long> scores = categoryId == null && totalsReading.used()
                ? fromTotals(true, villages, from, to) : scores(residentScores(categoryId != null), villages, from, to, categoryId);
        return jdbc.sql("""
                SELECT r.village_id, r.household_id, r.id, r.name, r.party_branch, p.number, v.name AS village_name,
                       g.name AS grid_name,
                       (SELECT COUNT(*) FROM ledger_veto_v x WHERE x.village_id = r.village_id AND x.village_id IN (:villages)
                          AND x.household_id = r.household_id
                          AND (x.resident_id IS NULL OR x.resident_id = r.id) AND x.veto_year BETWEEN :y1 AND :y2
                          AND NOT EXISTS (SELECT 1 FROM ledger_posting_v c WHERE c.village_id = x.village_id
                                          AND c.reverses_posting_id = x.posting_id)) AS vetoes
                FROM resident_v r
                JOIN household_v h ON h.village_id = r.village_id AND h.id = r.household_id
                JOIN org_unit_v g ON g.id = h.grid_id
                JOIN org_unit_v v ON v.id = h.village_id
                LEFT JOIN passbook_v p ON p.village_id = h.village_id AND p.household_id = h.id
                WHERE r.village_id IN (:villages) AND g.path LIKE :gp AND h.status = 'ACTIVE' AND r.status = 'ACTIVE'
                """ + (partyOnly ? " AND r.party_member = TRUE " : " "))
                .param("villages", villages)
                .param("y1", from.getYear()).param("y2", to.getYear()).param("gp", gridPathPrefix + "%")
                .query((rs, i) -> new RankLine(null, rs.getLong("village_id"), rs.getLong("household_id"),
                        rs.getLong("id"), rs.getString("name"), rs.getString("number"), rs.getString("village_name"),
                        rs.getString("grid_name"), rs.getString("party_branch"),
                        scores.getOrDefault(key(rs.getLong("village_id"), rs.getLong("id")), 0L),
                        rs.getLong("vetoes") > 0))
                .list().stream().sorted(BY_SCORE).toList();
    }

    public Optional<Long> categoryIdByCode(String code) {
        return jdbc.sql("SELECT id FROM rule_category_v WHERE code = :c").param("c", code).query(Long.class).optional();
    }

    public Optional<String> categoryName(long id) {
        return jdbc.sql("SELECT name FROM rule_category_v WHERE id = :id").param("id", id).query(String.class).optional();
    }

    public Optional<Long> categoryIdByName(String name) {
        return jdbc.sql("SELECT MIN(id) FROM rule_category_v WHERE name = :n").param("n", name).query(Long.class)
                .optional();
    }

    // ------------------------------------------------------------------ honours

    public static HonourRecord record(ResultSet rs, int i) throws SQLException {
        return new HonourRecord(rs.getLong("village_id"), rs.getString("kind"), rs.getString("period_label"),
                rs.getLong("household_id"), rs.getObject("resident_id", Long.class), rs.getString("holder_name"),
                rs.getObject("awarded_on", LocalDate.class));
    }

    public List<HonourRecord> awarded(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT village_id, kind, period_label, household_id, resident_id, holder_name, awarded_on FROM honour
                WHERE village_id IN (:v) AND awarded_on BETWEEN :f AND :t ORDER BY awarded_on, village_id, id""")
                .param("v", List.copyOf(villageIds)).param("f", from).param("t", to)
                .query(HonoursSql::record).list();
    }

    /** Honours of one village, newest first. */
    public List<Honour> honours(long villageId, String kind, int limit) {
        return jdbc.sql("SELECT * FROM honour WHERE village_id = :v" + (kind == null ? "" : " AND kind = :k")
                        + " ORDER BY period_from DESC, id DESC LIMIT " + limit)
                .param("v", villageId).param("k", kind).query(HonoursSql::honour).list();
    }

    public List<Honour> honoursOfHousehold(long villageId, long householdId) {
        return jdbc.sql("SELECT * FROM honour WHERE village_id = :v AND household_id = :h ORDER BY period_from DESC, id DESC")
                .param("v", villageId).param("h", householdId).query(HonoursSql::honour).list();
    }

    public Optional<Honour> honour(long villageId, String kind, String periodLabel, String holderKey) {
        return jdbc.sql("SELECT * FROM honour WHERE village_id = :v AND kind = :k AND period_label = :p AND holder_key = :hk")
                .param("v", villageId).param("k", kind).param("p", periodLabel).param("hk", holderKey)
                .query(HonoursSql::honour).optional();
    }

    /** By the public code: its village first (certificate_code, V47), then that village's honour — one shard on Citus. */
    public Optional<Honour> honourByCode(String code) {
        Optional<Long> village = jdbc.sql("SELECT village_id FROM certificate_code WHERE code = :c").param("c", code)
                .query(Long.class).optional();
        return village.flatMap(v -> jdbc.sql("SELECT * FROM honour WHERE village_id = :v AND verify_code = :c")
                .param("v", v).param("c", code).query(HonoursSql::honour).optional());
    }

    public static Honour honour(ResultSet rs, int i) throws SQLException {
        return new Honour(rs.getLong("village_id"), rs.getLong("id"), rs.getString("kind"), rs.getString("period_label"),
                rs.getObject("period_from", LocalDate.class), rs.getObject("period_to", LocalDate.class),
                rs.getLong("household_id"), rs.getObject("resident_id", Long.class), rs.getString("holder_name"),
                rs.getLong("score"), rs.getObject("stars", Integer.class), rs.getObject("award_id", Long.class),
                rs.getObject("proposed_household_id", Long.class), rs.getString("override_reason"),
                rs.getString("serial"), rs.getString("verify_code"), rs.getObject("awarded_on", LocalDate.class),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class));
    }

    public long insertHonour(Honour h, String holderKey) {
        long inserted = jdbc.sql("""
                INSERT INTO honour (village_id, kind, period_label, period_from, period_to, holder_key, household_id,
                    resident_id, holder_name, score, stars, award_id, proposed_household_id, override_reason, serial,
                    verify_code, awarded_on, decided_by, decided_at)
                VALUES (:v, :kind, :label, :pf, :pt, :hk, :h, :r, :name, :score, :stars, :award, :proposed, :why,
                    :serial, :code, :on, :by, :at)""")
                .param("v", h.villageId()).param("kind", h.kind()).param("label", h.periodLabel())
                .param("pf", h.periodFrom()).param("pt", h.periodTo()).param("hk", holderKey)
                .param("h", h.householdId()).param("r", h.residentId()).param("name", h.holderName())
                .param("score", h.score()).param("stars", h.stars()).param("award", h.awardId())
                .param("proposed", h.proposedHouseholdId()).param("why", h.overrideReason())
                .param("serial", h.serial()).param("code", h.verifyCode()).param("on", h.awardedOn())
                .param("by", h.decidedBy()).param("at", h.decidedAt())
                .update();
        if (h.verifyCode() != null) {
            jdbc.sql("INSERT INTO certificate_code (code, village_id) VALUES (:code, :v)").param("code", h.verifyCode())
                    .param("v", h.villageId()).update();
        }
        return inserted;
    }

    public long countHonours(long villageId, String kind, int year) {
        return jdbc.sql("SELECT COUNT(*) FROM honour WHERE village_id = :v AND kind = :k AND period_from >= :f AND period_from <= :t")
                .param("v", villageId).param("k", kind).param("f", LocalDate.of(year, 1, 1))
                .param("t", LocalDate.of(year, 12, 31)).query(Long.class).single();
    }

    // ------------------------------------------------------------------ consent and partner auditors

    public long insertConsent(long villageId, long householdId, String partner, OffsetDateTime at, String by, String note) {
        return jdbc.sql("""
                INSERT INTO household_consent (village_id, household_id, partner, granted_at, recorded_by, note)
                VALUES (:v, :h, :p, :at, :by, :note)""")
                .param("v", villageId).param("h", householdId).param("p", partner).param("at", at).param("by", by)
                .param("note", note).update();
    }

    public int withdrawConsent(long villageId, long householdId, String partner, OffsetDateTime at, String by) {
        return jdbc.sql("""
                UPDATE household_consent SET withdrawn_at = :at, withdrawn_by = :by
                WHERE village_id = :v AND household_id = :h AND partner = :p AND withdrawn_at IS NULL""")
                .param("v", villageId).param("h", householdId).param("p", partner).param("at", at).param("by", by)
                .update();
    }

    public List<String> activeConsents(long villageId, long householdId) {
        return jdbc.sql("""
                SELECT DISTINCT partner FROM household_consent WHERE village_id = :v AND household_id = :h
                AND withdrawn_at IS NULL ORDER BY partner""")
                .param("v", villageId).param("h", householdId).query(String.class).list();
    }

    public List<Long> consentingHouseholds(String partner) {
        return jdbc.sql("SELECT DISTINCT household_id FROM household_consent WHERE partner = :p AND withdrawn_at IS NULL")
                .param("p", partner).query(Long.class).list();
    }

    /** The households of one village that consented to a partner: that village's shard alone on Citus. */
    public List<Long> consentingHouseholds(String partner, long villageId) {
        return jdbc.sql("""
                SELECT DISTINCT household_id FROM household_consent
                WHERE village_id = :v AND partner = :p AND withdrawn_at IS NULL""")
                .param("v", villageId).param("p", partner).query(Long.class).list();
    }

    /** The partner banks the county knows: bound to an auditor account or named by a standing consent. */
    public List<String> knownPartners() {
        return jdbc.sql("""
                SELECT partner FROM auditor_partner
                UNION SELECT partner FROM household_consent WHERE withdrawn_at IS NULL
                ORDER BY 1""").query(String.class).list();
    }

    public Optional<String> partnerOf(long userId) {
        return jdbc.sql("SELECT partner FROM auditor_partner WHERE user_id = :u").param("u", userId)
                .query(String.class).optional();
    }

    public void setPartner(long userId, String partner, OffsetDateTime at) {
        jdbc.sql("DELETE FROM auditor_partner WHERE user_id = :u").param("u", userId).update();
        if (partner != null) {
            jdbc.sql("INSERT INTO auditor_partner (user_id, partner, created_at) VALUES (:u, :p, :at)")
                    .param("u", userId).param("p", partner).param("at", at).update();
        }
    }

    // ------------------------------------------------------------------ awards

    public static Award award(ResultSet rs, int i) throws SQLException {
        return new Award(rs.getLong("id"), rs.getString("code"), rs.getString("name"), rs.getInt("top_n"),
                rs.getLong("min_score"), rs.getBoolean("no_veto"));
    }

    public List<Award> awards() {
        return jdbc.sql("SELECT * FROM honour_award ORDER BY code").query(HonoursSql::award).list();
    }

    public Optional<Award> award(String code) {
        return jdbc.sql("SELECT * FROM honour_award WHERE code = :c").param("c", code).query(HonoursSql::award).optional();
    }

    public void insertAward(String code, String name, int topN, long minScore, boolean noVeto, OffsetDateTime at, String by) {
        jdbc.sql("""
                INSERT INTO honour_award (code, name, top_n, min_score, no_veto, created_at, created_by)
                VALUES (:c, :n, :top, :min, :nv, :at, :by)""")
                .param("c", code).param("n", name).param("top", topN).param("min", minScore).param("nv", noVeto)
                .param("at", at).param("by", by).update();
    }

    public void updateAward(String code, String name, int topN, long minScore, boolean noVeto) {
        jdbc.sql("UPDATE honour_award SET name = :n, top_n = :top, min_score = :min, no_veto = :nv WHERE code = :c")
                .param("c", code).param("n", name).param("top", topN).param("min", minScore).param("nv", noVeto).update();
    }

    /** Frozen star ratings of a village for a year (or all years when year is null), by resident. */
    public List<Honour> frozenStars(long villageId, Integer year) {
        return jdbc.sql("SELECT * FROM honour WHERE village_id = :v AND kind = 'STAR_PARTY_MEMBER'"
                        + (year == null ? "" : " AND period_label = :y") + " ORDER BY period_from DESC, stars DESC, id")
                .param("v", villageId).param("y", year == null ? null : year + "年")
                .query(HonoursSql::honour).list();
    }

    public Optional<Honour> honourById(long villageId, long id) {
        return jdbc.sql("SELECT * FROM honour WHERE village_id = :v AND id = :id").param("v", villageId).param("id", id)
                .query(HonoursSql::honour).optional();
    }

    // ------------------------------------------------------------------ reference certificates

    private static final String CERT = """
            SELECT c.*, v.name AS village_name, p.number AS passbook_number FROM reference_certificate c
            JOIN org_unit_v v ON v.id = c.village_id
            LEFT JOIN passbook_v p ON p.village_id = c.village_id AND p.household_id = c.household_id
            """;

    public static ReferenceCertificate certificate(ResultSet rs, int i) throws SQLException {
        return new ReferenceCertificate(rs.getLong("village_id"), rs.getLong("id"), rs.getString("serial"),
                rs.getString("code"), rs.getLong("household_id"), rs.getObject("resident_id", Long.class),
                rs.getString("holder_name"), rs.getString("village_name"), rs.getString("passbook_number"),
                CertificatePurpose.valueOf(rs.getString("purpose")), rs.getString("purpose_note"),
                rs.getObject("period_from", LocalDate.class), rs.getObject("period_to", LocalDate.class),
                CertificateFacts.decode(rs.getString("facts")), rs.getString("issued_by"),
                rs.getObject("issued_at", OffsetDateTime.class), rs.getString("revoked_by"),
                rs.getObject("revoked_at", OffsetDateTime.class), rs.getString("revoke_reason"));
    }

    public long countCertificates(long villageId, String serialPrefix) {
        return jdbc.sql("SELECT COUNT(*) FROM reference_certificate WHERE village_id = :v AND serial LIKE :p")
                .param("v", villageId).param("p", serialPrefix + "%").query(Long.class).single();
    }

    public void insertCertificate(long villageId, String serial, String code, long householdId, Long residentId, String holder,
                           String purpose, String note, LocalDate from, LocalDate to, String facts, String by,
                           OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO reference_certificate (village_id, serial, code, household_id, resident_id, holder_name, purpose,
                    purpose_note, period_from, period_to, facts, issued_by, issued_at)
                VALUES (:v, :serial, :code, :h, :r, :name, :purpose, :note, :f, :t, :facts, :by, :at)""")
                .param("v", villageId).param("serial", serial).param("code", code).param("h", householdId)
                .param("r", residentId).param("name", holder).param("purpose", purpose).param("note", note)
                .param("f", from).param("t", to).param("facts", facts).param("by", by).param("at", at).update();
        jdbc.sql("INSERT INTO certificate_code (code, village_id) VALUES (:code, :v)").param("code", code)
                .param("v", villageId).update();
    }

    public Optional<ReferenceCertificate> certificate(long villageId, long id) {
        return jdbc.sql(CERT + " WHERE c.village_id = :v AND c.id = :id").param("v", villageId).param("id", id)
                .query(HonoursSql::certificate).optional();
    }

    public Optional<ReferenceCertificate> certificateBySerial(long villageId, String serial) {
        return jdbc.sql(CERT + " WHERE c.village_id = :v AND c.serial = :s").param("v", villageId).param("s", serial)
                .query(HonoursSql::certificate).optional();
    }

    /** By the public code: its village first (certificate_code), then that village's certificate — one shard on Citus. */
    public Optional<ReferenceCertificate> certificateByCode(String code) {
        Optional<Long> village = jdbc.sql("SELECT village_id FROM certificate_code WHERE code = :c").param("c", code)
                .query(Long.class).optional();
        return village.flatMap(v -> jdbc.sql(CERT + " WHERE c.village_id = :v AND c.code = :c").param("v", v)
                .param("c", code).query(HonoursSql::certificate).optional());
    }

    /** A page of a village's certificates, newest first; {@code households}: only theirs (null: all). */
    public List<ReferenceCertificate> certificates(long villageId, Collection<Long> households, int limit, long offset) {
        if (households != null && households.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(CERT + " WHERE c.village_id = :v" + (households == null ? "" : " AND c.household_id IN (:h)")
                        + " ORDER BY c.issued_at DESC, c.id DESC LIMIT :lim OFFSET :off")
                .param("v", villageId).param("h", households == null ? List.of(0L) : List.copyOf(households))
                .param("lim", limit).param("off", offset).query(HonoursSql::certificate).list();
    }

    public long certificateCount(long villageId, Collection<Long> households) {
        if (households != null && households.isEmpty()) {
            return 0;
        }
        return jdbc.sql("SELECT COUNT(*) FROM reference_certificate c WHERE c.village_id = :v"
                        + (households == null ? "" : " AND c.household_id IN (:h)"))
                .param("v", villageId).param("h", households == null ? List.of(0L) : List.copyOf(households))
                .query(Long.class).single();
    }

    public List<ReferenceCertificate> certificates(long villageId, Long householdId, int limit) {
        return jdbc.sql(CERT + " WHERE c.village_id = :v" + (householdId == null ? "" : " AND c.household_id = :h")
                        + " ORDER BY c.issued_at DESC, c.id DESC LIMIT " + limit)
                .param("v", villageId).param("h", householdId).query(HonoursSql::certificate).list();
    }

    public int revokeCertificate(long villageId, long id, String by, OffsetDateTime at, String reason) {
        return jdbc.sql("""
                UPDATE reference_certificate SET revoked_by = :by, revoked_at = :at, revoke_reason = :why
                WHERE village_id = :v AND id = :id AND revoked_at IS NULL""")
                .param("v", villageId).param("id", id).param("by", by).param("at", at).param("why", reason).update();
    }

    /** Score of a household (or one resident) in a period by rule category; postings not from a claim are 其他. */
    public List<CertificateFacts.CategoryScore> categoryScores(long villageId, long householdId, Long residentId, LocalDate from,
                                                        LocalDate to) {
        return jdbc.sql("""
                SELECT COALESCE(cat.name, '其他') AS category, MIN(COALESCE(cat.sort_order, 9999)) AS sort_order,
                       SUM(e.score_delta) AS score
                FROM ledger_posting_v e
                LEFT JOIN claim_v c ON c.village_id = e.village_id AND c.posting_id = COALESCE(e.reverses_posting_id, e.posting_id)
                LEFT JOIN rule_item_v i ON i.id = c.item_id
                LEFT JOIN rule_category_v cat ON cat.id = i.category_id
                WHERE e.village_id = :v AND e.household_id = :h AND e.posted_on BETWEEN :f AND :t
                """ + (residentId == null ? "" : " AND e.resident_id = :r ") + """
                GROUP BY COALESCE(cat.name, '其他') ORDER BY sort_order, category""")
                .param("v", villageId).param("h", householdId).param("r", residentId).param("f", from).param("t", to)
                .query((rs, i) -> new CertificateFacts.CategoryScore(rs.getString("category"), rs.getLong("score")))
                .list();
    }

    /** Years in the range with a veto (not corrected) of the household or the resident. */
    public List<Integer> vetoYears(long villageId, long householdId, Long residentId, int fromYear, int toYear) {
        return jdbc.sql("""
                SELECT DISTINCT x.veto_year FROM ledger_veto_v x WHERE x.village_id = :v AND x.household_id = :h
                AND x.veto_year BETWEEN :y1 AND :y2
                AND NOT EXISTS (SELECT 1 FROM ledger_posting_v c WHERE c.village_id = x.village_id
                                AND c.reverses_posting_id = x.posting_id)
                """ + (residentId == null ? "" : " AND (x.resident_id IS NULL OR x.resident_id = :r) ") + """
                ORDER BY x.veto_year""")
                .param("v", villageId).param("h", householdId).param("r", residentId).param("y1", fromYear)
                .param("y2", toYear).query(Integer.class).list();
    }

    public List<Honour> honoursBetween(long villageId, long householdId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT * FROM honour WHERE village_id = :v AND household_id = :h AND period_from <= :t AND period_to >= :f
                ORDER BY period_from, id""")
                .param("v", villageId).param("h", householdId).param("f", from).param("t", to)
                .query(HonoursSql::honour).list();
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    /** Serialises decisions on one award (row lock until the transaction ends). */
    public void lockAward(long awardId) {
        jdbc.sql("SELECT id FROM honour_award WHERE id = :a FOR UPDATE").param("a", awardId).query(Long.class).list();
    }
}
