package cn.jifen.volunteers.internal;

import java.time.LocalDate;

/** A villager appointed informant (信息员) of a grid, from a date until {@code endedOn} (null while serving). */
public record Informant(long villageId, long id, long gridId, String gridName, long householdId, long residentId,
                        String residentName, String passbookNumber, LocalDate appointedOn, LocalDate endedOn,
                        String endReason, int confirmedReports) {
    public boolean current() { return endedOn == null; }
}
