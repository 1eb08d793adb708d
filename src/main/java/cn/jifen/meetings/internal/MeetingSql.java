package cn.jifen.meetings.internal;

import cn.jifen.meetings.Attendee;
import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.ReviewMode;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL of the meetings module; only its own tables. */
@Repository
public class MeetingSql {
    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    MeetingSql(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    // ------------------------------------------------------------------ review mode

    public List<ModeChange> modes(long villageId) {
        return jdbc.sql("SELECT * FROM meeting_review_mode WHERE village_id = :v ORDER BY set_at DESC, id DESC")
                .param("v", villageId)
                .query((rs, i) -> new ModeChange(ReviewMode.valueOf(rs.getString("mode")), rs.getString("reason"),
                        rs.getString("set_by"), rs.getObject("set_at", OffsetDateTime.class))).list();
    }

    public void insertMode(long villageId, ReviewMode mode, String reason, String by, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO meeting_review_mode (village_id, mode, reason, set_by, set_at)
                VALUES (:v, :m, :r, :by, :at)""")
                .param("v", villageId).param("m", mode.name()).param("r", reason).param("by", by).param("at", at).update();
    }

    // ------------------------------------------------------------------ panel

    private static PanelMember member(ResultSet rs, int i) throws SQLException {
        return new PanelMember(rs.getLong("id"), rs.getString("kind"), rs.getObject("user_id", Long.class),
                rs.getObject("resident_id", Long.class), rs.getObject("household_id", Long.class), rs.getString("name"),
                rs.getString("duty"), rs.getObject("joined_on", LocalDate.class), rs.getObject("left_on", LocalDate.class));
    }

    /** Every member the panel ever had, those still serving first, then by joining date. */
    public List<PanelMember> panel(long villageId) {
        return jdbc.sql("""
                SELECT * FROM meeting_panel_member WHERE village_id = :v
                ORDER BY CASE WHEN left_on IS NULL THEN 0 ELSE 1 END, joined_on, id""")
                .param("v", villageId).query(MeetingSql::member).list();
    }

    public long insertMember(long villageId, String kind, Long userId, Long residentId, Long householdId, String name,
                      String duty, LocalDate joinedOn, String by) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO meeting_panel_member (village_id, kind, user_id, resident_id, household_id, name, duty,
                                                  joined_on, joined_by)
                VALUES (:v, :k, :u, :r, :h, :n, :d, :on, :by)""")
                .param("v", villageId).param("k", kind).param("u", userId).param("r", residentId).param("h", householdId)
                .param("n", name).param("d", duty).param("on", joinedOn).param("by", by).update(keys, "id");
        return keys.getKey().longValue();
    }

    public int leave(long villageId, long memberId, LocalDate on, String by) {
        return jdbc.sql("""
                UPDATE meeting_panel_member SET left_on = :on, left_by = :by
                WHERE village_id = :v AND id = :id AND left_on IS NULL""")
                .param("on", on).param("by", by).param("v", villageId).param("id", memberId).update();
    }

    // ------------------------------------------------------------------ meetings

    /**
     * A village's meetings (every use binds :v). The subqueries name :v rather than m.village_id: Citus does not narrow
     * a select-list subquery by the outer row's village and would send it to every shard (docs/citus.md).
     */
    private static final String MEETING = """
            SELECT m.*, (SELECT COUNT(*) FROM meeting_attendance a WHERE a.village_id = :v
                         AND a.meeting_id = m.id) AS panel_size,
                        (SELECT COUNT(*) FROM meeting_attendance a WHERE a.village_id = :v
                         AND a.meeting_id = m.id AND a.present = TRUE) AS present_count
            FROM meeting m""";

    private static Meeting meeting(ResultSet rs, String villageName) throws SQLException {
        return new Meeting(rs.getLong("village_id"), rs.getLong("id"), villageName,
                rs.getObject("held_on", LocalDate.class), rs.getString("place"), rs.getString("status"),
                rs.getString("created_by"), rs.getObject("opened_at", OffsetDateTime.class), rs.getString("chair_name"),
                rs.getObject("closed_at", OffsetDateTime.class), rs.getInt("panel_size"), rs.getInt("present_count"));
    }

    public long insertMeeting(long villageId, String path, LocalDate on, String place, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO meeting (village_id, org_path, held_on, place, status, created_by, created_at)
                VALUES (:v, :p, :on, :pl, 'SCHEDULED', :by, :at)""")
                .param("v", villageId).param("p", path).param("on", on).param("pl", place).param("by", by)
                .param("at", at).update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<Meeting> meeting(long villageId, long id, String villageName) {
        return jdbc.sql(MEETING + " WHERE m.village_id = :v AND m.id = :id").param("v", villageId).param("id", id)
                .query((rs, i) -> meeting(rs, villageName)).optional();
    }

    /** Locks the meeting row for a change (two phones of the chair do not open or close it twice). */
    public Optional<String> lockStatus(long villageId, long id) {
        return jdbc.sql("SELECT status FROM meeting WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    public List<Meeting> meetings(long villageId, String villageName, int limit, long offset) {
        return jdbc.sql(MEETING + " WHERE m.village_id = :v ORDER BY m.held_on DESC, m.id DESC LIMIT :l OFFSET :o")
                .param("v", villageId).param("l", limit).param("o", offset)
                .query((rs, i) -> meeting(rs, villageName)).list();
    }

    public long countMeetings(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM meeting WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    public boolean anyOpen(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM meeting WHERE village_id = :v AND status = 'OPEN'").param("v", villageId)
                .query(Long.class).single() > 0;
    }

    public void open(long villageId, long id, String chair, OffsetDateTime at) {
        jdbc.sql("UPDATE meeting SET status = 'OPEN', opened_at = :at, chair_name = :c WHERE village_id = :v AND id = :id")
                .param("at", at).param("c", chair).param("v", villageId).param("id", id).update();
    }

    public void close(long villageId, long id, OffsetDateTime at) {
        jdbc.sql("UPDATE meeting SET status = 'CLOSED', closed_at = :at WHERE village_id = :v AND id = :id")
                .param("at", at).param("v", villageId).param("id", id).update();
    }

    // ------------------------------------------------------------------ attendance

    public void insertAttendee(long villageId, long meetingId, PanelMember m) {
        jdbc.sql("""
                INSERT INTO meeting_attendance (village_id, meeting_id, member_id, name, duty, present)
                VALUES (:v, :mt, :m, :n, :d, FALSE)""")
                .param("v", villageId).param("mt", meetingId).param("m", m.id()).param("n", m.name())
                .param("d", m.duty()).update();
    }

    public List<Attendee> attendance(long villageId, long meetingId) {
        return jdbc.sql("""
                SELECT * FROM meeting_attendance WHERE village_id = :v AND meeting_id = :m ORDER BY member_id""")
                .param("v", villageId).param("m", meetingId)
                .query((rs, i) -> new Attendee(rs.getLong("member_id"), rs.getString("name"), rs.getString("duty"),
                        rs.getBoolean("present"))).list();
    }

    public void setPresent(long villageId, long meetingId, Collection<Long> present) {
        jdbc.sql("UPDATE meeting_attendance SET present = FALSE WHERE village_id = :v AND meeting_id = :m")
                .param("v", villageId).param("m", meetingId).update();
        if (!present.isEmpty()) {
            jdbc.sql("""
                    UPDATE meeting_attendance SET present = TRUE
                    WHERE village_id = :v AND meeting_id = :m AND member_id IN (:ids)""")
                    .param("v", villageId).param("m", meetingId).param("ids", List.copyOf(present)).update();
        }
    }

    // ------------------------------------------------------------------ agenda and votes

    public record ItemRow(long id, int seq, String kind, long claimId, Long objectionId, Long appealId, long householdId,
                   long recordedBy, Long firstApprover, String label, int points, String detail, String outcome,
                   Integer outcomePoints, boolean applied, String appliedBy, String noteKey) { }

    public record NewItem(String kind, long claimId, Long objectionId, Long appealId, long householdId, long recordedBy,
                   Long firstApprover, String label, int points, String detail) { }

    /** The agenda in one batch (a village's month can bring a few dozen items). */
    public void insertItems(long villageId, long meetingId, List<NewItem> items) {
        MapSqlParameterSource[] rows = new MapSqlParameterSource[items.size()];
        for (int i = 0; i < rows.length; i++) {
            NewItem n = items.get(i);
            rows[i] = new MapSqlParameterSource().addValue("v", villageId).addValue("m", meetingId).addValue("s", i + 1)
                    .addValue("k", n.kind()).addValue("c", n.claimId()).addValue("o", n.objectionId())
                    .addValue("a", n.appealId()).addValue("h", n.householdId()).addValue("rb", n.recordedBy())
                    .addValue("fa", n.firstApprover()).addValue("l", n.label()).addValue("p", n.points())
                    .addValue("d", n.detail());
        }
        batch.batchUpdate("""
                INSERT INTO meeting_item (village_id, meeting_id, seq, kind, claim_id, objection_id, appeal_id,
                                          household_id, recorded_by, first_approver, label, points, detail)
                VALUES (:v, :m, :s, :k, :c, :o, :a, :h, :rb, :fa, :l, :p, :d)""", rows);
    }

    public List<ItemRow> items(long villageId, long meetingId) {
        return jdbc.sql("SELECT * FROM meeting_item WHERE village_id = :v AND meeting_id = :m ORDER BY seq")
                .param("v", villageId).param("m", meetingId)
                .query((rs, i) -> new ItemRow(rs.getLong("id"), rs.getInt("seq"), rs.getString("kind"),
                        rs.getLong("claim_id"), rs.getObject("objection_id", Long.class),
                        rs.getObject("appeal_id", Long.class), rs.getLong("household_id"), rs.getLong("recorded_by"),
                        rs.getObject("first_approver", Long.class), rs.getString("label"), rs.getInt("points"),
                        rs.getString("detail"), rs.getString("outcome"), rs.getObject("outcome_points", Integer.class),
                        rs.getBoolean("applied"), rs.getString("applied_by"), rs.getString("note_key"))).list();
    }

    void outcome(long villageId, long itemId, String outcome, Integer points, boolean applied, String appliedBy,
                 String noteKey) {
        jdbc.sql("""
                UPDATE meeting_item SET outcome = :o, outcome_points = :p, applied = :a, applied_by = :by, note_key = :n
                WHERE village_id = :v AND id = :id""")
                .param("o", outcome).param("p", points).param("a", applied).param("by", appliedBy).param("n", noteKey)
                .param("v", villageId).param("id", itemId).update();
    }

    public List<Vote> votes(long villageId, long meetingId) {
        return jdbc.sql("""
                SELECT mv.*, a.name FROM meeting_vote mv
                JOIN meeting_attendance a ON a.village_id = mv.village_id AND a.meeting_id = mv.meeting_id
                     AND a.member_id = mv.member_id
                WHERE mv.village_id = :v AND mv.meeting_id = :m ORDER BY mv.item_id, mv.member_id""")
                .param("v", villageId).param("m", meetingId)
                .query((rs, i) -> new Vote(rs.getLong("item_id"), rs.getLong("member_id"), rs.getString("name"),
                        Choice.valueOf(rs.getString("choice")), rs.getObject("points", Integer.class),
                        rs.getString("reason"))).list();
    }

    public record NewVote(long itemId, long memberId, Choice choice, Integer points, String reason) { }

    /** Replaces these members' votes on these items (the chair corrects a miscounted hand), in two batches. */
    public void votes(long villageId, long meetingId, List<NewVote> votes, String by, OffsetDateTime at) {
        MapSqlParameterSource[] rows = new MapSqlParameterSource[votes.size()];
        for (int i = 0; i < rows.length; i++) {
            NewVote n = votes.get(i);
            rows[i] = new MapSqlParameterSource().addValue("v", villageId).addValue("i", n.itemId())
                    .addValue("m", n.memberId()).addValue("mt", meetingId).addValue("c", n.choice().name())
                    .addValue("p", n.points()).addValue("r", n.reason()).addValue("by", by).addValue("at", at);
        }
        batch.batchUpdate("DELETE FROM meeting_vote WHERE village_id = :v AND item_id = :i AND member_id = :m", rows);
        batch.batchUpdate("""
                INSERT INTO meeting_vote (village_id, item_id, member_id, meeting_id, choice, points, reason, entered_by,
                                          entered_at)
                VALUES (:v, :i, :m, :mt, :c, :p, :r, :by, :at)""", rows);
    }

    /** Votes of members no longer marked present are dropped: only those who attend vote. */
    public void dropVotesOfAbsent(long villageId, long meetingId) {
        jdbc.sql("""
                DELETE FROM meeting_vote WHERE village_id = :v AND meeting_id = :m AND member_id IN (
                    SELECT member_id FROM meeting_attendance WHERE village_id = :v AND meeting_id = :m AND present = FALSE)""")
                .param("v", villageId).param("m", meetingId).update();
    }

    // ------------------------------------------------------------------ figures

    record Figures(long held, long decided, long present, long seats) { }

    Figures figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        List<Long> ids = List.copyOf(villageIds);
        long held = jdbc.sql("""
                SELECT COUNT(*) FROM meeting WHERE village_id IN (:ids) AND status = 'CLOSED'
                AND held_on BETWEEN :f AND :t""").param("ids", ids).param("f", from).param("t", to)
                .query(Long.class).single();
        long decided = jdbc.sql("""
                SELECT COUNT(*) FROM meeting_item i JOIN meeting m ON m.village_id = i.village_id AND m.id = i.meeting_id
                WHERE m.village_id IN (:ids) AND m.status = 'CLOSED' AND m.held_on BETWEEN :f AND :t
                AND i.applied = TRUE""").param("ids", ids).param("f", from).param("t", to).query(Long.class).single();
        Object[] seats = jdbc.sql("""
                SELECT COUNT(*), COALESCE(SUM(CASE WHEN a.present = TRUE THEN 1 ELSE 0 END), 0)
                FROM meeting_attendance a JOIN meeting m ON m.village_id = a.village_id AND m.id = a.meeting_id
                WHERE m.village_id IN (:ids) AND m.status = 'CLOSED' AND m.held_on BETWEEN :f AND :t""")
                .param("ids", ids).param("f", from).param("t", to)
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getLong(2)}).single();
        return new Figures(held, decided, (Long) seats[1], (Long) seats[0]);
    }
}
