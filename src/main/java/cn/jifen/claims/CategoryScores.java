package cn.jifen.claims;

import cn.jifen.claims.internal.CategoryScoreSql;
import java.time.LocalDate;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Each resident's score in a period by rule category: the passbook legs of postings made from claims (and their
 * reversals), attributed to the resident the claim names. Base points and other postings without a claim belong to no
 * category and are not counted. Used by the party module's star rating.
 */
@Component
public class CategoryScores {
    private final CategoryScoreSql sql;

    CategoryScores(CategoryScoreSql sql) {
        this.sql = sql;
    }

    /** resident id → (category code → score) for the village's residents with any such entry in [from, to]. */
    public Map<Long, Map<String, Long>> byResident(long villageId, LocalDate from, LocalDate to) {
        return sql.byResident(villageId, from, to);
    }
}
