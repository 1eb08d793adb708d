package cn.jifen.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The party members of a village as the directory records them (residents flagged 党员, with their branch), for the
 * party module's classification and rating. Callers check the actor's scope on the village first.
 */
@Component
public class PartyRoster {
    /** A resident as the party module needs them: active means the resident and the household are both active. */
    public record Person(long villageId, long id, long householdId, String name, String gender, int birthYear,
                         boolean partyMember, String branch, String passbookNumber, boolean active) { }

    private static final String SELECT = """
            SELECT r.village_id, r.id, r.household_id, r.name, r.gender, r.birth_year, r.party_member, r.party_branch,
                   p.number, CASE WHEN r.status = 'ACTIVE' AND h.status = 'ACTIVE' THEN 1 ELSE 0 END AS active
            FROM resident r
            JOIN household h ON h.village_id = r.village_id AND h.id = r.household_id
            LEFT JOIN passbook p ON p.village_id = h.village_id AND p.household_id = h.id
            """;

    private final JdbcClient jdbc;

    PartyRoster(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static Person person(ResultSet rs, int i) throws SQLException {
        return new Person(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("household_id"), rs.getString("name"),
                rs.getString("gender"), rs.getInt("birth_year"), rs.getBoolean("party_member"),
                rs.getString("party_branch"), rs.getString("number"), rs.getInt("active") == 1);
    }

    /** The village's active party members, by branch, then name, then id. */
    public List<Person> members(long villageId) {
        return jdbc.sql(SELECT + """
                WHERE r.village_id = :v AND r.party_member = TRUE AND r.status = 'ACTIVE' AND h.status = 'ACTIVE'
                ORDER BY r.party_branch, r.name, r.id""")
                .param("v", villageId).query(PartyRoster::person).list();
    }

    /** Any resident of the village (party member or not, active or not). */
    public Optional<Person> resident(long villageId, long residentId) {
        return jdbc.sql(SELECT + " WHERE r.village_id = :v AND r.id = :r")
                .param("v", villageId).param("r", residentId).query(PartyRoster::person).optional();
    }

    /** The residents of one household (any status), head first. */
    public List<Person> household(long villageId, long householdId) {
        return jdbc.sql(SELECT + " WHERE r.village_id = :v AND r.household_id = :h ORDER BY r.is_head DESC, r.id")
                .param("v", villageId).param("h", householdId).query(PartyRoster::person).list();
    }

    /** Residents of the village by id (any status). */
    public List<Person> residents(long villageId, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql(SELECT + " WHERE r.village_id = :v AND r.id IN (:ids) ORDER BY r.name, r.id")
                .param("v", villageId).param("ids", List.copyOf(ids)).query(PartyRoster::person).list();
    }
}
