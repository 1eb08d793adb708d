package cn.jifen.claims.internal;

import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A village's own publicity period (claim_village_setting). */
@Repository
public class PublicitySettingSql {
    private final JdbcClient jdbc;

    PublicitySettingSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Integer> publicityDays(long villageId) {
        return jdbc.sql("SELECT publicity_days FROM claim_village_setting WHERE village_id = :v").param("v", villageId)
                .query(Integer.class).optional();
    }

    public void setPublicityDays(long villageId, int days, OffsetDateTime at, String by) {
        int n = jdbc.sql("UPDATE claim_village_setting SET publicity_days = :d, updated_at = :at, updated_by = :by WHERE village_id = :v")
                .param("d", days).param("at", at).param("by", by).param("v", villageId).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO claim_village_setting (village_id, publicity_days, updated_at, updated_by) VALUES (:v, :d, :at, :by)")
                    .param("d", days).param("at", at).param("by", by).param("v", villageId).update();
        }
    }

    public void clearPublicityDays(long villageId) {
        jdbc.sql("DELETE FROM claim_village_setting WHERE village_id = :v").param("v", villageId).update();
    }
}
