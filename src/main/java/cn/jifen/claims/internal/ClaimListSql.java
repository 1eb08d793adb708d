package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Lists and counts of claims for queues, histories, boards and homes (reads only). */
@Repository
public class ClaimListSql {
    private final JdbcClient jdbc;

    ClaimListSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims of a village whose household's grid lies under {@code gridPrefix}, optionally of some statuses,
     * one household, or one recorder; newest first (id breaks no tie: ids are unique), {@code limit} rows from
     * {@code offset}.
     */
    public List<Claim> list(long villageId, String gridPrefix, Collection<String> statuses, Long householdId, Long recordedBy,
                     int limit, long offset) {
        return filtered(ClaimSql.SELECT, villageId, gridPrefix, statuses, householdId, recordedBy,
                " ORDER BY c.id DESC LIMIT :limit OFFSET :offset")
                .param("limit", limit).param("offset", offset).query(ClaimSql::claim).list();
    }

    public List<Claim> list(long villageId, String gridPrefix, Collection<String> statuses, Long householdId, Long recordedBy,
                     int limit) {
        return list(villageId, gridPrefix, statuses, householdId, recordedBy, limit, 0);
    }

    /** How many claims {@link #list} would page through (same filters). */
    public long count(long villageId, String gridPrefix, Collection<String> statuses, Long householdId, Long recordedBy) {
        return filtered("SELECT COUNT(*) FROM claim c", villageId, gridPrefix, statuses, householdId, recordedBy, "")
                .query(Long.class).single();
    }

    private JdbcClient.StatementSpec filtered(String select, long villageId, String gridPrefix,
                                              Collection<String> statuses, Long householdId, Long recordedBy,
                                              String tail) {
        StringBuilder where = new StringBuilder(" WHERE c.village_id = :v");
        if (gridPrefix != null) {
            where.append(" AND EXISTS (SELECT 1 FROM household_v h JOIN org_unit_v g ON g.id = h.grid_id"
                    + " WHERE h.village_id = c.village_id AND h.id = c.household_id AND g.path LIKE :prefix)");
        }
        if (statuses != null && !statuses.isEmpty()) {
            where.append(" AND c.status IN (:statuses)");
        }
        if (householdId != null) {
            where.append(" AND c.household_id = :h");
        }
        if (recordedBy != null) {
            where.append(" AND c.recorded_by = :by");
        }
        var spec = jdbc.sql(select + where + tail).param("v", villageId);
        if (gridPrefix != null) {
            spec = spec.param("prefix", gridPrefix + "%");
        }
        if (statuses != null && !statuses.isEmpty()) {
            spec = spec.param("statuses", List.copyOf(statuses));
        }
        if (householdId != null) {
            spec = spec.param("h", householdId);
        }
        if (recordedBy != null) {
            spec = spec.param("by", recordedBy);
        }
        return spec;
    }

    public Map<ClaimStatus, Long> countsByStatus(long villageId) {
        Map<ClaimStatus, Long> m = new EnumMap<>(ClaimStatus.class);
        jdbc.sql("SELECT status, COUNT(*) FROM claim WHERE village_id = :v GROUP BY status").param("v", villageId)
                .query(rs -> {
                    m.put(ClaimStatus.valueOf(rs.getString(1)), rs.getLong(2));
                });
        return m;
    }

    /** The longest-waiting claims of the village in the given states, oldest recorded first. */
    public List<Claim> oldest(long villageId, Collection<String> statuses, int limit) {
        return jdbc.sql(ClaimSql.SELECT + " WHERE c.village_id = :v AND c.status IN (:s) ORDER BY c.recorded_at, c.id LIMIT " + limit)
                .param("v", villageId).param("s", statuses).query(ClaimSql::claim).list();
    }

    /** The village's claims that have an open appeal (申诉), oldest first. */
    public List<Claim> withOpenAppeal(long villageId) {
        return jdbc.sql(ClaimSql.SELECT + """
                 WHERE c.village_id = :v AND EXISTS (SELECT 1 FROM claim_appeal a
                       WHERE a.village_id = c.village_id AND a.claim_id = c.id AND a.status = 'OPEN')
                 ORDER BY c.id""").param("v", villageId).query(ClaimSql::claim).list();
    }

    // ------------------------------------------------------------ homes (town/county and villager)

    private static final String OVERDUE_OBJECTION = """
             WHERE c.village_id IN (:v) AND c.status = 'OBJECTED' AND c.publicity_ends_at < :now
               AND EXISTS (SELECT 1 FROM claim_objection o
                           WHERE o.village_id = c.village_id AND o.claim_id = c.id AND o.status = 'OPEN')""";

    /** Claims of the villages held by an open objection after their publicity period ended, oldest deadline first. */
    public List<Claim> overdueObjections(Collection<Long> villageIds, OffsetDateTime now, int limit) {
        return jdbc.sql(ClaimSql.SELECT + " " + OVERDUE_OBJECTION + " ORDER BY c.publicity_ends_at, c.village_id, c.id LIMIT " + limit)
                .param("v", List.copyOf(villageIds)).param("now", now).query(ClaimSql::claim).list();
    }

    public long countOverdueObjections(Collection<Long> villageIds, OffsetDateTime now) {
        return jdbc.sql("SELECT COUNT(*) FROM claim c " + OVERDUE_OBJECTION)
                .param("v", List.copyOf(villageIds)).param("now", now).query(Long.class).single();
    }

    /** Claims of the villages in one state, oldest recorded first. */
    public List<Claim> inStatus(Collection<Long> villageIds, ClaimStatus status, int limit) {
        return jdbc.sql(ClaimSql.SELECT + " WHERE c.village_id IN (:v) AND c.status = :s ORDER BY c.recorded_at, c.id LIMIT " + limit)
                .param("v", List.copyOf(villageIds)).param("s", status.name()).query(ClaimSql::claim).list();
    }

    public long countInStatus(Collection<Long> villageIds, ClaimStatus status) {
        return jdbc.sql("SELECT COUNT(*) FROM claim c WHERE c.village_id IN (:v) AND c.status = :s")
                .param("v", List.copyOf(villageIds)).param("s", status.name()).query(Long.class).single();
    }
}
