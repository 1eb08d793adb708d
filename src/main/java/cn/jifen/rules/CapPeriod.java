package cn.jifen.rules;

import cn.jifen.shared.Period;
import java.time.LocalDate;
import java.time.YearMonth;

/** The period a cap counts over. */
public enum CapPeriod {
    MONTH, QUARTER, YEAR;

    public Period containing(LocalDate day) {
        return switch (this) {
            case MONTH -> Period.month(YearMonth.from(day));
            case QUARTER -> Period.quarterOf(day);
            case YEAR -> Period.year(day.getYear());
        };
    }
}
