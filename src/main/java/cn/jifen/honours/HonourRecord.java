package cn.jifen.honours;

import java.time.LocalDate;

/**
 * One honour awarded in a village: 流动红旗 (RED_FLAG), 正能量红人 (STAR_PERSON), 星级党员 frozen at year end
 * (STAR_PARTY_MEMBER) or an award the committee chose (AWARD_CANDIDATE_CHOSEN). {@code residentId} is null
 * for honours of a whole household.
 */
public record HonourRecord(long villageId, String kind, String periodLabel, long householdId, Long residentId,
                           String holderName, LocalDate awardedOn) { }
