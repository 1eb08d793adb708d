package cn.jifen.party.internal;

import cn.jifen.party.Party;
import cn.jifen.party.PartyClass;
import cn.jifen.shared.PracticeFigures;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Party members in the statistics' 治理实践 section: members by the class in force on the last day of the period
 * (every class, zero included, so reports line up), then by the stars of that day's year's rating, five stars first.
 */
@Component
class PartyFigures implements PracticeFigures {
    static final int ORDER = 10;

    private final PartySql sql;

    PartyFigures(PartySql sql) {
        this.sql = sql;
    }

    @Override
    public String sectionKey() {
        return "stats.party";
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        List<Figure> out = new ArrayList<>();
        Map<String, Long> byClass = sql.classCounts(villageIds, to);
        for (PartyClass c : PartyClass.values()) {
            out.add(Figure.count(c.messageKey(), byClass.getOrDefault(c.name(), 0L), "stats.unit.people"));
        }
        Map<Integer, Long> byStars = sql.starCounts(villageIds, to.getYear());
        for (int stars = 5; stars >= 1; stars--) {
            out.add(Figure.count("party.figures.stars" + stars, byStars.getOrDefault(stars, 0L), "stats.unit.people"));
        }
        return out;
    }
}
