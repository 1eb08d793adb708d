package cn.jifen.shared;

import java.time.LocalDate;
import java.time.YearMonth;

/** A closed range of calendar days in the county's time zone: a month, quarter, year or custom. */
public record Period(LocalDate from, LocalDate to) {
    public Period {
        if (from == null || to == null || to.isBefore(from)) {
            throw InvalidInput.of("period", "error.period");
        }
    }

    public static Period month(YearMonth m) {
        return new Period(m.atDay(1), m.atEndOfMonth());
    }

    public static Period quarter(int year, int quarter) {
        YearMonth first = YearMonth.of(year, (quarter - 1) * 3 + 1);
        return new Period(first.atDay(1), first.plusMonths(2).atEndOfMonth());
    }

    public static Period year(int year) {
        return new Period(LocalDate.of(year, 1, 1), LocalDate.of(year, 12, 31));
    }

    public static Period quarterOf(LocalDate day) {
        return quarter(day.getYear(), (day.getMonthValue() - 1) / 3 + 1);
    }

    public boolean contains(LocalDate day) {
        return !day.isBefore(from) && !day.isAfter(to);
    }
}
