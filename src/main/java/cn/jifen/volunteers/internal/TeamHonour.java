package cn.jifen.volunteers.internal;

import cn.jifen.volunteers.VolunteerHours;

import java.time.OffsetDateTime;

/** A yearly team honour (团队荣誉), with the year's figures as they stood when it was awarded. */
public record TeamHonour(long villageId, long id, long teamId, String teamName, String unitName, int year, String title,
                         long minutes, int personTimes, String awardedBy, String awardedByUnit,
                         OffsetDateTime awardedAt) {
    public String hours() { return VolunteerHours.hours(minutes); }

    /** The certificate's number, printed on it: year, routing village and id. */
    public String number() { return "ZYD-" + year + "-" + villageId + "-" + id; }
}
