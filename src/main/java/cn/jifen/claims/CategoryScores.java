package cn.jifen.claims;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Each resident's score in a period by rule category: the passbook legs of postings made from claims (and their
 * reversals), attributed to the resident the claim names. Base points and other postings without a claim belong to no
 * category and are not counted. Used by the party module's star rating.
 */
@Component
public class CategoryScores {
    private final JdbcClient jdbc;

    CategoryScores(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** resident id → (category code → score) for the village's residents with any such entry in [from, to]. */
    public Map<Long, Map<String, Long>> byResident(long villageId, LocalDate from, LocalDate to) {
        Map<Long, Map<String, Long>> out = new HashMap<>();
        jdbc.sql("""
                SELECT e.resident_id, k.code, SUM(e.score_delta) AS score FROM ledger_entry e
                JOIN claim c ON c.village_id = e.village_id AND c.posting_id = COALESCE(e.reverses_posting_id, e.posting_id)
                JOIN rule_item i ON i.id = c.item_id
                JOIN rule_category k ON k.id = i.category_id
                WHERE e.village_id = :v AND e.posted_on BETWEEN :f AND :t AND e.leg_no = 0 AND e.resident_id IS NOT NULL
                GROUP BY e.resident_id, k.code""")
                .param("v", villageId).param("f", from).param("t", to)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                });
        return out;
    }
}
