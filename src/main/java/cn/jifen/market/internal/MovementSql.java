package cn.jifen.market.internal;

import cn.jifen.market.Movement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the stock ledger (台账): every stock movement, pending ones until decided: tables {@code stock_movement}. */
@Repository
public class MovementSql {
    private final JdbcClient jdbc;

    public MovementSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public long insertMovement(long villageId, long supermarketId, long productId, String kind, int quantity, String status,
                        Integer stockAfter, Long costCents, String supplier, Long fundId, String donor, String reason,
                        Integer counted, Integer expected, Long redemptionId, LocalDate on, String by, OffsetDateTime at) {
        return insertMovement(villageId, supermarketId, productId, kind, quantity, status, stockAfter, costCents, supplier,
                fundId, donor, reason, counted, expected, redemptionId, null, on, by, at);
    }

    public long insertMovement(long villageId, long supermarketId, long productId, String kind, int quantity, String status,
                        Integer stockAfter, Long costCents, String supplier, Long fundId, String donor, String reason,
                        Integer counted, Integer expected, Long redemptionId, Long reservationId, LocalDate on,
                        String by, OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO stock_movement (village_id, supermarket_id, product_id, kind, quantity, status, stock_after,
                  cost_cents, supplier, fund_id, donor, reason, counted, expected, redemption_id, reservation_id,
                  occurred_on, created_by, created_at)
                VALUES (:v, :s, :p, :k, :q, :st, :sa, :c, :sup, :f, :d, :r, :cn, :ex, :rid, :resid, :on, :b, :t)""")
                .param("resid", reservationId)
                .param("v", villageId).param("s", supermarketId).param("p", productId).param("k", kind)
                .param("q", quantity).param("st", status).param("sa", stockAfter).param("c", costCents)
                .param("sup", supplier).param("f", fundId).param("d", donor).param("r", reason).param("cn", counted)
                .param("ex", expected).param("rid", redemptionId).param("on", on).param("b", by).param("t", at));
    }

    /** A product's redemption movement: the units out and the stock left. */
    public record Out(long productId, int quantity, int stockAfter) { }

    /** The stock movements of a redemption (one per product) in one multi-row INSERT. */
    public void insertRedemptionMovements(long villageId, long supermarketId, long redemptionId, List<Out> out,
                                          LocalDate on, String by, OffsetDateTime at) {
        StringBuilder sql = new StringBuilder("""
                INSERT INTO stock_movement (village_id, supermarket_id, product_id, kind, quantity, status, stock_after,
                  redemption_id, occurred_on, created_by, created_at) VALUES """);
        for (int i = 0; i < out.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:v, :s, :p").append(i).append(", 'REDEMPTION', :q").append(i)
                    .append(", 'APPLIED', :sa").append(i).append(", :rid, :on, :b, :t)");
        }
        JdbcClient.StatementSpec spec = jdbc.sql(sql.toString()).param("v", villageId).param("s", supermarketId)
                .param("rid", redemptionId).param("on", on).param("b", by).param("t", at);
        for (int i = 0; i < out.size(); i++) {
            Out o = out.get(i);
            spec = spec.param("p" + i, o.productId()).param("q" + i, -o.quantity()).param("sa" + i, o.stockAfter());
        }
        spec.update();
    }

    private static final String MOVEMENT = """
            SELECT m.*, p.name AS product_name, p.unit, f.name AS fund_name FROM stock_movement m
            JOIN product p ON p.village_id = m.village_id AND p.id = m.product_id
            LEFT JOIN fund f ON f.village_id = m.village_id AND f.id = m.fund_id""";

    public static Movement movement(ResultSet rs, int i) throws SQLException {
        return new Movement(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getLong("product_id"), rs.getString("product_name"), rs.getString("unit"), rs.getString("kind"),
                rs.getInt("quantity"), rs.getString("status"), rs.getObject("stock_after", Integer.class),
                Money.yuan(rs.getObject("cost_cents", Long.class)), rs.getString("supplier"),
                rs.getObject("fund_id", Long.class), rs.getString("fund_name"), rs.getString("donor"),
                rs.getString("reason"), rs.getObject("counted", Integer.class), rs.getObject("expected", Integer.class),
                rs.getObject("redemption_id", Long.class), rs.getObject("occurred_on", LocalDate.class),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class),
                rs.getString("decision_reason"));
    }

    public Optional<Movement> movement(long villageId, long id) {
        return jdbc.sql(MOVEMENT + " WHERE m.village_id = :v AND m.id = :id").param("v", villageId).param("id", id)
                .query(MovementSql::movement).optional();
    }

    /** Locks a pending movement so two approvals cannot both apply it. */
    public Optional<String> lockMovementStatus(long villageId, long id) {
        return jdbc.sql("SELECT status FROM stock_movement WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    public void decideMovement(long villageId, long id, String status, Integer stockAfter, String by, OffsetDateTime at,
                        String reason) {
        jdbc.sql("""
                UPDATE stock_movement SET status = :st, stock_after = :sa, decided_by = :b, decided_at = :t, decision_reason = :r
                WHERE village_id = :v AND id = :id""").param("v", villageId).param("id", id).param("st", status)
                .param("sa", stockAfter).param("b", by).param("t", at).param("r", reason).update();
    }

    private static final String MOVEMENTS_IN_RANGE =
            " WHERE m.village_id = :v AND m.supermarket_id = :s AND m.occurred_on BETWEEN :f AND :t";

    public List<Movement> movements(long villageId, long supermarketId, LocalDate from, LocalDate to, Long productId, int limit,
                             long offset) {
        return jdbc.sql(MOVEMENT + MOVEMENTS_IN_RANGE + (productId == null ? "" : " AND m.product_id = :p")
                        + " ORDER BY m.id DESC LIMIT :lim OFFSET :off")
                .param("v", villageId).param("s", supermarketId).param("f", from).param("t", to)
                .param("p", productId == null ? 0L : productId).param("lim", limit).param("off", offset)
                .query(MovementSql::movement).list();
    }

    public long movementCount(long villageId, long supermarketId, LocalDate from, LocalDate to, Long productId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_movement m" + MOVEMENTS_IN_RANGE
                        + (productId == null ? "" : " AND m.product_id = :p"))
                .param("v", villageId).param("s", supermarketId).param("f", from).param("t", to)
                .param("p", productId == null ? 0L : productId).query(Long.class).single();
    }

    public List<Movement> pending(long villageId, long supermarketId) {
        return jdbc.sql(MOVEMENT + " WHERE m.village_id = :v AND m.supermarket_id = :s AND m.status = 'PENDING' ORDER BY m.id")
                .param("v", villageId).param("s", supermarketId).query(MovementSql::movement).list();
    }

    public List<Movement> pending(long villageId, long supermarketId, int limit, long offset) {
        return jdbc.sql(MOVEMENT + " WHERE m.village_id = :v AND m.supermarket_id = :s AND m.status = 'PENDING'"
                        + " ORDER BY m.id LIMIT :lim OFFSET :off")
                .param("v", villageId).param("s", supermarketId).param("lim", limit).param("off", offset)
                .query(MovementSql::movement).list();
    }

    public long pendingCount(long villageId, long supermarketId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_movement WHERE village_id = :v AND supermarket_id = :s AND status = 'PENDING'")
                .param("v", villageId).param("s", supermarketId).query(Long.class).single();
    }

    /** Goods donations: donor, product, quantity, date (valued by the caller at the price of that day). */
    public List<Object[]> goodsDonations(long villageId) {
        return jdbc.sql("""
                SELECT donor, product_id, quantity, occurred_on FROM stock_movement
                WHERE village_id = :v AND kind = 'DONATION' AND status = 'APPLIED' AND donor IS NOT NULL""")
                .param("v", villageId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getInt(3),
                        rs.getObject(4, LocalDate.class)}).list();
    }
}
