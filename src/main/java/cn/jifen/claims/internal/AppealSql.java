package cn.jifen.claims.internal;

import cn.jifen.claims.Appeal;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Appeals (claim_appeal, 申诉) against posted deductions and vetoes. */
@Repository
public class AppealSql {
    private final JdbcClient jdbc;

    AppealSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertAppeal(long villageId, long claimId, Long by, String byName, OffsetDateTime at, String reason) {
        return RaisedOnClaimSql.insertOpen(jdbc, RaisedOnClaimSql.Table.APPEAL, villageId, claimId, by, byName, at, reason);
    }

    public boolean decideAppeal(long villageId, long appealId, long claimId, String status, long by, String byName,
                         OffsetDateTime at, String reason, UUID reversal) {
        return RaisedOnClaimSql.decision(jdbc, RaisedOnClaimSql.Table.APPEAL, ", reversal_posting_id = :p",
                        " AND claim_id = :c", villageId, appealId, status, by, byName, at, reason)
                .param("p", reversal).param("c", claimId).update() == 1;
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
