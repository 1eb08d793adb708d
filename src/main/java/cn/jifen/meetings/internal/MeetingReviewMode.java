package cn.jifen.meetings.internal;

import cn.jifen.claims.ReviewsInMeetings;
import cn.jifen.meetings.ReviewMode;
import org.springframework.stereotype.Component;

/** Tells the claim page which villages review in meetings (the village's review mode in force). */
@Component
class MeetingReviewMode implements ReviewsInMeetings {
    private final MeetingSql sql;

    MeetingReviewMode(MeetingSql sql) {
        this.sql = sql;
    }

    @Override
    public boolean reviewsInMeetings(long villageId) {
        var modes = sql.modes(villageId);
        return !modes.isEmpty() && modes.get(0).mode() == ReviewMode.MEETING;
    }
}
