package cn.jifen.market.internal;

import cn.jifen.market.Photo;
import cn.jifen.market.Supermarkets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the 六有 checklist: each check of a standard, and which supermarkets meet all six: tables {@code standard_check}. */
@Repository
public class StandardCheckSql {
    private final JdbcClient jdbc;

    public StandardCheckSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertCheck(long villageId, long supermarketId, String standard, boolean met, LocalDate on, String note,
                     byte[] photo, String photoType, String by, OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO standard_check (village_id, supermarket_id, standard, met, checked_on, note, photo, photo_type, checked_by, created_at)
                VALUES (:v, :s, :k, :m, :d, :n, :p, :pt, :b, :t)""")
                .param("v", villageId).param("s", supermarketId).param("k", standard).param("m", met).param("d", on)
                .param("n", note).param("p", photo).param("pt", photoType).param("b", by).param("t", at));
    }

    /** How many of the six standards a supermarket meets by the latest check of each (counted in the database). */
    private static final String STANDARDS_MET = """
            (SELECT COUNT(DISTINCT c.standard) FROM standard_check c
             WHERE c.village_id = s.village_id AND c.supermarket_id = s.id AND c.met = TRUE
               AND NOT EXISTS (SELECT 1 FROM standard_check n WHERE n.village_id = c.village_id
                   AND n.supermarket_id = c.supermarket_id AND n.standard = c.standard
                   AND (n.checked_on > c.checked_on OR (n.checked_on = c.checked_on AND n.id > c.id))))""";

    private static final String FAILING = " FROM supermarket s WHERE s.village_id IN (:v) AND s.active = TRUE AND "
            + STANDARDS_MET + " < " + Supermarkets.STANDARDS.size();

    /** Open supermarkets of the villages that do not meet all six standards (六有), with how many they meet. */
    public List<Supermarkets.Standing> failingStandards(Collection<Long> villageIds, int limit) {
        return jdbc.sql("SELECT s.*, " + STANDARDS_MET + " AS met" + FAILING + " ORDER BY s.village_id, s.id LIMIT " + limit)
                .param("v", List.copyOf(villageIds))
                .query((rs, i) -> new Supermarkets.Standing(SupermarketSql.supermarket(rs, i), rs.getInt("met"))).list();
    }

    public long countFailingStandards(Collection<Long> villageIds) {
        return jdbc.sql("SELECT COUNT(*)" + FAILING).param("v", List.copyOf(villageIds)).query(Long.class).single();
    }

    /** The checks of a supermarket, newest first. */
    public List<Supermarkets.StandardCheck> checks(long villageId, long supermarketId) {
        return jdbc.sql("""
                SELECT id, standard, met, checked_on, note, photo IS NOT NULL AS has_photo, checked_by, created_at
                FROM standard_check WHERE village_id = :v AND supermarket_id = :s ORDER BY checked_on DESC, id DESC""")
                .param("v", villageId).param("s", supermarketId)
                .query((rs, i) -> new Supermarkets.StandardCheck(rs.getLong("id"), rs.getString("standard"),
                        rs.getBoolean("met"), rs.getObject("checked_on", LocalDate.class), rs.getString("note"),
                        rs.getBoolean("has_photo"), rs.getString("checked_by"),
                        rs.getObject("created_at", OffsetDateTime.class))).list();
    }

    public Optional<Photo> checkPhoto(long villageId, long supermarketId, long checkId) {
        return jdbc.sql("SELECT photo, photo_type FROM standard_check WHERE village_id = :v AND supermarket_id = :s AND id = :id AND photo IS NOT NULL")
                .param("v", villageId).param("s", supermarketId).param("id", checkId)
                .query((rs, i) -> new Photo(rs.getBytes(1), rs.getString(2))).optional();
    }

    /** The standards whose latest check on or before a day is "met". */
    public List<String> standardsMet(long villageId, long supermarketId, LocalDate asOf) {
        List<Object[]> rows = jdbc.sql("""
                SELECT standard, met FROM standard_check WHERE village_id = :v AND supermarket_id = :s AND checked_on <= :d
                ORDER BY standard, checked_on DESC, id DESC""").param("v", villageId).param("s", supermarketId)
                .param("d", asOf).query((rs, i) -> new Object[] {rs.getString(1), rs.getBoolean(2)}).list();
        Map<String, Boolean> latest = new LinkedHashMap<>();
        for (Object[] r : rows) {
            latest.putIfAbsent((String) r[0], (Boolean) r[1]);
        }
        return latest.entrySet().stream().filter(Map.Entry::getValue).map(Map.Entry::getKey).toList();
    }
}
