package cn.jifen.rules;

import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;

/**
 * The county's points policy (积分政策): base points each year (0 = none), the yearly expiry date of
 * available balances (null = never), how many months a veto blocks redemption (0 = never), the last
 * closed day (关账, null = none closed) and how far a town or village may adjust a county item's points
 * (percent of the county's range, 0 = not at all). {@code updatedBy} is null while the settings'
 * defaults are in force.
 */
public record CountyPolicy(long countyId, int basePoints, MonthDay expiryDate, int vetoBlockMonths,
                           LocalDate closedThrough, int localAdjustPercent, String updatedBy, OffsetDateTime updatedAt) {

    /** Whether a day falls in a closed period, when nothing may be recorded any more. */
    public boolean closed(LocalDate day) {
        return closedThrough != null && !day.isAfter(closedThrough);
    }

    /** "MM-dd", or "" when points never expire: the form field's value. */
    public String expiryText() {
        return expiryDate == null ? "" : String.format("%02d-%02d", expiryDate.getMonthValue(), expiryDate.getDayOfMonth());
    }
}
