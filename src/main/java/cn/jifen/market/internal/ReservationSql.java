package cn.jifen.market.internal;

import cn.jifen.market.Reservation;
import cn.jifen.market.ReservationEndingSoon;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of online reservations, their lines and the household row that serialises a household's holds: tables {@code reservation}, {@code reservation_line}, {@code market_household}. */
@Repository
public class ReservationSql {
    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    public ReservationSql(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    /**
     * Locks (making it first when missing) the household's market row, one redemption or reservation of a household
     * at a time, in one statement: an upsert that takes the row lock (waiting for a concurrent holder of it) and
     * answers the row's {@code holds} flag as it stands after that wait. False: the household holds no points.
     */
    public boolean lockHousehold(long villageId, long householdId) {
        String sql = dialect.h2() ? """
                SELECT holds FROM FINAL TABLE (MERGE INTO market_household t
                  USING (VALUES (CAST(:v AS BIGINT), CAST(:h AS BIGINT))) s(v, h)
                  ON t.village_id = s.v AND t.household_id = s.h
                  WHEN MATCHED THEN UPDATE SET holds = t.holds
                  WHEN NOT MATCHED THEN INSERT (village_id, household_id) VALUES (s.v, s.h))""" : """
                INSERT INTO market_household (village_id, household_id) VALUES (:v, :h)
                ON CONFLICT (village_id, household_id) DO UPDATE SET holds = market_household.holds RETURNING holds""";
        try {
            return jdbc.sql(sql).param("v", villageId).param("h", householdId).query(Boolean.class).single();
        } catch (DuplicateKeyException e) {
            if (!dialect.h2()) {
                throw e;
            }
            // H2's MERGE is no atomic upsert: a twin made the row first, so this one now finds and locks it (a failed
            // statement leaves an H2 transaction usable)
            return jdbc.sql(sql).param("v", villageId).param("h", householdId).query(Boolean.class).single();
        }
    }

    /**
     * Whether the household may have points held by reservations, read without the lock (for showing, not for
     * deciding): its own village's shard, where summing the holds reads every shard (docs/citus.md).
     */
    public boolean mayHold(long villageId, long householdId) {
        return jdbc.sql("SELECT holds FROM market_household WHERE village_id = :v AND household_id = :h")
                .param("v", villageId).param("h", householdId).query(Boolean.class).optional().orElse(false);
    }

    /** Sets or clears the household's {@code holds} flag; under the household's lock. */
    public void markHolds(long villageId, long householdId, boolean holds) {
        jdbc.sql("UPDATE market_household SET holds = :x WHERE village_id = :v AND household_id = :h")
                .param("x", holds).param("v", villageId).param("h", householdId).update();
    }

    /** Points held by the household's reservations that have not lapsed at a moment. */
    public long heldPoints(long householdVillageId, long householdId, OffsetDateTime at) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(points), 0) FROM reservation
                WHERE household_village_id = :v AND household_id = :h AND status = 'HELD' AND expires_at > :t""")
                .param("v", householdVillageId).param("h", householdId).param("t", at).query(Long.class).single();
    }

    public long insertReservation(long villageId, long supermarketId, long householdVillageId, long householdId, String number,
                           long points, OffsetDateTime expires, String key, String by, OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO reservation (village_id, supermarket_id, household_village_id, household_id, passbook_number,
                  points, status, expires_at, idempotency_key, created_by, created_at)
                VALUES (:v, :s, :hv, :h, :n, :p, 'HELD', :e, :k, :b, :t)""").param("k", key)
                .param("v", villageId).param("s", supermarketId).param("hv", householdVillageId).param("h", householdId)
                .param("n", number).param("p", points).param("e", expires).param("b", by).param("t", at));
    }

    public void insertReservationLine(long villageId, long reservationId, int lineNo, long productId, int quantity, int unitPoints) {
        jdbc.sql("""
                INSERT INTO reservation_line (village_id, reservation_id, line_no, product_id, quantity, unit_points)
                VALUES (:v, :r, :l, :p, :q, :u)""").param("v", villageId).param("r", reservationId).param("l", lineNo)
                .param("p", productId).param("q", quantity).param("u", unitPoints).update();
    }

    public record ReservationRow(long villageId, long id, long supermarketId, long householdVillageId, long householdId,
                          String passbookNumber, long points, String status, OffsetDateTime expiresAt, String createdBy,
                          OffsetDateTime createdAt, String closedBy, OffsetDateTime closedAt, Long redemptionId) { }

    public static ReservationRow reservation(ResultSet rs, int i) throws SQLException {
        return new ReservationRow(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getLong("household_village_id"), rs.getLong("household_id"), rs.getString("passbook_number"),
                rs.getLong("points"), rs.getString("status"), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class), rs.getString("closed_by"),
                rs.getObject("closed_at", OffsetDateTime.class), rs.getObject("redemption_id", Long.class));
    }

    public Optional<ReservationRow> reservation(long villageId, long id) {
        return jdbc.sql("SELECT * FROM reservation WHERE village_id = :v AND id = :id").param("v", villageId)
                .param("id", id).query(ReservationSql::reservation).optional();
    }

    public Optional<ReservationRow> reservationByKey(long villageId, String key) {
        return jdbc.sql("SELECT * FROM reservation WHERE village_id = :v AND idempotency_key = :k").param("v", villageId)
                .param("k", key).query(ReservationSql::reservation).optional();
    }

    /** Locks a reservation row and returns its current status. */
    public Optional<String> lockReservation(long villageId, long id) {
        return jdbc.sql("SELECT status FROM reservation WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    public void closeReservation(long villageId, long id, String status, String by, OffsetDateTime at, Long redemptionId) {
        jdbc.sql("""
                UPDATE reservation SET status = :st, closed_by = :b, closed_at = :t, redemption_id = :r
                WHERE village_id = :v AND id = :id""").param("v", villageId).param("id", id).param("st", status)
                .param("b", by).param("t", at).param("r", redemptionId).update();
    }

    public List<Reservation.Line> reservationLines(long villageId, long reservationId) {
        return jdbc.sql("""
                SELECT l.product_id, p.name, p.unit, l.quantity, l.unit_points FROM reservation_line l
                JOIN product p ON p.village_id = l.village_id AND p.id = l.product_id
                WHERE l.village_id = :v AND l.reservation_id = :r ORDER BY l.line_no""")
                .param("v", villageId).param("r", reservationId)
                .query((rs, i) -> new Reservation.Line(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5))).list();
    }

    public List<ReservationRow> reservationsOfHousehold(long householdVillageId, long householdId, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM reservation WHERE household_village_id = :v AND household_id = :h
                ORDER BY created_at DESC, id DESC LIMIT :lim OFFSET :off""").param("v", householdVillageId)
                .param("h", householdId).param("lim", limit).param("off", offset).query(ReservationSql::reservation).list();
    }

    public long reservationCountOfHousehold(long householdVillageId, long householdId) {
        return jdbc.sql("SELECT COUNT(*) FROM reservation WHERE household_village_id = :v AND household_id = :h")
                .param("v", householdVillageId).param("h", householdId).query(Long.class).single();
    }

    public List<ReservationRow> heldAt(long villageId, long supermarketId) {
        return jdbc.sql("SELECT * FROM reservation WHERE village_id = :v AND supermarket_id = :s AND status = 'HELD' ORDER BY expires_at, id")
                .param("v", villageId).param("s", supermarketId).query(ReservationSql::reservation).list();
    }

    /** HELD reservations at a supermarket that have not lapsed at {@code now}, soonest to lapse first. */
    public List<ReservationRow> heldAt(long villageId, long supermarketId, OffsetDateTime now, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM reservation WHERE village_id = :v AND supermarket_id = :s AND status = 'HELD' AND expires_at > :now
                ORDER BY expires_at, id LIMIT :lim OFFSET :off""")
                .param("v", villageId).param("s", supermarketId).param("now", now).param("lim", limit).param("off", offset)
                .query(ReservationSql::reservation).list();
    }

    public long heldCountAt(long villageId, long supermarketId, OffsetDateTime now) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM reservation WHERE village_id = :v AND supermarket_id = :s AND status = 'HELD' AND expires_at > :now""")
                .param("v", villageId).param("s", supermarketId).param("now", now).query(Long.class).single();
    }

    /** HELD reservations past their time (any village), oldest first. */
    /** A held reservation past its time, and its place in the lapse order (expires_at, village_id, id). */
    public record DueReservation(long villageId, long id, OffsetDateTime expiresAt) { }

    /**
     * Held reservations whose hold ends in ({@code from}, {@code until}] and that were made more than
     * {@code leadHours} before their end (a shorter hold was announced with its end already).
     */
    public List<ReservationEndingSoon> endingSoon(OffsetDateTime from, OffsetDateTime until, int leadHours) {
        return jdbc.sql("""
                SELECT household_village_id, household_id, village_id, supermarket_id, id, points, expires_at, created_at
                FROM reservation WHERE status = 'HELD' AND expires_at > :f AND expires_at <= :u
                ORDER BY expires_at, village_id, id""")
                .param("f", from).param("u", until)
                .query((rs, i) -> new Object[] {new ReservationEndingSoon(rs.getLong(1), rs.getLong(2), rs.getLong(3),
                        rs.getLong(4), rs.getLong(5), rs.getLong(6), rs.getObject(7, OffsetDateTime.class)),
                        rs.getObject(8, OffsetDateTime.class)})
                .list().stream()
                .filter(r -> ((OffsetDateTime) r[1]).plusHours(leadHours).isBefore(((ReservationEndingSoon) r[0]).expiresAt()))
                .map(r -> (ReservationEndingSoon) r[0]).toList();
    }

    /**
     * Held reservations past their time, soonest first, starting after {@code after} (null: from the first): paging
     * by this key visits each once in a run, even when those before it stay held because their release failed.
     */
    public List<DueReservation> dueReservations(OffsetDateTime at, DueReservation after, int limit) {
        return jdbc.sql("SELECT village_id, id, expires_at FROM reservation WHERE status = 'HELD' AND expires_at <= :t"
                        + (after == null ? "" : " AND (expires_at > :e OR (expires_at = :e AND (village_id > :v"
                                + " OR (village_id = :v AND id > :id))))")
                        + " ORDER BY expires_at, village_id, id LIMIT :lim")
                .param("t", at).param("e", after == null ? at : after.expiresAt())
                .param("v", after == null ? 0L : after.villageId()).param("id", after == null ? 0L : after.id())
                .param("lim", limit)
                .query((rs, i) -> new DueReservation(rs.getLong(1), rs.getLong(2), rs.getObject(3, OffsetDateTime.class)))
                .list();
    }
}
