package cn.jifen.directory.internal;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL on org_unit and passbook_sequence. */
@Repository
public class OrgUnitSql {

    private static final String COLUMNS = "id, code, name, level, village_kind, parent_id, path, active";
    private static final RowMapper<OrgUnit> MAPPER = (rs, i) -> new OrgUnit(rs.getLong("id"), rs.getString("code"),
            rs.getString("name"), OrgLevel.valueOf(rs.getString("level")), rs.getString("village_kind"),
            (Long) rs.getObject("parent_id", Long.class), rs.getString("path"), rs.getBoolean("active"));

    private final JdbcClient jdbc;

    OrgUnitSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<OrgUnit> byCode(String code) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE code = :c").param("c", code)
                .query(MAPPER).optional();
    }

    public Optional<OrgUnit> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE id = :id").param("id", id)
                .query(MAPPER).optional();
    }

    public Optional<OffsetDateTime> createdAt(long id) {
        return jdbc.sql("SELECT created_at FROM org_unit WHERE id = :id").param("id", id).query(OffsetDateTime.class)
                .optional();
    }

    /** The subtree under (and including) a path, in tree order. */
    public List<OrgUnit> subtree(String path) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE path LIKE :p ORDER BY path")
                .param("p", path + "%").query(MAPPER).list();
    }

    public List<OrgUnit> children(long parentId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE parent_id = :p ORDER BY code")
                .param("p", parentId).query(MAPPER).list();
    }

    public List<OrgUnit> byLevelUnder(String path, OrgLevel level) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM org_unit WHERE path LIKE :p AND level = :l ORDER BY code")
                .param("p", path + "%").param("l", level.name()).query(MAPPER).list();
    }

    public OrgUnit insert(String code, String name, OrgLevel level, String villageKind, OrgUnit parent, OffsetDateTime now) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO org_unit (code, name, level, village_kind, parent_id, path, active, created_at)
                VALUES (:code, :name, :level, :kind, :parent, '/', TRUE, :now)""")
                .param("code", code).param("name", name).param("level", level.name()).param("kind", villageKind)
                .param("parent", parent == null ? null : parent.id()).param("now", now)
                .update(keys, "id");
        long id = keys.getKey().longValue();
        String path = (parent == null ? "/" : parent.path()) + id + "/";
        jdbc.sql("UPDATE org_unit SET path = :path WHERE id = :id").param("path", path).param("id", id).update();
        if (level == OrgLevel.VILLAGE) {
            jdbc.sql("INSERT INTO passbook_sequence (village_id, last_value) VALUES (:v, 0)").param("v", id).update();
        }
        return byId(id).orElseThrow();
    }

    public void rename(long id, String name) {
        jdbc.sql("UPDATE org_unit SET name = :n WHERE id = :id").param("n", name).param("id", id).update();
    }

    public void setActive(long id, boolean active) {
        jdbc.sql("UPDATE org_unit SET active = :a WHERE id = :id").param("a", active).param("id", id).update();
    }

    public void reparentLeaf(long id, OrgUnit newParent) {
        jdbc.sql("UPDATE org_unit SET parent_id = :p, path = :path WHERE id = :id")
                .param("p", newParent.id()).param("path", newParent.path() + id + "/").param("id", id).update();
    }

    /** Takes the next passbook number of a village; the row lock serialises only household creation. */
    public int nextPassbookSequence(long villageId) {
        jdbc.sql("UPDATE passbook_sequence SET last_value = last_value + 1 WHERE village_id = :v")
                .param("v", villageId).update();
        return jdbc.sql("SELECT last_value FROM passbook_sequence WHERE village_id = :v")
                .param("v", villageId).query(Integer.class).single();
    }

    /** Reserves n passbook numbers at once (roster import); returns the first. */
    public int reservePassbookSequence(long villageId, int n) {
        jdbc.sql("UPDATE passbook_sequence SET last_value = last_value + :n WHERE village_id = :v")
                .param("n", n).param("v", villageId).update();
        return jdbc.sql("SELECT last_value FROM passbook_sequence WHERE village_id = :v")
                .param("v", villageId).query(Integer.class).single() - n + 1;
    }

    public boolean isEmpty() {
        return jdbc.sql("SELECT COUNT(*) FROM org_unit").query(Long.class).single() == 0;
    }

    // A grid's households are its village's (a grid moves only when empty), so these counts name the village too: on
    // Citus they read one shard, and the transaction may still change org_unit, a reference table, afterwards (Citus
    // refuses that after a parallel read across shards).
    public long activeHouseholdsInGrid(long villageId, long gridId) {
        return jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v AND grid_id = :g AND status = 'ACTIVE'")
                .param("v", villageId).param("g", gridId).query(Long.class).single();
    }

    public long householdsInGrid(long villageId, long gridId) {
        return jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v AND grid_id = :g")
                .param("v", villageId).param("g", gridId).query(Long.class).single();
    }
}
