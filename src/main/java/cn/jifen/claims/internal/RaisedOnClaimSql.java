package cn.jifen.claims.internal;

import java.time.OffsetDateTime;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * What an objection (异议, claim_objection) and an appeal (申诉, claim_appeal) have in common, written once: each is
 * raised on one claim by someone with a reason, waits OPEN, and is decided once (upheld or dismissed) with a reason.
 * The two tables keep the same columns for this; an appeal's decision also names its reversal posting, which
 * {@link AppealSql} adds to the statement.
 */
final class RaisedOnClaimSql {
    /** The two tables; the statements name only these, never a table from outside. */
    enum Table {
        OBJECTION("claim_objection"), APPEAL("claim_appeal");

        private final String name;

        Table(String name) {
            this.name = name;
        }
    }

    private RaisedOnClaimSql() { }

    /** Inserts an OPEN objection or appeal; returns its id. */
    static long insertOpen(JdbcClient jdbc, Table table, long villageId, long claimId, Long by, String byName,
                           OffsetDateTime at, String reason) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO " + table.name + """
                 (village_id, claim_id, raised_by, raised_by_name, raised_at, reason, status)
                VALUES (:v, :c, :by, :n, :at, :r, 'OPEN')""")
                .param("v", villageId).param("c", claimId).param("by", by).param("n", byName).param("at", at)
                .param("r", reason).update(keys, "id");
        return keys.getKey().longValue();
    }

    /**
     * The decision of an OPEN row, its common parameters bound: the caller adds the parameters of its own
     * {@code extraSet} (", col = :x") and {@code extraWhere} (" AND col = :y") and runs it; it changes one row or none
     * (none: decided meanwhile).
     */
    static JdbcClient.StatementSpec decision(JdbcClient jdbc, Table table, String extraSet, String extraWhere,
                                             long villageId, long id, String status, long by, String byName,
                                             OffsetDateTime at, String reason) {
        return jdbc.sql("UPDATE " + table.name + """
                 SET status = :s, decided_by = :by, decided_by_name = :n, decided_at = :at, decision_reason = :r\
                """ + extraSet + " WHERE village_id = :v AND id = :id AND status = 'OPEN'" + extraWhere)
                .param("s", status).param("by", by).param("n", byName).param("at", at).param("r", reason)
                .param("v", villageId).param("id", id);
    }
}
