package cn.jifen.volunteers.internal;

import java.time.LocalDate;

/** One membership period of a resident in a team; {@code leftOn} is null while the resident is a member. */
public record Member(long id, long memberVillageId, long householdId, long residentId, String residentName,
                     String passbookNumber, LocalDate joinedOn, LocalDate leftOn, String leftReason) {
    public boolean current() { return leftOn == null; }

    /** A member on the day: joined on or before it, and not left before it (the leaving day still counts). */
    public boolean memberOn(LocalDate day) {
        return !joinedOn.isAfter(day) && (leftOn == null || !leftOn.isBefore(day));
    }
}
