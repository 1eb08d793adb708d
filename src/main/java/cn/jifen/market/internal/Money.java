package cn.jifen.market.internal;

import cn.jifen.shared.InvalidInput.Problem;
import java.math.BigDecimal;
import java.util.List;

/** Yuan amounts typed by people: positive, at most two decimals, at most a million; kept as cents. */
public final class Money {
    public static final BigDecimal MAX = BigDecimal.valueOf(1_000_000);

    private Money() { }

    /** Cents as yuan (2 decimals); null stays null. */
    public static BigDecimal yuan(Long cents) {
        return cents == null ? null : BigDecimal.valueOf(cents, 2);
    }

    public static Long optionalCents(String field, BigDecimal yuan, List<Problem> problems) {
        if (yuan == null) {
            return null;
        }
        return requiredCents(field, yuan, problems);
    }

    public static Long requiredCents(String field, BigDecimal yuan, List<Problem> problems) {
        if (yuan == null) {
            problems.add(new Problem(field, "error.required"));
            return null;
        }
        if (!isYuan(yuan)) {
            problems.add(new Problem(field, "error.market.yuan"));
            return null;
        }
        return yuan.movePointRight(2).longValueExact();
    }

    /** The rule of a typed amount ({@code cn.jifen.market.Yuan}): more than 0, at most two decimals, at most {@link #MAX}. */
    public static boolean isYuan(BigDecimal yuan) {
        return yuan.signum() > 0 && yuan.compareTo(MAX) <= 0 && yuan.stripTrailingZeros().scale() <= 2;
    }

    /** Parses a typed amount ("12.5"); null when blank; a problem when not a number. */
    public static BigDecimal parse(String field, String raw, List<Problem> problems) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return new BigDecimal(raw.strip());
        } catch (NumberFormatException e) {
            problems.add(new Problem(field, "error.market.yuan"));
            return null;
        }
    }
}
