package cn.jifen.market;

import cn.jifen.market.internal.BasketPricer;
import cn.jifen.market.internal.MovementSql;
import cn.jifen.market.internal.ProductSql;
import cn.jifen.market.internal.RedemptionSql;
import cn.jifen.market.internal.ReservationSql;
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
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Payload;
import cn.jifen.shared.RequestKeys;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
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
    private static final Logger LOG = LoggerFactory.getLogger(Reservations.class);

    private final SupermarketSql supermarketSql;
    private final ProductSql productSql;
    private final MovementSql movementSql;
    private final RedemptionSql redemptionSql;
    private final ReservationSql reservationSql;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final HouseholdBaskets baskets;
    private final Redemptions redemptions;
    private final Ledger ledger;
    private final VillagePaths paths;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final CountyPolicies policies;
    private final VetoBlock vetoBlock;
    private final RequestKeys keys;
    private final ApplicationEventPublisher events;

    Reservations(SupermarketSql supermarketSql, ProductSql productSql, MovementSql movementSql,
                 RedemptionSql redemptionSql, ReservationSql reservationSql, Supermarkets supermarkets, Goods goods,
                 HouseholdBaskets baskets, Redemptions redemptions, Ledger ledger, VillagePaths paths, AuditLog audit,
                 Clock clock, TransactionTemplate tx, CountyPolicies policies, VetoBlock vetoBlock, RequestKeys keys,
                 ApplicationEventPublisher events) {
        this.keys = keys;
        this.events = events;
        this.supermarketSql = supermarketSql;
        this.productSql = productSql;
        this.movementSql = movementSql;
        this.redemptionSql = redemptionSql;
        this.reservationSql = reservationSql;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.baskets = baskets;
        this.redemptions = redemptions;
        this.ledger = ledger;
        this.paths = paths;
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
        String k = RequestKeys.required(key, 80, "error.market.key");
        Map<Long, Integer> basket = baskets.checked(new BasketRequest(items));
        long hv = actor.orgUnitId();
        long hh = actor.householdId();
        Payload payload = Payload.of("market.reserve").with("supermarket", supermarketId)
                .with("householdVillage", hv).with("household", hh).with("basket", basket);
        return keys.once(villageId, k, payload,
                ref -> reservationSql.reservation(villageId, Long.parseLong(ref)).map(this::view),
                claim -> reserve(actor, villageId, s, basket, k, hv, hh, claim));
    }

    private Reservation reserve(Actor actor, long villageId, Supermarkets.Supermarket s, Map<Long, Integer> basket,
                                String k, long hv, long hh, RequestKeys.Claim claim) {
        Optional<ReservationSql.ReservationRow> earlier = byKey(villageId, k, hv, hh);
        if (earlier.isPresent()) {
            return view(earlier.get());
        }
        if (!s.active()) {
            throw Supermarkets.closed();
        }
        vetoBlock.check(hv, hh);
        try {
            return tx.execute(st -> {
                boolean holds = reservationSql.lockHousehold(hv, hh);
                Optional<ReservationSql.ReservationRow> twin = byKey(villageId, k, hv, hh);
                if (twin.isPresent()) {
                    return view(twin.get());
                }
                OffsetDateTime now = now();
                LocalDate today = LocalDate.now(clock);
                BasketPricer.Priced priced = baskets.price(villageId, s.id(), basket, today);
                long points = priced.points();
                long free = ledger.balance(hv, hh) - reservationSql.heldPoints(hv, hh, now);
                if (free < points) {
                    throw new Conflict("error.market.holdShort", Math.max(0, free), points);
                }
                String number = baskets.holder(hv, hh).orElseThrow().number();
                long id = reservationSql.insertReservation(villageId, s.id(), hv, hh, number, points, now.plusHours(reservationHours(villageId)), k,
                        actor.username(), now);
                if (!holds) {
                    reservationSql.markHolds(hv, hh, true);   // the counter now sums this household's holds
                }
                List<BasketPricer.Line> lines = priced.lines();
                for (int i = 0; i < lines.size(); i++) {
                    BasketPricer.Line l = lines.get(i);
                    ProductSql.ProductRow r = l.product();
                    int left = productSql.applyStock(villageId, r.id(), -l.quantity());
                    if (left < 0) {
                        int stock = productSql.product(villageId, r.id()).map(ProductSql.ProductRow::stock).orElse(0);
                        throw new Conflict("error.market.outOfStock", r.name(), stock, r.unit());
                    }
                    reservationSql.insertReservationLine(villageId, id, i + 1, r.id(), l.quantity(), l.price().points());
                    movementSql.insertMovement(villageId, s.id(), r.id(), "RESERVE", -l.quantity(), "APPLIED", left, null, null,
                            null, null, null, null, null, null, id, today, actor.username(), now);
                }
                audit.record(actor, "market.reserve", paths.of(villageId), "reservation", id, null,
                        number + " " + points + "分", null);
                events.publishEvent(new ReservationReady(hv, hh, villageId, s.id(), s.name(), id, points,
                        now.plusHours(reservationHours(villageId))));
                keys.complete(claim, id);
                return view(reservationSql.reservation(villageId, id).orElseThrow());
            });
        } catch (DataIntegrityViolationException e) {
            return byKey(villageId, k, hv, hh).map(this::view).orElseThrow(() -> new Conflict("error.market.busy"));
        }
    }

    /** The household's own reservation made with this key; a key another household used is refused, never shown. */
    private Optional<ReservationSql.ReservationRow> byKey(long villageId, String key, long hv, long hh) {
        Optional<ReservationSql.ReservationRow> r = reservationSql.reservationByKey(villageId, key);
        if (r.isPresent() && (r.get().householdVillageId() != hv || r.get().householdId() != hh)) {
            throw new Conflict("error.market.keyReused");
        }
        return r;
    }

    /** The keeper hands the reserved goods over: the points are spent now, at the reserved prices. */
    public Redemption collect(Actor actor, long villageId, long reservationId) {
        ReservationSql.ReservationRow r = reservationSql.reservation(villageId, reservationId)
                .orElseThrow(() -> new NotFound("error.market.reservationNotFound"));
        Supermarkets.Supermarket s = supermarkets.forCounter(actor, villageId, r.supermarketId());
        vetoBlock.check(r.householdVillageId(), r.householdId());
        long redemptionId = tx.execute(st -> {
            reservationSql.lockHousehold(r.householdVillageId(), r.householdId());
            String status = reservationSql.lockReservation(villageId, reservationId).orElseThrow();
            if ("COLLECTED".equals(status)) {
                return reservationSql.reservation(villageId, reservationId).orElseThrow().redemptionId();
            }
            if (!"HELD".equals(status)) {
                throw new Conflict("error.market.reservationClosed");
            }
            OffsetDateTime now = now();
            if (!r.expiresAt().isAfter(now)) {
                throw new Conflict("error.market.reservationExpired");
            }
            LocalDate today = LocalDate.now(clock);
            List<Reservation.Line> lines = reservationSql.reservationLines(villageId, reservationId);
            StringBuilder label = new StringBuilder("积分超市网上预订：");
            for (int i = 0; i < lines.size(); i++) {
                label.append(i == 0 ? "" : "、").append(lines.get(i).productName()).append('×').append(lines.get(i).quantity());
            }
            String itemLabel = label.length() > 190 ? label.substring(0, 188) + "…" : label.toString();
            Posting posting = ledger.post(actor, new PostingRequest(r.householdVillageId(), r.householdId(),
                    PostingKind.REDEEM, r.points(), null, "reservation", villageId + "/" + reservationId, itemLabel, null,
                    null, "reserve:" + villageId + ":" + reservationId));
            String key = "reservation-" + reservationId;
            long id = redemptionSql.insertRedemption(villageId, s.id(), r.householdVillageId(), r.householdId(),
                    r.passbookNumber(), baskets.holder(r.householdVillageId(), r.householdId()).map(PassbookHolder::headName).orElse(null), key,
                    BasketPricer.requestHash(s.id(), key, new TreeMap<>()), posting.postingId(), r.points(), 0,
                    posting.balanceAfter(), null, actor.userId() <= 0 ? null : actor.userId(), actor.displayName(),
                    today, now);
            int n = 1;
            for (Reservation.Line l : lines.stream().sorted(Comparator.comparingLong(Reservation.Line::productId)).toList()) {
                Price p = goods.priceOn(villageId, l.productId(), r.createdAt().atZoneSameInstant(clock.getZone()).toLocalDate());
                redemptionSql.insertLine(villageId, id, n++, l.productId(), l.productName(), l.unit(), l.quantity(), l.unitPoints(),
                        p == null || p.referenceYuan() == null ? null : p.referenceYuan().movePointRight(2).longValueExact());
                int back = productSql.applyStock(villageId, l.productId(), l.quantity());
                movementSql.insertMovement(villageId, s.id(), l.productId(), "RELEASE", l.quantity(), "APPLIED", back, null, null,
                        null, null, null, null, null, null, reservationId, today, actor.username(), now);
                int out = productSql.applyStock(villageId, l.productId(), -l.quantity());
                movementSql.insertMovement(villageId, s.id(), l.productId(), "REDEMPTION", -l.quantity(), "APPLIED", out, null,
                        null, null, null, null, null, null, id, reservationId, today, actor.username(), now);
            }
            reservationSql.closeReservation(villageId, reservationId, "COLLECTED", actor.username(), now, id);
            audit.record(actor, "market.reservation.collect", paths.of(villageId), "reservation",
                    reservationId, "HELD", "COLLECTED", null);
            return id;
        });
        return redemptions.get(actor, villageId, redemptionId);
    }

    /** The villager (their own) or an admin over the supermarket cancels a held reservation: goods back. */
    public Reservation cancel(Actor actor, long villageId, long reservationId) {
        ReservationSql.ReservationRow r = reservationSql.reservation(villageId, reservationId)
                .orElseThrow(() -> new NotFound("error.market.reservationNotFound"));
        if (actor.is(Role.VILLAGER)) {
            if (!actor.ownsHousehold(r.householdVillageId(), r.householdId())) {
                throw new NotFound("error.market.reservationNotFound");
            }
        } else {
            supermarkets.forAdmin(actor, villageId, r.supermarketId());
        }
        tx.executeWithoutResult(st -> release(villageId, reservationId, "CANCELLED", actor.username(), false));
        audit.record(actor, "market.reservation.cancel", paths.of(villageId), "reservation", reservationId,
                "HELD", "CANCELLED", null);
        return view(reservationSql.reservation(villageId, reservationId).orElseThrow());
    }

    /** Ends a held reservation (lapsed or cancelled): goods back into stock. Does nothing when no longer held. */
    private void release(long villageId, long reservationId, String status, String by, boolean onlyIfDue) {
        String current = reservationSql.lockReservation(villageId, reservationId).orElseThrow();
        if (!"HELD".equals(current)) {
            if ("CANCELLED".equals(status) && !"CANCELLED".equals(current)) {
                throw new Conflict("error.market.reservationClosed");
            }
            return;
        }
        ReservationSql.ReservationRow r = reservationSql.reservation(villageId, reservationId).orElseThrow();
        OffsetDateTime now = now();
        if (onlyIfDue && r.expiresAt().isAfter(now)) {
            return;
        }
        for (Reservation.Line l : reservationSql.reservationLines(villageId, reservationId).stream()
                .sorted(Comparator.comparingLong(Reservation.Line::productId)).toList()) {
            int back = productSql.applyStock(villageId, l.productId(), l.quantity());
            movementSql.insertMovement(villageId, r.supermarketId(), l.productId(), "RELEASE", l.quantity(), "APPLIED", back, null,
                    null, null, null, "LAPSED".equals(status) ? "预订过期" : "预订取消", null, null, null, reservationId,
                    LocalDate.now(clock), by, now);
        }
        reservationSql.closeReservation(villageId, reservationId, status, by, now, null);
    }

    /**
     * Reminds households of reservations whose hold ends within a day (hourly; idempotent: the notice is keyed by
     * the reservation, so a second run or a second instance adds nothing).
     */
    @Scheduled(fixedDelayString = "${jifen.market.ending-soon-interval-ms:3600000}", initialDelayString = "${jifen.market.lapse-initial-delay-ms:5000}")
    public int remindEndingSoon() {
        return remindEndingSoon(now());
    }

    public int remindEndingSoon(OffsetDateTime at) {
        List<ReservationEndingSoon> soon = reservationSql.endingSoon(at, at.plusHours(24), 24);
        soon.forEach(events::publishEvent);
        return soon.size();
    }

    /** Lapses every reservation past its time (goods back, hold released). Safe on several instances. */
    @Scheduled(fixedDelayString = "${jifen.market.lapse-interval-ms:60000}", initialDelayString = "${jifen.market.lapse-initial-delay-ms:5000}")
    public int lapseDue() {
        int n = 0;
        ReservationSql.DueReservation last = null;
        while (true) { // every due reservation in one run, 500 at a time, each chunk after the last one's final key
            List<ReservationSql.DueReservation> chunk = reservationSql.dueReservations(now(), last, 500);
            if (chunk.isEmpty()) {
                return n;
            }
            for (ReservationSql.DueReservation due : chunk) {
                try {
                    tx.executeWithoutResult(st -> release(due.villageId(), due.id(), "LAPSED", "system", true));
                    n++;
                } catch (RuntimeException e) {
                    // rolled back, so still held: the next run tries it again (this run has passed it)
                    LOG.warn("reservation {}/{} not lapsed: {}",
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
        return paging.of(reservationSql.reservationsOfHousehold(actor.orgUnitId(), actor.householdId(), paging.size(), paging.offset())
                        .stream().map(this::view).toList(),
                reservationSql.reservationCountOfHousehold(actor.orgUnitId(), actor.householdId()));
    }

    /** Held reservations at a supermarket (staff over it), soonest to lapse first. */
    public List<Reservation> held(Actor actor, long villageId, long supermarketId) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OffsetDateTime now = now();
        return reservationSql.heldAt(villageId, supermarketId).stream().filter(r -> r.expiresAt().isAfter(now)).map(this::view)
                .toList();
    }

    /** A page of the held reservations at a supermarket that have not lapsed (staff over it), soonest to lapse first. */
    public Page<Reservation> held(Actor actor, long villageId, long supermarketId, Paging paging) {
        supermarkets.visible(actor, villageId, supermarketId);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OffsetDateTime now = now();
        return paging.of(reservationSql.heldAt(villageId, supermarketId, now, paging.size(), paging.offset()).stream()
                .map(this::view).toList(), reservationSql.heldCountAt(villageId, supermarketId, now));
    }

    /** Points a household's reservations hold now. */
    public long heldPoints(long householdVillageId, long householdId) {
        return reservationSql.heldPoints(householdVillageId, householdId, now());
    }

    private Reservation view(ReservationSql.ReservationRow r) {
        String name = supermarketSql.supermarket(r.villageId(), r.supermarketId()).map(Supermarkets.Supermarket::name).orElse("");
        return new Reservation(r.villageId(), r.id(), r.supermarketId(), name, r.householdVillageId(), r.householdId(),
                r.passbookNumber(), r.points(),
                "HELD".equals(r.status()) && !r.expiresAt().isAfter(now()) ? "LAPSED" : r.status(),
                r.expiresAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(),
                r.createdAt().atZoneSameInstant(clock.getZone()).toOffsetDateTime(), r.closedBy(), r.closedAt(),
                r.redemptionId(), reservationSql.reservationLines(r.villageId(), r.id()));
    }
}
