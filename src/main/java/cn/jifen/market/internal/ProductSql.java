package cn.jifen.market.internal;

import cn.jifen.market.Photo;
import cn.jifen.market.Price;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of goods: products, their prices over time and the cached stock (changed only with a movement): tables {@code product}, {@code product_price}. */
@Repository
public class ProductSql {
    private final JdbcClient jdbc;

    public ProductSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
     * Adds a signed quantity to the cached stock: locks the row, checks, and updates with the same
     * condition again, all in the caller's transaction. Returns the stock after, or -1 when the stock
     * would go below zero (nothing changed).
     */
    public int applyStock(long villageId, long productId, int delta) {
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

    public record StockCheck(long villageId, long productId, String name, int stock, long movements) { }

    /** Products whose cached stock differs from the sum of their applied movements, or is negative. */
    public List<StockCheck> stockMismatches(Long villageId) {
        return jdbc.sql("""
                SELECT p.village_id, p.id, p.name, p.stock, COALESCE((SELECT SUM(m.quantity) FROM stock_movement m
                  WHERE m.village_id = p.village_id AND m.product_id = p.id AND m.status = 'APPLIED'), 0) AS moved
                FROM product p WHERE p.village_id = :v OR :all = TRUE""")
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
