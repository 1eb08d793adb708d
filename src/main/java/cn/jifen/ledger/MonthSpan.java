package cn.jifen.ledger;

import cn.jifen.shared.Period;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * A period cut where the month totals (ledger_period_total_v) can answer it: the whole months inside it
 * ({@code firstMonth}..{@code lastMonth}, first days; null when there is none) and the days at either end
 * that are not a whole month ({@code edges}), which a reader takes from the postings themselves.
 * A month, quarter or year is whole months only; 2026-01-15..2026-03-10 is February plus two edges.
 */
public record MonthSpan(LocalDate firstMonth, LocalDate lastMonth, List<Period> edges) {

    public static MonthSpan of(Period p) {
        LocalDate first = p.from().getDayOfMonth() == 1 ? p.from() : p.from().withDayOfMonth(1).plusMonths(1);
        LocalDate afterLast = p.to().equals(p.to().withDayOfMonth(p.to().lengthOfMonth()))
                ? p.to().withDayOfMonth(1).plusMonths(1) : p.to().withDayOfMonth(1);
        if (!first.isBefore(afterLast)) {
            return new MonthSpan(null, null, List.of(p));
        }
        List<Period> edges = new ArrayList<>(2);
        if (p.from().isBefore(first)) {
            edges.add(new Period(p.from(), first.minusDays(1)));
        }
        if (afterLast.isBefore(p.to()) || afterLast.equals(p.to())) {
            edges.add(new Period(afterLast, p.to()));
        }
        return new MonthSpan(first, afterLast.minusMonths(1), List.copyOf(edges));
    }

    public boolean hasMonths() {
        return firstMonth != null;
    }
}
