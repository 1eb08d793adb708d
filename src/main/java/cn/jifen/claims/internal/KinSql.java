package cn.jifen.claims.internal;

import cn.jifen.claims.KinRelation;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The kin relations (staff_household): which staff account may not record or review for which household. */
@Repository
public class KinSql {
    private final JdbcClient jdbc;

    KinSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public boolean isKin(long villageId, long userId, long householdId) {
        return jdbc.sql("SELECT COUNT(*) FROM staff_household WHERE village_id = :v AND user_id = :u AND household_id = :h")
                .param("v", villageId).param("u", userId).param("h", householdId).query(Long.class).single() > 0;
    }

    public void registerKin(long villageId, long userId, long householdId, String relation) {
        jdbc.sql("INSERT INTO staff_household (village_id, user_id, household_id, relation) VALUES (:v, :u, :h, :r)")
                .param("v", villageId).param("u", userId).param("h", householdId).param("r", relation).update();
    }

    /** The village's kin relations (staff account ↔ household), by household then account. */
    public List<KinRelation> kinOf(long villageId) {
        return jdbc.sql("""
                SELECT village_id, user_id, household_id, relation FROM staff_household
                WHERE village_id = :v ORDER BY household_id, user_id""")
                .param("v", villageId)
                .query((rs, i) -> new KinRelation(rs.getLong("village_id"), rs.getLong("user_id"),
                        rs.getLong("household_id"), rs.getString("relation"))).list();
    }

    public Optional<String> kinRelation(long villageId, long userId, long householdId) {
        return jdbc.sql("SELECT relation FROM staff_household WHERE village_id = :v AND user_id = :u AND household_id = :h")
                .param("v", villageId).param("u", userId).param("h", householdId).query(String.class).optional();
    }

    public int removeKin(long villageId, long userId, long householdId) {
        return jdbc.sql("DELETE FROM staff_household WHERE village_id = :v AND user_id = :u AND household_id = :h")
                .param("v", villageId).param("u", userId).param("h", householdId).update();
    }
}
