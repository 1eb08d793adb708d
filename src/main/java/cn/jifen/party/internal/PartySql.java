package cn.jifen.party.internal;

import cn.jifen.party.Rating;
import cn.jifen.party.PartyClass;
import cn.jifen.party.PartyPost;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** All SQL of the party module; only its own tables. */
@Repository
public class PartySql {
    private final JdbcClient jdbc;

    PartySql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // ------------------------------------------------------------------ classes

    static PartyClassRecord classRecord(ResultSet rs, int i) throws SQLException {
        return new PartyClassRecord(rs.getLong("id"), rs.getLong("resident_id"), PartyClass.valueOf(rs.getString("class_code")),
                rs.getString("works_at"), rs.getObject("effective_on", LocalDate.class), rs.getString("reason"),
                rs.getString("set_by"), rs.getObject("set_at", OffsetDateTime.class));
    }

    public void insertClass(long villageId, long residentId, PartyClass c, String worksAt, LocalDate on, String reason, String by,
                     OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO party_class (village_id, resident_id, class_code, works_at, effective_on, reason, set_by, set_at)
                VALUES (:v, :r, :c, :w, :on, :why, :by, :at)""")
                .param("v", villageId).param("r", residentId).param("c", c.name()).param("w", worksAt).param("on", on)
                .param("why", reason).param("by", by).param("at", at).update();
    }

    /** A member's classes, the one in force on the latest date first. */
    public List<PartyClassRecord> classes(long villageId, long residentId) {
        return jdbc.sql("SELECT * FROM party_class WHERE village_id = :v AND resident_id = :r ORDER BY effective_on DESC, id DESC")
                .param("v", villageId).param("r", residentId).query(PartySql::classRecord).list();
    }

    /** The class in force on a day for every member of the village that has one. */
    public Map<Long, PartyClassRecord> classesOn(long villageId, LocalDate day) {
        Map<Long, PartyClassRecord> out = new HashMap<>();
        jdbc.sql("SELECT * FROM party_class WHERE village_id = :v AND effective_on <= :d ORDER BY effective_on, id")
                .param("v", villageId).param("d", day).query(PartySql::classRecord).list()
                .forEach(c -> out.put(c.residentId(), c));
        return out;
    }

    // ------------------------------------------------------------------ posts

    public record PostRow(int year, long residentId, PartyPost post, String duty, String setBy, OffsetDateTime setAt) { }

    public static PostRow post(ResultSet rs, int i) throws SQLException {
        return new PostRow(rs.getInt("post_year"), rs.getLong("resident_id"), PartyPost.valueOf(rs.getString("post_code")),
                rs.getString("duty"), rs.getString("set_by"), rs.getObject("set_at", OffsetDateTime.class));
    }

    public Optional<PostRow> post(long villageId, int year, long residentId) {
        return jdbc.sql("SELECT * FROM party_post WHERE village_id = :v AND post_year = :y AND resident_id = :r")
                .param("v", villageId).param("y", year).param("r", residentId).query(PartySql::post).optional();
    }

    public void upsertPost(long villageId, int year, long residentId, PartyPost post, String duty, String by, OffsetDateTime at) {
        int n = jdbc.sql("""
                UPDATE party_post SET post_code = :p, duty = :d, set_by = :by, set_at = :at
                WHERE village_id = :v AND post_year = :y AND resident_id = :r""")
                .param("v", villageId).param("y", year).param("r", residentId).param("p", post.name()).param("d", duty)
                .param("by", by).param("at", at).update();
        if (n == 0) {
            jdbc.sql("""
                    INSERT INTO party_post (village_id, post_year, resident_id, post_code, duty, set_by, set_at)
                    VALUES (:v, :y, :r, :p, :d, :by, :at)""")
                    .param("v", villageId).param("y", year).param("r", residentId).param("p", post.name()).param("d", duty)
                    .param("by", by).param("at", at).update();
        }
    }

    public Map<Long, PostRow> posts(long villageId, int year) {
        Map<Long, PostRow> out = new HashMap<>();
        jdbc.sql("SELECT * FROM party_post WHERE village_id = :v AND post_year = :y").param("v", villageId).param("y", year)
                .query(PartySql::post).list().forEach(p -> out.put(p.residentId(), p));
        return out;
    }

    public List<PostRow> postsOf(long villageId, long residentId) {
        return jdbc.sql("SELECT * FROM party_post WHERE village_id = :v AND resident_id = :r ORDER BY post_year DESC")
                .param("v", villageId).param("r", residentId).query(PartySql::post).list();
    }

    // ------------------------------------------------------------------ representatives

    public List<Long> representatives(long villageId) {
        return jdbc.sql("SELECT resident_id FROM party_representative WHERE village_id = :v ORDER BY resident_id")
                .param("v", villageId).query(Long.class).list();
    }

    public boolean isRepresentative(long villageId, long residentId) {
        return jdbc.sql("SELECT COUNT(*) FROM party_representative WHERE village_id = :v AND resident_id = :r")
                .param("v", villageId).param("r", residentId).query(Long.class).single() > 0;
    }

    public void addRepresentative(long villageId, long residentId, String by, OffsetDateTime at) {
        jdbc.sql("INSERT INTO party_representative (village_id, resident_id, added_by, added_at) VALUES (:v, :r, :by, :at)")
                .param("v", villageId).param("r", residentId).param("by", by).param("at", at).update();
    }

    public int removeRepresentative(long villageId, long residentId) {
        return jdbc.sql("DELETE FROM party_representative WHERE village_id = :v AND resident_id = :r")
                .param("v", villageId).param("r", residentId).update();
    }

    // ------------------------------------------------------------------ meetings

    public record MeetingRow(long activityId, int year, String kind, String markedBy) { }

    public List<MeetingRow> meetings(long villageId, int year) {
        return jdbc.sql("SELECT * FROM party_meeting WHERE village_id = :v AND meeting_year = :y ORDER BY activity_id")
                .param("v", villageId).param("y", year)
                .query((rs, i) -> new MeetingRow(rs.getLong("activity_id"), rs.getInt("meeting_year"), rs.getString("kind"),
                        rs.getString("marked_by"))).list();
    }

    public void insertMeeting(long villageId, long activityId, int year, String kind, String by, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO party_meeting (village_id, activity_id, meeting_year, kind, marked_by, marked_at)
                VALUES (:v, :a, :y, :k, :by, :at)""")
                .param("v", villageId).param("a", activityId).param("y", year).param("k", kind).param("by", by)
                .param("at", at).update();
    }

    int deleteMeeting(long villageId, long activityId) {
        return jdbc.sql("DELETE FROM party_meeting WHERE village_id = :v AND activity_id = :a")
                .param("v", villageId).param("a", activityId).update();
    }

    // ------------------------------------------------------------------ the year: review window and freeze

    public record YearRow(LocalDate opens, LocalDate closes, OffsetDateTime frozenAt, String frozenBy) {
        public boolean frozen() { return frozenAt != null; }
    }

    public Optional<YearRow> year(long villageId, int year) {
        return jdbc.sql("SELECT * FROM party_year WHERE village_id = :v AND rating_year = :y")
                .param("v", villageId).param("y", year)
                .query((rs, i) -> new YearRow(rs.getObject("review_opens", LocalDate.class),
                        rs.getObject("review_closes", LocalDate.class), rs.getObject("frozen_at", OffsetDateTime.class),
                        rs.getString("frozen_by"))).optional();
    }

    /** Locks the village's year row (made if missing): writes to one year's rating run one at a time. */
    public YearRow lockYear(long villageId, int year) {
        if (year(villageId, year).isEmpty()) {
            // a row made at the same moment by another request is left as it is, without failing this transaction
            jdbc.sql("INSERT INTO party_year (village_id, rating_year) VALUES (:v, :y) ON CONFLICT DO NOTHING")
                    .param("v", villageId).param("y", year).update();
        }
        jdbc.sql("SELECT rating_year FROM party_year WHERE village_id = :v AND rating_year = :y FOR UPDATE")
                .param("v", villageId).param("y", year).query(Integer.class).single();
        return year(villageId, year).orElseThrow();
    }

    public void setWindow(long villageId, int year, LocalDate opens, LocalDate closes) {
        jdbc.sql("UPDATE party_year SET review_opens = :o, review_closes = :c WHERE village_id = :v AND rating_year = :y")
                .param("v", villageId).param("y", year).param("o", opens).param("c", closes).update();
    }

    public void setFrozen(long villageId, int year, OffsetDateTime at, String by) {
        jdbc.sql("UPDATE party_year SET frozen_at = :at, frozen_by = :by WHERE village_id = :v AND rating_year = :y")
                .param("v", villageId).param("y", year).param("at", at).param("by", by).update();
    }

    public void insertReopening(long villageId, int year, String reason, String by, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO party_reopening (village_id, rating_year, reason, reopened_by, reopened_at)
                VALUES (:v, :y, :why, :by, :at)""")
                .param("v", villageId).param("y", year).param("why", reason).param("by", by).param("at", at).update();
    }

    public record Reopening(int year, String reason, String by, OffsetDateTime at) { }

    public List<Reopening> reopenings(long villageId, int year) {
        return jdbc.sql("SELECT * FROM party_reopening WHERE village_id = :v AND rating_year = :y ORDER BY id DESC")
                .param("v", villageId).param("y", year)
                .query((rs, i) -> new Reopening(rs.getInt("rating_year"), rs.getString("reason"), rs.getString("reopened_by"),
                        rs.getObject("reopened_at", OffsetDateTime.class))).list();
    }

    /** Years of the village that are frozen, latest first. */
    public List<Integer> frozenYears(long villageId) {
        return jdbc.sql("SELECT rating_year FROM party_year WHERE village_id = :v AND frozen_at IS NOT NULL ORDER BY rating_year DESC")
                .param("v", villageId).query(Integer.class).list();
    }

    // ------------------------------------------------------------------ ballots

    public record BallotRow(long voterId, long memberId, ReviewMark mark, String channel, String enteredBy) { }

    public List<BallotRow> ballots(long villageId, int year) {
        return jdbc.sql("SELECT * FROM party_ballot WHERE village_id = :v AND rating_year = :y ORDER BY member_id, voter_id")
                .param("v", villageId).param("y", year)
                .query((rs, i) -> new BallotRow(rs.getLong("voter_id"), rs.getLong("member_id"),
                        ReviewMark.valueOf(rs.getString("mark")), rs.getString("channel"), rs.getString("entered_by"))).list();
    }

    public long countBallots(long villageId, int year, long voterId, Collection<Long> members) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM party_ballot WHERE village_id = :v AND rating_year = :y AND voter_id = :voter
                AND member_id IN (:m)""")
                .param("v", villageId).param("y", year).param("voter", voterId).param("m", List.copyOf(members))
                .query(Long.class).single();
    }

    public List<Long> votedFor(long villageId, int year, long voterId) {
        return jdbc.sql("SELECT member_id FROM party_ballot WHERE village_id = :v AND rating_year = :y AND voter_id = :voter")
                .param("v", villageId).param("y", year).param("voter", voterId).query(Long.class).list();
    }

    public void insertBallot(long villageId, int year, long voterId, long memberId, ReviewMark mark, String channel, String by,
                      OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO party_ballot (village_id, rating_year, voter_id, member_id, mark, channel, entered_by, entered_at)
                VALUES (:v, :y, :voter, :m, :mark, :c, :by, :at)""")
                .param("v", villageId).param("y", year).param("voter", voterId).param("m", memberId)
                .param("mark", mark.name()).param("c", channel).param("by", by).param("at", at).update();
    }

    // ------------------------------------------------------------------ ratings

    public static Rating rating(ResultSet rs, int i) throws SQLException {
        return new Rating(rs.getLong("village_id"), rs.getInt("rating_year"), rs.getLong("resident_id"),
                rs.getLong("household_id"), rs.getString("member_name"), rs.getLong("party_points"),
                rs.getLong("other_points"), rs.getInt("meetings"), rs.getInt("attended"), rs.getInt("ballots"),
                rs.getInt("review_percent"), rs.getInt("total"), rs.getInt("computed_stars"),
                rs.getObject("override_stars", Integer.class), rs.getString("override_reason"),
                rs.getString("overridden_by"), rs.getInt("stars"));
    }

    public List<Rating> ratings(long villageId, int year) {
        return jdbc.sql("SELECT * FROM party_rating WHERE village_id = :v AND rating_year = :y ORDER BY stars DESC, total DESC, resident_id")
                .param("v", villageId).param("y", year).query(PartySql::rating).list();
    }

    public List<Rating> ratingsOf(long villageId, long residentId) {
        return jdbc.sql("SELECT * FROM party_rating WHERE village_id = :v AND resident_id = :r ORDER BY rating_year DESC")
                .param("v", villageId).param("r", residentId).query(PartySql::rating).list();
    }

    public Optional<Rating> rating(long villageId, int year, long residentId) {
        return jdbc.sql("SELECT * FROM party_rating WHERE village_id = :v AND rating_year = :y AND resident_id = :r")
                .param("v", villageId).param("y", year).param("r", residentId).query(PartySql::rating).optional();
    }

    /** Writes the computed components; an override made earlier is kept and still decides the stars. */
    public void upsertRating(Rating r, Long formulaId, OffsetDateTime at) {
        int n = jdbc.sql("""
                UPDATE party_rating SET household_id = :h, member_name = :name, party_points = :pp, other_points = :op,
                    meetings = :m, attended = :a, ballots = :b, review_percent = :rp, total = :t, computed_stars = :cs,
                    stars = COALESCE(override_stars, :cs), formula_id = :f, computed_at = :at
                WHERE village_id = :v AND rating_year = :y AND resident_id = :r""")
                .params(ratingParams(r, formulaId, at)).update();
        if (n == 0) {
            jdbc.sql("""
                    INSERT INTO party_rating (village_id, rating_year, resident_id, household_id, member_name, party_points,
                        other_points, meetings, attended, ballots, review_percent, total, computed_stars, stars, formula_id,
                        computed_at)
                    VALUES (:v, :y, :r, :h, :name, :pp, :op, :m, :a, :b, :rp, :t, :cs, :cs, :f, :at)""")
                    .params(ratingParams(r, formulaId, at)).update();
        }
    }

    private static Map<String, Object> ratingParams(Rating r, Long formulaId, OffsetDateTime at) {
        Map<String, Object> p = new HashMap<>();
        p.put("v", r.villageId());
        p.put("y", r.year());
        p.put("r", r.residentId());
        p.put("h", r.householdId());
        p.put("name", r.name());
        p.put("pp", r.partyPoints());
        p.put("op", r.otherPoints());
        p.put("m", r.meetings());
        p.put("a", r.attended());
        p.put("b", r.ballots());
        p.put("rp", r.reviewPercent());
        p.put("t", r.total());
        p.put("cs", r.computedStars());
        p.put("f", formulaId);
        p.put("at", at);
        return p;
    }

    public void override(long villageId, int year, long residentId, Integer stars, String reason, String by) {
        jdbc.sql("""
                UPDATE party_rating SET override_stars = :s, override_reason = :why, overridden_by = :by,
                    stars = COALESCE(:s, computed_stars)
                WHERE village_id = :v AND rating_year = :y AND resident_id = :r""")
                .param("v", villageId).param("y", year).param("r", residentId).param("s", stars).param("why", reason)
                .param("by", by).update();
    }

    public void deleteRatingsExcept(long villageId, int year, Collection<Long> keep) {
        if (keep.isEmpty()) {
            jdbc.sql("DELETE FROM party_rating WHERE village_id = :v AND rating_year = :y")
                    .param("v", villageId).param("y", year).update();
            return;
        }
        jdbc.sql("DELETE FROM party_rating WHERE village_id = :v AND rating_year = :y AND resident_id NOT IN (:k)")
                .param("v", villageId).param("y", year).param("k", List.copyOf(keep)).update();
    }

    // ------------------------------------------------------------------ county figures

    /** (class code → members) over villages, by the class in force on the day; members without a class are not here. */
    public Map<String, Long> classCounts(Collection<Long> villageIds, LocalDate day) {
        Map<String, Long> out = new HashMap<>();
        if (villageIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT c.class_code, COUNT(*) FROM party_class c
                WHERE c.village_id IN (:v) AND c.effective_on <= :d AND NOT EXISTS (
                    SELECT 1 FROM party_class n WHERE n.village_id = c.village_id AND n.resident_id = c.resident_id
                      AND n.effective_on <= :d AND (n.effective_on > c.effective_on OR (n.effective_on = c.effective_on AND n.id > c.id)))
                GROUP BY c.class_code""")
                .param("v", List.copyOf(villageIds)).param("d", day)
                .query(rs -> {
                    out.put(rs.getString(1), rs.getLong(2));
                });
        return out;
    }

    public Map<Integer, Long> starCounts(Collection<Long> villageIds, int year) {
        Map<Integer, Long> out = new HashMap<>();
        if (villageIds.isEmpty()) {
            return out;
        }
        jdbc.sql("SELECT stars, COUNT(*) FROM party_rating WHERE village_id IN (:v) AND rating_year = :y GROUP BY stars")
                .param("v", List.copyOf(villageIds)).param("y", year)
                .query(rs -> {
                    out.put(rs.getInt(1), rs.getLong(2));
                });
        return out;
    }

    // ------------------------------------------------------------------ formula (county reference data)

    public static PartyFormula formula(ResultSet rs, int i) throws SQLException {
        return new PartyFormula(rs.getLong("id"), rs.getLong("county_id"), rs.getInt("w_party_points"),
                rs.getInt("party_points_full"), rs.getInt("w_other_points"), rs.getInt("other_points_full"),
                rs.getInt("w_meetings"), rs.getInt("w_review"),
                List.of(rs.getInt("star2"), rs.getInt("star3"), rs.getInt("star4"), rs.getInt("star5")),
                rs.getBoolean("board_stars"), rs.getInt("reserve_stars"), rs.getInt("reserve_years"),
                rs.getString("changed_by"), rs.getObject("changed_at", OffsetDateTime.class), rs.getString("reason"));
    }

    public Optional<PartyFormula> formula(long countyId) {
        return jdbc.sql("SELECT * FROM party_formula WHERE county_id = :c ORDER BY id DESC LIMIT 1")
                .param("c", countyId).query(PartySql::formula).optional();
    }

    public List<PartyFormula> formulaHistory(long countyId) {
        return jdbc.sql("SELECT * FROM party_formula WHERE county_id = :c ORDER BY id DESC")
                .param("c", countyId).query(PartySql::formula).list();
    }

    public void insertFormula(PartyFormula f) {
        jdbc.sql("""
                INSERT INTO party_formula (county_id, w_party_points, party_points_full, w_other_points, other_points_full,
                    w_meetings, w_review, star2, star3, star4, star5, board_stars, reserve_stars, reserve_years,
                    changed_by, changed_at, reason)
                VALUES (:c, :wp, :pf, :wo, :of, :wm, :wr, :s2, :s3, :s4, :s5, :board, :rs, :ry, :by, :at, :why)""")
                .param("c", f.countyId()).param("wp", f.wPartyPoints()).param("pf", f.partyPointsFull())
                .param("wo", f.wOtherPoints()).param("of", f.otherPointsFull()).param("wm", f.wMeetings())
                .param("wr", f.wReview()).param("s2", f.thresholds().get(0)).param("s3", f.thresholds().get(1))
                .param("s4", f.thresholds().get(2)).param("s5", f.thresholds().get(3)).param("board", f.boardStars())
                .param("rs", f.reserveStars()).param("ry", f.reserveYears()).param("by", f.changedBy())
                .param("at", f.changedAt()).param("why", f.reason()).update();
    }
}
