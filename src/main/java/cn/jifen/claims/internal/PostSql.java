package cn.jifen.claims.internal;

import cn.jifen.claims.ResponsibilityPost;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Responsibility posts (resp_post) and their adoption by households (resp_adoption). */
@Repository
public class PostSql {
    private final JdbcClient jdbc;

    PostSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    // every use binds :v to the village; the subqueries name it too, not the outer row's village_id: Citus cannot
    // route a scalar subquery in the select list by the outer row, so it would run on every shard (docs/citus.md)
    private static final String SELECT_POST = """
            SELECT p.village_id, p.id, p.name, p.item_code, p.description, p.active, a.household_id, pb.number,
                   (SELECT r.name FROM resident_v r WHERE r.village_id = :v AND r.household_id = a.household_id
                     ORDER BY r.is_head DESC, r.id LIMIT 1) AS head_name,
                   a.adopted_on,
                   (SELECT MAX(c.occurred_on) FROM claim c WHERE c.village_id = :v AND c.post_id = p.id
                     AND c.status NOT IN ('REJECTED', 'REVERSED')) AS last_inspected
            FROM resp_post p
            LEFT JOIN resp_adoption a ON a.village_id = p.village_id AND a.post_id = p.id AND a.ended_on IS NULL
            LEFT JOIN passbook_v pb ON pb.village_id = a.village_id AND pb.household_id = a.household_id
            """;

    private static ResponsibilityPost post(ResultSet rs, int i) throws SQLException {
        return new ResponsibilityPost(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getBoolean(6), rs.getObject(7, Long.class), rs.getString(8), rs.getString(9),
                rs.getObject(10, LocalDate.class), rs.getObject(11, LocalDate.class));
    }

    public long insertPost(long villageId, String name, String itemCode, String description, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO resp_post (village_id, name, item_code, description, active, created_at)
                VALUES (:v, :n, :i, :d, TRUE, :at)""")
                .param("v", villageId).param("n", name).param("i", itemCode).param("d", description).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    public boolean postNameTaken(long villageId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM resp_post WHERE village_id = :v AND name = :n")
                .param("v", villageId).param("n", name).query(Long.class).single() > 0;
    }

    public Optional<ResponsibilityPost> post(long villageId, long id) {
        return jdbc.sql(SELECT_POST + " WHERE p.village_id = :v AND p.id = :id").param("v", villageId).param("id", id)
                .query(PostSql::post).optional();
    }

    public void lockPost(long villageId, long id) {
        jdbc.sql("SELECT id FROM resp_post WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(Long.class).list();
    }

    public List<ResponsibilityPost> posts(long villageId) {
        return jdbc.sql(SELECT_POST + " WHERE p.village_id = :v ORDER BY p.name, p.id").param("v", villageId)
                .query(PostSql::post).list();
    }

    public List<ResponsibilityPost> posts(long villageId, int limit, long offset) {
        return jdbc.sql(SELECT_POST + " WHERE p.village_id = :v ORDER BY p.name, p.id LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("limit", limit).param("offset", offset).query(PostSql::post).list();
    }

    public long postCount(long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM resp_post WHERE village_id = :v").param("v", villageId)
                .query(Long.class).single();
    }

    private static final String UNINSPECTED = """
             WHERE p.village_id = :v AND p.active AND a.household_id IS NOT NULL
               AND NOT EXISTS (SELECT 1 FROM claim c WHERE c.village_id = p.village_id AND c.post_id = p.id
                               AND c.occurred_on BETWEEN :f AND :t AND c.status NOT IN ('REJECTED', 'REVERSED'))
            """;

    /** Active adopted posts with no inspection (claim not rejected) in the period. */
    public List<ResponsibilityPost> uninspected(long villageId, LocalDate from, LocalDate to) {
        return jdbc.sql(SELECT_POST + UNINSPECTED + " ORDER BY p.name, p.id")
                .param("v", villageId).param("f", from).param("t", to).query(PostSql::post).list();
    }

    public List<ResponsibilityPost> uninspected(long villageId, LocalDate from, LocalDate to, int limit, long offset) {
        return jdbc.sql(SELECT_POST + UNINSPECTED + " ORDER BY p.name, p.id LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("f", from).param("t", to).param("limit", limit).param("offset", offset)
                .query(PostSql::post).list();
    }

    public long uninspectedCount(long villageId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM resp_post p
                LEFT JOIN resp_adoption a ON a.village_id = p.village_id AND a.post_id = p.id AND a.ended_on IS NULL
                """ + UNINSPECTED)
                .param("v", villageId).param("f", from).param("t", to).query(Long.class).single();
    }

    public void endAdoption(long villageId, long postId, LocalDate on) {
        jdbc.sql("UPDATE resp_adoption SET ended_on = :d WHERE village_id = :v AND post_id = :p AND ended_on IS NULL")
                .param("d", on).param("v", villageId).param("p", postId).update();
    }

    public void adopt(long villageId, long postId, long householdId, LocalDate on) {
        jdbc.sql("INSERT INTO resp_adoption (village_id, post_id, household_id, adopted_on) VALUES (:v, :p, :h, :d)")
                .param("v", villageId).param("p", postId).param("h", householdId).param("d", on).update();
    }
}
