package cn.jifen.market.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.Fund;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Yuan;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Between;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.Payload;
import cn.jifen.shared.RequestKeys;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stock ledger (台账) behind {@link Goods}: every stock change as a movement. The cached stock on the product row
 * changes only in the transaction that writes the movement, by a conditional UPDATE that refuses to go below zero, so
 * the check and the write are one. Goods coming in (purchases, donations) may carry a request key and are then booked
 * once; losses and stock-take differences wait for a village admin's approval (not the person who asked).
 */
@Service
public class StockBook {
    /** Goods bought with a fund, as booked; the day (not in the future, at most 31 days back) is checked by the clock. */
    public record Purchase(@NotNull(message = "{error.required}")
                           @Between(min = 1, max = Goods.MAX_QUANTITY, message = "{error.market.quantity}") Integer quantity,
                           @NotNull(message = "{error.required}") @Yuan BigDecimal costYuan,
                           @PlainText(max = 100, required = true) String supplier,
                           @NotNull(message = "{error.market.fundRequired}") Long fundId,
                           LocalDate occurredOn) { }

    /** Goods donated, as booked. */
    public record Donation(@NotNull(message = "{error.required}")
                           @Between(min = 1, max = Goods.MAX_QUANTITY, message = "{error.market.quantity}") Integer quantity,
                           @PlainText(max = 100, required = true) String donor,
                           LocalDate occurredOn) { }

    /** A loss asked for; that it does not exceed the stock is checked against the product row. */
    public record Loss(@NotNull(message = "{error.required}")
                       @Between(min = 1, max = Goods.MAX_QUANTITY, message = "{error.market.quantity}") Integer quantity,
                       @PlainText(max = 500, required = true) String reason) { }

    /** A stock-take; a difference needs a reason (known only against the stock, in the transaction). */
    public record StockTake(@NotNull(message = "{error.required}")
                            @Between(min = 0, max = Goods.MAX_QUANTITY, message = "{error.market.counted}") Integer counted,
                            @PlainText(max = 500) String reason) { }

    private final ProductSql productSql;
    private final MovementSql movementSql;
    private final FundSql fundSql;
    private final Supermarkets supermarkets;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestKeys keys;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    StockBook(ProductSql productSql, MovementSql movementSql, FundSql fundSql, Supermarkets supermarkets,
              OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx, RequestKeys keys,
              RequestValidation validation) {
        this.validation = validation;
        this.productSql = productSql;
        this.movementSql = movementSql;
        this.fundSql = fundSql;
        this.supermarkets = supermarkets;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.keys = keys;
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

    // ---------------------------------------------------------------- stock movements (keeper)

    private ProductSql.ProductRow counterProduct(Actor actor, long villageId, long productId) {
        ProductSql.ProductRow r = productSql.product(villageId, productId).orElseThrow(Goods::productNotFound);
        supermarkets.forCounter(actor, villageId, r.supermarketId());
        return r;
    }

    /** Goods coming in (purchase, donation) need an open supermarket; losses and stock-takes do not (winding down). */
    private ProductSql.ProductRow incomingProduct(Actor actor, long villageId, long productId) {
        ProductSql.ProductRow r = counterProduct(actor, villageId, productId);
        if (!supermarkets.visible(actor, villageId, r.supermarketId()).active()) {
            throw new Conflict("error.market.supermarketClosedStock");
        }
        return r;
    }

    /** Goods bought: quantity in, the cost debited to the fund that paid (its balance must cover it). */
    public Movement purchase(Actor actor, long villageId, long productId, Integer quantity, BigDecimal costYuan,
                             String supplier, Long fundId, LocalDate on) {
        return purchase(actor, villageId, productId, quantity, costYuan, supplier, fundId, on, null);
    }

    /** A purchase with a request key: the same key books it once, however often it is sent. */
    public Movement purchase(Actor actor, long villageId, long productId, Integer quantity, BigDecimal costYuan,
                             String supplier, Long fundId, LocalDate on, String requestKey) {
        ProductSql.ProductRow r = incomingProduct(actor, villageId, productId);
        String key = requestKey(requestKey);
        Payload payload = Payload.of("market.stock").with("kind", "PURCHASE")
                .with("product", productId).with("quantity", quantity).with("costYuan", costYuan)
                .with("supplier", supplier).with("fund", fundId).with("occurredOn", on);
        return keys.once(villageId, key, payload, ref -> movementSql.movement(villageId, Long.parseLong(ref)),
                claim -> purchase(actor, villageId, productId, r, quantity, costYuan, supplier, fundId, on, claim));
    }

    private Movement purchase(Actor actor, long villageId, long productId, ProductSql.ProductRow r, Integer quantity,
                              BigDecimal costYuan, String supplier, Long fundId, LocalDate on,
                              RequestKeys.Claim claim) {
        List<Problem> problems = new ArrayList<>();
        LocalDate day = day(on, problems);
        validation.check(new Purchase(quantity, costYuan, supplier, fundId, on), problems);
        int q = quantity;
        long cost = costYuan.movePointRight(2).longValueExact();
        String sup = Texts.clean(supplier);
        Fund fund = fundSql.fund(villageId, fundId).filter(Fund::active)
                .orElseThrow(() -> InvalidInput.of("fundId", "error.market.fundNotFound"));
        return tx.execute(s -> {
            fundSql.lockFund(villageId, fund.id());
            Fund locked = fundSql.fund(villageId, fund.id()).orElseThrow();
            if (locked.balanceYuan().movePointRight(2).longValueExact() < cost) {
                throw new Conflict("error.market.fundShort", locked.name(), locked.balanceYuan().toPlainString(),
                        Money.yuan(cost).toPlainString());
            }
            int after = productSql.applyStock(villageId, productId, q);
            long id = movementSql.insertMovement(villageId, r.supermarketId(), productId, "PURCHASE", q, "APPLIED", after, cost,
                    sup, fund.id(), null, null, null, null, null, day, actor.username(), now());
            fundSql.insertFundEntry(villageId, fund.id(), "PURCHASE", -cost, null, day, r.name() + " ×" + q, id, null,
                    actor.username(), now());
            audit.record(actor, "market.stock.purchase", path(villageId), "product", productId, null,
                    "+" + q + " ¥" + Money.yuan(cost), sup);
            keys.complete(claim, id);
            return movementSql.movement(villageId, id).orElseThrow();
        });
    }

    /** Goods donated: quantity in, the donor named. */
    public Movement donation(Actor actor, long villageId, long productId, Integer quantity, String donor, LocalDate on) {
        return donation(actor, villageId, productId, quantity, donor, on, null);
    }

    /** A donation with a request key: the same key books it once. */
    public Movement donation(Actor actor, long villageId, long productId, Integer quantity, String donor, LocalDate on,
                             String requestKey) {
        ProductSql.ProductRow r = incomingProduct(actor, villageId, productId);
        String key = requestKey(requestKey);
        Payload payload = Payload.of("market.stock").with("kind", "DONATION")
                .with("product", productId).with("quantity", quantity).with("donor", donor).with("occurredOn", on);
        return keys.once(villageId, key, payload, ref -> movementSql.movement(villageId, Long.parseLong(ref)),
                claim -> donation(actor, villageId, productId, r, quantity, donor, on, claim));
    }

    private Movement donation(Actor actor, long villageId, long productId, ProductSql.ProductRow r, Integer quantity,
                              String donor, LocalDate on, RequestKeys.Claim claim) {
        List<Problem> problems = new ArrayList<>();
        LocalDate day = day(on, problems);
        validation.check(new Donation(quantity, donor, on), problems);
        int q = quantity;
        String d = Texts.clean(donor);
        return tx.execute(s -> {
            int after = productSql.applyStock(villageId, productId, q);
            long id = movementSql.insertMovement(villageId, r.supermarketId(), productId, "DONATION", q, "APPLIED", after, null,
                    null, null, d, null, null, null, null, day, actor.username(), now());
            audit.record(actor, "market.stock.donation", path(villageId), "product", productId, null, "+" + q, d);
            keys.complete(claim, id);
            return movementSql.movement(villageId, id).orElseThrow();
        });
    }

    // ---------------------------------------------------------------- request keys of bookings

    /** Bookings may be sent without a key; one sent with a key is booked once ({@link cn.jifen.shared.RequestKeys}). */
    private static String requestKey(String raw) {
        return RequestKeys.optional(raw, 80, "error.market.key");
    }

    /** Loss, damage or expiry: asked for now, taken out of stock when a village admin approves. */
    public Movement reportLoss(Actor actor, long villageId, long productId, Integer quantity, String reason) {
        ProductSql.ProductRow r = counterProduct(actor, villageId, productId);
        validation.check(new Loss(quantity, reason));
        int q = quantity;
        String why = Texts.clean(reason);
        if (q > r.stock()) {
            throw InvalidInput.of("quantity", "error.market.lossExceedsStock", r.stock(), r.unit());
        }
        return tx.execute(s -> {
            long id = movementSql.insertMovement(villageId, r.supermarketId(), productId, "LOSS", -q, "PENDING", null, null, null,
                    null, null, why, null, null, null, today(), actor.username(), now());
            audit.record(actor, "market.stock.loss", path(villageId), "product", productId, null, "-" + q, why);
            return movementSql.movement(villageId, id).orElseThrow();
        });
    }

    /** A stock-take: counted against expected (today's stock); a difference waits for approval. */
    public Movement stockTake(Actor actor, long villageId, long productId, Integer counted, String reason) {
        ProductSql.ProductRow r = counterProduct(actor, villageId, productId);
        validation.check(new StockTake(counted, reason));
        String why = Texts.clean(reason);
        return tx.execute(s -> {
            int expected = productSql.product(villageId, productId).orElseThrow().stock();
            int delta = counted - expected;
            long id;
            if (delta == 0) {
                id = movementSql.insertMovement(villageId, r.supermarketId(), productId, "STOCKTAKE", 0, "APPLIED", expected,
                        null, null, null, null, why, counted, expected, null, today(), actor.username(), now());
            } else {
                if (why == null) {
                    throw InvalidInput.of("reason", "error.market.stockTakeReason");
                }
                id = movementSql.insertMovement(villageId, r.supermarketId(), productId, "STOCKTAKE", delta, "PENDING", null,
                        null, null, null, null, why, counted, expected, null, today(), actor.username(), now());
            }
            audit.record(actor, "market.stock.take", path(villageId), "product", productId, String.valueOf(expected),
                    String.valueOf(counted), why);
            return movementSql.movement(villageId, id).orElseThrow();
        });
    }

    /** Approves (applies) or rejects a pending loss or stock-take. A village admin, not whoever asked. */
    public Movement decide(Actor actor, long villageId, long movementId, boolean approve, String reason) {
        Movement m = movementSql.movement(villageId, movementId).orElseThrow(() -> new NotFound("error.market.movementNotFound"));
        supermarkets.forAdmin(actor, villageId, m.supermarketId());
        if (m.createdBy().equals(actor.username())) {
            throw new Forbidden("error.market.ownRequest");
        }
        if (approve) {
            validation.check(new DecisionReason(reason));
        } else {
            validation.check(new DecisionReason(reason), List.of(), DecisionReason.Required.class);
        }
        String why = Texts.clean(reason);
        return tx.execute(s -> {
            String status = movementSql.lockMovementStatus(villageId, movementId).orElseThrow();
            if (!"PENDING".equals(status)) {
                throw new Conflict("error.market.alreadyDecided");
            }
            Integer after = null;
            if (approve) {
                after = productSql.applyStock(villageId, m.productId(), m.quantity());
                if (after < 0) {
                    int stock = productSql.product(villageId, m.productId()).orElseThrow().stock();
                    throw new Conflict("error.market.approvalBelowZero", m.productName(), stock, m.unit());
                }
            }
            movementSql.decideMovement(villageId, movementId, approve ? "APPLIED" : "REJECTED", after, actor.username(), now(), why);
            audit.record(actor, approve ? "market.stock.approve" : "market.stock.reject", path(villageId),
                    "stock_movement", movementId, "PENDING", approve ? "APPLIED" : "REJECTED", why);
            return movementSql.movement(villageId, movementId).orElseThrow();
        });
    }

    public List<Movement> pending(Actor actor, long villageId, long supermarketId) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return movementSql.pending(villageId, supermarketId);
    }

    /** A page of the movements waiting for approval, oldest first. */
    public Page<Movement> pending(Actor actor, long villageId, long supermarketId, Paging paging) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return paging.of(movementSql.pending(villageId, supermarketId, paging.size(), paging.offset()),
                movementSql.pendingCount(villageId, supermarketId));
    }

    /**
     * A page of the stock ledger of a supermarket for a date range (default the last 30 days), newest first,
     * optionally of one product.
     */
    public Page<Movement> ledger(Actor actor, long villageId, long supermarketId, LocalDate from, LocalDate to,
                                 Long productId, Paging paging) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        LocalDate t = to == null ? today() : to;
        LocalDate f = from == null ? t.minusDays(30) : from;
        if (f.isAfter(t)) {
            throw InvalidInput.of("from", "error.period");
        }
        return paging.of(movementSql.movements(villageId, supermarketId, f, t, productId, paging.size(), paging.offset()),
                movementSql.movementCount(villageId, supermarketId, f, t, productId));
    }

    private LocalDate day(LocalDate on, List<Problem> problems) {
        LocalDate today = today();
        if (on == null) {
            return today;
        }
        if (on.isAfter(today)) {
            problems.add(new Problem("occurredOn", "error.market.future"));
        } else if (on.isBefore(today.minusDays(31))) {
            problems.add(new Problem("occurredOn", "error.market.tooOld", 31));
        }
        return on;
    }

    /**
     * A purchase (goods bought with a fund) booked at a supermarket, for a module that links to it (the wish list: the
     * purchase that fulfilled a wish). Staff who see the supermarket; empty when there is no such purchase there.
     */
    public Optional<Movement> purchaseAt(Actor actor, long villageId, long supermarketId, long movementId) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return movementSql.movement(villageId, movementId)
                .filter(m -> m.supermarketId() == supermarketId && "PURCHASE".equals(m.kind()));
    }

    /** Stock reconciliation: products whose stock differs from the sum of their movements (empty: all agree). */
    public List<String> reconcile(Long villageId) {
        return productSql.stockMismatches(villageId).stream()
                .map(c -> c.villageId() + "/" + c.productId() + " " + c.name() + ": stock " + c.stock()
                        + " ≠ Σ movements " + c.movements()).toList();
    }
}
