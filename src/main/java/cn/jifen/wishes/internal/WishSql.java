package cn.jifen.wishes.internal;

import cn.jifen.wishes.WishStatus;
import cn.jifen.wishes.Wishes;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/** The wishes module's tables: wish, wish_open_name, wish_support, wish_forbidden_county, wish_forbidden_term. */
@Repository
public class WishSql {
    /** A wish row; the service adds the supermarket's name. */
    public record Row(long villageId, long id, long supermarketId, long householdVillageId, long householdId,
               String passbookNumber, String proposerName, String goodsName, String nameKey, String note,
               WishStatus status, int supports, LocalDate createdOn, String createdBy, LocalDate decidedOn,
               String decidedBy, String declineReason, Long movementId, String productName, Integer quantity,
               String fundName, LocalDate purchasedOn, OffsetDateTime createdAt) { }

    /** What a fulfilment copies from the purchase. */
    public record Purchase(long movementId, String productName, int quantity, String fundName, LocalDate purchasedOn) { }

    private final JdbcClient jdbc;

    WishSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    private static final String SELECT = """
            SELECT village_id, id, supermarket_id, household_village_id, household_id, passbook_number, proposer_name,
                   goods_name, name_key, note, status, supports, created_on, created_by, decided_on, decided_by,
                   decline_reason, movement_id, product_name, quantity, fund_name, purchased_on, created_at
            FROM wish
            """;

    /** Open wishes first, the most supported first, then the oldest; decided ones after, the latest decided first. */
    private static final String RANKED = " ORDER BY CASE status WHEN 'OPEN' THEN 0 ELSE 1 END, "
            + "CASE WHEN status = 'OPEN' THEN supports ELSE 0 END DESC, decided_at DESC, created_at, id";

    private static Row row(ResultSet rs, int i) throws SQLException {
        return new Row(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getString(6),
                rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10), WishStatus.valueOf(rs.getString(11)),
                rs.getInt(12), rs.getObject(13, LocalDate.class), rs.getString(14), rs.getObject(15, LocalDate.class),
                rs.getString(16), rs.getString(17), (Long) rs.getObject(18, Long.class), rs.getString(19),
                (Integer) rs.getObject(20, Integer.class), rs.getString(21), rs.getObject(22, LocalDate.class),
                rs.getObject(23, OffsetDateTime.class));
    }

    public long insert(long villageId, long supermarketId, long householdVillageId, long householdId, String passbook,
                String proposer, String name, String key, String note, LocalDate on, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO wish (village_id, supermarket_id, household_village_id, household_id, passbook_number,
                                  proposer_name, goods_name, name_key, note, status, supports, created_on, created_by,
                                  created_at)
                VALUES (:v, :s, :hv, :h, :p, :pn, :n, :k, :note, 'OPEN', 1, :on, :by, :at)""")
                .param("v", villageId).param("s", supermarketId).param("hv", householdVillageId).param("h", householdId)
                .param("p", passbook).param("pn", proposer).param("n", name).param("k", key).param("note", note)
                .param("on", on).param("by", by).param("at", at).update(keys, "id");
        return keys.getKey().longValue();
    }

    public void claimName(long villageId, long supermarketId, String key, long wishId) {
        jdbc.sql("INSERT INTO wish_open_name (village_id, supermarket_id, name_key, wish_id) VALUES (:v, :s, :k, :w)")
                .param("v", villageId).param("s", supermarketId).param("k", key).param("w", wishId).update();
    }

    public void releaseName(long villageId, long wishId) {
        jdbc.sql("DELETE FROM wish_open_name WHERE village_id = :v AND wish_id = :w")
                .param("v", villageId).param("w", wishId).update();
    }

    /** The open wish of a supermarket with this normalised name, if any. */
    public Optional<Long> openWithName(long villageId, long supermarketId, String key) {
        return jdbc.sql("SELECT wish_id FROM wish_open_name WHERE village_id = :v AND supermarket_id = :s AND name_key = :k")
                .param("v", villageId).param("s", supermarketId).param("k", key).query(Long.class).optional();
    }

    public Optional<Row> wish(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE village_id = :v AND id = :id").param("v", villageId).param("id", id)
                .query(WishSql::row).optional();
    }

    public Optional<Row> lock(long villageId, long id) {
        return jdbc.sql(SELECT + " WHERE village_id = :v AND id = :id FOR UPDATE").param("v", villageId).param("id", id)
                .query(WishSql::row).optional();
    }

    /** The wishes of a supermarket, ranked; {@code status} null for all. */
    public List<Row> ofSupermarket(long villageId, long supermarketId, WishStatus status, int limit, long offset) {
        return jdbc.sql(SELECT + " WHERE village_id = :v AND supermarket_id = :s" + statusIs(status)
                        + RANKED + " LIMIT :limit OFFSET :offset")
                .param("v", villageId).param("s", supermarketId).param("limit", limit).param("offset", offset).query(WishSql::row).list();
    }

    public long countOfSupermarket(long villageId, long supermarketId, WishStatus status) {
        return jdbc.sql("SELECT COUNT(*) FROM wish WHERE village_id = :v AND supermarket_id = :s" + statusIs(status))
                .param("v", villageId).param("s", supermarketId).query(Long.class).single();
    }

    /** A condition on the status; the value comes from the enum, never from the request's text. */
    private static String statusIs(WishStatus status) {
        return status == null ? "" : " AND status = '" + status.name() + "'";
    }

    /** Wishes a household proposed or supported, newest first. */
    public List<Row> ofHousehold(long householdVillageId, long householdId, int limit) {
        return jdbc.sql(SELECT + " WHERE EXISTS (SELECT 1 FROM wish_support s WHERE s.village_id = wish.village_id"
                        + " AND s.wish_id = wish.id AND s.household_village_id = :hv AND s.household_id = :h)"
                        + " ORDER BY created_at DESC, id DESC LIMIT :limit")
                .param("hv", householdVillageId).param("h", householdId).param("limit", limit)
                .query(WishSql::row).list();
    }

    /** The ids of a supermarket's wishes a household supports (the proposer's own included). */
    public List<Long> supportedBy(long villageId, long supermarketId, long householdVillageId, long householdId) {
        return jdbc.sql("""
                SELECT s.wish_id FROM wish_support s JOIN wish w ON w.village_id = s.village_id AND w.id = s.wish_id
                WHERE s.village_id = :v AND w.supermarket_id = :s AND s.household_village_id = :hv AND s.household_id = :h""")
                .param("v", villageId).param("s", supermarketId).param("hv", householdVillageId).param("h", householdId)
                .query(Long.class).list();
    }

    public boolean supports(long villageId, long wishId, long householdVillageId, long householdId) {
        return jdbc.sql("""
                SELECT COUNT(*) FROM wish_support
                WHERE village_id = :v AND wish_id = :w AND household_village_id = :hv AND household_id = :h""")
                .param("v", villageId).param("w", wishId).param("hv", householdVillageId).param("h", householdId)
                .query(Long.class).single() > 0;
    }

    public void support(long villageId, long wishId, long householdVillageId, long householdId, boolean byProposer,
                 LocalDate on, String by, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO wish_support (village_id, wish_id, household_village_id, household_id, by_proposer,
                                          supported_on, created_by, created_at)
                VALUES (:v, :w, :hv, :h, :own, :on, :by, :at)""")
                .param("v", villageId).param("w", wishId).param("hv", householdVillageId).param("h", householdId)
                .param("own", byProposer).param("on", on).param("by", by).param("at", at).update();
        if (!byProposer) {
            jdbc.sql("UPDATE wish SET supports = supports + 1 WHERE village_id = :v AND id = :w")
                    .param("v", villageId).param("w", wishId).update();
        }
    }

    /** Fulfils an open wish; false when it is no longer open. */
    public boolean fulfil(long villageId, long id, Purchase p, LocalDate on, String by, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE wish SET status = 'FULFILLED', decided_on = :on, decided_by = :by, decided_at = :at,
                       movement_id = :m, product_name = :pn, quantity = :q, fund_name = :f, purchased_on = :pd
                WHERE village_id = :v AND id = :id AND status = 'OPEN'""")
                .param("on", on).param("by", by).param("at", at).param("m", p.movementId()).param("pn", p.productName())
                .param("q", p.quantity()).param("f", p.fundName()).param("pd", p.purchasedOn())
                .param("v", villageId).param("id", id).update() == 1;
    }

    public boolean decline(long villageId, long id, String reason, LocalDate on, String by, OffsetDateTime at) {
        return jdbc.sql("""
                UPDATE wish SET status = 'DECLINED', decided_on = :on, decided_by = :by, decided_at = :at,
                       decline_reason = :r
                WHERE village_id = :v AND id = :id AND status = 'OPEN'""")
                .param("on", on).param("by", by).param("at", at).param("r", reason)
                .param("v", villageId).param("id", id).update() == 1;
    }

    // ------------------------------------------------------------ figures

    long proposed(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT COUNT(*) FROM wish WHERE village_id IN (:vs) AND created_on BETWEEN :f AND :t")
                .param("vs", villageIds).param("f", from).param("t", to).query(Long.class).single();
    }

    long fulfilled(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT COUNT(*) FROM wish WHERE village_id IN (:vs) AND status = 'FULFILLED'"
                        + " AND decided_on BETWEEN :f AND :t")
                .param("vs", villageIds).param("f", from).param("t", to).query(Long.class).single();
    }

    /** Supports given to others' wishes (the proposer's own not counted). */
    long supportsGiven(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        return jdbc.sql("SELECT COUNT(*) FROM wish_support WHERE village_id IN (:vs) AND NOT by_proposer"
                        + " AND supported_on BETWEEN :f AND :t")
                .param("vs", villageIds).param("f", from).param("t", to).query(Long.class).single();
    }

    // ------------------------------------------------------------ forbidden goods

    boolean countySetUp(long countyId) {
        return jdbc.sql("SELECT COUNT(*) FROM wish_forbidden_county WHERE county_id = :c").param("c", countyId)
                .query(Long.class).single() > 0;
    }

    void setUpCounty(long countyId, String by, OffsetDateTime at) {
        jdbc.sql("INSERT INTO wish_forbidden_county (county_id, set_up_by, set_up_at) VALUES (:c, :by, :at)")
                .param("c", countyId).param("by", by).param("at", at).update();
    }

    void lockCounty(long countyId) {
        jdbc.sql("SELECT county_id FROM wish_forbidden_county WHERE county_id = :c FOR UPDATE").param("c", countyId)
                .query(Long.class).list();
    }

    List<ForbiddenTerm> terms(long countyId) {
        return jdbc.sql("SELECT id, term, rule_name FROM wish_forbidden_term WHERE county_id = :c ORDER BY rule_name, id")
                .param("c", countyId).query((rs, i) -> new ForbiddenTerm(rs.getLong(1), rs.getString(2), rs.getString(3)))
                .list();
    }

    boolean hasTerm(long countyId, String key) {
        return jdbc.sql("SELECT COUNT(*) FROM wish_forbidden_term WHERE county_id = :c AND term_key = :k")
                .param("c", countyId).param("k", key).query(Long.class).single() > 0;
    }

    long insertTerm(long countyId, String term, String key, String rule, String by, OffsetDateTime at) {
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO wish_forbidden_term (county_id, term, term_key, rule_name, created_by, created_at)
                VALUES (:c, :t, :k, :r, :by, :at)""")
                .param("c", countyId).param("t", term).param("k", key).param("r", rule).param("by", by).param("at", at)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    Optional<ForbiddenTerm> term(long countyId, long id) {
        return jdbc.sql("SELECT id, term, rule_name FROM wish_forbidden_term WHERE county_id = :c AND id = :id")
                .param("c", countyId).param("id", id)
                .query((rs, i) -> new ForbiddenTerm(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
    }

    void deleteTerm(long countyId, long id) {
        jdbc.sql("DELETE FROM wish_forbidden_term WHERE county_id = :c AND id = :id").param("c", countyId)
                .param("id", id).update();
    }
}
