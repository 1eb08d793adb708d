package cn.jifen.honours;

import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;

/**
 * Periods as pages and the API name them: kind MONTH ("2026-11"), QUARTER ("2026-Q4"), YEAR ("2026") or
 * CUSTOM (from, to). A missing value means the current one.
 */
public final class Periods {
    private Periods() { }

    public static Period parse(String kind, String value, LocalDate from, LocalDate to, LocalDate today) {
        String k = kind == null || kind.isBlank() ? "MONTH" : kind.strip().toUpperCase();
        String v = value == null ? "" : value.strip();
        try {
            return switch (k) {
                case "MONTH" -> Period.month(v.isEmpty() ? YearMonth.from(today) : YearMonth.parse(v));
                case "QUARTER" -> {
                    if (v.isEmpty()) {
                        yield Period.quarterOf(today);
                    }
                    String[] p = v.split("-Q");
                    int q = Integer.parseInt(p[1]);
                    if (p.length != 2 || q < 1 || q > 4) {
                        throw InvalidInput.of("period", "error.honours.period");
                    }
                    yield Period.quarter(Integer.parseInt(p[0]), q);
                }
                case "YEAR" -> Period.year(v.isEmpty() ? today.getYear() : Integer.parseInt(v));
                case "CUSTOM" -> {
                    if (from == null || to == null) {
                        throw InvalidInput.of("from", "error.honours.customPeriod");
                    }
                    if (to.isBefore(from) || from.plusYears(10).isBefore(to)) {
                        throw InvalidInput.of("to", "error.honours.customPeriod");
                    }
                    yield new Period(from, to);
                }
                default -> throw InvalidInput.of("kind", "error.honours.periodKind");
            };
        } catch (DateTimeParseException | NumberFormatException | ArrayIndexOutOfBoundsException e) {
            throw InvalidInput.of("period", "error.honours.period");
        }
    }

    /** How people read a period: 2026年11月, 2026年第4季度, 2026年, or 2026-01-05～2026-02-01. */
    public static String label(Period p) {
        LocalDate f = p.from();
        LocalDate t = p.to();
        if (f.getDayOfMonth() == 1 && t.equals(YearMonth.from(f).atEndOfMonth())) {
            return f.getYear() + "年" + f.getMonthValue() + "月";
        }
        if (p.equals(Period.quarterOf(f)) && (f.getMonthValue() - 1) % 3 == 0) {
            return f.getYear() + "年第" + ((f.getMonthValue() - 1) / 3 + 1) + "季度";
        }
        if (p.equals(Period.year(f.getYear()))) {
            return f.getYear() + "年";
        }
        return f + "～" + t;
    }

    /** A stable key for a month or quarter: 2026-11 or 2026-Q4. */
    public static String key(Period p) {
        LocalDate f = p.from();
        if (p.equals(Period.quarterOf(f)) && (f.getMonthValue() - 1) % 3 == 0
                && !(f.getDayOfMonth() == 1 && p.to().equals(YearMonth.from(f).atEndOfMonth()))) {
            return f.getYear() + "-Q" + ((f.getMonthValue() - 1) / 3 + 1);
        }
        if (p.equals(Period.year(f.getYear()))) {
            return String.valueOf(f.getYear());
        }
        if (f.getDayOfMonth() == 1 && p.to().equals(YearMonth.from(f).atEndOfMonth())) {
            return YearMonth.from(f).toString();
        }
        return f + "_" + p.to();
    }
}
