package cn.jifen.claims.internal;

import cn.jifen.directory.Households;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleUnit;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Period;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The checks a claim's points pass against what the household already has: the item's unit (once a month, once a
 * year), the household's and the resident's caps in the item's cap period, and the likely-duplicate flag (the same
 * item on the same day). They run under the household's lock ({@link #lockHousehold}), so two claims recorded at once
 * cannot both slip under a cap.
 */
@Component
public class CapsAndDuplicates {
    private final CapSql sql;
    private final Households households;

    CapsAndDuplicates(CapSql sql, Households households) {
        this.sql = sql;
        this.households = households;
    }

    /** Serialises claims of one household until the transaction ends (the directory locks its row). */
    public void lockHousehold(long villageId, long householdId) {
        households.lockForUpdate(villageId, householdId);
    }

    /** Refuses a second claim of a once-a-month or once-a-year item in its unit. */
    public void requireUnitFree(long villageId, long householdId, RuleItem item, LocalDate day) {
        if (item.unit() == RuleUnit.TIME) {
            return;
        }
        Period unit = item.unit() == RuleUnit.MONTH ? Period.month(YearMonth.from(day)) : Period.year(day.getYear());
        if (sql.countInPeriod(villageId, householdId, item.itemId(), unit.from(), unit.to()) > 0) {
            throw InvalidInput.of("occurredOn",
                    item.unit() == RuleUnit.MONTH ? "error.claims.oncePerMonth" : "error.claims.oncePerYear");
        }
    }

    /**
     * The caps {@code points} would break on the day, household's first; {@code alreadyCounted} is what the claim
     * being decided already counts in the sums (0 for a new claim).
     */
    public List<Problem> capProblems(long villageId, long householdId, Long residentId, RuleItem item, int points,
                                     LocalDate day, int alreadyCounted) {
        List<Problem> problems = new ArrayList<>();
        Period cap = item.capPeriod().containing(day);
        if (item.householdCap() != null) {
            long used = sql.pointsInPeriod(villageId, householdId, null, item.itemId(), cap.from(), cap.to()) - alreadyCounted;
            if (used + points > item.householdCap()) {
                problems.add(new Problem("points", "error.claims.householdCap", item.householdCap(), used));
            }
        }
        if (item.residentCap() != null && residentId != null) {
            long used = sql.pointsInPeriod(villageId, householdId, residentId, item.itemId(), cap.from(), cap.to())
                    - alreadyCounted;
            if (used + points > item.residentCap()) {
                problems.add(new Problem("points", "error.claims.residentCap", item.residentCap(), used));
            }
        }
        return problems;
    }

    /** Whether the household already has a counting claim of the item on the day (flagged, not refused). */
    public boolean likelyDuplicate(long villageId, long householdId, long itemId, LocalDate day) {
        return sql.countInPeriod(villageId, householdId, itemId, day, day) > 0;
    }
}
