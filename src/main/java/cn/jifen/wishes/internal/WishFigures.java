package cn.jifen.wishes.internal;

import cn.jifen.shared.PracticeFigures;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The wish list's figures for the statistics: wishes proposed and fulfilled, and supports given to others' wishes, in
 * the chosen villages (a wish counts for its supermarket's village) and days.
 */
@Component
class WishFigures implements PracticeFigures {
    private final WishSql sql;

    WishFigures(WishSql sql) {
        this.sql = sql;
    }

    @Override
    public String sectionKey() {
        return "stats.practice.wishes";
    }

    @Override
    public int order() {
        return 40;
    }

    @Override
    public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        if (villageIds.isEmpty()) {
            return List.of();
        }
        return List.of(
                Figure.count("wishes.figures.proposed", sql.proposed(villageIds, from, to), "wishes.unit.wishes"),
                Figure.count("wishes.figures.fulfilled", sql.fulfilled(villageIds, from, to), "wishes.unit.wishes"),
                Figure.count("wishes.figures.supports", sql.supportsGiven(villageIds, from, to), "wishes.unit.times"));
    }
}
