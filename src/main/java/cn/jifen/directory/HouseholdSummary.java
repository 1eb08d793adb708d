package cn.jifen.directory;

import java.util.List;

/**
 * One line of a household list. {@code members} counts the residents still registered (ACTIVE);
 * {@code residentIds} names every resident of the household, the head first, moved-out and deceased ones included.
 */
public record HouseholdSummary(long villageId, long id, String householdRef, String passbookNumber, String headName,
                               String gridName, String address, int members, String status, List<Long> residentIds) {
    HouseholdSummary withResidentIds(List<Long> ids) {
        return new HouseholdSummary(villageId, id, householdRef, passbookNumber, headName, gridName, address, members,
                status, List.copyOf(ids));
    }
}
