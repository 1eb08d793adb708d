package cn.jifen.market.internal;

import cn.jifen.market.Redemption;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of redemptions at the counter and their lines, and the totals read from them: tables {@code redemption}, {@code redemption_line}. */
@Repository
public class RedemptionSql {
    private final JdbcClient jdbc;

    public RedemptionSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A supermarket's completed redemptions of one county day: how many and how many points (the counter's "today"). */
    public DayTotals redemptionDay(long villageId, long supermarketId, LocalDate day) {
        return jdbc.sql("""
                SELECT COUNT(*) AS n, COALESCE(SUM(points), 0) AS p FROM redemption
                WHERE village_id = :v AND supermarket_id = :s AND county_date = :d AND status = 'COMPLETED'""")
                .param("v", villageId).param("s", supermarketId).param("d", day)
                .query((rs, n) -> new DayTotals(rs.getLong("n"), rs.getLong("p"))).single();
    }

    public record DayTotals(long redemptions, long points) { }

    public long insertRedemption(long villageId, long supermarketId, long householdVillageId, long householdId, String number,
                          String householdName, String key, String requestHash, UUID postingId, long points,
                          long cashCents, long balanceAfter, Long windowId, Long keeperId, String keeperName, LocalDate countyDate,
                          OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO redemption (village_id, supermarket_id, household_village_id, household_id, passbook_number,
                  household_name, idempotency_key, request_hash, posting_id, points, cash_cents, balance_after, status,
                  window_id, keeper_id, keeper_name, county_date, created_at)
                VALUES (:v, :s, :hv, :h, :n, :hn, :k, :rh, :p, :pts, :cash, :b, 'COMPLETED', :w, :kid, :kn, :d, :t)""")
                .param("v", villageId).param("s", supermarketId).param("hv", householdVillageId).param("h", householdId)
                .param("n", number).param("hn", householdName).param("k", key).param("rh", requestHash)
                .param("p", postingId).param("pts", points).param("cash", cashCents).param("b", balanceAfter).param("w", windowId)
                .param("kid", keeperId).param("kn", keeperName).param("d", countyDate).param("t", at));
    }

    public void insertLine(long villageId, long redemptionId, int lineNo, long productId, String name, String unit,
                    int quantity, int unitPoints, Long referenceCents) {
        jdbc.sql("""
                INSERT INTO redemption_line (village_id, redemption_id, line_no, product_id, product_name, unit, quantity, unit_points, reference_cents)
                VALUES (:v, :r, :l, :p, :n, :u, :q, :up, :rc)""")
                .param("v", villageId).param("r", redemptionId).param("l", lineNo).param("p", productId)
                .param("n", name).param("u", unit).param("q", quantity).param("up", unitPoints)
                .param("rc", referenceCents).update();
    }

    /** One line of a redemption as written. */
    public record NewLine(long productId, String name, String unit, int quantity, int unitPoints, Long referenceCents) { }

    /** The lines of a redemption in one multi-row INSERT (numbered from 1 in the order given). */
    public void insertLines(long villageId, long redemptionId, List<NewLine> lines) {
        StringBuilder sql = new StringBuilder("""
                INSERT INTO redemption_line (village_id, redemption_id, line_no, product_id, product_name, unit, quantity,
                  unit_points, reference_cents) VALUES """);
        for (int i = 0; i < lines.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:v, :r, ").append(i + 1).append(", :p").append(i).append(", :n")
                    .append(i).append(", :u").append(i).append(", :q").append(i).append(", :up").append(i)
                    .append(", :rc").append(i).append(')');
        }
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString()).param("v", villageId).param("r", redemptionId);
        for (int i = 0; i < lines.size(); i++) {
            NewLine l = lines.get(i);
            spec = spec.param("p" + i, l.productId()).param("n" + i, l.name()).param("u" + i, l.unit())
                    .param("q" + i, l.quantity()).param("up" + i, l.unitPoints()).param("rc" + i, l.referenceCents());
        }
        spec.update();
    }

    public record RedemptionRow(long villageId, long id, long supermarketId, long householdVillageId, long householdId,
                         String passbookNumber, String householdName, String key, String requestHash, UUID postingId,
                         long points, long cashCents, long balanceAfter, String status, Long windowId, Long keeperId, String keeperName,
                         LocalDate countyDate, OffsetDateTime createdAt, String cancelledBy, OffsetDateTime cancelledAt,
                         String cancelReason, UUID cancelPostingId) { }

    public static RedemptionRow redemption(ResultSet rs, int i) throws SQLException {
        return new RedemptionRow(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getLong("household_village_id"), rs.getLong("household_id"), rs.getString("passbook_number"),
                rs.getString("household_name"), rs.getString("idempotency_key"), rs.getString("request_hash"),
                rs.getObject("posting_id", UUID.class), rs.getLong("points"), rs.getLong("cash_cents"),
                rs.getLong("balance_after"),
                rs.getString("status"), rs.getObject("window_id", Long.class), rs.getObject("keeper_id", Long.class),
                rs.getString("keeper_name"), rs.getObject("county_date", LocalDate.class),
                rs.getObject("created_at", OffsetDateTime.class), rs.getString("cancelled_by"),
                rs.getObject("cancelled_at", OffsetDateTime.class), rs.getString("cancel_reason"),
                rs.getObject("cancel_posting_id", UUID.class));
    }

    public Optional<RedemptionRow> redemptionByKey(long villageId, String key) {
        return jdbc.sql("SELECT * FROM redemption WHERE village_id = :v AND idempotency_key = :k").param("v", villageId)
                .param("k", key).query(RedemptionSql::redemption).optional();
    }

    public Optional<RedemptionRow> redemption(long villageId, long id) {
        return jdbc.sql("SELECT * FROM redemption WHERE village_id = :v AND id = :id").param("v", villageId)
                .param("id", id).query(RedemptionSql::redemption).optional();
    }

    public List<Redemption.Line> lines(long villageId, long redemptionId) {
        return jdbc.sql("SELECT * FROM redemption_line WHERE village_id = :v AND redemption_id = :r ORDER BY line_no")
                .param("v", villageId).param("r", redemptionId)
                .query((rs, i) -> new Redemption.Line(rs.getLong("product_id"), rs.getString("product_name"),
                        rs.getString("unit"), rs.getInt("quantity"), rs.getInt("unit_points"),
                        Money.yuan(rs.getObject("reference_cents", Long.class)))).list();
    }

    public List<RedemptionRow> redemptionsOfSupermarket(long villageId, long supermarketId, LocalDate from, LocalDate to, int limit,
                                                 long offset) {
        return jdbc.sql("""
                SELECT * FROM redemption WHERE village_id = :v AND supermarket_id = :s AND county_date BETWEEN :f AND :t
                ORDER BY id DESC LIMIT :lim OFFSET :off""").param("v", villageId).param("s", supermarketId).param("f", from)
                .param("t", to).param("lim", limit).param("off", offset).query(RedemptionSql::redemption).list();
    }

    public long redemptionCountOfSupermarket(long villageId, long supermarketId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM redemption WHERE village_id = :v AND supermarket_id = :s AND county_date BETWEEN :f AND :t""")
                .param("v", villageId).param("s", supermarketId).param("f", from).param("t", to)
                .query(Long.class).single();
    }

    public List<RedemptionRow> redemptionsOfHousehold(long householdVillageId, long householdId, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM redemption WHERE household_village_id = :v AND household_id = :h
                ORDER BY created_at DESC, id DESC LIMIT :lim OFFSET :off""")
                .param("v", householdVillageId).param("h", householdId).param("lim", limit).param("off", offset)
                .query(RedemptionSql::redemption).list();
    }

    public long redemptionCountOfHousehold(long householdVillageId, long householdId) {
        return jdbc.sql("SELECT COUNT(*) FROM redemption WHERE household_village_id = :v AND household_id = :h")
                .param("v", householdVillageId).param("h", householdId).query(Long.class).single();
    }

    /** Marks a redemption cancelled, only if it still is completed (the row lock serialises twins). */
    public int cancelRedemption(long villageId, long id, String by, OffsetDateTime at, String reason, UUID postingId) {
        return jdbc.sql("""
                UPDATE redemption SET status = 'CANCELLED', cancelled_by = :b, cancelled_at = :t, cancel_reason = :r,
                  cancel_posting_id = :p WHERE village_id = :v AND id = :id AND status = 'COMPLETED'""")
                .param("v", villageId).param("id", id).param("b", by).param("t", at).param("r", reason)
                .param("p", postingId).update();
    }

    /** Completed redemptions made during one redemption window of a village: count, points, goods value in cents. */
    public long[] windowTotals(long villageId, long windowId) {
        long[] a = jdbc.sql("""
                SELECT COUNT(*), COALESCE(SUM(points), 0) FROM redemption
                WHERE village_id = :v AND window_id = :w AND status = 'COMPLETED'""")
                .param("v", villageId).param("w", windowId)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long cents = jdbc.sql("""
                SELECT COALESCE(SUM(l.quantity * l.reference_cents), 0) FROM redemption_line l
                JOIN redemption r ON r.village_id = l.village_id AND r.id = l.redemption_id
                WHERE r.village_id = :v AND r.window_id = :w AND r.status = 'COMPLETED' AND l.reference_cents IS NOT NULL""")
                .param("v", villageId).param("w", windowId).query(Long.class).single();
        return new long[] {a[0], a[1], cents};
    }

    /** Completed redemptions of households of the villages: count, points, goods value in cents. */
    public long[] redemptionTotals(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        long[] a = jdbc.sql("""
                SELECT COUNT(*), COALESCE(SUM(points), 0) FROM redemption
                WHERE household_village_id IN (:ids) AND status = 'COMPLETED' AND county_date BETWEEN :f AND :t""")
                .param("ids", villageIds).param("f", from).param("t", to)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).single();
        long cents = jdbc.sql("""
                SELECT COALESCE(SUM(l.quantity * l.reference_cents), 0) FROM redemption_line l
                JOIN redemption r ON r.village_id = l.village_id AND r.id = l.redemption_id
                WHERE r.household_village_id IN (:ids) AND r.status = 'COMPLETED' AND r.county_date BETWEEN :f AND :t
                  AND l.reference_cents IS NOT NULL""")
                .param("ids", villageIds).param("f", from).param("t", to).query(Long.class).single();
        return new long[] {a[0], a[1], cents};
    }
}
