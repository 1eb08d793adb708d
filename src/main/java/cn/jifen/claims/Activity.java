package cn.jifen.claims;

import java.time.OffsetDateTime;

/** A volunteer activity (志愿服务活动) with its sign-up and attendance counts and its scheduled length. */
public record Activity(long villageId, long id, String title, String place, OffsetDateTime startsAt, String itemCode,
                       int points, int quota, String status, int signedUp, int checkedIn, int durationMinutes) {
    /** When the activity is scheduled to end (start + scheduled length). */
    public OffsetDateTime endsAt() { return startsAt.plusMinutes(durationMinutes); }
}
