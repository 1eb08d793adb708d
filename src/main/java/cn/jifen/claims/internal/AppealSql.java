package cn.jifen.claims.internal;

import cn.jifen.claims.Appeal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** Appeals (claim_appeal, 申诉) against posted deductions and vetoes. */
@Repository
public class AppealSql {
    private final JdbcClient jdbc;

    AppealSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertAppeal(long villageId, long claimId, Long by, String byName, OffsetDateTime at, String reason) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO claim_appeal (village_id, claim_id, raised_by, raised_by_name, raised_at, reason, status)
                VALUES (:v, :c, :by, :n, :at, :r, 'OPEN')""")
                .param("v", villageId).param("c", claimId).param("by", by).param("n", byName).param("at", at)
                .param("r", reason).update(keys, "id");
        return keys.getKey().longValue();
    }

    public boolean decideAppeal(long villageId, long appealId, long claimId, String status, long by, String byName,
                         OffsetDateTime at, String reason, UUID reversal) {
        return jdbc.sql("""
                UPDATE claim_appeal SET status = :s, decided_by = :by, decided_by_name = :n, decided_at = :at,
                                        decision_reason = :r, reversal_posting_id = :p
                WHERE village_id = :v AND id = :id AND claim_id = :c AND status = 'OPEN'""")
                .param("s", status).param("by", by).param("n", byName).param("at", at).param("r", reason)
                .param("p", reversal).param("v", villageId).param("id", appealId).param("c", claimId).update() == 1;
    }

    public List<Appeal> appeals(long villageId, long claimId) {
        return jdbc.sql("SELECT * FROM claim_appeal WHERE village_id = :v AND claim_id = :c ORDER BY id")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new Appeal(rs.getLong("id"), rs.getLong("claim_id"),
                        rs.getObject("raised_by", Long.class), rs.getString("raised_by_name"),
                        rs.getObject("raised_at", OffsetDateTime.class), rs.getString("reason"), rs.getString("status"),
                        rs.getString("decided_by_name"), rs.getObject("decided_at", OffsetDateTime.class),
                        rs.getString("decision_reason"))).list();
    }
}
