package cn.jifen.complaints.internal;

import cn.jifen.complaints.Complaints;
import cn.jifen.shared.PracticeFigures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The complaints' figures in the statistics, for complaints filed in the chosen days: received, answered, answered on
 * time (of those due: answered, or waiting past their deadline — one not yet due does not count against the rate)
 * and the average rating (of those rated). A rate or average with nothing to measure is left out, not shown as 0.
 */
@Component
class ComplaintFigures implements PracticeFigures {
    private final Complaints complaints;
    private final Clock clock;

    ComplaintFigures(Complaints complaints, Clock clock) {
        this.complaints = complaints;
        this.clock = clock;
    }

    @Override
    public String sectionKey() {
        return "complaints.stats.section";
    }

    @Override
    public int order() {
        return 50;
    }

    @Override
    public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        OffsetDateTime start = from.atStartOfDay(clock.getZone()).toOffsetDateTime();
        OffsetDateTime end = to.plusDays(1).atStartOfDay(clock.getZone()).toOffsetDateTime();
        ComplaintSql.Totals t = complaints.totals(List.copyOf(villageIds), start, end);
        List<Figure> out = new ArrayList<>();
        out.add(Figure.count("complaints.stats.received", t.received(), "complaints.unit.items"));
        out.add(Figure.count("complaints.stats.answered", t.answered(), "complaints.unit.items"));
        if (t.due() > 0) {
            out.add(new Figure("complaints.stats.onTime", BigDecimal.valueOf(t.answeredOnTime() * 1000L / t.due())
                    .movePointLeft(1).setScale(1, RoundingMode.UNNECESSARY), "complaints.unit.percent"));
        }
        if (t.rated() > 0) {
            out.add(new Figure("complaints.stats.rating", BigDecimal.valueOf(t.ratingSum())
                    .divide(BigDecimal.valueOf(t.rated()), 1, RoundingMode.HALF_UP), "complaints.unit.stars"));
        }
        return out;
    }
}
