package cn.jifen.honours;

/**
 * One line of a ranking. {@code rank} is null for an ineligible (vetoed) line; ties share a rank
 * (competition ranking: 1, 1, 3). Names are full names: public pages mask them.
 */
public record RankLine(Integer rank, long villageId, long householdId, Long residentId, String name,
                       String passbookNumber, String villageName, String gridName, String branch, long score,
                       boolean ineligible) { }
