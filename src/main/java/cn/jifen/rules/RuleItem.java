package cn.jifen.rules;

import cn.jifen.rules.internal.LocalPoints;
import java.time.LocalDate;
import java.util.Set;

/**
 * One version of a rule item as it was (or is) in force. Claims keep the (itemId, version) they were
 * recorded under, so a later revision never changes points already awarded.
 */
public record RuleItem(long itemId, int version, String code, long ownerOrgId, long categoryId, String categoryName,
                       String name, String description, RuleSign sign, int minPoints, int maxPoints, RuleUnit unit,
                       Integer householdCap, Integer residentCap, CapPeriod capPeriod, boolean evidenceRequired,
                       Set<Recorder> recorders, boolean partyOnly, boolean veto, boolean needsPublicity,
                       LocalDate validFrom, LocalDate validTo, LocalDate retiredOn) {

    /** This version with a town's or village's own points range in place of the county's. */
    public RuleItem withPoints(LocalPoints local) {
        return new RuleItem(itemId, version, code, ownerOrgId, categoryId, categoryName, name, description, sign,
                local.minPoints(), local.maxPoints(), unit, householdCap, residentCap, capPeriod, evidenceRequired,
                recorders, partyOnly, veto, needsPublicity, validFrom, validTo, retiredOn);
    }

    public boolean fixedPoints() { return minPoints == maxPoints; }

    public boolean inForceOn(LocalDate day) {
        return !day.isBefore(validFrom) && (validTo == null || !day.isAfter(validTo))
                && (retiredOn == null || day.isBefore(retiredOn));
    }

    public boolean allowsPoints(int points) {
        return points >= minPoints && points <= maxPoints;
    }

    /** How the points read in the catalogue: "+10", "+10～50", "−5～20", "一票否决". */
    public String pointsLabel() {
        if (veto) {
            return "一票否决";
        }
        String s = sign == RuleSign.EARN ? "+" : "−";
        return fixedPoints() ? s + minPoints : s + minPoints + "～" + maxPoints;
    }
}
