package cn.jifen.market;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Redemption at the counter (兑换). One database transaction debits the points through the ledger
 * (which locks the passbook account row and checks the balance under that lock) and takes the goods
 * out of stock (each product row locked in id order, stock checked under the lock); either both
 * happen or neither. Lock order is always passbook, then products by id, so redemptions never
 * deadlock each other. The confirm is idempotent: the same key returns the first result.
 */
@Service
public class Redemptions {
    static final int MAX_LINES = 50;
    static final int MAX_LINE_QUANTITY = 999;

    /** One basket line as sent by the counter. */
    public record Item(Long productId, Integer quantity) { }

    /** What the keeper sees after finding a passbook. */
    public record Customer(long villageId, long householdId, String passbookNumber, String headName, long available,
                           boolean vetoed, boolean open, String closedReasonKey, RedemptionWindow window,
                           boolean cashTopUp, long held, LocalDate blockedUntil) { }

    private final MarketSql sql;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final RedemptionWindows windows;
    private final Ledger ledger;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final VetoBlock vetoBlock;
    private final cn.jifen.shared.RequestKeys keys;

    private final org.springframework.context.ApplicationEventPublisher events;

    Redemptions(MarketSql sql, Supermarkets supermarkets, Goods goods, RedemptionWindows windows, Ledger ledger,
                OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx, VetoBlock vetoBlock,
                cn.jifen.shared.RequestKeys keys, org.springframework.context.ApplicationEventPublisher events) {
        this.events = events;
        this.keys = keys;
        this.sql = sql;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.windows = windows;
        this.ledger = ledger;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.vetoBlock = vetoBlock;
    }

    // ---------------------------------------------------------------- finding the passbook

    private MarketSql.Holder holder(Supermarkets.Supermarket s, String passbookNumber) {
        String n = Texts.clean(passbookNumber);
        MarketSql.Holder h = n == null ? null : sql.holder(n).orElse(null);
        if (h == null || !supermarkets.serves(s, h.villageId())) {
            throw new NotFound("error.market.passbookNotFound");
        }
        return h;
    }

    /** The household behind a passbook (typed or scanned), its balance and whether it may redeem now. */
    public Customer lookup(Actor actor, long villageId, long supermarketId, String passbookNumber) {
        Supermarkets.Supermarket s = supermarkets.forCounter(actor, villageId, supermarketId);
        MarketSql.Holder h = holder(s, passbookNumber);
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
                windows.next(villageId).orElse(null), sql.allowCashTopUp(villageId),
                sql.heldPoints(h.villageId(), h.householdId(), OffsetDateTime.now(clock)), blockedUntil);
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
                             String idempotencyKey, java.math.BigDecimal cashYuan) {
        Supermarkets.Supermarket s = supermarkets.forCounter(actor, villageId, supermarketId);
        String key = cn.jifen.shared.RequestKeys.required(idempotencyKey, 80, "error.market.key");
        Map<Long, Integer> asked = basket(items);
        cn.jifen.shared.Payload payload = cn.jifen.shared.Payload.of("market.redeem").with("supermarket", supermarketId)
                .with("passbook", passbookNumber).with("basket", asked).with("cashYuan", cashYuan);
        return keys.once(villageId, key, payload,
                ref -> sql.redemption(villageId, Long.parseLong(ref)).map(r -> view(r, true)),
                claim -> redeem(actor, villageId, s, passbookNumber, asked, key, cashYuan, claim));
    }

    private Redemption redeem(Actor actor, long villageId, Supermarkets.Supermarket s, String passbookNumber,
                              Map<Long, Integer> basket, String key, java.math.BigDecimal cashYuan,
                              cn.jifen.shared.RequestKeys.Claim claim) {
        long supermarketId = s.id();
        long cash = 0;
        if (cashYuan != null && cashYuan.signum() != 0) {
            List<Problem> p = new ArrayList<>();
            Long c = Money.requiredCents("cashYuan", cashYuan, p);
            Texts.throwIfAny(p);
            cash = c;
        }
        String requestHash = requestHash(supermarketId, Texts.clean(passbookNumber) + (cash == 0 ? "" : "|cash" + cash),
                basket);
        Optional<Redemption> earlier = replay(villageId, key, requestHash);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        MarketSql.Holder h = holder(s, passbookNumber);
        if (!"ACTIVE".equals(h.status())) {
            throw InvalidInput.of("passbookNumber", "error.market.passbookInactive");
        }
        if (!s.active()) {
            throw Supermarkets.closed();
        }
        LocalDate today = LocalDate.now(clock);
        vetoBlock.check(h.villageId(), h.householdId());
        Optional<RedemptionWindow> window = windows.current(villageId);
        if (window.isEmpty() && !windows.openEveryDay(villageId)) {
            throw new Conflict("error.market.windowClosed");
        }
        if (cash > 0 && !sql.allowCashTopUp(villageId)) {
            throw new Conflict("error.market.topUpNotAllowed");
        }
        long cashCents = cash;
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(st -> {
                    Redemption r = confirm(actor, s, h, basket, key, requestHash, window.orElse(null), cashCents);
                    keys.complete(claim, r.id());
                    return r;
                });
            } catch (org.springframework.dao.DataAccessException | org.springframework.transaction.TransactionException e) {
                // a twin request with the same key committed first (the retry returns its result), or the
                // database picked this transaction to break a lock wait
                org.slf4j.LoggerFactory.getLogger(Redemptions.class).debug("redemption attempt {} failed", attempt, e);
                Optional<Redemption> twin = replay(villageId, key, requestHash);
                if (twin.isPresent()) {
                    return twin.get();
                }
                if (attempt >= 3) {
                    if (e instanceof org.springframework.dao.DataAccessException d
                            && !(d instanceof DataIntegrityViolationException || d instanceof PessimisticLockingFailureException)) {
                        throw d;
                    }
                    throw new Conflict("error.market.busy");
                }
            }
        }
    }

    private Redemption confirm(Actor actor, Supermarkets.Supermarket s, MarketSql.Holder h, Map<Long, Integer> basket,
                               String key, String requestHash, RedemptionWindow window, long cashCents) {
        long v = s.villageId();
        LocalDate today = LocalDate.now(clock);
        OffsetDateTime now = OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
        List<MarketSql.ProductRow> rows = new ArrayList<>();
        List<Price> prices = new ArrayList<>();
        long points = 0;
        int i = 0;
        List<Problem> problems = new ArrayList<>();
        for (Map.Entry<Long, Integer> e : basket.entrySet()) {
            MarketSql.ProductRow r = sql.product(v, e.getKey()).filter(p -> p.supermarketId() == s.id()).orElse(null);
            Price price = r == null ? null : goods.priceOn(v, r.id(), today);
            if (r == null) {
                problems.add(new Problem("items[" + i + "].productId", "error.market.productNotFound"));
            } else if (!r.active()) {
                problems.add(new Problem("items[" + i + "].productId", "error.market.productInactive", r.name()));
            } else if (price == null) {
                problems.add(new Problem("items[" + i + "].productId", "error.market.productUnpriced", r.name()));
            } else {
                points += (long) price.points() * e.getValue();
            }
            rows.add(r);
            prices.add(price);
            i++;
        }
        Texts.throwIfAny(problems);
        long goodsPoints = points;
        if (cashCents > 0) {
            points = goodsPoints - pointsCoveredByCash(rows, prices, basket, goodsPoints, cashCents);
            if (ledger.balance(h.villageId(), h.householdId()) >= goodsPoints) {
                throw new Conflict("error.market.topUpNotNeeded");
            }
        }
        StringBuilder label = new StringBuilder("积分超市兑换：");
        i = 0;
        for (Map.Entry<Long, Integer> e : basket.entrySet()) {
            label.append(i == 0 ? "" : "、").append(rows.get(i).name()).append('×').append(e.getValue());
            i++;
        }
        if (cashCents > 0) {
            label.append("（现金补差价").append(MarketSql.yuan(cashCents).toPlainString()).append("元）");
        }
        String itemLabel = label.length() > 190 ? label.substring(0, 188) + "…" : label.toString();
        // 0. the household's market row: one redemption or reservation of a household at a time, so points
        //    held by its online reservations are respected
        sql.lockHousehold(h.villageId(), h.householdId());
        long held = sql.heldPoints(h.villageId(), h.householdId(), now);
        if (held > 0) {
            long balance = ledger.balance(h.villageId(), h.householdId());
            if (balance - held < points) {
                throw new Conflict("error.market.heldShort", Math.max(0, balance - held), points, held);
            }
        }
        // 1. points: the ledger locks the passbook and refuses an overdraft under that lock
        Posting posting = ledger.post(actor, new PostingRequest(h.villageId(), h.householdId(), PostingKind.REDEEM,
                points, null, "redemption", s.villageId() + "/" + s.id(), itemLabel, null, null, ledgerKey(v, key)));
        if (posting.replayed()) {
            return replay(v, key, requestHash).orElseThrow(() -> new Conflict("error.market.keyReused"));
        }
        // 2. goods: products locked in id order (the basket is a TreeMap), stock checked under the lock
        i = 0;
        int[] after = new int[basket.size()];
        for (Map.Entry<Long, Integer> e : basket.entrySet()) {
            MarketSql.ProductRow r = rows.get(i);
            int left = sql.applyStock(v, r.id(), -e.getValue());
            if (left < 0) {
                int stock = sql.product(v, r.id()).map(MarketSql.ProductRow::stock).orElse(0);
                throw new Conflict("error.market.outOfStock", r.name(), stock, r.unit());
            }
            after[i++] = left;
        }
        long id = sql.insertRedemption(v, s.id(), h.villageId(), h.householdId(), h.number(), h.headName(), key,
                requestHash, posting.postingId(), points, cashCents, posting.balanceAfter(), window == null ? null : window.id(),
                actor.userId() <= 0 ? null : actor.userId(), actor.displayName(), today, now);
        i = 0;
        List<Redemption.Line> lines = new ArrayList<>(basket.size());
        for (Map.Entry<Long, Integer> e : basket.entrySet()) {
            MarketSql.ProductRow r = rows.get(i);
            Price p = prices.get(i);
            Long refCents = p.referenceYuan() == null ? null : p.referenceYuan().movePointRight(2).longValueExact();
            sql.insertLine(v, id, i + 1, r.id(), r.name(), r.unit(), e.getValue(), p.points(), refCents);
            lines.add(new Redemption.Line(r.id(), r.name(), r.unit(), e.getValue(), p.points(), MarketSql.yuan(refCents)));
            sql.insertMovement(v, s.id(), r.id(), "REDEMPTION", -e.getValue(), "APPLIED", after[i], null, null, null,
                    null, null, null, null, id, today, actor.username(), now);
            // only the redemption that takes the stock down to the reminder level tells: below it, each further
            // redemption would repeat the same warning (a restock above the level arms it again)
            if (after[i] <= r.lowStock() && after[i] + e.getValue() > r.lowStock()) {
                events.publishEvent(new LowStock(v, s.id(), r.id(), r.name(), r.unit(), after[i], today));
            }
            i++;
        }
        if (cashCents > 0) {
            long fund = sql.topUpFund(v, actor.username(), now);
            sql.insertFundEntry(v, fund, "TOPUP", cashCents, null, today, "补差价 " + h.number(), null, id,
                    actor.username(), now);
        }
        audit.record(actor, "market.redeem", orgUnits.byId(v).path(), "redemption", id, null,
                h.number() + " -" + points + "分", itemLabel);
        // what view() would read back, made from what was just written
        return new Redemption(v, id, s.id(), s.name(), h.villageId(), h.householdId(), h.number(), h.headName(), points,
                MarketSql.yuan(cashCents), posting.balanceAfter(), "COMPLETED", actor.displayName(), today,
                now.atZoneSameInstant(clock.getZone()).toOffsetDateTime(), posting.postingId(), null, null, null,
                lines, false);
    }

    /**
     * The points the cash covers, at the basket's reference prices: floor(cash × Σ points / Σ reference
     * price). Every product needs a reference price; the cash may not reach the whole basket (at least
     * one point is paid from the passbook).
     */
    static long pointsCoveredByCash(List<MarketSql.ProductRow> rows, List<Price> prices, Map<Long, Integer> basket,
                                    long goodsPoints, long cashCents) {
        long refCents = 0;
        int i = 0;
        for (Map.Entry<Long, Integer> e : basket.entrySet()) {
            Price p = prices.get(i);
            if (p.referenceYuan() == null) {
                throw InvalidInput.of("cashYuan", "error.market.topUpNoReference", rows.get(i).name());
            }
            refCents += p.referenceYuan().movePointRight(2).longValueExact() * e.getValue();
            i++;
        }
        long covered = java.math.BigInteger.valueOf(cashCents).multiply(java.math.BigInteger.valueOf(goodsPoints))
                .divide(java.math.BigInteger.valueOf(refCents)).longValue();
        if (covered >= goodsPoints) {
            throw InvalidInput.of("cashYuan", "error.market.topUpTooMuch");
        }
        return covered;
    }

    /** The cash (in cents) that covers a shortfall of points at the basket's reference prices, rounded up. */
    static long cashFor(long shortPoints, long goodsPoints, long refCents) {
        return (shortPoints * refCents + goodsPoints - 1) / goodsPoints;
    }

    private static String ledgerKey(long villageId, String key) {
        return "redeem:" + villageId + ":" + key;
    }

    private Optional<Redemption> replay(long villageId, String key, String requestHash) {
        return sql.redemptionByKey(villageId, key).map(r -> {
            if (!r.requestHash().equals(requestHash)) {
                throw new Conflict("error.market.keyReused");
            }
            return view(r, true);
        });
    }

    /** Validates the basket and merges lines of the same product; ordered by product id (the lock order). */
    static Map<Long, Integer> basket(List<Item> items) {
        if (items == null || items.isEmpty()) {
            throw InvalidInput.of("items", "error.market.emptyBasket");
        }
        if (items.size() > MAX_LINES) {
            throw InvalidInput.of("items", "error.market.basketTooLarge", MAX_LINES);
        }
        List<Problem> problems = new ArrayList<>();
        Map<Long, Integer> basket = new TreeMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it == null || it.productId() == null) {
                problems.add(new Problem("items[" + i + "].productId", "error.required"));
                continue;
            }
            if (it.quantity() == null || it.quantity() <= 0 || it.quantity() > MAX_LINE_QUANTITY) {
                problems.add(new Problem("items[" + i + "].quantity", "error.market.quantity", MAX_LINE_QUANTITY));
                continue;
            }
            basket.merge(it.productId(), it.quantity(), Integer::sum);
        }
        basket.forEach((p, q) -> {
            if (q > MAX_LINE_QUANTITY) {
                problems.add(new Problem("items", "error.market.quantity", MAX_LINE_QUANTITY));
            }
        });
        Texts.throwIfAny(problems);
        return basket;
    }

    static String requestHash(long supermarketId, String passbookNumber, Map<Long, Integer> basket) {
        StringBuilder b = new StringBuilder().append(supermarketId).append('|').append(passbookNumber);
        basket.forEach((p, q) -> b.append('|').append(p).append('x').append(q));
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- cancellation

    /**
     * Same-day cancellation by a village admin (not a keeper): a CANCEL posting reverses the points and
     * the goods go back into stock, with the reason kept. Repeating it changes nothing more.
     */
    public Redemption cancel(Actor actor, long villageId, long redemptionId, String reason) {
        MarketSql.RedemptionRow r = sql.redemption(villageId, redemptionId)
                .orElseThrow(() -> new NotFound("error.market.redemptionNotFound"));
        supermarkets.forAdmin(actor, villageId, r.supermarketId());
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
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
                        return view(sql.redemption(villageId, redemptionId).orElseThrow(), true);
                    }
                    OffsetDateTime now = OffsetDateTime.now(clock);
                    if (sql.cancelRedemption(villageId, redemptionId, actor.username(), now, why, p.postingId()) == 0) {
                        throw new Conflict("error.market.alreadyCancelled");
                    }
                    for (Redemption.Line l : sql.lines(villageId, redemptionId).stream()
                            .sorted(java.util.Comparator.comparingLong(Redemption.Line::productId)).toList()) {
                        int after = sql.applyStock(villageId, l.productId(), l.quantity());
                        sql.insertMovement(villageId, r.supermarketId(), l.productId(), "CANCELLATION", l.quantity(),
                                "APPLIED", after, null, null, null, null, why, null, null, redemptionId,
                                LocalDate.now(clock), actor.username(), now);
                    }
                    if (r.cashCents() > 0) {
                        long fund = sql.topUpFund(villageId, actor.username(), now);
                        sql.insertFundEntry(villageId, fund, "TOPUP", -r.cashCents(), null, LocalDate.now(clock),
                                "撤销兑换，退还补差价 " + r.passbookNumber(), null, redemptionId, actor.username(), now);
                    }
                    audit.record(actor, "market.redeem.cancel", orgUnits.byId(villageId).path(), "redemption",
                            redemptionId, "COMPLETED", "CANCELLED", why);
                    return view(sql.redemption(villageId, redemptionId).orElseThrow(), false);
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
        MarketSql.RedemptionRow r = sql.redemption(villageId, redemptionId)
                .orElseThrow(() -> new NotFound("error.market.redemptionNotFound"));
        if (actor.is(Role.VILLAGER)) {
            if (actor.householdId() == null || actor.householdId() != r.householdId()
                    || actor.orgUnitId() != r.householdVillageId()) {
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
        MarketSql.DayTotals t = sql.redemptionDay(villageId, supermarketId, LocalDate.now(clock));
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
        return paging.of(sql.redemptionsOfSupermarket(villageId, supermarketId, f, t, paging.size(), paging.offset())
                .stream().map(r -> view(r, false)).toList(), sql.redemptionCountOfSupermarket(villageId, supermarketId, f, t));
    }

    /** A villager's own redemptions, newest first. */
    public Page<Redemption> mine(Actor actor, Paging paging) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return paging.of(sql.redemptionsOfHousehold(actor.orgUnitId(), actor.householdId(), paging.size(), paging.offset())
                        .stream().map(r -> view(r, false)).toList(),
                sql.redemptionCountOfHousehold(actor.orgUnitId(), actor.householdId()));
    }

    private Redemption view(MarketSql.RedemptionRow r, boolean replayed) {
        String name = sql.supermarket(r.villageId(), r.supermarketId()).map(Supermarkets.Supermarket::name).orElse("");
        return new Redemption(r.villageId(), r.id(), r.supermarketId(), name, r.householdVillageId(), r.householdId(),
                r.passbookNumber(), r.householdName(), r.points(), MarketSql.yuan(r.cashCents()), r.balanceAfter(),
                r.status(), r.keeperName(),
                r.countyDate(), r.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), r.postingId(),
                r.cancelledBy(), r.cancelledAt(), r.cancelReason(), sql.lines(r.villageId(), r.id()), replayed);
    }
}
