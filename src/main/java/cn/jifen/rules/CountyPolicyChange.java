package cn.jifen.rules;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * One saved change of the county's policy: the policy as saved, who saved it, when and why, and what it
 * changed (each field with its value before and after; the first save compares with the settings' defaults).
 */
public record CountyPolicyChange(int basePoints, String expiryDate, int vetoBlockMonths, LocalDate closedThrough,
                                 int localAdjustPercent, int publicityDays, int claimMaxAgeDays, int reservationHours,
                                 String flagPeriod, String starThresholds, int starPersonCount,
                                 List<String> boardPrivacyAllowed, String boardPrivacyDefault,
                                 boolean boardNegativeByName, OffsetDateTime changedAt, String changedBy, String reason,
                                 List<Difference> changes) {

    /** One field a change changed: its name (as in the API) and its value before and after, as text. */
    public record Difference(String field, String before, String after) { }
}
