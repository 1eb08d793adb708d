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
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.scheduling.annotation.Scheduled;
import cn.jifen.rules.CountyPolicies;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Online reservations (网上预订). Reserving takes the goods out of stock (RESERVE movements) and holds
 * the points: the household row lock (market_household) is taken first by every reservation and every
 * counter redemption of the household, so "balance − held ≥ points" is checked one at a time. The keeper
 * hands the goods over (a REDEEM posting through the ledger, RELEASE + REDEMPTION movements, a redemption
 * record at the reserved prices); otherwise the reservation lapses after the county policy's reservation hours
 * (seeded by {@code jifen.market.reservation-hours}; every minute, and whenever reservations are read) and the goods go back.
 */
@Service
public class Reservations {
    private final MarketSql sql;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final Redemptions redemptions;
    private final Ledger ledger;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final CountyPolicies policies;
    private final VetoBlock vetoBlock;
    private final cn.jifen.shared.RequestKeys keys;
    private final org.springframework.context.ApplicationEventPublisher events;

    Reservations(MarketSql sql, Supermarkets supermarkets, Goods goods, Redemptions redemptions, Ledger ledger,
                 OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx,
                 CountyPolicies policies, VetoBlock vetoBlock,
                 cn.jifen.shared.RequestKeys keys,
                 org.springframework.context.ApplicationEventPublisher events) {
        this.keys = keys;
        this.events = events;
        this.sql = sql;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.redemptions = redemptions;
        this.ledger = ledger;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.policies = policies;
        this.vetoBlock = vetoBlock;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** How many hours a reservation in the village holds goods and points: the county policy, read at each use. */
    public int reservationHours(long villageId) {
        return policies.ofVillage(villageId).reservationHours();
    }

    /** A villager reserves goods of a supermarket serving their village. A repeated key returns the first result. */
    public Reservation reserve(Actor actor, long villageId, long supermarketId, List<Redemptions.Item> items, String key) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        Supermarkets.Supermarket s = supermarkets.visible(actor, villageId, supermarketId);
        String k = cn.jifen.shared.RequestKeys.required(key, 80, "error.market.key");
        Map<Long, Integer> basket = Redemptions.basket(items);
        long hv = actor.orgUnitId();
        long hh = actor.householdId();
        cn.jifen.shared.Payload payload = cn.jifen.shared.Payload.of("market.reserve").with("supermarket", supermarketId)
                .with("householdVillage", hv).with("household", hh).with("basket", basket);
        return keys.once(villageId, k, payload,
                ref -> sql.reservation(villageId, Long.parseLong(ref)).map(this::view),
                claim -> reserve(actor, villageId, s, basket, k, hv, hh, claim));
    }

    private Reservation reserve(Actor actor, long villageId, Supermarkets.Supermarket s, Map<Long, Integer> basket,
                                String k, long hv, long hh, cn.jifen.shared.RequestKeys.Claim claim) {
        Optional<MarketSql.ReservationRow> earlier = byKey(villageId, k, hv, hh);
        if (earlier.isPresent()) {
            return view(earlier.get());
        }
        if (!s.active()) {
            throw Supermarkets.closed();
        }
        vetoBlock.check(hv, hh);
        try {
            return tx.execute(st -> {
                sql.lockHousehold(hv, hh);
                Optional<MarketSql.ReservationRow> twin = byKey(villageId, k, hv, hh);
                if (twin.isPresent()) {
                    return view(twin.get());
                }
                OffsetDateTime now = now();
                LocalDate today = LocalDate.now(clock);
                List<MarketSql.ProductRow> rows = new ArrayList<>();
                List<Price> prices = new ArrayList<>();
                List<Problem> problems = new ArrayList<>();
                long points = 0;
                int i = 0;
                for (Map.Entry<Long, Integer> e : basket.entrySet()) {
                    MarketSql.ProductRow r = sql.product(villageId, e.getKey()).filter(p -> p.supermarketId() == s.id())
                            .orElse(null);
                    Price price = r == null ? null : goods.priceOn(villageId, r.id(), today);
                    if (r == null || !r.active()) {
                        problems.add(new Problem("items[" + i + "].productId", "error.market.productNotFound"));
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
                long free = ledger.balance(hv, hh) - sql.heldPoints(hv, hh, now);
                if (free < points) {
                    throw new Conflict("error.market.holdShort", Math.max(0, free), points);
                }
                String number = sql.holderOf(hv, hh);
                long id = sql.insertReservation(villageId, s.id(), hv, hh, number, points, now.plusHours(reservationHours(villageId)), k,
                        actor.username(), now);
                i = 0;
                for (Map.Entry<Long, Integer> e : basket.entrySet()) {
                    MarketSql.ProductRow r = rows.get(i);
                    int left = sql.applyStock(villageId, r.id(), -e.getValue());
                    if (left < 0) {
                        int stock = sql.product(villageId, r.id()).map(MarketSql.ProductRow::stock).orElse(0);
                        throw new Conflict("error.market.outOfStock", r.name(), stock, r.unit());
                    }
                    sql.insertReservationLine(villageId, id, i + 1, r.id(), e.getValue(), prices.get(i).points());
                    sql.insertMovement(villageId, s.id(), r.id(), "RESERVE", -e.getValue(), "APPLIED", left, null, null,
                            null, null, null, null, null, null, id, today, actor.username(), now);
                    i++;
                }
                audit.record(actor, "market.reserve", orgUnits.byId(villageId).path(), "reservation", id, null,
                        number + " " + points + "分", null);
                events.publishEvent(new ReservationReady(hv, hh, villageId, s.id(), s.name(), id, points,
                        now.plusHours(reservationHours(villageId))));
                keys.complete(claim, id);
                return view(sql.reservation(villageId, id).orElseThrow());
            });
        } catch (DataIntegrityViolationException e) {
            return byKey(villageId, k, hv, hh).map(this::view).orElseThrow(() -> new Conflict("error.market.busy"));
        }
    }

    /** The household's own reservation made with this key; a key another household used is refused, never shown. */
    private Optional<MarketSql.ReservationRow> byKey(long villageId, String key, long hv, long hh) {
        Optional<MarketSql.ReservationRow> r = sql.reservationByKey(villageId, key);
        if (r.isPresent() && (r.get().householdVillageId() != hv || r.get().householdId() != hh)) {
            throw new Conflict("error.market.keyReused");
        }
        return r;
    }

    /** The keeper hands the reserved goods over: the points are spent now, at the reserved prices. */
    public Redemption collect(Actor actor, long villageId, long reservationId) {
        MarketSql.ReservationRow r = sql.reservation(villageId, reservationId)
                .orElseThrow(() -> new NotFound("error.market.reservationNotFound"));
        Supermarkets.Supermarket s = supermarkets.forCounter(actor, villageId, r.supermarketId());
        vetoBlock.check(r.householdVillageId(), r.householdId());
        long redemptionId = tx.execute(st -> {
            sql.lockHousehold(r.householdVillageId(), r.householdId());
            String status = sql.lockReservation(villageId, reservationId).orElseThrow();
            if ("COLLECTED".equals(status)) {
                return sql.reservation(villageId, reservationId).orElseThrow().redemptionId();
            }
            if (!"HELD".equals(status)) {
                throw new Conflict("error.market.reservationClosed");
            }
            OffsetDateTime now = now();
            if (!r.expiresAt().isAfter(now)) {
                throw new Conflict("error.market.reservationExpired");
            }
            LocalDate today = LocalDate.now(clock);
            List<Reservation.Line> lines = sql.reservationLines(villageId, reservationId);
            StringBuilder label = new StringBuilder("积分超市网上预订：");
            for (int i = 0; i < lines.size(); i++) {
                label.append(i == 0 ? "" : "、").append(lines.get(i).productName()).append('×').append(lines.get(i).quantity());
            }
            String itemLabel = label.length() > 190 ? label.substring(0, 188) + "…" : label.toString();
            Posting posting = ledger.post(actor, new PostingRequest(r.householdVillageId(), r.householdId(),
                    PostingKind.REDEEM, r.points(), null, "reservation", villageId + "/" + reservationId, itemLabel, null,
                    null, "reserve:" + villageId + ":" + reservationId));
            String key = "reservation-" + reservationId;
            long id = sql.insertRedemption(villageId, s.id(), r.householdVillageId(), r.householdId(),
                    r.passbookNumber(), sql.headOf(r.householdVillageId(), r.householdId()), key,
                    Redemptions.requestHash(s.id(), key, new java.util.TreeMap<>()), posting.postingId(), r.points(), 0,
                    posting.balanceAfter(), null, actor.userId() <= 0 ? null : actor.userId(), actor.displayName(),
                    today, now);
            int n = 1;
            for (Reservation.Line l : lines.stream().sorted(Comparator.comparingLong(Reservation.Line::productId)).toList()) {
                Price p = goods.priceOn(villageId, l.productId(), r.createdAt().atZoneSameInstant(clock.getZone()).toLocalDate());
                sql.insertLine(villageId, id, n++, l.productId(), l.productName(), l.unit(), l.quantity(), l.unitPoints(),
                        p == null || p.referenceYuan() == null ? null : p.referenceYuan().movePointRight(2).longValueExact());
                int back = sql.applyStock(villageId, l.productId(), l.quantity());
                sql.insertMovement(villageId, s.id(), l.productId(), "RELEASE", l.quantity(), "APPLIED", back, null, null,
                        null, null, null, null, null, null, reservationId, today, actor.username(), now);
                int out = sql.applyStock(villageId, l.productId(), -l.quantity());
                sql.insertMovement(villageId, s.id(), l.productId(), "REDEMPTION", -l.quantity(), "APPLIED", out, null,
                        null, null, null, null, null, null, id, reservationId, today, actor.username(), now);
            }
            sql.closeReservation(villageId, reservationId, "COLLECTED", actor.username(), now, id);
            audit.record(actor, "market.reservation.collect", orgUnits.byId(villageId).path(), "reservation",
                    reservationId, "HELD", "COLLECTED", null);
            return id;
        });
        return redemptions.get(actor, villageId, redemptionId);
    }

    /** The villager (their own) or an admin over the supermarket cancels a held reservation: goods back. */
    public Reservation cancel(Actor actor, long villageId, long reservationId) {
        MarketSql.ReservationRow r = sql.reservation(villageId, reservationId)
                .orElseThrow(() -> new NotFound("error.market.reservationNotFound"));
        if (actor.is(Role.VILLAGER)) {
            if (actor.householdId() == null || actor.householdId() != r.householdId()
                    || actor.orgUnitId() != r.householdVillageId()) {
                throw new NotFound("error.market.reservationNotFound");
            }
        } else {
            supermarkets.forAdmin(actor, villageId, r.supermarketId());
        }
        tx.executeWithoutResult(st -> release(villageId, reservationId, "CANCELLED", actor.username(), false));
        audit.record(actor, "market.reservation.cancel", orgUnits.byId(villageId).path(), "reservation", reservationId,
                "HELD", "CANCELLED", null);
        return view(sql.reservation(villageId, reservationId).orElseThrow());
    }

    /** Ends a held reservation (lapsed or cancelled): goods back into stock. Does nothing when no longer held. */
    private void release(long villageId, long reservationId, String status, String by, boolean onlyIfDue) {
        String current = sql.lockReservation(villageId, reservationId).orElseThrow();
        if (!"HELD".equals(current)) {
            if ("CANCELLED".equals(status) && !"CANCELLED".equals(current)) {
                throw new Conflict("error.market.reservationClosed");
            }
            return;
        }
        MarketSql.ReservationRow r = sql.reservation(villageId, reservationId).orElseThrow();
        OffsetDateTime now = now();
        if (onlyIfDue && r.expiresAt().isAfter(now)) {
            return;
        }
        for (Reservation.Line l : sql.reservationLines(villageId, reservationId).stream()
                .sorted(Comparator.comparingLong(Reservation.Line::productId)).toList()) {
            int back = sql.applyStock(villageId, l.productId(), l.quantity());
            sql.insertMovement(villageId, r.supermarketId(), l.productId(), "RELEASE", l.quantity(), "APPLIED", back, null,
                    null, null, null, "LAPSED".equals(status) ? "预订过期" : "预订取消", null, null, null, reservationId,
                    LocalDate.now(clock), by, now);
        }
        sql.closeReservation(villageId, reservationId, status, by, now, null);
    }

    /**
     * Reminds households of reservations whose hold ends within a day (hourly; idempotent: the notice is keyed by
     * the reservation, so a second run or a second instance adds nothing).
     */
    @Scheduled(fixedDelayString = "${jifen.market.ending-soon-interval-ms:3600000}", initialDelayString = "${jifen.market.lapse-initial-delay-ms:5000}")
    public int remindEndingSoon() {
        return remindEndingSoon(now());
    }

    int remindEndingSoon(OffsetDateTime at) {
        List<ReservationEndingSoon> soon = sql.endingSoon(at, at.plusHours(24), 24);
        soon.forEach(events::publishEvent);
        return soon.size();
    }

    /** Lapses every reservation past its time (goods back, hold released). Safe on several instances. */
    @Scheduled(fixedDelayString = "${jifen.market.lapse-interval-ms:60000}", initialDelayString = "${jifen.market.lapse-initial-delay-ms:5000}")
    public int lapseDue() {
        int n = 0;
        MarketSql.DueReservation last = null;
        while (true) { // every due reservation in one run, 500 at a time, each chunk after the last one's final key
            List<MarketSql.DueReservation> chunk = sql.dueReservations(now(), last, 500);
            if (chunk.isEmpty()) {
                return n;
            }
            for (MarketSql.DueReservation due : chunk) {
                try {
                    tx.executeWithoutResult(st -> release(due.villageId(), due.id(), "LAPSED", "system", true));
                    n++;
                } catch (RuntimeException e) {
                    // rolled back, so still held: the next run tries it again (this run has passed it)
                    org.slf4j.LoggerFactory.getLogger(Reservations.class).warn("reservation {}/{} not lapsed: {}",
                            due.villageId(), due.id(), e.toString());
                }
            }
            last = chunk.get(chunk.size() - 1);
        }
    }

    public Page<Reservation> mine(Actor actor, Paging paging) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        // reading changes nothing: a reservation past its time shows as lapsed; the every-minute run releases it
        return paging.of(sql.reservationsOfHousehold(actor.orgUnitId(), actor.householdId(), paging.size(), paging.offset())
                        .stream().map(this::view).toList(),
                sql.reservationCountOfHousehold(actor.orgUnitId(), actor.householdId()));
    }

    /** Held reservations at a supermarket (staff over it), soonest to lapse first. */
    public List<Reservation> held(Actor actor, long villageId, long supermarketId) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OffsetDateTime now = now();
        return sql.heldAt(villageId, supermarketId).stream().filter(r -> r.expiresAt().isAfter(now)).map(this::view)
                .toList();
    }

    /** A page of the held reservations at a supermarket that have not lapsed (staff over it), soonest to lapse first. */
    public Page<Reservation> held(Actor actor, long villageId, long supermarketId, Paging paging) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OffsetDateTime now = now();
        return paging.of(sql.heldAt(villageId, supermarketId, now, paging.size(), paging.offset()).stream()
                .map(this::view).toList(), sql.heldCountAt(villageId, supermarketId, now));
    }

    /** Points a household's reservations hold now. */
    public long heldPoints(long householdVillageId, long householdId) {
        return sql.heldPoints(householdVillageId, householdId, now());
    }

    private Reservation view(MarketSql.ReservationRow r) {
        String name = sql.supermarket(r.villageId(), r.supermarketId()).map(Supermarkets.Supermarket::name).orElse("");
        return new Reservation(r.villageId(), r.id(), r.supermarketId(), name, r.householdVillageId(), r.householdId(),
                r.passbookNumber(), r.points(),
                "HELD".equals(r.status()) && !r.expiresAt().isAfter(now()) ? "LAPSED" : r.status(),
                r.expiresAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(),
                r.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), r.closedBy(), r.closedAt(),
                r.redemptionId(), sql.reservationLines(r.villageId(), r.id()));
    }
}
