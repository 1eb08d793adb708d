package cn.jifen.rules;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The county's policy (积分政策). Points: base points each year (0 = none), the yearly expiry date of
 * available balances (null = never), how many months a veto blocks redemption (0 = never), the last
 * closed day (关账, null = none closed) and how far a town or village may adjust a county item's points
 * (percent of the county's range, 0 = not at all). Claims: the county's default publicity period in days
 * (a village may set its own) and how many days back a deed may still be recorded. Supermarket: how many
 * hours an online reservation holds goods and points. Honours: the red-flag period (MONTH or QUARTER), the
 * five yearly scores for one to five stars, how many residents are proposed as 正能量红人. Notice board: the
 * privacy modes villages may choose, the mode of a village that chose none, and whether negative-list
 * postings are shown by name. {@code updatedBy} is null while the settings' defaults are in force.
 */
public record CountyPolicy(long countyId, int basePoints, MonthDay expiryDate, int vetoBlockMonths,
                           LocalDate closedThrough, int localAdjustPercent, int publicityDays, int claimMaxAgeDays,
                           int reservationHours, String flagPeriod, List<Integer> starThresholds, int starPersonCount,
                           List<String> boardPrivacyAllowed, String boardPrivacyDefault, boolean boardNegativeByName,
                           String updatedBy, OffsetDateTime updatedAt) {
    /** The privacy modes of the notice board (the noticeboard module's Privacy), in their order. */
    public static final List<String> PRIVACY_MODES = List.of("FULL", "SURNAME", "PASSBOOK");
    /** The red-flag periods a county may choose. */
    public static final List<String> FLAG_PERIODS = List.of("MONTH", "QUARTER");

    public CountyPolicy {
        starThresholds = List.copyOf(starThresholds);
        boardPrivacyAllowed = List.copyOf(boardPrivacyAllowed);
    }

    /** Whether a day falls in a closed period, when nothing may be recorded any more. */
    public boolean closed(LocalDate day) {
        return closedThrough != null && !day.isAfter(closedThrough);
    }

    /** "MM-dd", or "" when points never expire: the form field's value. */
    public String expiryText() {
        return expiryDate == null ? "" : String.format("%02d-%02d", expiryDate.getMonthValue(), expiryDate.getDayOfMonth());
    }

    /** The star thresholds as "10,30,50,80,120". */
    public String starThresholdsText() {
        return starThresholds.stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    /** Stars for a yearly 党员争优 score: the highest threshold reached (0 below the first). */
    public int starsFor(long score) {
        int stars = 0;
        for (int i = 0; i < starThresholds.size(); i++) {
            if (score >= starThresholds.get(i)) {
                stars = i + 1;
            }
        }
        return stars;
    }

    /** Each field by its name with its value as text, in the order of the policy page: what a change compares. */
    public Map<String, String> values() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("basePoints", String.valueOf(basePoints));
        m.put("expiryDate", expiryText());
        m.put("vetoBlockMonths", String.valueOf(vetoBlockMonths));
        m.put("closedThrough", closedThrough == null ? "" : closedThrough.toString());
        m.put("localAdjustPercent", String.valueOf(localAdjustPercent));
        m.put("publicityDays", String.valueOf(publicityDays));
        m.put("claimMaxAgeDays", String.valueOf(claimMaxAgeDays));
        m.put("reservationHours", String.valueOf(reservationHours));
        m.put("flagPeriod", flagPeriod);
        m.put("starThresholds", starThresholdsText());
        m.put("starPersonCount", String.valueOf(starPersonCount));
        m.put("boardPrivacyAllowed", String.join(",", boardPrivacyAllowed));
        m.put("boardPrivacyDefault", boardPrivacyDefault);
        m.put("boardNegativeByName", String.valueOf(boardNegativeByName));
        return m;
    }
}
