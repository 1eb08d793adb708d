package cn.jifen.meetings.internal;

import java.time.LocalDate;

/**
 * A member of the village's 积分评议小组: a staff account ({@code kind} STAFF, {@code userId}) such as the branch
 * secretary or a committee member, or a resident ({@code kind} RESIDENT, {@code residentId} of {@code householdId})
 * such as a villager representative. A member serves from {@code joinedOn} until {@code leftOn} (null: still serving).
 */
public record PanelMember(long id, String kind, Long userId, Long residentId, Long householdId, String name, String duty,
                          LocalDate joinedOn, LocalDate leftOn) {
    public boolean staff() { return "STAFF".equals(kind); }

    public boolean servesOn(LocalDate day) {
        return !joinedOn.isAfter(day) && (leftOn == null || leftOn.isAfter(day));
    }
}
