package cn.jifen.claims.internal;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Residents' scores by rule category: the ledger's passbook legs (its published view ledger_posting_v) of postings
 * made from claims and their reversals, by the category (the rules' views) of the claim's item.
 */
@Repository
public class CategoryScoreSql {
    private final JdbcClient jdbc;

    CategoryScoreSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** resident id → (category code → score) for the village's residents with any such entry in [from, to]. */
    public Map<Long, Map<String, Long>> byResident(long villageId, LocalDate from, LocalDate to) {
        Map<Long, Map<String, Long>> out = new HashMap<>();
        jdbc.sql("""
                SELECT e.resident_id, k.code, SUM(e.score_delta) AS score FROM ledger_posting_v e
                JOIN claim c ON c.village_id = e.village_id AND c.posting_id = COALESCE(e.reverses_posting_id, e.posting_id)
                JOIN rule_item_v i ON i.id = c.item_id
                JOIN rule_category_v k ON k.id = i.category_id
                WHERE e.village_id = :v AND e.posted_on BETWEEN :f AND :t AND e.resident_id IS NOT NULL
                GROUP BY e.resident_id, k.code""")
                .param("v", villageId).param("f", from).param("t", to)
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new HashMap<>()).merge(rs.getString(2), rs.getLong(3), Long::sum);
                });
        return out;
    }
}
