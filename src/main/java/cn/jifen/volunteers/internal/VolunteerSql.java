package cn.jifen.volunteers.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The volunteers module's tables: volunteer_team, volunteer_member, volunteer_team_activity, volunteer_team_honour. */
@Repository
public class VolunteerSql {
    /** A team row as stored; the service adds the unit's code and name. */
    public record TeamRow(long villageId, long id, long orgUnitId, String orgPath, String name, ServiceType serviceType,
                   long captainVillageId, long captainResidentId, String captainName, int members,
                   OffsetDateTime createdAt) { }

    /** A linked activity: where the activity is. */
    public record Link(long villageId, long activityId, long teamVillageId, long teamId) { }

    private final JdbcClient jdbc;

    VolunteerSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT_TEAM = """
            SELECT t.village_id, t.id, t.org_unit_id, t.org_path, t.name, t.service_type, t.captain_village_id,
                   t.captain_resident_id, t.captain_name,
                   (SELECT COUNT(*) FROM volunteer_member m WHERE m.village_id = t.village_id AND m.team_id = t.id
                     AND m.left_on IS NULL), t.created_at
            FROM volunteer_team t
            """;

    /**
     * One village's team: the member count names :v itself, because Citus does not narrow a select-list subquery by
     * the outer row's village and would send it to every shard (docs/citus.md).
     */
    private static final String SELECT_TEAM_OF_VILLAGE =
            SELECT_TEAM.replace("WHERE m.village_id = t.village_id", "WHERE m.village_id = :v");

    private static TeamRow team(ResultSet rs, int i) throws SQLException {
        return new TeamRow(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                ServiceType.valueOf(rs.getString(6)), rs.getLong(7), rs.getLong(8), rs.getString(9), rs.getInt(10),
                rs.getObject(11, OffsetDateTime.class));
    }

    public long insertTeam(long villageId, long unitId, String path, String name, ServiceType type, long captainVillageId,
                    long captainResidentId, String captainName, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO volunteer_team (village_id, org_unit_id, org_path, name, service_type, captain_village_id,
                                            captain_resident_id, captain_name, created_by, created_at)
                VALUES (:v, :u, :p, :n, :t, :cv, :cr, :cn, :by, :at)""")
                .param("v", villageId).param("u", unitId).param("p", path).param("n", name).param("t", type.name())
                .param("cv", captainVillageId).param("cr", captainResidentId).param("cn", captainName)
                .param("by", by).param("at", at).update(keys, "id");
        return keys.getKey().longValue();
    }

    public void updateTeam(long villageId, long id, String name, ServiceType type, long captainVillageId, long captainResidentId,
                    String captainName) {
        jdbc.sql("""
                UPDATE volunteer_team SET name = :n, service_type = :t, captain_village_id = :cv,
                       captain_resident_id = :cr, captain_name = :cn
                WHERE village_id = :v AND id = :id""")
                .param("n", name).param("t", type.name()).param("cv", captainVillageId).param("cr", captainResidentId)
                .param("cn", captainName).param("v", villageId).param("id", id).update();
    }

    public Optional<TeamRow> team(long villageId, long id) {
        return jdbc.sql(SELECT_TEAM_OF_VILLAGE + " WHERE t.village_id = :v AND t.id = :id").param("v", villageId).param("id", id)
                .query(VolunteerSql::team).optional();
    }

    public void lockTeam(long villageId, long id) {
        jdbc.sql("SELECT id FROM volunteer_team WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
    }

    /** Teams of the unit at {@code path} and below it, and of the units above it (a village sees its town's teams). */
    public List<TeamRow> teamsAround(String path, int limit, long offset) {
        return jdbc.sql(SELECT_TEAM + " WHERE t.org_path LIKE :p OR :path LIKE CONCAT(t.org_path, '%')"
                        + " ORDER BY t.org_path, t.name, t.id LIMIT :limit OFFSET :offset")
                .param("p", path + "%").param("path", path).param("limit", limit).param("offset", offset)
                .query(VolunteerSql::team).list();
    }

    public long teamsAroundCount(String path) {
        return jdbc.sql("SELECT COUNT(*) FROM volunteer_team t WHERE t.org_path LIKE :p OR :path LIKE CONCAT(t.org_path, '%')")
                .param("p", path + "%").param("path", path).query(Long.class).single();
    }

    /** Teams of the unit at {@code path} and below it (a ranking's scope). */
    public List<TeamRow> teamsUnder(String path) {
        return jdbc.sql(SELECT_TEAM + " WHERE t.org_path LIKE :p ORDER BY t.org_path, t.name, t.id")
                .param("p", path + "%").query(VolunteerSql::team).list();
    }

    public List<TeamRow> teamsHousedIn(Collection<Long> villageIds) {
        if (villageIds.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT_TEAM + " WHERE t.village_id IN (:v) ORDER BY t.org_path, t.name, t.id")
                .param("v", List.copyOf(villageIds)).query(VolunteerSql::team).list();
    }

    // ------------------------------------------------------------ members

    public List<Member> members(long villageId, long teamId) {
        return jdbc.sql("""
                SELECT id, member_village_id, household_id, resident_id, resident_name, passbook_number, joined_on, left_on,
                       left_reason
                FROM volunteer_member WHERE village_id = :v AND team_id = :t ORDER BY joined_on, id""")
                .param("v", villageId).param("t", teamId)
                .query((rs, i) -> new Member(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getObject(7, LocalDate.class), rs.getObject(8, LocalDate.class),
                        rs.getString(9))).list();
    }

    public void join(long villageId, long teamId, long memberVillageId, long householdId, long residentId, String name,
              String passbook, LocalDate on, String by) {
        jdbc.sql("""
                INSERT INTO volunteer_member (village_id, team_id, member_village_id, household_id, resident_id,
                                              resident_name, passbook_number, joined_on, joined_by)
                VALUES (:v, :t, :mv, :h, :r, :n, :p, :on, :by)""")
                .param("v", villageId).param("t", teamId).param("mv", memberVillageId).param("h", householdId)
                .param("r", residentId).param("n", name).param("p", passbook).param("on", on).param("by", by).update();
    }

    public boolean leave(long villageId, long memberId, LocalDate on, String reason, String by) {
        return jdbc.sql("""
                UPDATE volunteer_member SET left_on = :on, left_reason = :r, left_by = :by
                WHERE village_id = :v AND id = :id AND left_on IS NULL""")
                .param("on", on).param("r", reason).param("by", by).param("v", villageId).param("id", memberId)
                .update() == 1;
    }

    /** Teams the resident belongs to today or did: (team village, team id) pairs. */
    List<long[]> teamsOf(long memberVillageId, long residentId) {
        return jdbc.sql("""
                SELECT DISTINCT village_id, team_id FROM volunteer_member
                WHERE member_village_id = :mv AND resident_id = :r""")
                .param("mv", memberVillageId).param("r", residentId)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    // ------------------------------------------------------------ activities

    /** Links an activity to a team; false when the activity already belongs to a team. */
    public boolean link(long activityVillageId, long activityId, long teamVillageId, long teamId, String by, OffsetDateTime at) {
        Long n = jdbc.sql("SELECT COUNT(*) FROM volunteer_team_activity WHERE village_id = :v AND activity_id = :a")
                .param("v", activityVillageId).param("a", activityId).query(Long.class).single();
        if (n > 0) {
            return false;
        }
        jdbc.sql("""
                INSERT INTO volunteer_team_activity (village_id, activity_id, team_village_id, team_id, linked_by, linked_at)
                VALUES (:v, :a, :tv, :t, :by, :at)""")
                .param("v", activityVillageId).param("a", activityId).param("tv", teamVillageId).param("t", teamId)
                .param("by", by).param("at", at).update();
        return true;
    }

    public List<Link> links(long teamVillageId, long teamId) {
        return jdbc.sql("""
                SELECT village_id, activity_id, team_village_id, team_id FROM volunteer_team_activity
                WHERE team_village_id = :tv AND team_id = :t ORDER BY village_id, activity_id""")
                .param("tv", teamVillageId).param("t", teamId)
                .query((rs, i) -> new Link(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).list();
    }

    public Optional<Link> linkOf(long activityVillageId, long activityId) {
        return jdbc.sql("""
                SELECT village_id, activity_id, team_village_id, team_id FROM volunteer_team_activity
                WHERE village_id = :v AND activity_id = :a""")
                .param("v", activityVillageId).param("a", activityId)
                .query((rs, i) -> new Link(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4))).optional();
    }

    // ------------------------------------------------------------ honours

    private static final String SELECT_HONOUR = """
            SELECT h.village_id, h.id, h.team_id, t.name, t.org_unit_id, h.honour_year, h.title, h.minutes,
                   h.person_times, h.awarded_by, h.awarded_by_unit, h.awarded_at
            FROM volunteer_team_honour h
            JOIN volunteer_team t ON t.village_id = h.village_id AND t.id = h.team_id
            """;

    /** An honour row; the unit's name is filled in by the service (index 4 holds the unit id). */
    public record HonourRow(TeamHonour honour, long unitId) { }

    private static HonourRow honour(ResultSet rs, int i) throws SQLException {
        return new HonourRow(new TeamHonour(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getString(4), null,
                rs.getInt(6), rs.getString(7), rs.getLong(8), rs.getInt(9), rs.getString(10), rs.getString(11),
                rs.getObject(12, OffsetDateTime.class)), rs.getLong(5));
    }

    public boolean hasHonour(long villageId, long teamId, int year) {
        return jdbc.sql("SELECT COUNT(*) FROM volunteer_team_honour WHERE village_id = :v AND team_id = :t AND honour_year = :y")
                .param("v", villageId).param("t", teamId).param("y", year).query(Long.class).single() > 0;
    }

    public long insertHonour(long villageId, long teamId, int year, String title, long minutes, int personTimes, String by,
                      String byUnit, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO volunteer_team_honour (village_id, team_id, honour_year, title, minutes, person_times,
                                                   awarded_by, awarded_by_unit, awarded_at)
                VALUES (:v, :t, :y, :title, :m, :pt, :by, :bu, :at)""")
                .param("v", villageId).param("t", teamId).param("y", year).param("title", title).param("m", minutes)
                .param("pt", personTimes).param("by", by).param("bu", byUnit).param("at", at).update(keys, "id");
        return keys.getKey().longValue();
    }

    public Optional<HonourRow> honour(long villageId, long id) {
        return jdbc.sql(SELECT_HONOUR + " WHERE h.village_id = :v AND h.id = :id").param("v", villageId).param("id", id)
                .query(VolunteerSql::honour).optional();
    }

    public List<HonourRow> honoursOf(long villageId, long teamId) {
        return jdbc.sql(SELECT_HONOUR + " WHERE h.village_id = :v AND h.team_id = :t ORDER BY h.honour_year DESC, h.id")
                .param("v", villageId).param("t", teamId).query(VolunteerSql::honour).list();
    }

    public List<HonourRow> honoursUnder(String path, int year) {
        return jdbc.sql(SELECT_HONOUR + " WHERE t.org_path LIKE :p AND h.honour_year = :y ORDER BY h.minutes DESC, h.id")
                .param("p", path + "%").param("y", year).query(VolunteerSql::honour).list();
    }
}
