package cn.jifen.volunteers.internal;

import cn.jifen.volunteers.VolunteerHours;

/** A resident's volunteer year: hours, activities attended and points recorded for them, alongside each other. */
public record PersonHours(long villageId, long residentId, String residentName, long householdId, String passbookNumber,
                          long minutes, int activities, int points) {
    public String hours() { return VolunteerHours.hours(minutes); }
}
