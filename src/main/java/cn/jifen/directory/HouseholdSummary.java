package cn.jifen.directory;

/** One line of a household list. */
public record HouseholdSummary(long villageId, long id, String householdRef, String passbookNumber, String headName,
                               String gridName, String address, int members, String status) { }
