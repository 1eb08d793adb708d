package cn.jifen.market;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** All SQL of the market module. */
@Repository
class MarketSql {
    private final JdbcClient jdbc;

    MarketSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    static BigDecimal yuan(Long cents) {
        return cents == null ? null : BigDecimal.valueOf(cents, 2);
    }

    private long insert(JdbcClient.StatementSpec spec) {
        var keys = new GeneratedKeyHolder();
        spec.update(keys, "id");
        return keys.getKey().longValue();
    }

    // ---------------------------------------------------------------- supermarkets, keepers, settings

    static Supermarkets.Supermarket supermarket(ResultSet rs, int i) throws SQLException {
        return new Supermarkets.Supermarket(rs.getLong("village_id"), rs.getLong("id"), rs.getString("name"),
                rs.getString("address"), rs.getBoolean("active"));
    }

    Optional<Supermarkets.Supermarket> supermarket(long villageId, long id) {
        return jdbc.sql("SELECT * FROM supermarket WHERE village_id = :v AND id = :id").param("v", villageId)
                .param("id", id).query(MarketSql::supermarket).optional();
    }

    /** A new open supermarket of a village; returns its id (unique across villages). */
    long insertSupermarket(long villageId, String name, String address, OffsetDateTime at) {
        var keys = new org.springframework.jdbc.support.GeneratedKeyHolder();
        jdbc.sql("INSERT INTO supermarket (village_id, name, address, active, created_at) VALUES (:v, :n, :a, TRUE, :t)")
                .param("v", villageId).param("n", name).param("a", address).param("t", at).update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Supermarkets run by, or serving, a village. */
    List<Supermarkets.Supermarket> servingVillage(long villageId) {
        return jdbc.sql("""
                SELECT * FROM supermarket s WHERE s.village_id = :v OR EXISTS (SELECT 1 FROM supermarket_village sv
                  WHERE sv.village_id = s.village_id AND sv.supermarket_id = s.id AND sv.served_village_id = :v)
                ORDER BY s.village_id, s.id""").param("v", villageId).query(MarketSql::supermarket).list();
    }

    List<Long> servedVillages(long villageId, long supermarketId) {
        return jdbc.sql("SELECT served_village_id FROM supermarket_village WHERE village_id = :v AND supermarket_id = :s")
                .param("v", villageId).param("s", supermarketId).query(Long.class).list();
    }

    void removeServed(long villageId, long supermarketId, long served) {
        jdbc.sql("DELETE FROM supermarket_village WHERE village_id = :v AND supermarket_id = :s AND served_village_id = :o")
                .param("v", villageId).param("s", supermarketId).param("o", served).update();
    }

    void renameSupermarket(long villageId, long id, String name, String address) {
        jdbc.sql("UPDATE supermarket SET name = :n, address = :a WHERE village_id = :v AND id = :id")
                .param("n", name).param("a", address).param("v", villageId).param("id", id).update();
    }

    /** Opens or closes; false when another request changed it first (the row is not in the expected state). */
    boolean setSupermarketActive(long villageId, long id, boolean active, String reason) {
        return jdbc.sql("""
                UPDATE supermarket SET active = :a, status_reason = :r
                 WHERE village_id = :v AND id = :id AND active = :was""")
                .param("a", active).param("r", reason).param("v", villageId).param("id", id).param("was", !active)
                .update() == 1;
    }

    Optional<String> supermarketStatusReason(long villageId, long id) {
        return jdbc.sql("SELECT status_reason FROM supermarket WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    Optional<Long> supermarketVillage(long id) {
        return jdbc.sql("SELECT village_id FROM supermarket WHERE id = :id").param("id", id).query(Long.class).optional();
    }

    void addServed(long villageId, long supermarketId, long served) {
        jdbc.sql("INSERT INTO supermarket_village (village_id, supermarket_id, served_village_id) VALUES (:v, :s, :o)")
                .param("v", villageId).param("s", supermarketId).param("o", served).update();
    }

    boolean isKeeper(long villageId, long supermarketId, long userId) {
        return jdbc.sql("SELECT COUNT(*) FROM keeper_assignment WHERE village_id = :v AND supermarket_id = :s AND user_id = :u")
                .param("v", villageId).param("s", supermarketId).param("u", userId).query(Long.class).single() > 0;
    }

    

    List<Supermarkets.Keeper> keepers(long villageId, long supermarketId) {
        return jdbc.sql("""
                SELECT k.user_id, u.username, u.display_name, k.assigned_at, k.assigned_by FROM keeper_assignment k
                JOIN app_user u ON u.id = k.user_id WHERE k.village_id = :v AND k.supermarket_id = :s ORDER BY u.username""")
                .param("v", villageId).param("s", supermarketId)
                .query((rs, i) -> new Supermarkets.Keeper(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getObject(4, OffsetDateTime.class), rs.getString(5))).list();
    }

    /** Supermarkets a keeper account is assigned to. */
    List<Supermarkets.Supermarket> assignedTo(long userId) {
        return jdbc.sql("""
                SELECT s.* FROM supermarket s JOIN keeper_assignment k ON k.village_id = s.village_id AND k.supermarket_id = s.id
                WHERE k.user_id = :u ORDER BY s.village_id, s.id""").param("u", userId).query(MarketSql::supermarket).list();
    }

    record UserRow(long id, String role, String orgPath, boolean active) { }

    Optional<UserRow> user(String username) {
        return jdbc.sql("SELECT u.id, u.role, o.path, u.active FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id WHERE u.username = :n")
                .param("n", username).query((rs, i) -> new UserRow(rs.getLong(1), rs.getString(2), rs.getString(3),
                        rs.getBoolean(4))).optional();
    }

    /** Active keeper accounts bound to one of these units (a village and the units above it), by login name. */
    List<Supermarkets.KeeperCandidate> keeperCandidates(java.util.Collection<Long> unitIds) {
        return jdbc.sql("""
                SELECT u.username, u.display_name, o.path FROM app_user u JOIN org_unit o ON o.id = u.org_unit_id
                WHERE u.role = 'KEEPER' AND u.active = TRUE AND u.org_unit_id IN (:units) ORDER BY u.username""")
                .param("units", unitIds)
                .query((rs, i) -> new Supermarkets.KeeperCandidate(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    void assignKeeper(long villageId, long supermarketId, long userId, String by, OffsetDateTime at) {
        jdbc.sql("INSERT INTO keeper_assignment (village_id, supermarket_id, user_id, assigned_by, assigned_at) VALUES (:v, :s, :u, :b, :t)")
                .param("v", villageId).param("s", supermarketId).param("u", userId).param("b", by).param("t", at).update();
    }

    int unassignKeeper(long villageId, long supermarketId, long userId) {
        return jdbc.sql("DELETE FROM keeper_assignment WHERE village_id = :v AND supermarket_id = :s AND user_id = :u")
                .param("v", villageId).param("s", supermarketId).param("u", userId).update();
    }

    boolean openEveryDay(long villageId) {
        return jdbc.sql("SELECT open_every_day FROM market_setting WHERE village_id = :v").param("v", villageId)
                .query(Boolean.class).optional().orElse(false);
    }

    void setOpenEveryDay(long villageId, boolean open, String by, OffsetDateTime at) {
        int n = jdbc.sql("UPDATE market_setting SET open_every_day = :o, updated_by = :b, updated_at = :t WHERE village_id = :v")
                .param("v", villageId).param("o", open).param("b", by).param("t", at).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO market_setting (village_id, open_every_day, updated_by, updated_at) VALUES (:v, :o, :b, :t)")
                    .param("v", villageId).param("o", open).param("b", by).param("t", at).update();
        }
    }

    boolean allowCashTopUp(long villageId) {
        return jdbc.sql("SELECT allow_cash_topup FROM market_setting WHERE village_id = :v").param("v", villageId)
                .query(Boolean.class).optional().orElse(false);
    }

    void setAllowCashTopUp(long villageId, boolean allow, String by, OffsetDateTime at) {
        int n = jdbc.sql("UPDATE market_setting SET allow_cash_topup = :o, updated_by = :b, updated_at = :t WHERE village_id = :v")
                .param("v", villageId).param("o", allow).param("b", by).param("t", at).update();
        if (n == 0) {
            jdbc.sql("""
                    INSERT INTO market_setting (village_id, open_every_day, allow_cash_topup, updated_by, updated_at)
                    VALUES (:v, FALSE, :o, :b, :t)""")
                    .param("v", villageId).param("o", allow).param("b", by).param("t", at).update();
        }
    }

    /** The village's cash top-up fund (the first active CASH_TOPUP fund), made when missing. */
    long topUpFund(long villageId, String by, OffsetDateTime at) {
        Optional<Long> id = jdbc.sql("SELECT MIN(id) FROM fund WHERE village_id = :v AND kind = 'CASH_TOPUP' AND active = TRUE")
                .param("v", villageId).query(Long.class).optional().filter(java.util.Objects::nonNull);
        if (id.isPresent()) {
            return id.get();
        }
        String name = fundNameTaken(villageId, "现金补差价") ? "现金补差价（柜台）" : "现金补差价";
        return insertFund(villageId, name, "CASH_TOPUP", by, at);
    }

    // ---------------------------------------------------------------- 六有 checklist

    long insertCheck(long villageId, long supermarketId, String standard, boolean met, LocalDate on, String note,
                     byte[] photo, String photoType, String by, OffsetDateTime at) {
        return insert(jdbc.sql("""
                INSERT INTO standard_check (village_id, supermarket_id, standard, met, checked_on, note, photo, photo_type, checked_by, created_at)
                VALUES (:v, :s, :k, :m, :d, :n, :p, :pt, :b, :t)""")
                .param("v", villageId).param("s", supermarketId).param("k", standard).param("m", met).param("d", on)
                .param("n", note).param("p", photo).param("pt", photoType).param("b", by).param("t", at));
    }

    // ---------------------------------------------------------------- homes (town/county)

    /** How many of the six standards a supermarket meets by the latest check of each (counted in the database). */
    private static final String STANDARDS_MET = """
            (SELECT COUNT(DISTINCT c.standard) FROM standard_check c
             WHERE c.village_id = s.village_id AND c.supermarket_id = s.id AND c.met = TRUE
               AND NOT EXISTS (SELECT 1 FROM standard_check n WHERE n.village_id = c.village_id
                   AND n.supermarket_id = c.supermarket_id AND n.standard = c.standard
                   AND (n.checked_on > c.checked_on OR (n.checked_on = c.checked_on AND n.id > c.id))))""";

    private static final String FAILING = " FROM supermarket s WHERE s.village_id IN (:v) AND s.active = TRUE AND "
            + STANDARDS_MET + " < " + Supermarkets.STANDARDS.size();

    /** Open supermarkets of the villages that do not meet all six standards (六有), with how many they meet. */
    List<Supermarkets.Standing> failingStandards(Collection<Long> villageIds, int limit) {
        return jdbc.sql("SELECT s.*, " + STANDARDS_MET + " AS met" + FAILING + " ORDER BY s.village_id, s.id LIMIT " + limit)
                .param("v", List.copyOf(villageIds))
                .query((rs, i) -> new Supermarkets.Standing(supermarket(rs, i), rs.getInt("met"))).list();
    }

    long countFailingStandards(Collection<Long> villageIds) {
        return jdbc.sql("SELECT COUNT(*)" + FAILING).param("v", List.copyOf(villageIds)).query(Long.class).single();
    }

    /** Closed supermarkets of the villages. */
    List<Supermarkets.Supermarket> closedIn(Collection<Long> villageIds, int limit) {
        return jdbc.sql("SELECT * FROM supermarket s WHERE s.village_id IN (:v) AND s.active = FALSE ORDER BY s.village_id, s.id LIMIT "
                        + limit).param("v", List.copyOf(villageIds)).query(MarketSql::supermarket).list();
    }

    long countClosedIn(Collection<Long> villageIds) {
        return jdbc.sql("SELECT COUNT(*) FROM supermarket s WHERE s.village_id IN (:v) AND s.active = FALSE")
                .param("v", List.copyOf(villageIds)).query(Long.class).single();
    }

    /** The checks of a supermarket, newest first. */
    List<Supermarkets.StandardCheck> checks(long villageId, long supermarketId) {
        return jdbc.sql("""
                SELECT id, standard, met, checked_on, note, photo IS NOT NULL AS has_photo, checked_by, created_at
                FROM standard_check WHERE village_id = :v AND supermarket_id = :s ORDER BY checked_on DESC, id DESC""")
                .param("v", villageId).param("s", supermarketId)
                .query((rs, i) -> new Supermarkets.StandardCheck(rs.getLong("id"), rs.getString("standard"),
                        rs.getBoolean("met"), rs.getObject("checked_on", LocalDate.class), rs.getString("note"),
                        rs.getBoolean("has_photo"), rs.getString("checked_by"),
                        rs.getObject("created_at", OffsetDateTime.class))).list();
    }

    record Photo(byte[] bytes, String type) { }

    Optional<Photo> checkPhoto(long villageId, long supermarketId, long checkId) {
        return jdbc.sql("SELECT photo, photo_type FROM standard_check WHERE village_id = :v AND supermarket_id = :s AND id = :id AND photo IS NOT NULL")
                .param("v", villageId).param("s", supermarketId).param("id", checkId)
                .query((rs, i) -> new Photo(rs.getBytes(1), rs.getString(2))).optional();
    }

    // ---------------------------------------------------------------- products and prices

    private static final String PRODUCT = """
            SELECT village_id, id, supermarket_id, name, unit, category, low_stock, active, stock,
                   photo IS NOT NULL AS has_photo FROM product""";

    record ProductRow(long villageId, long id, long supermarketId, String name, String unit, String category,
                      int lowStock, boolean active, int stock, boolean hasPhoto) { }

    static ProductRow product(ResultSet rs, int i) throws SQLException {
        return new ProductRow(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getString("name"), rs.getString("unit"), rs.getString("category"), rs.getInt("low_stock"),
                rs.getBoolean("active"), rs.getInt("stock"), rs.getBoolean("has_photo"));
    }

    Optional<ProductRow> product(long villageId, long id) {
        return jdbc.sql(PRODUCT + " WHERE village_id = :v AND id = :id").param("v", villageId).param("id", id)
                .query(MarketSql::product).optional();
    }

    List<ProductRow> products(long villageId, long supermarketId) {
        return jdbc.sql(PRODUCT + " WHERE village_id = :v AND supermarket_id = :s ORDER BY category, name")
                .param("v", villageId).param("s", supermarketId).query(MarketSql::product).list();
    }

    boolean productNameTaken(long villageId, long supermarketId, String name, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM product WHERE village_id = :v AND supermarket_id = :s AND name = :n AND id <> :id")
                .param("v", villageId).param("s", supermarketId).param("n", name).param("id", exceptId)
                .query(Long.class).single() > 0;
    }

    long insertProduct(long villageId, long supermarketId, String name, String unit, String category, int lowStock,
                       String by, OffsetDateTime at) {
        return insert(jdbc.sql("""
                INSERT INTO product (village_id, supermarket_id, name, unit, category, low_stock, active, stock, created_by, created_at)
                VALUES (:v, :s, :n, :u, :c, :l, TRUE, 0, :b, :t)""")
                .param("v", villageId).param("s", supermarketId).param("n", name).param("u", unit).param("c", category)
                .param("l", lowStock).param("b", by).param("t", at));
    }

    void updateProduct(long villageId, long id, String name, String unit, String category, int lowStock, boolean active) {
        jdbc.sql("UPDATE product SET name = :n, unit = :u, category = :c, low_stock = :l, active = :a WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).param("n", name).param("u", unit).param("c", category)
                .param("l", lowStock).param("a", active).update();
    }

    /** A supermarket's completed redemptions of one county day: how many and how many points (the counter's "today"). */
    DayTotals redemptionDay(long villageId, long supermarketId, LocalDate day) {
        return jdbc.sql("""
                SELECT COUNT(*) AS n, COALESCE(SUM(points), 0) AS p FROM redemption
                WHERE village_id = :v AND supermarket_id = :s AND county_date = :d AND status = 'COMPLETED'""")
                .param("v", villageId).param("s", supermarketId).param("d", day)
                .query((rs, n) -> new DayTotals(rs.getLong("n"), rs.getLong("p"))).single();
    }

    record DayTotals(long redemptions, long points) { }

    void setProductPhoto(long villageId, long id, byte[] photo, String type) {
        jdbc.sql("UPDATE product SET photo = :p, photo_type = :t WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).param("p", photo).param("t", type).update();
    }

    Optional<Photo> productPhoto(long villageId, long id) {
        return jdbc.sql("SELECT photo, photo_type FROM product WHERE village_id = :v AND id = :id AND photo IS NOT NULL")
                .param("v", villageId).param("id", id).query((rs, i) -> new Photo(rs.getBytes(1), rs.getString(2))).optional();
    }

    void insertPrice(long villageId, long productId, int points, Long referenceCents, LocalDate from, String by,
                     OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO product_price (village_id, product_id, points, reference_cents, effective_from, created_by, created_at)
                VALUES (:v, :p, :pts, :r, :f, :b, :t)""")
                .param("v", villageId).param("p", productId).param("pts", points).param("r", referenceCents)
                .param("f", from).param("b", by).param("t", at).update();
    }

    static Price price(ResultSet rs, int i) throws SQLException {
        return new Price(rs.getLong("product_id"), rs.getLong("id"), rs.getInt("points"),
                yuan(rs.getObject("reference_cents", Long.class)), rs.getObject("effective_from", LocalDate.class),
                rs.getString("created_by"));
    }

    /** Every price of the products of a supermarket, in the order they apply (later rows win). */
    List<Price> prices(long villageId, long supermarketId) {
        return jdbc.sql("""
                SELECT pp.* FROM product_price pp JOIN product p ON p.village_id = pp.village_id AND p.id = pp.product_id
                WHERE pp.village_id = :v AND p.supermarket_id = :s ORDER BY pp.product_id, pp.effective_from, pp.id""")
                .param("v", villageId).param("s", supermarketId).query(MarketSql::price).list();
    }

    List<Price> pricesOf(long villageId, long productId) {
        return jdbc.sql("SELECT * FROM product_price WHERE village_id = :v AND product_id = :p ORDER BY effective_from, id")
                .param("v", villageId).param("p", productId).query(MarketSql::price).list();
    }

    // ---------------------------------------------------------------- stock

    /**
     * Adds a signed quantity to the cached stock: locks the row, checks, and updates with the same
     * condition again, all in the caller's transaction. Returns the stock after, or -1 when the stock
     * would go below zero (nothing changed).
     */
    int applyStock(long villageId, long productId, int delta) {
        Integer stock = jdbc.sql("SELECT stock FROM product WHERE village_id = :v AND id = :p FOR UPDATE")
                .param("v", villageId).param("p", productId).query(Integer.class).optional().orElse(null);
        if (stock == null || stock + delta < 0) {
            return -1;
        }
        int n = jdbc.sql("UPDATE product SET stock = stock + :d WHERE village_id = :v AND id = :p AND stock + :d >= 0")
                .param("v", villageId).param("p", productId).param("d", delta).update();
        if (n == 0) {
            return -1;
        }
        return jdbc.sql("SELECT stock FROM product WHERE village_id = :v AND id = :p").param("v", villageId)
                .param("p", productId).query(Integer.class).single();
    }

    String holderOf(long villageId, long householdId) {
        return jdbc.sql("SELECT number FROM passbook WHERE village_id = :v AND household_id = :h").param("v", villageId)
                .param("h", householdId).query(String.class).single();
    }

    String headOf(long villageId, long householdId) {
        return jdbc.sql("SELECT MIN(name) FROM resident WHERE village_id = :v AND household_id = :h AND is_head = TRUE")
                .param("v", villageId).param("h", householdId).query(String.class).optional().orElse(null);
    }

    record Holder(long villageId, long householdId, String number, String status, String headName) { }

    /** The household a passbook number belongs to (any village; the caller checks the supermarket serves it). */
    Optional<Holder> holder(String number) {
        return jdbc.sql("""
                SELECT p.village_id, p.household_id, p.number, h.status,
                  (SELECT MIN(r.name) FROM resident r WHERE r.village_id = h.village_id AND r.household_id = h.id AND r.is_head = TRUE) AS head
                FROM passbook p JOIN household h ON h.village_id = p.village_id AND h.id = p.household_id
                WHERE p.number = :n""").param("n", number)
                .query((rs, i) -> new Holder(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))).list().stream().findFirst();
    }

    long insertMovement(long villageId, long supermarketId, long productId, String kind, int quantity, String status,
                        Integer stockAfter, Long costCents, String supplier, Long fundId, String donor, String reason,
                        Integer counted, Integer expected, Long redemptionId, LocalDate on, String by, OffsetDateTime at) {
        return insertMovement(villageId, supermarketId, productId, kind, quantity, status, stockAfter, costCents, supplier,
                fundId, donor, reason, counted, expected, redemptionId, null, on, by, at);
    }

    long insertMovement(long villageId, long supermarketId, long productId, String kind, int quantity, String status,
                        Integer stockAfter, Long costCents, String supplier, Long fundId, String donor, String reason,
                        Integer counted, Integer expected, Long redemptionId, Long reservationId, LocalDate on,
                        String by, OffsetDateTime at) {
        return insert(jdbc.sql("""
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

    private static final String MOVEMENT = """
            SELECT m.*, p.name AS product_name, p.unit, f.name AS fund_name FROM stock_movement m
            JOIN product p ON p.village_id = m.village_id AND p.id = m.product_id
            LEFT JOIN fund f ON f.village_id = m.village_id AND f.id = m.fund_id""";

    static Movement movement(ResultSet rs, int i) throws SQLException {
        return new Movement(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getLong("product_id"), rs.getString("product_name"), rs.getString("unit"), rs.getString("kind"),
                rs.getInt("quantity"), rs.getString("status"), rs.getObject("stock_after", Integer.class),
                yuan(rs.getObject("cost_cents", Long.class)), rs.getString("supplier"),
                rs.getObject("fund_id", Long.class), rs.getString("fund_name"), rs.getString("donor"),
                rs.getString("reason"), rs.getObject("counted", Integer.class), rs.getObject("expected", Integer.class),
                rs.getObject("redemption_id", Long.class), rs.getObject("occurred_on", LocalDate.class),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getString("decided_by"), rs.getObject("decided_at", OffsetDateTime.class),
                rs.getString("decision_reason"));
    }

    Optional<Movement> movement(long villageId, long id) {
        return jdbc.sql(MOVEMENT + " WHERE m.village_id = :v AND m.id = :id").param("v", villageId).param("id", id)
                .query(MarketSql::movement).optional();
    }

    /** Locks a pending movement so two approvals cannot both apply it. */
    Optional<String> lockMovementStatus(long villageId, long id) {
        return jdbc.sql("SELECT status FROM stock_movement WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    void decideMovement(long villageId, long id, String status, Integer stockAfter, String by, OffsetDateTime at,
                        String reason) {
        jdbc.sql("""
                UPDATE stock_movement SET status = :st, stock_after = :sa, decided_by = :b, decided_at = :t, decision_reason = :r
                WHERE village_id = :v AND id = :id""").param("v", villageId).param("id", id).param("st", status)
                .param("sa", stockAfter).param("b", by).param("t", at).param("r", reason).update();
    }

    private static final String MOVEMENTS_IN_RANGE =
            " WHERE m.village_id = :v AND m.supermarket_id = :s AND m.occurred_on BETWEEN :f AND :t";

    List<Movement> movements(long villageId, long supermarketId, LocalDate from, LocalDate to, Long productId, int limit,
                             long offset) {
        return jdbc.sql(MOVEMENT + MOVEMENTS_IN_RANGE + (productId == null ? "" : " AND m.product_id = :p")
                        + " ORDER BY m.id DESC LIMIT :lim OFFSET :off")
                .param("v", villageId).param("s", supermarketId).param("f", from).param("t", to)
                .param("p", productId == null ? 0L : productId).param("lim", limit).param("off", offset)
                .query(MarketSql::movement).list();
    }

    long movementCount(long villageId, long supermarketId, LocalDate from, LocalDate to, Long productId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_movement m" + MOVEMENTS_IN_RANGE
                        + (productId == null ? "" : " AND m.product_id = :p"))
                .param("v", villageId).param("s", supermarketId).param("f", from).param("t", to)
                .param("p", productId == null ? 0L : productId).query(Long.class).single();
    }

    List<Movement> pending(long villageId, long supermarketId) {
        return jdbc.sql(MOVEMENT + " WHERE m.village_id = :v AND m.supermarket_id = :s AND m.status = 'PENDING' ORDER BY m.id")
                .param("v", villageId).param("s", supermarketId).query(MarketSql::movement).list();
    }

    List<Movement> pending(long villageId, long supermarketId, int limit, long offset) {
        return jdbc.sql(MOVEMENT + " WHERE m.village_id = :v AND m.supermarket_id = :s AND m.status = 'PENDING'"
                        + " ORDER BY m.id LIMIT :lim OFFSET :off")
                .param("v", villageId).param("s", supermarketId).param("lim", limit).param("off", offset)
                .query(MarketSql::movement).list();
    }

    long pendingCount(long villageId, long supermarketId) {
        return jdbc.sql("SELECT COUNT(*) FROM stock_movement WHERE village_id = :v AND supermarket_id = :s AND status = 'PENDING'")
                .param("v", villageId).param("s", supermarketId).query(Long.class).single();
    }

    record StockCheck(long villageId, long productId, String name, int stock, long movements) { }

    /** Products whose cached stock differs from the sum of their applied movements, or is negative. */
    List<StockCheck> stockMismatches(Long villageId) {
        return jdbc.sql("""
                SELECT p.village_id, p.id, p.name, p.stock, COALESCE((SELECT SUM(m.quantity) FROM stock_movement m
                  WHERE m.village_id = p.village_id AND m.product_id = p.id AND m.status = 'APPLIED'), 0) AS moved
                FROM product p WHERE p.village_id = :v OR :all = TRUE""")
                .param("v", villageId == null ? 0L : villageId).param("all", villageId == null)
                .query((rs, i) -> new StockCheck(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getLong(5)))
                .list().stream().filter(c -> c.stock() < 0 || c.stock() != c.movements()).toList();
    }

    long productCount(Long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM product WHERE village_id = :v OR :all = TRUE")
                .param("v", villageId == null ? 0L : villageId).param("all", villageId == null).query(Long.class).single();
    }

    // ---------------------------------------------------------------- funds

    long insertFund(long villageId, String name, String kind, String by, OffsetDateTime at) {
        return insert(jdbc.sql("INSERT INTO fund (village_id, name, kind, active, created_by, created_at) VALUES (:v, :n, :k, TRUE, :b, :t)")
                .param("v", villageId).param("n", name).param("k", kind).param("b", by).param("t", at));
    }

    boolean fundNameTaken(long villageId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM fund WHERE village_id = :v AND name = :n").param("v", villageId)
                .param("n", name).query(Long.class).single() > 0;
    }

    private static final String FUND = """
            SELECT f.village_id, f.id, f.name, f.kind, f.active,
                   COALESCE((SELECT SUM(e.amount_cents) FROM fund_entry e WHERE e.village_id = f.village_id AND e.fund_id = f.id), 0) AS balance
            FROM fund f""";

    static Fund fund(ResultSet rs, int i) throws SQLException {
        return new Fund(rs.getLong("village_id"), rs.getLong("id"), rs.getString("name"), rs.getString("kind"),
                rs.getBoolean("active"), BigDecimal.valueOf(rs.getLong("balance"), 2));
    }

    List<Fund> funds(long villageId) {
        return jdbc.sql(FUND + " WHERE f.village_id = :v ORDER BY f.id").param("v", villageId).query(MarketSql::fund).list();
    }

    Optional<Fund> fund(long villageId, long id) {
        return jdbc.sql(FUND + " WHERE f.village_id = :v AND f.id = :id").param("v", villageId).param("id", id)
                .query(MarketSql::fund).optional();
    }

    /** Locks a fund row so its balance check and the debit are one step. */
    void lockFund(long villageId, long id) {
        jdbc.sql("SELECT id FROM fund WHERE village_id = :v AND id = :id FOR UPDATE").param("v", villageId)
                .param("id", id).query(Long.class).list();
    }

    long insertFundEntry(long villageId, long fundId, String kind, long cents, String donor, LocalDate on, String note,
                         Long movementId, Long redemptionId, String by, OffsetDateTime at) {
        return insert(jdbc.sql("""
                INSERT INTO fund_entry (village_id, fund_id, kind, amount_cents, donor, occurred_on, note, movement_id, redemption_id, created_by, created_at)
                VALUES (:v, :f, :k, :a, :d, :on, :n, :m, :r, :b, :t)""")
                .param("v", villageId).param("f", fundId).param("k", kind).param("a", cents).param("d", donor)
                .param("on", on).param("n", note).param("m", movementId).param("r", redemptionId).param("b", by)
                .param("t", at));
    }

    long fundEntryCount(long villageId, long fundId) {
        return jdbc.sql("SELECT COUNT(*) FROM fund_entry WHERE village_id = :v AND fund_id = :f")
                .param("v", villageId).param("f", fundId).query(Long.class).single();
    }

    Optional<FundEntry> fundEntry(long villageId, long fundId, long id) {
        return fundEntries(" AND id = :id", villageId, fundId, 1, 0, id).stream().findFirst();
    }

    List<FundEntry> fundEntries(long villageId, long fundId, int limit, long offset) {
        return fundEntries("", villageId, fundId, limit, offset, 0);
    }

    private List<FundEntry> fundEntries(String and, long villageId, long fundId, int limit, long offset, long id) {
        return jdbc.sql("SELECT * FROM fund_entry WHERE village_id = :v AND fund_id = :f" + and
                        + " ORDER BY occurred_on DESC, id DESC LIMIT :lim OFFSET :off")
                .param("v", villageId).param("f", fundId).param("lim", limit).param("off", offset)
                .param("id", id)
                .query((rs, i) -> new FundEntry(rs.getLong("id"), rs.getLong("fund_id"), rs.getString("kind"),
                        BigDecimal.valueOf(rs.getLong("amount_cents"), 2), rs.getString("donor"),
                        rs.getObject("occurred_on", LocalDate.class), rs.getString("note"),
                        rs.getObject("movement_id", Long.class), rs.getString("created_by"))).list();
    }

    /** Money donations per donor: name, cents, last date. */
    List<Object[]> moneyDonors(long villageId) {
        return jdbc.sql("""
                SELECT donor, SUM(amount_cents), MAX(occurred_on) FROM fund_entry
                WHERE village_id = :v AND kind = 'CONTRIBUTION' AND donor IS NOT NULL GROUP BY donor""")
                .param("v", villageId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getObject(3, LocalDate.class)}).list();
    }

    /** Goods donations: donor, product, quantity, date (valued by the caller at the price of that day). */
    List<Object[]> goodsDonations(long villageId) {
        return jdbc.sql("""
                SELECT donor, product_id, quantity, occurred_on FROM stock_movement
                WHERE village_id = :v AND kind = 'DONATION' AND status = 'APPLIED' AND donor IS NOT NULL""")
                .param("v", villageId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getInt(3),
                        rs.getObject(4, LocalDate.class)}).list();
    }

    List<Price> villagePrices(long villageId) {
        return jdbc.sql("SELECT * FROM product_price WHERE village_id = :v ORDER BY product_id, effective_from, id")
                .param("v", villageId).query(MarketSql::price).list();
    }

    // ---------------------------------------------------------------- windows

    static RedemptionWindow window(ResultSet rs, int i) throws SQLException {
        return new RedemptionWindow(rs.getLong("village_id"), rs.getLong("id"),
                rs.getObject("opens_at", LocalDateTime.class), rs.getObject("closes_at", LocalDateTime.class),
                rs.getString("title"));
    }

    long insertWindow(long villageId, String title, LocalDateTime opens, LocalDateTime closes, String by, OffsetDateTime at) {
        return insert(jdbc.sql("""
                INSERT INTO redemption_window (village_id, title, opens_at, closes_at, cancelled, created_by, created_at)
                VALUES (:v, :n, :o, :c, FALSE, :b, :t)""")
                .param("v", villageId).param("n", title).param("o", opens).param("c", closes).param("b", by).param("t", at));
    }

    int cancelWindow(long villageId, long id) {
        return jdbc.sql("UPDATE redemption_window SET cancelled = TRUE WHERE village_id = :v AND id = :id AND cancelled = FALSE")
                .param("v", villageId).param("id", id).update();
    }

    /** Windows not cancelled that close after a moment, soonest first. */
    List<RedemptionWindow> windowsFrom(long villageId, LocalDateTime after, int limit) {
        return jdbc.sql("""
                SELECT * FROM redemption_window WHERE village_id = :v AND cancelled = FALSE AND closes_at > :a
                ORDER BY opens_at, id LIMIT :lim""").param("v", villageId).param("a", after).param("lim", limit)
                .query(MarketSql::window).list();
    }

    /** Windows of every village opening after {@code from} and by {@code until}, soonest first (the hourly reminder). */
    List<RedemptionWindow> windowsOpening(LocalDateTime from, LocalDateTime until) {
        return jdbc.sql("""
                SELECT * FROM redemption_window WHERE cancelled = FALSE AND opens_at > :f AND opens_at <= :u
                ORDER BY opens_at, village_id, id""").param("f", from).param("u", until).query(MarketSql::window).list();
    }

    /** The villages whose households shop at the open supermarkets of a village: the village itself and those served. */
    List<Long> villagesShoppingAt(long villageId) {
        return jdbc.sql("""
                SELECT s.village_id FROM supermarket s WHERE s.village_id = :v AND s.active = TRUE
                UNION
                SELECT sv.served_village_id FROM supermarket_village sv JOIN supermarket s
                  ON s.village_id = sv.village_id AND s.id = sv.supermarket_id
                WHERE sv.village_id = :v AND s.active = TRUE""").param("v", villageId).query(Long.class).list()
                .stream().distinct().sorted().toList();
    }

    List<RedemptionWindow> windows(long villageId) {
        return jdbc.sql("SELECT * FROM redemption_window WHERE village_id = :v AND cancelled = FALSE ORDER BY opens_at DESC, id DESC")
                .param("v", villageId).query(MarketSql::window).list();
    }

    // ---------------------------------------------------------------- redemptions

    long insertRedemption(long villageId, long supermarketId, long householdVillageId, long householdId, String number,
                          String householdName, String key, String requestHash, UUID postingId, long points,
                          long cashCents, long balanceAfter, Long windowId, Long keeperId, String keeperName, LocalDate countyDate,
                          OffsetDateTime at) {
        return insert(jdbc.sql("""
                INSERT INTO redemption (village_id, supermarket_id, household_village_id, household_id, passbook_number,
                  household_name, idempotency_key, request_hash, posting_id, points, cash_cents, balance_after, status,
                  window_id, keeper_id, keeper_name, county_date, created_at)
                VALUES (:v, :s, :hv, :h, :n, :hn, :k, :rh, :p, :pts, :cash, :b, 'COMPLETED', :w, :kid, :kn, :d, :t)""")
                .param("v", villageId).param("s", supermarketId).param("hv", householdVillageId).param("h", householdId)
                .param("n", number).param("hn", householdName).param("k", key).param("rh", requestHash)
                .param("p", postingId).param("pts", points).param("cash", cashCents).param("b", balanceAfter).param("w", windowId)
                .param("kid", keeperId).param("kn", keeperName).param("d", countyDate).param("t", at));
    }

    void insertLine(long villageId, long redemptionId, int lineNo, long productId, String name, String unit,
                    int quantity, int unitPoints, Long referenceCents) {
        jdbc.sql("""
                INSERT INTO redemption_line (village_id, redemption_id, line_no, product_id, product_name, unit, quantity, unit_points, reference_cents)
                VALUES (:v, :r, :l, :p, :n, :u, :q, :up, :rc)""")
                .param("v", villageId).param("r", redemptionId).param("l", lineNo).param("p", productId)
                .param("n", name).param("u", unit).param("q", quantity).param("up", unitPoints)
                .param("rc", referenceCents).update();
    }

    record RedemptionRow(long villageId, long id, long supermarketId, long householdVillageId, long householdId,
                         String passbookNumber, String householdName, String key, String requestHash, UUID postingId,
                         long points, long cashCents, long balanceAfter, String status, Long windowId, Long keeperId, String keeperName,
                         LocalDate countyDate, OffsetDateTime createdAt, String cancelledBy, OffsetDateTime cancelledAt,
                         String cancelReason, UUID cancelPostingId) { }

    static RedemptionRow redemption(ResultSet rs, int i) throws SQLException {
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

    Optional<RedemptionRow> redemptionByKey(long villageId, String key) {
        return jdbc.sql("SELECT * FROM redemption WHERE village_id = :v AND idempotency_key = :k").param("v", villageId)
                .param("k", key).query(MarketSql::redemption).optional();
    }

    Optional<RedemptionRow> redemption(long villageId, long id) {
        return jdbc.sql("SELECT * FROM redemption WHERE village_id = :v AND id = :id").param("v", villageId)
                .param("id", id).query(MarketSql::redemption).optional();
    }

    List<Redemption.Line> lines(long villageId, long redemptionId) {
        return jdbc.sql("SELECT * FROM redemption_line WHERE village_id = :v AND redemption_id = :r ORDER BY line_no")
                .param("v", villageId).param("r", redemptionId)
                .query((rs, i) -> new Redemption.Line(rs.getLong("product_id"), rs.getString("product_name"),
                        rs.getString("unit"), rs.getInt("quantity"), rs.getInt("unit_points"),
                        yuan(rs.getObject("reference_cents", Long.class)))).list();
    }

    List<RedemptionRow> redemptionsOfSupermarket(long villageId, long supermarketId, LocalDate from, LocalDate to, int limit,
                                                 long offset) {
        return jdbc.sql("""
                SELECT * FROM redemption WHERE village_id = :v AND supermarket_id = :s AND county_date BETWEEN :f AND :t
                ORDER BY id DESC LIMIT :lim OFFSET :off""").param("v", villageId).param("s", supermarketId).param("f", from)
                .param("t", to).param("lim", limit).param("off", offset).query(MarketSql::redemption).list();
    }

    long redemptionCountOfSupermarket(long villageId, long supermarketId, LocalDate from, LocalDate to) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM redemption WHERE village_id = :v AND supermarket_id = :s AND county_date BETWEEN :f AND :t""")
                .param("v", villageId).param("s", supermarketId).param("f", from).param("t", to)
                .query(Long.class).single();
    }

    List<RedemptionRow> redemptionsOfHousehold(long householdVillageId, long householdId, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM redemption WHERE household_village_id = :v AND household_id = :h
                ORDER BY created_at DESC, id DESC LIMIT :lim OFFSET :off""")
                .param("v", householdVillageId).param("h", householdId).param("lim", limit).param("off", offset)
                .query(MarketSql::redemption).list();
    }

    long redemptionCountOfHousehold(long householdVillageId, long householdId) {
        return jdbc.sql("SELECT COUNT(*) FROM redemption WHERE household_village_id = :v AND household_id = :h")
                .param("v", householdVillageId).param("h", householdId).query(Long.class).single();
    }

    /** Marks a redemption cancelled, only if it still is completed (the row lock serialises twins). */
    int cancelRedemption(long villageId, long id, String by, OffsetDateTime at, String reason, UUID postingId) {
        return jdbc.sql("""
                UPDATE redemption SET status = 'CANCELLED', cancelled_by = :b, cancelled_at = :t, cancel_reason = :r,
                  cancel_posting_id = :p WHERE village_id = :v AND id = :id AND status = 'COMPLETED'""")
                .param("v", villageId).param("id", id).param("b", by).param("t", at).param("r", reason)
                .param("p", postingId).update();
    }

    // ---------------------------------------------------------------- reservations and holds

    /** Locks (making it first when missing) the household's market row: one redemption or reservation at a time. */
    void lockHousehold(long villageId, long householdId) {
        jdbc.sql("INSERT INTO market_household (village_id, household_id) VALUES (:v, :h) ON CONFLICT DO NOTHING")
                .param("v", villageId).param("h", householdId).update();
        jdbc.sql("SELECT household_id FROM market_household WHERE village_id = :v AND household_id = :h FOR UPDATE")
                .param("v", villageId).param("h", householdId).query(Long.class).list();
    }

    /** Points held by the household's reservations that have not lapsed at a moment. */
    long heldPoints(long householdVillageId, long householdId, OffsetDateTime at) {
        return jdbc.sql("""
                SELECT COALESCE(SUM(points), 0) FROM reservation
                WHERE household_village_id = :v AND household_id = :h AND status = 'HELD' AND expires_at > :t""")
                .param("v", householdVillageId).param("h", householdId).param("t", at).query(Long.class).single();
    }

    long insertReservation(long villageId, long supermarketId, long householdVillageId, long householdId, String number,
                           long points, OffsetDateTime expires, String key, String by, OffsetDateTime at) {
        return insert(jdbc.sql("""
                INSERT INTO reservation (village_id, supermarket_id, household_village_id, household_id, passbook_number,
                  points, status, expires_at, idempotency_key, created_by, created_at)
                VALUES (:v, :s, :hv, :h, :n, :p, 'HELD', :e, :k, :b, :t)""").param("k", key)
                .param("v", villageId).param("s", supermarketId).param("hv", householdVillageId).param("h", householdId)
                .param("n", number).param("p", points).param("e", expires).param("b", by).param("t", at));
    }

    void insertReservationLine(long villageId, long reservationId, int lineNo, long productId, int quantity, int unitPoints) {
        jdbc.sql("""
                INSERT INTO reservation_line (village_id, reservation_id, line_no, product_id, quantity, unit_points)
                VALUES (:v, :r, :l, :p, :q, :u)""").param("v", villageId).param("r", reservationId).param("l", lineNo)
                .param("p", productId).param("q", quantity).param("u", unitPoints).update();
    }

    record ReservationRow(long villageId, long id, long supermarketId, long householdVillageId, long householdId,
                          String passbookNumber, long points, String status, OffsetDateTime expiresAt, String createdBy,
                          OffsetDateTime createdAt, String closedBy, OffsetDateTime closedAt, Long redemptionId) { }

    static ReservationRow reservation(ResultSet rs, int i) throws SQLException {
        return new ReservationRow(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getLong("household_village_id"), rs.getLong("household_id"), rs.getString("passbook_number"),
                rs.getLong("points"), rs.getString("status"), rs.getObject("expires_at", OffsetDateTime.class),
                rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class), rs.getString("closed_by"),
                rs.getObject("closed_at", OffsetDateTime.class), rs.getObject("redemption_id", Long.class));
    }

    Optional<ReservationRow> reservation(long villageId, long id) {
        return jdbc.sql("SELECT * FROM reservation WHERE village_id = :v AND id = :id").param("v", villageId)
                .param("id", id).query(MarketSql::reservation).optional();
    }

    Optional<ReservationRow> reservationByKey(long villageId, String key) {
        return jdbc.sql("SELECT * FROM reservation WHERE village_id = :v AND idempotency_key = :k").param("v", villageId)
                .param("k", key).query(MarketSql::reservation).optional();
    }

    /** Locks a reservation row and returns its current status. */
    Optional<String> lockReservation(long villageId, long id) {
        return jdbc.sql("SELECT status FROM reservation WHERE village_id = :v AND id = :id FOR UPDATE")
                .param("v", villageId).param("id", id).query(String.class).optional();
    }

    void closeReservation(long villageId, long id, String status, String by, OffsetDateTime at, Long redemptionId) {
        jdbc.sql("""
                UPDATE reservation SET status = :st, closed_by = :b, closed_at = :t, redemption_id = :r
                WHERE village_id = :v AND id = :id""").param("v", villageId).param("id", id).param("st", status)
                .param("b", by).param("t", at).param("r", redemptionId).update();
    }

    List<Reservation.Line> reservationLines(long villageId, long reservationId) {
        return jdbc.sql("""
                SELECT l.product_id, p.name, p.unit, l.quantity, l.unit_points FROM reservation_line l
                JOIN product p ON p.village_id = l.village_id AND p.id = l.product_id
                WHERE l.village_id = :v AND l.reservation_id = :r ORDER BY l.line_no""")
                .param("v", villageId).param("r", reservationId)
                .query((rs, i) -> new Reservation.Line(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                        rs.getInt(5))).list();
    }

    List<ReservationRow> reservationsOfHousehold(long householdVillageId, long householdId, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM reservation WHERE household_village_id = :v AND household_id = :h
                ORDER BY created_at DESC, id DESC LIMIT :lim OFFSET :off""").param("v", householdVillageId)
                .param("h", householdId).param("lim", limit).param("off", offset).query(MarketSql::reservation).list();
    }

    long reservationCountOfHousehold(long householdVillageId, long householdId) {
        return jdbc.sql("SELECT COUNT(*) FROM reservation WHERE household_village_id = :v AND household_id = :h")
                .param("v", householdVillageId).param("h", householdId).query(Long.class).single();
    }

    List<ReservationRow> heldAt(long villageId, long supermarketId) {
        return jdbc.sql("SELECT * FROM reservation WHERE village_id = :v AND supermarket_id = :s AND status = 'HELD' ORDER BY expires_at, id")
                .param("v", villageId).param("s", supermarketId).query(MarketSql::reservation).list();
    }

    /** HELD reservations at a supermarket that have not lapsed at {@code now}, soonest to lapse first. */
    List<ReservationRow> heldAt(long villageId, long supermarketId, OffsetDateTime now, int limit, long offset) {
        return jdbc.sql("""
                SELECT * FROM reservation WHERE village_id = :v AND supermarket_id = :s AND status = 'HELD' AND expires_at > :now
                ORDER BY expires_at, id LIMIT :lim OFFSET :off""")
                .param("v", villageId).param("s", supermarketId).param("now", now).param("lim", limit).param("off", offset)
                .query(MarketSql::reservation).list();
    }

    long heldCountAt(long villageId, long supermarketId, OffsetDateTime now) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM reservation WHERE village_id = :v AND supermarket_id = :s AND status = 'HELD' AND expires_at > :now""")
                .param("v", villageId).param("s", supermarketId).param("now", now).query(Long.class).single();
    }

    /** HELD reservations past their time (any village), oldest first. */
    /** A held reservation past its time, and its place in the lapse order (expires_at, village_id, id). */
    record DueReservation(long villageId, long id, OffsetDateTime expiresAt) { }

    /**
     * Held reservations whose hold ends in ({@code from}, {@code until}] and that were made more than
     * {@code leadHours} before their end (a shorter hold was announced with its end already).
     */
    List<ReservationEndingSoon> endingSoon(OffsetDateTime from, OffsetDateTime until, int leadHours) {
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
    List<DueReservation> dueReservations(OffsetDateTime at, DueReservation after, int limit) {
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

    // ---------------------------------------------------------------- figures

    List<long[]> supermarketKeysServing(Collection<Long> villageIds, OffsetDateTime before) {
        return jdbc.sql("""
                SELECT s.village_id, s.id FROM supermarket s WHERE s.active = TRUE AND s.created_at < :b AND (s.village_id IN (:ids)
                  OR EXISTS (SELECT 1 FROM supermarket_village sv WHERE sv.village_id = s.village_id AND sv.supermarket_id = s.id
                             AND sv.served_village_id IN (:ids)))""")
                .param("ids", villageIds).param("b", before)
                .query((rs, i) -> new long[] {rs.getLong(1), rs.getLong(2)}).list();
    }

    /** The standards whose latest check on or before a day is "met". */
    List<String> standardsMet(long villageId, long supermarketId, LocalDate asOf) {
        List<Object[]> rows = jdbc.sql("""
                SELECT standard, met FROM standard_check WHERE village_id = :v AND supermarket_id = :s AND checked_on <= :d
                ORDER BY standard, checked_on DESC, id DESC""").param("v", villageId).param("s", supermarketId)
                .param("d", asOf).query((rs, i) -> new Object[] {rs.getString(1), rs.getBoolean(2)}).list();
        java.util.Map<String, Boolean> latest = new java.util.LinkedHashMap<>();
        for (Object[] r : rows) {
            latest.putIfAbsent((String) r[0], (Boolean) r[1]);
        }
        return latest.entrySet().stream().filter(java.util.Map.Entry::getValue).map(java.util.Map.Entry::getKey).toList();
    }

    /** Completed redemptions made during one redemption window of a village: count, points, goods value in cents. */
    long[] windowTotals(long villageId, long windowId) {
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
    long[] redemptionTotals(Collection<Long> villageIds, LocalDate from, LocalDate to) {
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
