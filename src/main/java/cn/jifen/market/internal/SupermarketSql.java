package cn.jifen.market.internal;

import cn.jifen.market.Supermarkets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The SQL of supermarkets, the villages they serve, their keepers and the village market settings: tables {@code supermarket}, {@code supermarket_village}, {@code keeper_assignment}, {@code market_setting}. */
@Repository
public class SupermarketSql {
    private final JdbcClient jdbc;
    /** What the counter checks on every sale, per supermarket: the row, its keepers and the villages it serves. */
    private final VillageCache<List<Long>, Optional<Access>> access;
    /** The village's market settings (open every day, cash top-up). */
    private final VillageCache<Long, Settings> settings;

    public SupermarketSql(JdbcClient jdbc, @Value("${jifen.market.cache-seconds:10}") int cacheSeconds) {
        this.jdbc = jdbc;
        this.access = new VillageCache<>(Duration.ofSeconds(cacheSeconds));
        this.settings = new VillageCache<>(Duration.ofSeconds(cacheSeconds));
    }

    /** A supermarket with its keepers' accounts and the other villages it serves. */
    public record Access(Supermarkets.Supermarket supermarket, Set<Long> keepers, Set<Long> served) { }

    public record Settings(boolean openEveryDay, boolean allowCashTopUp) { }

    /** The supermarket, its keepers and served villages, from the cache (one statement when not cached). */
    public Optional<Access> access(long villageId, long id) {
        return access.get(List.of(villageId, id), k -> {
            List<Object[]> rows = jdbc.sql("""
                    SELECT s.*, 'K' AS what, k.user_id AS other FROM supermarket s
                      LEFT JOIN keeper_assignment k ON k.village_id = s.village_id AND k.supermarket_id = s.id
                     WHERE s.village_id = :v AND s.id = :id
                    UNION ALL
                    SELECT s.*, 'V' AS what, sv.served_village_id AS other FROM supermarket s
                      JOIN supermarket_village sv ON sv.village_id = s.village_id AND sv.supermarket_id = s.id
                     WHERE s.village_id = :v AND s.id = :id""")
                    .param("v", villageId).param("id", id)
                    .query((rs, i) -> new Object[] {supermarket(rs, i), rs.getString("what"), rs.getObject("other", Long.class)})
                    .list();
            if (rows.isEmpty()) {
                return Optional.empty();
            }
            Set<Long> keepers = new HashSet<>();
            Set<Long> served = new HashSet<>();
            for (Object[] r : rows) {
                if (r[2] != null) {
                    ("K".equals(r[1]) ? keepers : served).add((Long) r[2]);
                }
            }
            return Optional.of(new Access((Supermarkets.Supermarket) rows.get(0)[0], Set.copyOf(keepers), Set.copyOf(served)));
        });
    }

    /** The village's market settings, from the cache. */
    public Settings settings(long villageId) {
        return settings.get(villageId, v -> jdbc.sql("SELECT open_every_day, allow_cash_topup FROM market_setting WHERE village_id = :v")
                .param("v", v).query((rs, i) -> new Settings(rs.getBoolean(1), rs.getBoolean(2))).optional()
                .orElse(new Settings(false, false)));
    }

    private void changed() {
        access.changed();
        settings.changed();
    }

    public static Supermarkets.Supermarket supermarket(ResultSet rs, int i) throws SQLException {
        return new Supermarkets.Supermarket(rs.getLong("village_id"), rs.getLong("id"), rs.getString("name"),
                rs.getString("address"), rs.getBoolean("active"));
    }

    public Optional<Supermarkets.Supermarket> supermarket(long villageId, long id) {
        return jdbc.sql("SELECT * FROM supermarket WHERE village_id = :v AND id = :id").param("v", villageId)
                .param("id", id).query(SupermarketSql::supermarket).optional();
    }

    /** A new open supermarket of a village; returns its id (unique across villages). */
    public long insertSupermarket(long villageId, String name, String address, OffsetDateTime at) {
        changed();
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO supermarket (village_id, name, address, active, created_at) VALUES (:v, :n, :a, TRUE, :t)")
                .param("v", villageId).param("n", name).param("a", address).param("t", at).update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Supermarkets run by, or serving, a village. */
    public List<Supermarkets.Supermarket> servingVillage(long villageId) {
        return jdbc.sql("""
                SELECT * FROM supermarket s WHERE s.village_id = :v OR EXISTS (SELECT 1 FROM supermarket_village sv
                  WHERE sv.village_id = s.village_id AND sv.supermarket_id = s.id AND sv.served_village_id = :v)
                ORDER BY s.village_id, s.id""").param("v", villageId).query(SupermarketSql::supermarket).list();
    }

    public List<Long> servedVillages(long villageId, long supermarketId) {
        return jdbc.sql("SELECT served_village_id FROM supermarket_village WHERE village_id = :v AND supermarket_id = :s")
                .param("v", villageId).param("s", supermarketId).query(Long.class).list();
    }

    public void removeServed(long villageId, long supermarketId, long served) {
        changed();
        jdbc.sql("DELETE FROM supermarket_village WHERE village_id = :v AND supermarket_id = :s AND served_village_id = :o")
                .param("v", villageId).param("s", supermarketId).param("o", served).update();
    }

    public void renameSupermarket(long villageId, long id, String name, String address) {
        changed();
        jdbc.sql("UPDATE supermarket SET name = :n, address = :a WHERE village_id = :v AND id = :id")
                .param("n", name).param("a", address).param("v", villageId).param("id", id).update();
    }

    /** Opens or closes; false when another request changed it first (the row is not in the expected state). */
    public boolean setSupermarketActive(long villageId, long id, boolean active, String reason) {
        changed();
        return jdbc.sql("""
                UPDATE supermarket SET active = :a, status_reason = :r
                 WHERE village_id = :v AND id = :id AND active = :was""")
                .param("a", active).param("r", reason).param("v", villageId).param("id", id).param("was", !active)
                .update() == 1;
    }

    public Optional<String> supermarketStatusReason(long villageId, long id) {
        return jdbc.sql("SELECT status_reason FROM supermarket WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    public Optional<Long> supermarketVillage(long id) {
        return jdbc.sql("SELECT village_id FROM supermarket WHERE id = :id").param("id", id).query(Long.class).optional();
    }

    public void addServed(long villageId, long supermarketId, long served) {
        changed();
        jdbc.sql("INSERT INTO supermarket_village (village_id, supermarket_id, served_village_id) VALUES (:v, :s, :o)")
                .param("v", villageId).param("s", supermarketId).param("o", served).update();
    }

    public boolean isKeeper(long villageId, long supermarketId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM keeper_assignment WHERE village_id = :v AND supermarket_id = :s AND user_id = :u")
                .param("v", villageId).param("s", supermarketId).param("u", userId).query(Long.class).single() > 0;
    }

    /** A keeper assignment: the account (named by identity), when and by whom. */
    public record Assignment(long userId, OffsetDateTime assignedAt, String assignedBy) { }

    public List<Assignment> keeperAssignments(long villageId, long supermarketId) {
        return jdbc.sql("""
                SELECT user_id, assigned_at, assigned_by FROM keeper_assignment
                WHERE village_id = :v AND supermarket_id = :s ORDER BY user_id""")
                .param("v", villageId).param("s", supermarketId)
                .query((rs, i) -> new Assignment(rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3)))
                .list();
    }

    /** Supermarkets a keeper account is assigned to. */
    public List<Supermarkets.Supermarket> assignedTo(long userId) {
        return jdbc.sql("""
                SELECT s.* FROM supermarket s JOIN keeper_assignment k ON k.village_id = s.village_id AND k.supermarket_id = s.id
                WHERE k.user_id = :u ORDER BY s.village_id, s.id""").param("u", userId).query(SupermarketSql::supermarket).list();
    }

    public void assignKeeper(long villageId, long supermarketId, long userId, String by, OffsetDateTime at) {
        changed();
        jdbc.sql("INSERT INTO keeper_assignment (village_id, supermarket_id, user_id, assigned_by, assigned_at) VALUES (:v, :s, :u, :b, :t)")
                .param("v", villageId).param("s", supermarketId).param("u", userId).param("b", by).param("t", at).update();
    }

    public int unassignKeeper(long villageId, long supermarketId, long userId) {
        changed();
        return jdbc.sql("DELETE FROM keeper_assignment WHERE village_id = :v AND supermarket_id = :s AND user_id = :u")
                .param("v", villageId).param("s", supermarketId).param("u", userId).update();
    }

    public boolean openEveryDay(long villageId) {
        return jdbc.sql("SELECT open_every_day FROM market_setting WHERE village_id = :v").param("v", villageId)
                .query(Boolean.class).optional().orElse(false);
    }

    public void setOpenEveryDay(long villageId, boolean open, String by, OffsetDateTime at) {
        setSetting(villageId, "open_every_day", open, by, at);
    }

    public boolean allowCashTopUp(long villageId) {
        return jdbc.sql("SELECT allow_cash_topup FROM market_setting WHERE village_id = :v").param("v", villageId)
                .query(Boolean.class).optional().orElse(false);
    }

    public void setAllowCashTopUp(long villageId, boolean allow, String by, OffsetDateTime at) {
        setSetting(villageId, "allow_cash_topup", allow, by, at);
    }

    /** Sets one switch of the village's market settings, making the row when missing (the others keep their defaults). */
    private void setSetting(long villageId, String column, boolean value, String by, OffsetDateTime at) {
        changed();
        int n = jdbc.sql("UPDATE market_setting SET " + column + " = :o, updated_by = :b, updated_at = :t WHERE village_id = :v")
                .param("v", villageId).param("o", value).param("b", by).param("t", at).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO market_setting (village_id, " + column + ", updated_by, updated_at) VALUES (:v, :o, :b, :t)")
                    .param("v", villageId).param("o", value).param("b", by).param("t", at).update();
        }
    }

    /** Closed supermarkets of the villages. */
    public List<Supermarkets.Supermarket> closedIn(Collection<Long> villageIds, int limit) {
        return jdbc.sql("SELECT * FROM supermarket s WHERE s.village_id IN (:v) AND s.active = FALSE ORDER BY s.village_id, s.id LIMIT "
                        + limit).param("v", List.copyOf(villageIds)).query(SupermarketSql::supermarket).list();
    }

    public long countClosedIn(Collection<Long> villageIds) {
        return jdbc.sql("SELECT COUNT(*) FROM supermarket s WHERE s.village_id IN (:v) AND s.active = FALSE")
                .param("v", List.copyOf(villageIds)).query(Long.class).single();
    }

    /** The villages whose households shop at the open supermarkets of a village: the village itself and those served. */
    public List<Long> villagesShoppingAt(long villageId) {
        return jdbc.sql("""
                SELECT s.village_id FROM supermarket s WHERE s.village_id = :v AND s.active = TRUE
                UNION
                SELECT sv.served_village_id FROM supermarket_village sv JOIN supermarket s
                  ON s.village_id = sv.village_id AND s.id = sv.supermarket_id
                WHERE sv.village_id = :v AND s.active = TRUE""").param("v", villageId).query(Long.class).list()
                .stream().distinct().sorted().toList();
    }

    public List<long[]> supermarketKeysServing(Collection<Long> villageIds, OffsetDateTime before) {
        return jdbc.sql("""
                SELECT s.village_id, s.id FROM supermarket s WHERE s.active = TRUE AND s.created_at < :b AND (s.village_id IN (:ids)
                  OR EXISTS (SELECT 1 FROM supermarket_village sv WHERE sv.village_id = s.village_id AND sv.supermarket_id = s.id
                             AND sv.served_village_id IN (:ids)))""")
                .param("ids", villageIds).param("b", before)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }
}
