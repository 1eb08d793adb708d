package cn.jifen.party.internal;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * The county's star-rating formula. total = wPartyPoints × min(1, 党员争优 points / partyPointsFull)
 * + wOtherPoints × min(1, other categories' points / otherPointsFull) + wMeetings × attended / meetings
 * + wReview × the ballots' average (优秀 100, 合格 80, 基本合格 60, 不合格 0); weights are percentages summing to 100.
 * Stars: 1, or the highest of 2..5 whose threshold (thresholds[0..3]) the total reaches. Reserve cadres (后备干部人选):
 * members rated at least {@code reserveStars} in each of the last {@code reserveYears} frozen years.
 * {@code id} is null for the built-in default (the county has not saved its own).
 */
public record PartyFormula(Long id, long countyId, int wPartyPoints, int partyPointsFull, int wOtherPoints,
                           int otherPointsFull, int wMeetings, int wReview, List<Integer> thresholds, boolean boardStars,
                           int reserveStars, int reserveYears, String changedBy, OffsetDateTime changedAt, String reason) {

    public static PartyFormula defaults(long countyId) {
        return new PartyFormula(null, countyId, 30, 100, 10, 100, 30, 30, List.of(40, 60, 75, 90), true, 4, 2, null,
                null, null);
    }

    /** The stars for a total. */
    public int starsFor(int total) {
        int stars = 1;
        for (int i = 0; i < thresholds.size(); i++) {
            if (total >= thresholds.get(i)) {
                stars = i + 2;
            }
        }
        return stars;
    }

    /** The total (0..100, rounded) for the components. */
    public int total(long partyPoints, long otherPoints, int meetings, int attended, int ballots, int reviewPercent) {
        double t = wPartyPoints * share(partyPoints, partyPointsFull)
                + wOtherPoints * share(otherPoints, otherPointsFull)
                + wMeetings * (meetings == 0 ? 1.0 : Math.min(1.0, (double) attended / meetings))
                + wReview * (ballots == 0 ? 0.0 : reviewPercent / 100.0);
        return (int) Math.max(0, Math.min(100, Math.round(t)));
    }

    private static double share(long points, int full) {
        return full <= 0 ? 0 : Math.max(0, Math.min(1.0, (double) points / full));
    }
}
