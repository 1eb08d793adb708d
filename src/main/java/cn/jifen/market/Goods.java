package cn.jifen.market;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.internal.Money;
import cn.jifen.market.internal.ProductSql;
import cn.jifen.market.internal.StockBook;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Texts;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Goods: the published facade of the supermarkets' products and their stock. Products with a price history (a
 * redemption keeps the price of its day), their photos, and — delegated to {@link StockBook} — the stock ledger
 * (台账): purchases, donations, losses, stock-takes and their approval, the ledger pages and the reconciliation.
 * Demo, wishes and the statistics fixtures book and read stock through this one facade, so its signatures stay put
 * while the stock ledger's implementation lives in the internal package.
 */
@Service
public class Goods {
    public static final int MAX_QUANTITY = 100_000;
    static final int MAX_POINTS = 1_000_000;

    private final ProductSql productSql;
    private final StockBook stock;
    private final Supermarkets supermarkets;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    Goods(ProductSql productSql, StockBook stock, Supermarkets supermarkets, OrgUnits orgUnits, AuditLog audit,
          Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.productSql = productSql;
        this.stock = stock;
        this.supermarkets = supermarkets;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.validation = validation;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private String path(long villageId) {
        return orgUnits.byId(villageId).path();
    }

    // ---------------------------------------------------------------- reading

    /** The products of a supermarket with today's price. Villagers see active ones only. */
    public List<Product> products(Actor actor, long villageId, long supermarketId) {
        supermarkets.visible(actor, villageId, supermarketId);
        return productsOf(villageId, supermarketId, !actor.isStaff());
    }

    /** Products for the public goods list (no login): active ones with a price. */
    public List<Product> publicProducts(long villageId, long supermarketId) {
        return productsOf(villageId, supermarketId, true).stream().filter(p -> p.points() > 0).toList();
    }

    List<Product> productsOf(long villageId, long supermarketId, boolean activeOnly) {
        LocalDate today = today();
        Map<Long, Price> current = new HashMap<>();
        for (Price p : productSql.prices(villageId, supermarketId)) {
            if (!p.effectiveFrom().isAfter(today)) {
                current.put(p.productId(), p);
            }
        }
        List<Product> out = new ArrayList<>();
        for (ProductSql.ProductRow r : productSql.products(villageId, supermarketId)) {
            if (activeOnly && !r.active()) {
                continue;
            }
            out.add(view(r, current.get(r.id())));
        }
        return out;
    }

    public Product product(Actor actor, long villageId, long productId) {
        ProductSql.ProductRow r = productSql.product(villageId, productId).orElseThrow(Goods::productNotFound);
        supermarkets.visible(actor, villageId, r.supermarketId());
        if (!actor.isStaff() && !r.active()) {
            throw productNotFound();
        }
        return view(r, priceOn(villageId, productId, today()));
    }

    public List<Price> priceHistory(Actor actor, long villageId, long productId) {
        product(actor, villageId, productId);
        return productSql.pricesOf(villageId, productId);
    }

    /** The price that applies on a day: the latest row from on or before it. */
    public Price priceOn(long villageId, long productId, LocalDate day) {
        Price found = null;
        for (Price p : productSql.pricesOf(villageId, productId)) {
            if (!p.effectiveFrom().isAfter(day)) {
                found = p;
            }
        }
        return found;
    }

    static Product view(ProductSql.ProductRow r, Price p) {
        return new Product(r.villageId(), r.id(), r.supermarketId(), r.name(), r.unit(), r.category(), r.lowStock(),
                r.active(), r.stock(), p == null ? 0 : p.points(), p == null ? null : p.referenceYuan(),
                p == null ? null : p.effectiveFrom(), r.hasPhoto());
    }

    public static NotFound productNotFound() {
        return new NotFound("error.market.productNotFound");
    }

    public Photo productPhoto(Actor actor, long villageId, long productId) {
        product(actor, villageId, productId);
        return productSql.productPhoto(villageId, productId).orElseThrow(() -> new NotFound("error.market.photoNotFound"));
    }

    public Photo publicProductPhoto(long villageId, long productId) {
        ProductSql.ProductRow r = productSql.product(villageId, productId).filter(ProductSql.ProductRow::active)
                .orElseThrow(Goods::productNotFound);
        return productSql.productPhoto(r.villageId(), r.id()).orElseThrow(() -> new NotFound("error.market.photoNotFound"));
    }

    // ---------------------------------------------------------------- products and prices (village admin)

    /**
     * A draft of a product: name, unit, category, low-stock threshold, its first price. The text rules are its
     * constraints; the threshold, the points and the reference price (ranges whose messages name the bound) are
     * checked by {@link Goods}.
     */
    public record ProductDraft(@PlainText(max = 100, required = true) String name,
                               @PlainText(max = 16, required = true) String unit,
                               @PlainText(max = 50) String category, Integer lowStock, Integer points,
                               BigDecimal referenceYuan) { }

    /** What changes on a product (not its price); the same rules as {@link ProductDraft}. */
    public record ProductChange(@PlainText(max = 100, required = true) String name,
                                @PlainText(max = 16, required = true) String unit,
                                @PlainText(max = 50) String category, Integer lowStock, Boolean active) { }

    /** Adds a product to a supermarket the actor administers; the draft is checked after that access check. */
    public Product create(Actor actor, long villageId, long supermarketId, ProductDraft d) {
        supermarkets.forAdmin(actor, villageId, supermarketId);
        List<Problem> problems = new ArrayList<>();
        int low = lowStock(d.lowStock(), problems);
        int points = points(d.points(), problems);
        Long ref = Money.optionalCents("referenceYuan", d.referenceYuan(), problems);
        validation.check(d, problems);
        String name = Texts.clean(d.name());
        String unit = Texts.clean(d.unit());
        String category = Texts.clean(d.category());
        return tx.execute(s -> {
            if (productSql.productNameTaken(villageId, supermarketId, name, -1)) {
                throw InvalidInput.of("name", "error.market.productNameTaken");
            }
            long id = productSql.insertProduct(villageId, supermarketId, name, unit, category, low, actor.username(), now());
            productSql.insertPrice(villageId, id, points, ref, today(), actor.username(), now());
            audit.record(actor, "market.product.create", path(villageId), "product", id, null,
                    name + " " + points + "分", null);
            return view(productSql.product(villageId, id).orElseThrow(), priceOn(villageId, id, today()));
        });
    }

    /** Changes name, unit, category, threshold and the active flag (not the price: see {@link #reprice}). */
    public Product update(Actor actor, long villageId, long productId, String name, String unit, String category,
                          Integer lowStock, Boolean active) {
        return update(actor, villageId, productId, new ProductChange(name, unit, category, lowStock, active));
    }

    public Product update(Actor actor, long villageId, long productId, ProductChange change) {
        ProductSql.ProductRow r = productSql.product(villageId, productId).orElseThrow(Goods::productNotFound);
        supermarkets.forAdmin(actor, villageId, r.supermarketId());
        List<Problem> problems = new ArrayList<>();
        int low = lowStock(change.lowStock(), problems);
        validation.check(change, problems);
        String n = Texts.clean(change.name());
        String u = Texts.clean(change.unit());
        String c = Texts.clean(change.category());
        Boolean active = change.active();
        return tx.execute(s -> {
            if (productSql.productNameTaken(villageId, r.supermarketId(), n, productId)) {
                throw InvalidInput.of("name", "error.market.productNameTaken");
            }
            boolean act = active == null ? r.active() : active;
            productSql.updateProduct(villageId, productId, n, u, c, low, act);
            audit.record(actor, "market.product.update", path(villageId), "product", productId,
                    r.name() + "/" + r.unit() + "/" + r.active(), n + "/" + u + "/" + act, null);
            return view(productSql.product(villageId, productId).orElseThrow(), priceOn(villageId, productId, today()));
        });
    }

    /** A new price from a day on (today or later); redemptions before it keep the price they had. */
    public Price reprice(Actor actor, long villageId, long productId, Integer points, BigDecimal referenceYuan,
                         LocalDate from) {
        ProductSql.ProductRow r = productSql.product(villageId, productId).orElseThrow(Goods::productNotFound);
        supermarkets.forAdmin(actor, villageId, r.supermarketId());
        List<Problem> problems = new ArrayList<>();
        int p = points(points, problems);
        Long ref = Money.optionalCents("referenceYuan", referenceYuan, problems);
        LocalDate day = from == null ? today() : from;
        if (day.isBefore(today())) {
            problems.add(new Problem("effectiveFrom", "error.market.pricePast"));
        }
        Texts.throwIfAny(problems);
        return tx.execute(s -> {
            Price before = priceOn(villageId, productId, day);
            productSql.insertPrice(villageId, productId, p, ref, day, actor.username(), now());
            audit.record(actor, "market.product.price", path(villageId), "product", productId,
                    before == null ? null : before.points() + "分", p + "分 自" + day, null);
            return priceOn(villageId, productId, day);
        });
    }

    public void setPhoto(Actor actor, long villageId, long productId, byte[] photo) {
        ProductSql.ProductRow r = productSql.product(villageId, productId).orElseThrow(Goods::productNotFound);
        supermarkets.forAdmin(actor, villageId, r.supermarketId());
        if (photo == null || photo.length == 0 || !Supermarkets.isImage(photo)) {
            throw InvalidInput.of("photo", "error.market.photo");
        }
        if (photo.length > 8 * 1024 * 1024) {
            throw InvalidInput.of("photo", "error.market.photoTooLarge");
        }
        tx.executeWithoutResult(s -> {
            productSql.setProductPhoto(villageId, productId, photo, Supermarkets.imageType(photo));
            audit.record(actor, "market.product.photo", path(villageId), "product", productId, null, null, null);
        });
    }

    private static int lowStock(Integer v, List<Problem> problems) {
        if (v == null) {
            return 0;
        }
        if (v < 0 || v > MAX_QUANTITY) {
            problems.add(new Problem("lowStock", "error.market.lowStock", MAX_QUANTITY));
            return 0;
        }
        return v;
    }

    private static int points(Integer v, List<Problem> problems) {
        if (v == null) {
            problems.add(new Problem("points", "error.required"));
            return 0;
        }
        if (v <= 0 || v > MAX_POINTS) {
            problems.add(new Problem("points", "error.market.points", MAX_POINTS));
            return 0;
        }
        return v;
    }

    // ---------------------------------------------------------------- the stock ledger (implemented by StockBook)

    /** Goods bought: quantity in, the cost debited to the fund that paid (its balance must cover it). */
    public Movement purchase(Actor actor, long villageId, long productId, Integer quantity, BigDecimal costYuan,
                             String supplier, Long fundId, LocalDate on) {
        return stock.purchase(actor, villageId, productId, quantity, costYuan, supplier, fundId, on, null);
    }

    /** A purchase with a request key: the same key books it once, however often it is sent. */
    public Movement purchase(Actor actor, long villageId, long productId, Integer quantity, BigDecimal costYuan,
                             String supplier, Long fundId, LocalDate on, String requestKey) {
        return stock.purchase(actor, villageId, productId, quantity, costYuan, supplier, fundId, on, requestKey);
    }

    /** Goods donated: quantity in, the donor named. */
    public Movement donation(Actor actor, long villageId, long productId, Integer quantity, String donor, LocalDate on) {
        return stock.donation(actor, villageId, productId, quantity, donor, on, null);
    }

    /** A donation with a request key: the same key books it once. */
    public Movement donation(Actor actor, long villageId, long productId, Integer quantity, String donor, LocalDate on,
                             String requestKey) {
        return stock.donation(actor, villageId, productId, quantity, donor, on, requestKey);
    }

    /** Loss, damage or expiry: asked for now, taken out of stock when a village admin approves. */
    public Movement reportLoss(Actor actor, long villageId, long productId, Integer quantity, String reason) {
        return stock.reportLoss(actor, villageId, productId, quantity, reason);
    }

    /** A stock-take: counted against expected (today's stock); a difference waits for approval. */
    public Movement stockTake(Actor actor, long villageId, long productId, Integer counted, String reason) {
        return stock.stockTake(actor, villageId, productId, counted, reason);
    }

    /** Approves (applies) or rejects a pending loss or stock-take. A village admin, not whoever asked. */
    public Movement decide(Actor actor, long villageId, long movementId, boolean approve, String reason) {
        return stock.decide(actor, villageId, movementId, approve, reason);
    }

    public List<Movement> pending(Actor actor, long villageId, long supermarketId) {
        return stock.pending(actor, villageId, supermarketId);
    }

    /** A page of the movements waiting for approval, oldest first. */
    public Page<Movement> pending(Actor actor, long villageId, long supermarketId, Paging paging) {
        return stock.pending(actor, villageId, supermarketId, paging);
    }

    /**
     * A page of the stock ledger of a supermarket for a date range (default the last 30 days), newest first,
     * optionally of one product.
     */
    public Page<Movement> ledger(Actor actor, long villageId, long supermarketId, LocalDate from, LocalDate to,
                                 Long productId, Paging paging) {
        return stock.ledger(actor, villageId, supermarketId, from, to, productId, paging);
    }

    /**
     * A purchase (goods bought with a fund) booked at a supermarket, for a module that links to it (the wish list: the
     * purchase that fulfilled a wish). Staff who see the supermarket; empty when there is no such purchase there.
     */
    public Optional<Movement> purchaseAt(Actor actor, long villageId, long supermarketId, long movementId) {
        return stock.purchaseAt(actor, villageId, supermarketId, movementId);
    }

    /** Stock reconciliation: products whose stock differs from the sum of their movements (empty: all agree). */
    public List<String> reconcile(Long villageId) {
        return stock.reconcile(villageId);
    }
}
