package cn.jifen.market;

import cn.jifen.market.internal.BasketPricer;
import cn.jifen.market.internal.DecisionReason;
import cn.jifen.market.internal.FundSql;
import cn.jifen.market.internal.Money;
import cn.jifen.market.internal.MovementSql;
import cn.jifen.market.internal.ProductSql;
import cn.jifen.market.internal.RedemptionSql;
import cn.jifen.market.internal.SaleSql;
import cn.jifen.market.internal.SupermarketSql;
import cn.jifen.market.internal.VetoBlock;
import cn.jifen.market.internal.VillagePaths;
import cn.jifen.audit.AuditLog;
import cn.jifen.directory.PassbookHolder;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Between;
import jakarta.validation.constraints.NotNull;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Payload;
import cn.jifen.shared.RequestKeys;
import cn.jifen.shared.RequestValidation;
import java.math.BigDecimal;
import java.util.Comparator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.TransactionException;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redemption at the counter (兑换). One database transaction debits the points through the ledger
 * (which locks the passbook account row and checks the balance under that lock) and takes the goods
 * out of stock (each product row updated in id order by one conditional UPDATE that refuses to go below
 * zero under its row lock); either both happen or neither. Lock order is always the household's market
 * row, the passbook, then products by id, so redemptions never deadlock each other. The confirm is
 * idempotent: the same key returns the first result.
 * <p>
 * A sale is kept to few statements (issue #17): what rarely changes (the supermarket and its keepers, the
 * village's settings and windows, the county's veto months, the village's path) comes from per-village caches
 * emptied on every change; the household lock is one upsert that also says whether reservations hold points;
 * the basket is priced in one read; the stock taken, the redemption, its lines and movements are one statement on
 * PostgreSQL ({@link SaleSql}; one per table on H2); the request key is
 * written once, DONE, at the end of the transaction ({@link RequestKeys#onceAtCommit}: a twin waits on the household's
 * lock and is answered with the first result through the ledger's key); the veto block, the points held by
 * reservations and whether cash is needed at all are checked by the ledger's posting under the passbook's lock, in
 * the statement that takes it (11 statements from token to response on PostgreSQL, 17 on H2,
 * RedemptionStatementsTest).
 * <p>
 * The basket is checked ({@link BasketRequest}) and priced by {@link BasketPricer} through {@link HouseholdBaskets},
 * which reservations use too, with the household's market row. The confirm, its
 * replay and the same-day cancellation stay in this one class (about 450 lines) because they share the
 * lock order and the request-key replay, which must not drift apart.
 * <p>Why one class of about 450 lines: The counter's sale is one transaction whose lock order and statement count
 * (issue #17) must be read as a whole; the basket, the pricing and the household lock are in HouseholdBaskets and
 * BasketPricer.
 */
@Service
public class Redemptions {
    private static final Logger LOG = LoggerFactory.getLogger(Redemptions.class);

    /** One basket line as sent by the counter or a villager ({@link BasketRequest}). */
    public record Item(@NotNull(message = "{error.required}") Long productId,
                       @Between(min = 1, max = BasketPricer.MAX_LINE_QUANTITY, required = true,
                               message = "{error.market.quantity}") Integer quantity) { }

    /** What the keeper sees after finding a passbook. */
    public record Customer(long villageId, long householdId, String passbookNumber, String headName, long available,
                           boolean vetoed, boolean open, String closedReasonKey, RedemptionWindow window,
                           boolean cashTopUp, long held, LocalDate blockedUntil) { }

    private final SupermarketSql supermarketSql;
    private final ProductSql productSql;
    private final MovementSql movementSql;
    private final FundSql fundSql;
    private final RedemptionSql redemptionSql;
    private final SaleSql saleSql;
    private final Supermarkets supermarkets;
    private final HouseholdBaskets baskets;
    private final RedemptionWindows windows;
    private final Ledger ledger;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final VetoBlock vetoBlock;
    private final VillagePaths paths;
    private final RequestKeys keys;
    private final ApplicationEventPublisher events;

    private final RequestValidation validation;

    Redemptions(SupermarketSql supermarketSql, ProductSql productSql, MovementSql movementSql, FundSql fundSql,
                RedemptionSql redemptionSql, SaleSql saleSql, Supermarkets supermarkets, HouseholdBaskets baskets,
                RedemptionWindows windows, Ledger ledger, AuditLog audit, Clock clock, TransactionTemplate tx,
                VetoBlock vetoBlock, VillagePaths paths, RequestKeys keys, ApplicationEventPublisher events,
                RequestValidation validation) {
        this.validation = validation;
        this.paths = paths;
        this.events = events;
        this.keys = keys;
        this.supermarketSql = supermarketSql;
        this.productSql = productSql;
        this.movementSql = movementSql;
        this.fundSql = fundSql;
        this.redemptionSql = redemptionSql;
        this.saleSql = saleSql;
        this.supermarkets = supermarkets;
        this.baskets = baskets;
        this.windows = windows;
        this.ledger = ledger;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.vetoBlock = vetoBlock;
    }

    // ---------------------------------------------------------------- finding the passbook

    /** The household behind a passbook (typed or scanned), its balance and whether it may redeem now. */
    public Customer lookup(Actor actor, long villageId, long supermarketId, String passbookNumber) {
        Supermarkets.Supermarket s = supermarkets.forCounter(actor, villageId, supermarketId);
        PassbookHolder h = baskets.holder(s, passbookNumber);
        boolean vetoed = ledger.isVetoed(h.villageId(), h.householdId(), LocalDate.now(clock).getYear());
        String reason = null;
        LocalDate blockedUntil = vetoBlock.until(h.villageId(), h.householdId()).orElse(null);
        if (!"ACTIVE".equals(h.status())) {
            reason = "error.market.passbookInactive";
        } else if (blockedUntil != null) {
            reason = "error.market.vetoBlocked";
        } else if (!s.active()) {
            reason = "error.market.supermarketClosed";
        } else if (!windows.isOpenNow(villageId)) {
            reason = "error.market.windowClosed";
        }
        return new Customer(h.villageId(), h.householdId(), h.number(), h.headName(),
                ledger.balance(h.villageId(), h.householdId()), vetoed, reason == null, reason,
                windows.next(villageId).orElse(null), windows.allowCashTopUp(villageId),
                baskets.heldNow(h.villageId(), h.householdId(), OffsetDateTime.now(clock)),
                blockedUntil);
    }

    // ---------------------------------------------------------------- confirm

    /** Confirms a basket: points and stock in one transaction. A repeated key returns the first result. */
    public Redemption redeem(Actor actor, long villageId, long supermarketId, String passbookNumber, List<Item> items,
                             String idempotencyKey) {
        return redeem(actor, villageId, supermarketId, passbookNumber, items, idempotencyKey, null);
    }

    /**
     * Confirms a basket, the points a household is short paid in cash (补差价) when the village allows it:
     * the cash covers points at the basket's reference prices (yuan per point = Σ reference price / Σ points),
     * the passbook pays the rest (at least 1 point), and the cash is credited to the village's cash top-up fund.
     */
    public Redemption redeem(Actor actor, long villageId, long supermarketId, String passbookNumber, List<Item> items,
                             String idempotencyKey, BigDecimal cashYuan) {
        Supermarkets.Supermarket s = supermarkets.forCounter(actor, villageId, supermarketId);
        String key = RequestKeys.required(idempotencyKey, 80, "error.market.key");
        Map<Long, Integer> asked = baskets.checked(new BasketRequest(items, cashYuan));
        long cash = cashYuan == null ? 0 : cashYuan.movePointRight(2).longValueExact();   // checked: whole cents
        Payload payload = Payload.of("market.redeem").with("supermarket", supermarketId)
                .with("passbook", passbookNumber).with("basket", asked).with("cashYuan", cashYuan);
        return keys.onceAtCommit(villageId, key, payload,
                ref -> redemptionSql.redemption(villageId, Long.parseLong(ref)).map(r -> view(r, true)),
                claim -> redeem(actor, villageId, s, passbookNumber, asked, key, cash, claim));
    }

    private Redemption redeem(Actor actor, long villageId, Supermarkets.Supermarket s, String passbookNumber,
                              Map<Long, Integer> basket, String key, long cash, RequestKeys.Claim claim) {
        long supermarketId = s.id();
        String requestHash = BasketPricer.requestHash(supermarketId, Texts.clean(passbookNumber) + (cash == 0 ? "" : "|cash" + cash),
                basket);
        // no read of an earlier redemption here: the request key replays a finished one, and a redemption written
        // before request keys existed is found by the ledger's own key inside the transaction (confirm)
        PassbookHolder h = baskets.holder(s, passbookNumber);
        if (!"ACTIVE".equals(h.status())) {
            throw InvalidInput.of("passbookNumber", "error.market.passbookInactive");
        }
        if (!s.active()) {
            throw Supermarkets.closed();
        }
        Optional<RedemptionWindow> window = windows.current(villageId);
        if (window.isEmpty() && !windows.openEveryDay(villageId)) {
            throw new Conflict("error.market.windowClosed");
        }
        if (cash > 0 && !windows.allowCashTopUp(villageId)) {
            throw new Conflict("error.market.topUpNotAllowed");
        }
        long cashCents = cash;
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(st -> {
                    Redemption r = confirm(actor, s, h, basket, key, requestHash, window.orElse(null), cashCents);
                    if (!r.replayed()) {
                        keys.complete(claim, r.id());
                    }
                    return r;
                });
            } catch (DataAccessException | TransactionException e) {
                // a twin request with the same key committed first (the retry returns its result), or the
                // database picked this transaction to break a lock wait
                LOG.debug("redemption attempt {} failed", attempt, e);
                Optional<Redemption> twin = replay(villageId, key, requestHash);
                if (twin.isPresent()) {
                    return twin.get();
                }
                if (attempt >= 3) {
                    if (e instanceof DataAccessException d
                            && !(d instanceof DataIntegrityViolationException || d instanceof PessimisticLockingFailureException)) {
                        throw d;
                    }
                    throw new Conflict("error.market.busy");
                }
            }
        }
    }

    private Redemption confirm(Actor actor, Supermarkets.Supermarket s, PassbookHolder h, Map<Long, Integer> basket,
                               String key, String requestHash, RedemptionWindow window, long cashCents) {
        long v = s.villageId();
        LocalDate today = LocalDate.now(clock);
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
        BasketPricer.Priced priced = baskets.price(v, s.id(), basket, today);
        long goodsPoints = priced.points();
        long points = cashCents > 0 ? goodsPoints - BasketPricer.pointsCoveredByCash(priced, cashCents) : goodsPoints;
        String itemLabel = priced.label("积分超市兑换：",
                cashCents > 0 ? "（现金补差价" + Money.yuan(cashCents).toPlainString() + "元）" : "");
        // 0. the household's market row: one redemption or reservation of a household at a time, so points
        //    held by its online reservations are respected (summed only when the row says there may be some)
        long held = baskets.lockAndHeld(h.villageId(), h.householdId(), now);
        // 1. points: the ledger locks the passbook and, under that lock, the veto block and the points held by
        //    reservations are checked (here) and an overdraft refused (by the ledger)
        Posting posting = ledger.post(actor, new PostingRequest(h.villageId(), h.householdId(), PostingKind.REDEEM,
                points, null, "redemption", s.villageId() + "/" + s.id(), itemLabel, null, null, ledgerKey(v, key)),
                passbook -> {
                    vetoBlock.check(h.villageId(), passbook.lastVetoOn());
                    if (cashCents > 0 && passbook.balance() >= goodsPoints) {
                        throw new Conflict("error.market.topUpNotNeeded");
                    }
                    if (held > 0 && passbook.balance() - held < points) {
                        throw new Conflict("error.market.heldShort", Math.max(0, passbook.balance() - held),
                                points, held);
                    }
                });
        if (posting.replayed()) {
            return replay(v, key, requestHash).orElseThrow(() -> new Conflict("error.market.keyReused"));
        }
        // 2. goods: one conditional UPDATE per product in id order (the basket is a TreeMap), which locks the row
        //    and refuses to go below zero under that lock; then the redemption, its lines and movements (SaleSql:
        //    on PostgreSQL one statement, a one-product sale's stock taken in it too)
        List<BasketPricer.Line> lines = priced.lines();
        List<RedemptionSql.NewLine> rows = new ArrayList<>(lines.size());
        for (BasketPricer.Line l : lines) {
            ProductSql.ProductRow r = l.product();
            rows.add(new RedemptionSql.NewLine(r.id(), r.name(), r.unit(), l.quantity(), l.price().points(),
                    l.referenceCents()));
        }
        SaleSql.Written written = saleSql.write(new SaleSql.Sale(v, s.id(), h.villageId(), h.householdId(), h.number(),
                h.headName(), key, requestHash, posting.postingId(), points, cashCents, posting.balanceAfter(),
                window == null ? null : window.id(), actor.userId() <= 0 ? null : actor.userId(), actor.displayName(),
                today, now, actor.username()), rows);
        if (!written.sold()) {
            ProductSql.ProductRow r = lines.get(written.shortLine()).product();
            int stock = productSql.product(v, r.id()).map(ProductSql.ProductRow::stock).orElse(0);
            throw new Conflict("error.market.outOfStock", r.name(), stock, r.unit());
        }
        long id = written.redemptionId();
        List<Redemption.Line> receipt = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            BasketPricer.Line l = lines.get(i);
            ProductSql.ProductRow r = l.product();
            receipt.add(new Redemption.Line(r.id(), r.name(), r.unit(), l.quantity(), l.price().points(),
                    Money.yuan(l.referenceCents())));
            int after = written.stockAfter()[i];
            // only the redemption that takes the stock down to the reminder level tells: below it, each further
            // redemption would repeat the same warning (a restock above the level arms it again)
            if (after <= r.lowStock() && after + l.quantity() > r.lowStock()) {
                events.publishEvent(new LowStock(v, s.id(), r.id(), r.name(), r.unit(), after, today));
            }
        }
        if (cashCents > 0) {
            long fund = fundSql.topUpFund(v, actor.username(), now);
            fundSql.insertFundEntry(v, fund, "TOPUP", cashCents, null, today, "补差价 " + h.number(), null, id,
                    actor.username(), now);
        }
        audit.record(actor, "market.redeem", paths.of(v), "redemption", id, null,
                h.number() + " -" + points + "分", itemLabel);
        // what view() would read back, made from what was just written
        return new Redemption(v, id, s.id(), s.name(), h.villageId(), h.householdId(), h.number(), h.headName(), points,
                Money.yuan(cashCents), posting.balanceAfter(), "COMPLETED", actor.displayName(), today,
                now.atZoneSameInstant(clock.getZone()).toOffsetDateTime(), posting.postingId(), null, null, null,
                receipt, false);
    }

    private static String ledgerKey(long villageId, String key) {
        return "redeem:" + villageId + ":" + key;
    }

    private Optional<Redemption> replay(long villageId, String key, String requestHash) {
        return redemptionSql.redemptionByKey(villageId, key).map(r -> {
            if (!r.requestHash().equals(requestHash)) {
                throw new Conflict("error.market.keyReused");
            }
            return view(r, true);
        });
    }

    // ---------------------------------------------------------------- cancellation

    /**
     * Same-day cancellation by a village admin (not a keeper): a CANCEL posting reverses the points and
     * the goods go back into stock, with the reason kept. Repeating it changes nothing more.
     */
    public Redemption cancel(Actor actor, long villageId, long redemptionId, String reason) {
        RedemptionSql.RedemptionRow r = redemptionSql.redemption(villageId, redemptionId)
                .orElseThrow(() -> new NotFound("error.market.redemptionNotFound"));
        supermarkets.forAdmin(actor, villageId, r.supermarketId());
        validation.check(new DecisionReason(reason), List.of(), DecisionReason.Required.class);
        String why = Texts.clean(reason);
        if ("CANCELLED".equals(r.status())) {
            return view(r, true);
        }
        if (!r.countyDate().equals(LocalDate.now(clock))) {
            throw new Conflict("error.market.cancelSameDay");
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(st -> {
                    Posting p = ledger.post(actor, PostingRequest.reversal(r.householdVillageId(), r.householdId(),
                            PostingKind.CANCEL, r.postingId(), why, "cancel:" + villageId + ":" + redemptionId));
                    if (p.replayed()) {
                        return view(redemptionSql.redemption(villageId, redemptionId).orElseThrow(), true);
                    }
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    if (redemptionSql.cancelRedemption(villageId, redemptionId, actor.username(), now, why, p.postingId()) == 0) {
                        throw new Conflict("error.market.alreadyCancelled");
                    }
                    for (Redemption.Line l : redemptionSql.lines(villageId, redemptionId).stream()
                            .sorted(Comparator.comparingLong(Redemption.Line::productId)).toList()) {
                        int after = productSql.applyStock(villageId, l.productId(), l.quantity());
                        movementSql.insertMovement(villageId, r.supermarketId(), l.productId(), "CANCELLATION", l.quantity(),
                                "APPLIED", after, null, null, null, null, why, null, null, redemptionId,
                                LocalDate.now(clock), actor.username(), now);
                    }
                    if (r.cashCents() > 0) {
                        long fund = fundSql.topUpFund(villageId, actor.username(), now);
                        fundSql.insertFundEntry(villageId, fund, "TOPUP", -r.cashCents(), null, LocalDate.now(clock),
                                "撤销兑换，退还补差价 " + r.passbookNumber(), null, redemptionId, actor.username(), now);
                    }
                    audit.record(actor, "market.redeem.cancel", paths.of(villageId), "redemption",
                            redemptionId, "COMPLETED", "CANCELLED", why);
                    return view(redemptionSql.redemption(villageId, redemptionId).orElseThrow(), false);
                });
            } catch (DataIntegrityViolationException | PessimisticLockingFailureException e) {
                if (attempt >= 3) {
                    throw new Conflict("error.market.busy");
                }
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /** A redemption (receipt): staff over the supermarket, or the villager whose passbook it is. */
    public Redemption get(Actor actor, long villageId, long redemptionId) {
        RedemptionSql.RedemptionRow r = redemptionSql.redemption(villageId, redemptionId)
                .orElseThrow(() -> new NotFound("error.market.redemptionNotFound"));
        if (actor.is(Role.VILLAGER)) {
            if (!actor.ownsHousehold(r.householdVillageId(), r.householdId())) {
                throw new NotFound("error.market.redemptionNotFound");
            }
        } else {
            try {
                supermarkets.visible(actor, villageId, r.supermarketId());
            } catch (NotFound e) {
                throw new NotFound("error.market.redemptionNotFound");
            }
        }
        return view(r, false);
    }

    /** The counter's "today": completed redemptions of the county day at this supermarket, for its staff. */
    public Today today(Actor actor, long villageId, long supermarketId) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        RedemptionSql.DayTotals t = redemptionSql.redemptionDay(villageId, supermarketId, LocalDate.now(clock));
        return new Today(t.redemptions(), t.points());
    }

    public record Today(long redemptions, long points) { }

    public Page<Redemption> ofSupermarket(Actor actor, long villageId, long supermarketId, LocalDate from,
                                          LocalDate to, Paging paging) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        LocalDate t = to == null ? LocalDate.now(clock) : to;
        LocalDate f = from == null ? t : from;
        if (f.isAfter(t)) {
            throw InvalidInput.of("from", "error.period");
        }
        return paging.of(redemptionSql.redemptionsOfSupermarket(villageId, supermarketId, f, t, paging.size(), paging.offset())
                .stream().map(r -> view(r, false)).toList(), redemptionSql.redemptionCountOfSupermarket(villageId, supermarketId, f, t));
    }

    /** A villager's own redemptions, newest first. */
    public Page<Redemption> mine(Actor actor, Paging paging) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return paging.of(redemptionSql.redemptionsOfHousehold(actor.orgUnitId(), actor.householdId(), paging.size(), paging.offset())
                        .stream().map(r -> view(r, false)).toList(),
                redemptionSql.redemptionCountOfHousehold(actor.orgUnitId(), actor.householdId()));
    }

    private Redemption view(RedemptionSql.RedemptionRow r, boolean replayed) {
        String name = supermarketSql.supermarket(r.villageId(), r.supermarketId()).map(Supermarkets.Supermarket::name).orElse("");
        return new Redemption(r.villageId(), r.id(), r.supermarketId(), name, r.householdVillageId(), r.householdId(),
                r.passbookNumber(), r.householdName(), r.points(), Money.yuan(r.cashCents()), r.balanceAfter(),
                r.status(), r.keeperName(),
                r.countyDate(), r.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), r.postingId(),
                r.cancelledBy(), r.cancelledAt(), r.cancelReason(), redemptionSql.lines(r.villageId(), r.id()), replayed);
    }
}
