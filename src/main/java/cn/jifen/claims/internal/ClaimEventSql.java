package cn.jifen.claims.internal;

import cn.jifen.claims.ClaimEvent;
import cn.jifen.claims.ClaimStatus;
import java.time.OffsetDateTime;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The claim's history (claim_event): one row per state change, and a household's changes for its villager. */
@Repository
public class ClaimEventSql {
    private final JdbcClient jdbc;

    ClaimEventSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void event(long villageId, long claimId, OffsetDateTime at, Long actorId, String actorName, String action,
               ClaimStatus from, ClaimStatus to, Integer points, String reason) {
        jdbc.sql("""
                INSERT INTO claim_event (village_id, claim_id, at, actor_id, actor_name, action, from_status, to_status,
                                         points, reason)
                VALUES (:v, :c, :at, :a, :n, :action, :from, :to, :p, :reason)""")
                .param("v", villageId).param("c", claimId).param("at", at).param("a", actorId).param("n", actorName)
                .param("action", action).param("from", from == null ? null : from.name()).param("to", to.name())
                .param("p", points).param("reason", reason).update();
    }

    public List<ClaimEvent> events(long villageId, long claimId) {
        return jdbc.sql("SELECT * FROM claim_event WHERE village_id = :v AND claim_id = :c ORDER BY id")
                .param("v", villageId).param("c", claimId)
                .query((rs, i) -> new ClaimEvent(rs.getLong("id"), rs.getObject("at", OffsetDateTime.class),
                        rs.getObject("actor_id", Long.class), rs.getString("actor_name"), rs.getString("action"),
                        rs.getString("from_status") == null ? null : ClaimStatus.valueOf(rs.getString("from_status")),
                        ClaimStatus.valueOf(rs.getString("to_status")), rs.getObject("points", Integer.class),
                        rs.getString("reason"))).list();
    }

    private static final String HOUSEHOLD_EVENTS = """
             FROM claim_event e JOIN claim c ON c.village_id = e.village_id AND c.id = e.claim_id
             WHERE e.village_id = :v AND c.household_id = :h AND e.at > :after AND e.at <= :until
               AND (e.actor_id IS NULL OR e.actor_id <> :me)""";

    /** State changes of a household's claims in a time range made by others than {@code me}, newest first. */
    public List<Long[]> householdEvents(long villageId, long householdId, long me, OffsetDateTime after, OffsetDateTime until,
                                 int limit) {
        return jdbc.sql("SELECT e.claim_id, e.id " + HOUSEHOLD_EVENTS + " ORDER BY e.at DESC, e.id DESC LIMIT " + limit)
                .param("v", villageId).param("h", householdId).param("after", after).param("until", until)
                .param("me", me).query((rs, i) -> new Long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    public long countHouseholdEvents(long villageId, long householdId, long me, OffsetDateTime after, OffsetDateTime until) {
        return jdbc.sql("SELECT COUNT(*) " + HOUSEHOLD_EVENTS).param("v", villageId).param("h", householdId)
                .param("after", after).param("until", until).param("me", me).query(Long.class).single();
    }
}
