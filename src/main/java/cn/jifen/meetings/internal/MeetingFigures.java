package cn.jifen.meetings.internal;

import cn.jifen.shared.PracticeFigures;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The meetings' figures for the statistics: meetings held (closed, by the meeting's date), items decided (applied to
 * a claim), and the attendance rate (members present of members on the attendance lists of those meetings, in %).
 */
@Component
class MeetingFigures implements PracticeFigures {
    private final MeetingSql sql;

    MeetingFigures(MeetingSql sql) {
        this.sql = sql;
    }

    @Override
    public String sectionKey() {
        return "stats.practice.meetings";
    }

    @Override
    public int order() {
        return 30;
    }

    @Override
    public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        MeetingSql.Figures f = villageIds.isEmpty() ? new MeetingSql.Figures(0, 0, 0, 0)
                : sql.figures(villageIds, from, to);
        BigDecimal rate = f.seats() == 0 ? BigDecimal.ZERO.setScale(1)
                : BigDecimal.valueOf(f.present() * 100).divide(BigDecimal.valueOf(f.seats()), 1, RoundingMode.HALF_UP);
        return List.of(Figure.count("meetings.figure.held", f.held(), "meetings.unit.meetings"),
                Figure.count("meetings.figure.decided", f.decided(), "meetings.unit.items"),
                new Figure("meetings.figure.attendance", rate, "meetings.unit.percent"));
    }
}
