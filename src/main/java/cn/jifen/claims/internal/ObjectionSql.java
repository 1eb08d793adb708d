package cn.jifen.claims.internal;

import cn.jifen.claims.Objection;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Objections (claim_objection) raised on claims in publicity, and how each was decided. */
@Repository
public class ObjectionSql {
    private final JdbcClient jdbc;

    ObjectionSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertObjection(long villageId, long claimId, Long by, String byName, OffsetDateTime at, String reason) {
        return RaisedOnClaimSql.insertOpen(jdbc, RaisedOnClaimSql.Table.OBJECTION, villageId, claimId, by, byName, at,
                reason);
    }

    public boolean decideObjection(long villageId, long objectionId, String status, long by, String byName,
                            OffsetDateTime at, String reason) {
        return RaisedOnClaimSql.decision(jdbc, RaisedOnClaimSql.Table.OBJECTION, "", "", villageId, objectionId, status,
                by, byName, at, reason).update() == 1;
    }

    public List<Objection> objections(long villageId, long claimId) {
        return jdbc.sql("SELECT * FROM claim_objection WHERE village_id = :v AND claim_id = :c ORDER BY id")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new Objection(rs.getLong("id"), rs.getLong("claim_id"),
                        rs.getObject("raised_by", Long.class), rs.getString("raised_by_name"),
                        rs.getObject("raised_at", OffsetDateTime.class), rs.getString("reason"), rs.getString("status"),
                        rs.getObject("decided_by", Long.class), rs.getString("decided_by_name"),
                        rs.getObject("decided_at", OffsetDateTime.class), rs.getString("decision_reason"))).list();
    }

    public long openObjections(long villageId, long claimId) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_objection WHERE village_id = :v AND claim_id = :c AND status = 'OPEN'")
                .param("v", villageId).param("c", claimId).query(Long.class).single();
    }

    /** Objections raised on a household's claims, newest first (open ones and decided ones). */
    public List<Long[]> householdObjections(long villageId, long householdId, int limit) {
        return jdbc.sql("""
                SELECT o.claim_id, o.id FROM claim_objection o JOIN claim c ON c.village_id = o.village_id AND c.id = o.claim_id
                WHERE o.village_id = :v AND c.household_id = :h ORDER BY o.raised_at DESC, o.id DESC LIMIT """ + " " + limit)
                .param("v", villageId).param("h", householdId)
                .query((rs, i) -> new Long[] {rs.getLong(1), rs.getLong(2)}).list();
    }
}
