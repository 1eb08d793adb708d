package cn.jifen.claims.internal;

import cn.jifen.claims.Activity;
import cn.jifen.claims.Signup;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Volunteer activities (activity) and their sign-ups (activity_signup). */
@Repository
public class ActivitySql {
    private final JdbcClient jdbc;

    ActivitySql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // every use binds :v to the village; the subqueries name it too, not the outer row's village_id: Citus cannot
    // route a scalar subquery in the select list by the outer row, so it would run on every shard (docs/citus.md)
    private static final String SELECT_ACTIVITY = """
            SELECT a.village_id, a.id, a.title, a.place, a.starts_at, a.item_code, a.points, a.quota, a.status,
                   (SELECT COUNT(*) FROM activity_signup s WHERE s.village_id = :v AND s.activity_id = a.id),
                   (SELECT COUNT(*) FROM activity_signup s WHERE s.village_id = :v AND s.activity_id = a.id
                     AND s.checked_in_at IS NOT NULL), a.duration_minutes
            FROM activity a
            """;

    private static Activity activity(ResultSet rs, int i) throws SQLException {
        return new Activity(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                rs.getObject(5, OffsetDateTime.class), rs.getString(6), rs.getInt(7), rs.getInt(8), rs.getString(9),
                rs.getInt(10), rs.getInt(11), rs.getInt(12));
    }

    public long insertActivity(long villageId, String title, String place, OffsetDateTime startsAt, String itemCode, int points,
                        int quota, int minutes, String token, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO activity (village_id, title, place, starts_at, item_code, points, quota, duration_minutes,
                                      checkin_token, status, created_by, created_at)
                VALUES (:v, :t, :p, :s, :i, :pts, :q, :m, :tok, 'OPEN', :by, :at)""")
                .param("v", villageId).param("t", title).param("p", place).param("s", startsAt).param("i", itemCode)
                .param("pts", points).param("q", quota).param("m", minutes).param("tok", token).param("by", by).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<Activity> activity(long villageId, long id) {
        return jdbc.sql(SELECT_ACTIVITY + " WHERE a.village_id = :v AND a.id = :id").param("v", villageId).param("id", id)
                .query(ActivitySql::activity).optional();
    }

    public Optional<String> checkinToken(long villageId, long id) {
        return jdbc.sql("SELECT checkin_token FROM activity WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    public void lockActivity(long villageId, long id) {
        jdbc.sql("SELECT id FROM activity WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
    }

    public List<Activity> activities(long villageId, int limit, long offset) {
        return jdbc.sql(SELECT_ACTIVITY + " WHERE a.village_id = :v ORDER BY a.starts_at DESC, a.id DESC"
                        + " LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset).query(ActivitySql::activity).list();
    }

    /** The village's activities starting in [from, to), earliest first (a day's activities: a handful). */
    public List<Activity> activitiesBetween(long villageId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql(SELECT_ACTIVITY + " WHERE a.village_id = :v AND a.starts_at >= :f AND a.starts_at < :t"
                        + " ORDER BY a.starts_at, a.id")
                .param("v", villageId).param("f", from).param("t", to).query(ActivitySql::activity).list();
    }

    public long activityCount(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM activity WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    public List<Signup> signups(long villageId, long activityId) {
        return jdbc.sql("""
                SELECT s.resident_id, r.name, s.household_id, p.number, s.signed_up_at, s.checked_in_at, s.claim_id,
                       s.checked_out_at
                FROM activity_signup s
                JOIN resident_v r ON r.village_id = s.village_id AND r.id = s.resident_id
                LEFT JOIN passbook_v p ON p.village_id = s.village_id AND p.household_id = s.household_id
                WHERE s.village_id = :v AND s.activity_id = :a ORDER BY s.signed_up_at, s.resident_id""")
                .param("v", villageId).param("a", activityId)
                .query((rs, i) -> new Signup(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                        rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class),
                        rs.getObject(7, Long.class), rs.getObject(8, OffsetDateTime.class))).list();
    }

    public void signup(long villageId, long activityId, long residentId, long householdId, OffsetDateTime at, String by) {
        jdbc.sql("""
                INSERT INTO activity_signup (village_id, activity_id, resident_id, household_id, signed_up_at, signed_up_by)
                VALUES (:v, :a, :r, :h, :at, :by)""")
                .param("v", villageId).param("a", activityId).param("r", residentId).param("h", householdId)
                .param("at", at).param("by", by).update();
    }

    public boolean checkIn(long villageId, long activityId, long residentId, OffsetDateTime at, String by) {
        return jdbc.sql("""
                UPDATE activity_signup SET checked_in_at = :at, checked_in_by = :by
                WHERE village_id = :v AND activity_id = :a AND resident_id = :r AND checked_in_at IS NULL""")
                .param("at", at).param("by", by).param("v", villageId).param("a", activityId).param("r", residentId)
                .update() == 1;
    }

    /** Records the check-out of a checked-in resident not yet checked out; true when this call recorded it. */
    public boolean checkOut(long villageId, long activityId, long residentId, OffsetDateTime at, String by) {
        return jdbc.sql("""
                UPDATE activity_signup SET checked_out_at = :at, checked_out_by = :by
                WHERE village_id = :v AND activity_id = :a AND resident_id = :r AND checked_in_at IS NOT NULL
                  AND checked_out_at IS NULL AND checked_in_at <= :at""")
                .param("at", at).param("by", by).param("v", villageId).param("a", activityId).param("r", residentId)
                .update() == 1;
    }

    public void awarded(long villageId, long activityId, long residentId, long claimId) {
        jdbc.sql("UPDATE activity_signup SET claim_id = :c WHERE village_id = :v AND activity_id = :a AND resident_id = :r")
                .param("c", claimId).param("v", villageId).param("a", activityId).param("r", residentId).update();
    }

    /** Marks an activity awarded unless it already is; true for the one caller that wins. */
    public boolean claimActivityAward(long villageId, long activityId, OffsetDateTime at) {
        return jdbc.sql("UPDATE activity SET status = 'AWARDED', awarded_at = :at WHERE village_id = :v AND id = :id "
                        + "AND status <> 'AWARDED'")
                .param("at", at).param("v", villageId).param("id", activityId).update() == 1;
    }

    public void activityAwarded(long villageId, long activityId, OffsetDateTime at) {
        jdbc.sql("UPDATE activity SET status = 'AWARDED', awarded_at = :at WHERE village_id = :v AND id = :id")
                .param("at", at).param("v", villageId).param("id", activityId).update();
    }

    /** Participation person-times (参与人次): attended sign-ups of activities starting in the period. */
    public long participation(long villageId, OffsetDateTime from, OffsetDateTime to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM activity_signup s JOIN activity a ON a.village_id = s.village_id AND a.id = s.activity_id
                WHERE s.village_id = :v AND s.checked_in_at IS NOT NULL AND a.starts_at >= :f AND a.starts_at < :t""")
                .param("v", villageId).param("f", from).param("t", to).query(Long.class).single();
    }
}
