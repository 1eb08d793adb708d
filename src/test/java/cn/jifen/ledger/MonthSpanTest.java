package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.shared.Period;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class MonthSpanTest {
    private static LocalDate d(String s) {
        return LocalDate.parse(s);
    }

    @Test
    void aYearIsTwelveWholeMonthsWithoutEdges() {
        MonthSpan s = MonthSpan.of(Period.year(2026));
        assertThat(s.firstMonth()).isEqualTo(d("2026-01-01"));
        assertThat(s.lastMonth()).isEqualTo(d("2026-12-01"));
        assertThat(s.edges()).isEmpty();
    }

    @Test
    void aPeriodCuttingMonthsKeepsTheWholeMonthsAndBothEdges() {
        MonthSpan s = MonthSpan.of(new Period(d("2026-01-15"), d("2026-03-10")));
        assertThat(s.firstMonth()).isEqualTo(d("2026-02-01"));
        assertThat(s.lastMonth()).isEqualTo(d("2026-02-01"));
        assertThat(s.edges()).containsExactly(new Period(d("2026-01-15"), d("2026-01-31")),
                new Period(d("2026-03-01"), d("2026-03-10")));
    }

    @Test
    void aPeriodInsideOneMonthIsOnlyAnEdge() {
        Period p = new Period(d("2026-02-03"), d("2026-02-27"));
        MonthSpan s = MonthSpan.of(p);
        assertThat(s.hasMonths()).isFalse();
        assertThat(s.edges()).containsExactly(p);
    }

    @Test
    void aMonthToTheLastDayOfAShortMonthIsWhole() {
        MonthSpan s = MonthSpan.of(Period.month(YearMonth.of(2028, 2)));
        assertThat(s.firstMonth()).isEqualTo(d("2028-02-01"));
        assertThat(s.lastMonth()).isEqualTo(d("2028-02-01"));
        assertThat(s.edges()).isEmpty();
    }

    @Test
    void yearToDateIsTheWholeMonthsBeforeAndTheDaysOfThisMonth() {
        MonthSpan s = MonthSpan.of(new Period(d("2026-01-01"), d("2026-12-07")));
        assertThat(s.lastMonth()).isEqualTo(d("2026-11-01"));
        assertThat(s.edges()).containsExactly(new Period(d("2026-12-01"), d("2026-12-07")));
    }
}
