package cn.jifen.volunteers.internal;

import cn.jifen.volunteers.VolunteerHours;

import java.time.OffsetDateTime;

/** An activity that belongs to a team, with what its members gave to it. */
public record TeamActivity(long villageId, long activityId, String title, OffsetDateTime startsAt, int durationMinutes,
                           int attendees, int memberAttendees, long memberMinutes) {
    public String hours() { return VolunteerHours.hours(memberMinutes); }
}
