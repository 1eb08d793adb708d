package cn.jifen.stats;

import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * The headline figures of an org unit for a period [from, to] (county dates, both inclusive).
 * Every figure is defined in README.md ("每个数字的定义"); ledger figures read the passbook legs (leg 0) whose
 * posted_on lies in the period, so a closed period never changes: a later correction counts where it
 * was posted. {@code closed} is true when the period ended before today.
 */
public record Figures(String orgUnit, String orgUnitName, String level, LocalDate from, LocalDate to, boolean closed,
                      long villages,
                      long passbooksIssued, long passbooksIssuedInPeriod, long passbooksActive,
                      long householdsCovered, long residentsCovered, long partyMembers,
                      long supermarketsOpen, Long supermarketsMeetingStandard,
                      long redemptions, BigDecimal goodsValueYuan, String redemptionSource,
                      long participations, long activityAttendances, long goodDeeds,
                      long postings,
                      long pointsIssued, long pointsDeducted, long scoreDeducted, long pointsForfeited,
                      long pointsExpired, long pointsRedeemed, long pointsCorrected,
                      long pointsOutstandingAtStart, long pointsOutstanding,
                      long claimsRecorded, long claimsApproved, long claimsRejected, long claimsObjected,
                      long claimsAppealed, long claimsPosted,
                      long vetoes,
                      Double avgHoursToPost, Double medianHoursToPost) {

    /** The flow identity: what was outstanding at the start plus the period's movements. */
    public long expectedOutstanding() {
        return pointsOutstandingAtStart + pointsIssued - pointsDeducted - pointsForfeited - pointsExpired
                - pointsRedeemed + pointsCorrected;
    }
}
