package cn.jifen.party;

/**
 * A member's rating for a year: the formula's components (党员争优 and other categories' points, meetings held and
 * attended, ballots and their average), the total (0..100), the computed stars, the branch's override with its
 * reason, and the stars that count.
 */
public record Rating(long villageId, int year, long residentId, long householdId, String name, long partyPoints,
                     long otherPoints, int meetings, int attended, int ballots, int reviewPercent, int total,
                     int computedStars, Integer overrideStars, String overrideReason, String overriddenBy, int stars) {
    public boolean overridden() { return overrideStars != null; }
}
