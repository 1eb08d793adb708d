package cn.jifen.shared;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;

/**
 * A part of the practice that adds its figures to the statistics: the dashboard, {@code GET /api/v1/stats/practice},
 * and the report's PDF and Excel (meetings held, wishes fulfilled, votes cast, complaints answered on time, party
 * members by class and stars, volunteer hours, ...). A module implements it as a Spring bean; the statistics module
 * shows every bean's figures under the bean's section title, sections ordered by {@link #order()}. It lives here, not
 * in the statistics module, so that a module that reports figures does not depend on the statistics module.
 */
public interface PracticeFigures {
    /**
     * One figure. {@code labelKey} and {@code unitKey} are message keys (so the report reads in the viewer's
     * language); {@code unitKey} may be null for a plain count. A rate is a percentage (e.g. 92.5 with
     * {@code stats.unit.percent}); an average keeps its decimals in {@code value}'s scale.
     */
    record Figure(String labelKey, BigDecimal value, String unitKey) {
        public static Figure count(String labelKey, long value, String unitKey) {
            return new Figure(labelKey, BigDecimal.valueOf(value), unitKey);
        }
    }

    /** Message key of the section title, e.g. {@code stats.practice.meetings}. */
    String sectionKey();

    /** Where the section stands among the others (ascending). */
    int order();

    /**
     * The figures for the villages with these ids (every village under the unit the reader chose; never empty) and
     * the closed range of days {@code from..to} in the county's time zone. Read-only; the caller has already checked
     * that the reader may see these villages.
     */
    List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to);
}
