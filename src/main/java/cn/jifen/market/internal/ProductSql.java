package cn.jifen.market.internal;

import cn.jifen.market.Photo;
import cn.jifen.market.Price;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of goods: products, their prices over time and the cached stock (changed only with a movement): tables {@code product}, {@code product_price}. */
@Repository
public class ProductSql {
    private final JdbcClient jdbc;
    private final SqlDialect dialect;

    public ProductSql(JdbcClient jdbc, SqlDialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
    }

    private static final String PRODUCT = """
            SELECT village_id, id, supermarket_id, name, unit, category, low_stock, active, stock,
                   photo IS NOT NULL AS has_photo FROM product""";

    public record ProductRow(long villageId, long id, long supermarketId, String name, String unit, String category,
                      int lowStock, boolean active, int stock, boolean hasPhoto) { }

    public static ProductRow product(ResultSet rs, int i) throws SQLException {
        return new ProductRow(rs.getLong("village_id"), rs.getLong("id"), rs.getLong("supermarket_id"),
                rs.getString("name"), rs.getString("unit"), rs.getString("category"), rs.getInt("low_stock"),
                rs.getBoolean("active"), rs.getInt("stock"), rs.getBoolean("has_photo"));
    }

    public Optional<ProductRow> product(long villageId, long id) {
        return jdbc.sql(PRODUCT + " WHERE village_id = :v AND id = :id").param("v", villageId).param("id", id)
                .query(ProductSql::product).optional();
    }

    public List<ProductRow> products(long villageId, long supermarketId) {
        return jdbc.sql(PRODUCT + " WHERE village_id = :v AND supermarket_id = :s ORDER BY category, name")
                .param("v", villageId).param("s", supermarketId).query(ProductSql::product).list();
    }

    public boolean productNameTaken(long villageId, long supermarketId, String name, long exceptId) {
        return jdbc.sql("SELECT COUNT(*) FROM product WHERE village_id = :v AND supermarket_id = :s AND name = :n AND id <> :id")
                .param("v", villageId).param("s", supermarketId).param("n", name).param("id", exceptId)
                .query(Long.class).single() > 0;
    }

    public long insertProduct(long villageId, long supermarketId, String name, String unit, String category, int lowStock,
                       String by, OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO product (village_id, supermarket_id, name, unit, category, low_stock, active, stock, created_by, created_at)
                VALUES (:v, :s, :n, :u, :c, :l, TRUE, 0, :b, :t)""")
                .param("v", villageId).param("s", supermarketId).param("n", name).param("u", unit).param("c", category)
                .param("l", lowStock).param("b", by).param("t", at));
    }

    public void updateProduct(long villageId, long id, String name, String unit, String category, int lowStock, boolean active) {
        jdbc.sql("UPDATE product SET name = :n, unit = :u, category = :c, low_stock = :l, active = :a WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).param("n", name).param("u", unit).param("c", category)
                .param("l", lowStock).param("a", active).update();
    }

    public void setProductPhoto(long villageId, long id, byte[] photo, String type) {
        jdbc.sql("UPDATE product SET photo = :p, photo_type = :t WHERE village_id = :v AND id = :id")
                .param("v", villageId).param("id", id).param("p", photo).param("t", type).update();
    }

    public Optional<Photo> productPhoto(long villageId, long id) {
        return jdbc.sql("SELECT photo, photo_type FROM product WHERE village_id = :v AND id = :id AND photo IS NOT NULL")
                .param("v", villageId).param("id", id).query((rs, i) -> new Photo(rs.getBytes(1), rs.getString(2))).optional();
    }

    public void insertPrice(long villageId, long productId, int points, Long referenceCents, LocalDate from, String by,
                     OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO product_price (village_id, product_id, points, reference_cents, effective_from, created_by, created_at)
                VALUES (:v, :p, :pts, :r, :f, :b, :t)""")
                .param("v", villageId).param("p", productId).param("pts", points).param("r", referenceCents)
                .param("f", from).param("b", by).param("t", at).update();
    }

    public static Price price(ResultSet rs, int i) throws SQLException {
        return new Price(rs.getLong("product_id"), rs.getLong("id"), rs.getInt("points"),
                Money.yuan(rs.getObject("reference_cents", Long.class)), rs.getObject("effective_from", LocalDate.class),
                rs.getString("created_by"));
    }

    /** Every price of the products of a supermarket, in the order they apply (later rows win). */
    public List<Price> prices(long villageId, long supermarketId) {
        return jdbc.sql("""
                SELECT pp.* FROM product_price pp JOIN product p ON p.village_id = pp.village_id AND p.id = pp.product_id
                WHERE pp.village_id = :v AND p.supermarket_id = :s ORDER BY pp.product_id, pp.effective_from, pp.id""")
                .param("v", villageId).param("s", supermarketId).query(ProductSql::price).list();
    }

    public List<Price> pricesOf(long villageId, long productId) {
        return jdbc.sql("SELECT * FROM product_price WHERE village_id = :v AND product_id = :p ORDER BY effective_from, id")
                .param("v", villageId).param("p", productId).query(ProductSql::price).list();
    }

    /**
     * Adds a signed quantity to the cached stock in one statement: the UPDATE's condition refuses to go below zero
     * and is checked under the row lock it takes (a concurrent change is waited for and the condition read again),
     * so the check and the write are one. Returns the stock after, or -1 when the product is missing or the stock
     * would go below zero (nothing changed).
     */
    public int applyStock(long villageId, long productId, int delta) {
        return jdbc.sql(dialect.updateReturning(
                        "UPDATE product SET stock = stock + :d WHERE village_id = :v AND id = :p AND stock + :d >= 0", "stock"))
                .param("v", villageId).param("p", productId).param("d", delta).query(Integer.class).optional().orElse(-1);
    }

    /** A product with the price that applies on a day (null when none does yet). */
    public record PricedRow(ProductRow product, Price price) { }

    /**
     * The products of a basket with the price of the day, in one statement (the counter's and reservations' pricer):
     * the latest price row from on or before the day, as {@code priceOn} chooses it. The subquery names {@code :v},
     * not {@code p.village_id}: Citus cannot route a subquery tied to the outer row, so it would run on every shard.
     */
    public List<PricedRow> pricedOn(long villageId, Collection<Long> productIds, LocalDate day) {
        return jdbc.sql("""
                SELECT p.village_id, p.id, p.supermarket_id, p.name, p.unit, p.category, p.low_stock, p.active, p.stock,
                       p.photo IS NOT NULL AS has_photo, pp.id AS price_id, pp.points, pp.reference_cents,
                       pp.effective_from, pp.created_by
                FROM product p
                LEFT JOIN product_price pp ON pp.village_id = p.village_id AND pp.product_id = p.id
                 AND pp.id = (SELECT x.id FROM product_price x WHERE x.village_id = :v AND x.product_id = p.id
                               AND x.effective_from <= :d ORDER BY x.effective_from DESC, x.id DESC LIMIT 1)
                WHERE p.village_id = :v AND p.id IN (:ids)""")
                .param("v", villageId).param("ids", productIds).param("d", day)
                .query((rs, i) -> new PricedRow(product(rs, i), rs.getObject("price_id") == null ? null
                        : new Price(rs.getLong("id"), rs.getLong("price_id"), rs.getInt("points"),
                        Money.yuan(rs.getObject("reference_cents", Long.class)),
                        rs.getObject("effective_from", LocalDate.class), rs.getString("created_by")))).list();
    }

    public record StockCheck(long villageId, long productId, String name, int stock, long movements) { }

    /** Products whose cached stock differs from the sum of their applied movements, or is negative. */
    public List<StockCheck> stockMismatches(Long villageId) {
        // one village: the subquery names :v too, so Citus reads that village's shard alone (docs/citus.md)
        String village = villageId == null ? "p.village_id" : ":v";
        return jdbc.sql("""
                SELECT p.village_id, p.id, p.name, p.stock, COALESCE((SELECT SUM(m.quantity) FROM stock_movement m
                  WHERE m.village_id = %s AND m.product_id = p.id AND m.status = 'APPLIED'), 0) AS moved
                FROM product p WHERE %s""".formatted(village, villageId == null ? "TRUE" : "p.village_id = :v"))
                .param("v", villageId == null ? 0L : villageId).param("all", villageId == null)
                .query((rs, i) -> new StockCheck(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getInt(4), rs.getLong(5)))
                .list().stream().filter(c -> c.stock() < 0 || c.stock() != c.movements()).toList();
    }

    public long productCount(Long villageId) {
        return jdbc.sql("SELECT COUNT(*) FROM product WHERE village_id = :v OR :all = TRUE")
                .param("v", villageId == null ? 0L : villageId).param("all", villageId == null).query(Long.class).single();
    }

    public List<Price> villagePrices(long villageId) {
        return jdbc.sql("SELECT * FROM product_price WHERE village_id = :v ORDER BY product_id, effective_from, id")
                .param("v", villageId).query(ProductSql::price).list();
    }
}
