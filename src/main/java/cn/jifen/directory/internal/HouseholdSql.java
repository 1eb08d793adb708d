package cn.jifen.directory.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.PassbookHolder;
import cn.jifen.directory.Resident;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL on household, resident and passbook. Every statement names the village (the distribution key). */
@Repository
public class HouseholdSql {

    private final JdbcClient jdbc;

    HouseholdSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Row(long villageId, long id, String householdRef, long gridId, String gridName, String address,
               boolean lowIncome, String status, String passbookNumber) { }

    private static final String SELECT_ROW = """
            SELECT h.village_id, h.id, h.household_ref, h.grid_id, g.name AS grid_name, h.address, h.low_income,
                   h.status, p.number
            FROM household h
            JOIN org_unit g ON g.id = h.grid_id
            LEFT JOIN passbook p ON p.village_id = h.village_id AND p.household_id = h.id
            """;

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong("village_id"), rs.getLong("id"), rs.getString("household_ref"), rs.getLong("grid_id"),
                rs.getString("grid_name"), rs.getString("address"), rs.getBoolean("low_income"), rs.getString("status"),
                rs.getString("number"));
    }

    public Optional<Row> byId(long villageId, long id) {
        return jdbc.sql(SELECT_ROW + " WHERE h.village_id = :v AND h.id = :id")
                .param("v", villageId).param("id", id).query(HouseholdSql::row).optional();
    }

    public Optional<Row> byRef(long villageId, String ref) {
        return jdbc.sql(SELECT_ROW + " WHERE h.village_id = :v AND h.household_ref = :r")
                .param("v", villageId).param("r", ref).query(HouseholdSql::row).optional();
    }

    /**
     * From the passbook to its household: H2 does not turn {@link #SELECT_ROW}'s outer join into an inner one for
     * a condition on the passbook, and would read every household of the database to find one.
     */
    public Optional<Row> byPassbook(long villageId, String number) {
        return jdbc.sql("""
                SELECT h.village_id, h.id, h.household_ref, h.grid_id, g.name AS grid_name, h.address, h.low_income,
                       h.status, p.number
                FROM passbook p
                JOIN household h ON h.village_id = p.village_id AND h.id = p.household_id
                JOIN org_unit g ON g.id = h.grid_id
                WHERE p.village_id = :v AND p.number = :n""")
                .param("v", villageId).param("n", number).query(HouseholdSql::row).optional();
    }

    /**
     * The holder look-up; {@code village} is what the head-name subquery ties {@code resident.village_id} to: the bound
     * {@code :v} where the village is known (Citus cannot route a subquery tied to the outer row: every shard).
     */
    private static String holderSql(String village) {
        return """
            SELECT p.village_id, p.household_id, p.number, h.status,
              (SELECT MIN(r.name) FROM resident r WHERE r.village_id = %s AND r.household_id = h.id AND r.is_head = TRUE) AS head
            FROM passbook p JOIN household h ON h.village_id = p.village_id AND h.id = p.household_id""".formatted(village);
    }

    private static PassbookHolder holder(ResultSet rs, int i) throws SQLException {
        return new PassbookHolder(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
    }

    /** The holder of a passbook number, in any village (one statement: the counter counts them). */
    public Optional<PassbookHolder> holder(String number) {
        return jdbc.sql(holderSql("h.village_id") + " WHERE p.number = :n").param("n", number).query(HouseholdSql::holder).list().stream()
                .findFirst();
    }

    public Optional<PassbookHolder> holder(long villageId, String number) {
        return jdbc.sql(holderSql(":v") + " WHERE p.village_id = :v AND p.number = :n").param("v", villageId).param("n", number)
                .query(HouseholdSql::holder).optional();
    }

    public Optional<PassbookHolder> holder(long villageId, long householdId) {
        return jdbc.sql(holderSql(":v") + " WHERE p.village_id = :v AND p.household_id = :h").param("v", villageId)
                .param("h", householdId).query(HouseholdSql::holder).optional();
    }

    public List<Resident> residents(long villageId, long householdId) {
        return jdbc.sql("""
                SELECT id, household_id, name, relation, is_head, gender, birth_year, phone, id_card_masked,
                       party_member, party_branch, disabled, status
                FROM resident WHERE village_id = :v AND household_id = :h ORDER BY is_head DESC, id""")
                .param("v", villageId).param("h", householdId)
                .query((rs, i) -> new Resident(rs.getLong("id"), rs.getLong("household_id"), rs.getString("name"),
                        rs.getString("relation"), rs.getBoolean("is_head"), rs.getString("gender"),
                        rs.getInt("birth_year"), rs.getString("phone"), rs.getString("id_card_masked"),
                        rs.getBoolean("party_member"), rs.getString("party_branch"), rs.getBoolean("disabled"),
                        rs.getString("status")))
                .list();
    }

    /**
     * A page of households under a path (a village, or one grid), optionally filtered by name/ref/number. The
     * subqueries (and the filter's) name {@code :v}, not {@code h.village_id}: Citus cannot route a subquery in the
     * select list or under OR by the outer row, so it would run on every shard (docs/citus.md).
     */
    public List<HouseholdSummary> page(long villageId, String gridPathPrefix, String query, int size, long offset) {
        return jdbc.sql("""
                SELECT h.village_id, h.id, h.household_ref, p.number, g.name AS grid_name, h.address, h.status,
                       (SELECT r.name FROM resident r WHERE r.village_id = :v AND r.household_id = h.id
                          AND r.is_head = TRUE ORDER BY r.id LIMIT 1) AS head_name,
                       (SELECT COUNT(*) FROM resident r WHERE r.village_id = :v AND r.household_id = h.id
                          AND r.status = 'ACTIVE') AS members
                FROM household h
                JOIN org_unit g ON g.id = h.grid_id
                LEFT JOIN passbook p ON p.village_id = h.village_id AND p.household_id = h.id
                WHERE h.village_id = :v AND g.path LIKE :gp""" + filter(query)
                + " ORDER BY h.household_ref, h.id LIMIT :size OFFSET :offset")
                .param("v", villageId).param("gp", gridPathPrefix + "%").param("q", like(query))
                .param("size", size).param("offset", offset)
                .query((rs, i) -> new HouseholdSummary(rs.getLong("village_id"), rs.getLong("id"),
                        rs.getString("household_ref"), rs.getString("number"), rs.getString("head_name"),
                        rs.getString("grid_name"), rs.getString("address"), rs.getInt("members"),
                        rs.getString("status"), List.of()))
                .list();
    }

    /** The ids of the residents of some households of a village (one query for a page), head first, by household. */
    public Map<Long, List<Long>> residentIds(long villageId, Collection<Long> householdIds) {
        Map<Long, List<Long>> out = new HashMap<>();
        if (householdIds.isEmpty()) {
            return out;
        }
        jdbc.sql("""
                SELECT household_id, id FROM resident WHERE village_id = :v AND household_id IN (:h)
                ORDER BY household_id, is_head DESC, id""")
                .param("v", villageId).param("h", List.copyOf(householdIds))
                .query(rs -> {
                    out.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(rs.getLong(2));
                });
        return out;
    }

    public long count(long villageId, String gridPathPrefix, String query) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM household h
                JOIN org_unit g ON g.id = h.grid_id
                LEFT JOIN passbook p ON p.village_id = h.village_id AND p.household_id = h.id
                WHERE h.village_id = :v AND g.path LIKE :gp""" + filter(query))
                .param("v", villageId).param("gp", gridPathPrefix + "%").param("q", like(query))
                .query(Long.class).single();
    }

    private static String filter(String query) {
        return query == null ? "" : " " + """
                AND (h.household_ref LIKE :q OR p.number LIKE :q OR EXISTS (SELECT 1 FROM resident r
                      WHERE r.village_id = :v AND r.household_id = h.id AND r.name LIKE :q))""";
    }

    private static String like(String query) {
        if (query == null) {
            return "%";
        }
        String escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    public long insertHousehold(long villageId, String ref, long gridId, String address, boolean lowIncome, OffsetDateTime now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO household (village_id, household_ref, grid_id, address, low_income, status, created_at, updated_at)
                VALUES (:v, :ref, :grid, :addr, :low, 'ACTIVE', :now, :now)""")
                .param("v", villageId).param("ref", ref).param("grid", gridId).param("addr", address)
                .param("low", lowIncome).param("now", now)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public void insertResident(long villageId, long householdId, ResidentRules.Valid r, String cipher, String masked,
                        String digest, OffsetDateTime now) {
        jdbc.sql("""
                INSERT INTO resident (village_id, household_id, name, relation, is_head, gender, birth_year, phone,
                    id_card_cipher, id_card_masked, id_card_digest, party_member, party_branch, disabled, status, created_at)
                VALUES (:v, :h, :name, :rel, :head, :gender, :by, :phone, :cipher, :masked, :digest, :party, :branch,
                        :disabled, 'ACTIVE', :now)""")
                .param("v", villageId).param("h", householdId).param("name", r.name()).param("rel", r.relation())
                .param("head", r.head()).param("gender", r.gender()).param("by", r.birthYear()).param("phone", r.phone())
                .param("cipher", cipher).param("masked", masked).param("digest", digest)
                .param("party", r.partyMember()).param("branch", r.partyBranch()).param("disabled", r.disabled())
                .param("now", now)
                .update();
    }

    public void insertPassbook(long villageId, long householdId, String number, LocalDate issuedOn) {
        jdbc.sql("INSERT INTO passbook (village_id, household_id, number, issued_on) VALUES (:v, :h, :n, :d)")
                .param("v", villageId).param("h", householdId).param("n", number).param("d", issuedOn).update();
    }

    public void updateHousehold(long villageId, long id, long gridId, String address, boolean lowIncome, String status,
                         OffsetDateTime now) {
        jdbc.sql("""
                UPDATE household SET grid_id = :grid, address = :addr, low_income = :low, status = :status,
                       updated_at = :now WHERE village_id = :v AND id = :id""")
                .param("grid", gridId).param("addr", address).param("low", lowIncome).param("status", status)
                .param("now", now).param("v", villageId).param("id", id).update();
    }

    public void updateResidentStatus(long villageId, long residentId, String status) {
        jdbc.sql("UPDATE resident SET status = :s WHERE village_id = :v AND id = :id")
                .param("s", status).param("v", villageId).param("id", residentId).update();
    }

    /** Digests already registered in the village, to catch the same person twice. */
    public Optional<Long> residentByIdDigest(long villageId, String digest) {
        return jdbc.sql("SELECT household_id FROM resident WHERE village_id = :v AND id_card_digest = :d")
                .param("v", villageId).param("d", digest).query(Long.class).optional();
    }

    List<String> existingRefs(long villageId) {
        return jdbc.sql("SELECT household_ref FROM household WHERE village_id = :v").param("v", villageId)
                .query(String.class).list();
    }

    public record ResidentKey(String householdRef, String name, String relation, String gender, int birthYear,
                       String phone, String idCardDigest, boolean partyMember, String partyBranch, boolean disabled) { }

    /** Every resident of a village with its household's ref, to compare a roster against. */
    public List<ResidentKey> residentKeys(long villageId) {
        return jdbc.sql("""
                SELECT h.household_ref, r.name, r.relation, r.gender, r.birth_year, r.phone, r.id_card_digest,
                       r.party_member, r.party_branch, r.disabled
                FROM resident r JOIN household h ON h.village_id = r.village_id AND h.id = r.household_id
                WHERE r.village_id = :v""")
                .param("v", villageId)
                .query((rs, i) -> new ResidentKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getInt(5), rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getString(9),
                        rs.getBoolean(10)))
                .list();
    }

    LocalDate passbookIssuedOn(long villageId, long householdId) {
        return jdbc.sql("SELECT issued_on FROM passbook WHERE village_id = :v AND household_id = :h")
                .param("v", villageId).param("h", householdId).query(LocalDate.class).single();
    }

    List<Long> idsOfActiveHouseholds(long villageId) {
        return jdbc.sql("SELECT id FROM household WHERE village_id = :v AND status = 'ACTIVE' ORDER BY id")
                .param("v", villageId).query(Long.class).list();
    }

    /** Household ids of an active resident with this phone, across villages (villager login by phone). */
    public List<long[]> householdsByPhone(String phone) {
        List<long[]> out = new ArrayList<>();
        jdbc.sql("SELECT village_id, household_id FROM resident WHERE phone = :p AND status = 'ACTIVE'")
                .param("p", phone).query(rs -> {
                    out.add(new long[] {rs.getLong(1), rs.getLong(2)});
                });
        return out;
    }

    public Set<Long> idsIn(long villageId) {
        return new HashSet<>(jdbc.sql("SELECT id FROM household WHERE village_id = ?").param(villageId)
                .query(Long.class).list());
    }

    /** Locks the household's row for the caller's transaction (see {@link Households#lockForUpdate}). */
    public void lockForUpdate(long villageId, long householdId) {
        jdbc.sql("SELECT id FROM household WHERE village_id = ? AND id = ? FOR UPDATE").param(villageId).param(householdId)
                .query(Long.class).list();
    }
}
