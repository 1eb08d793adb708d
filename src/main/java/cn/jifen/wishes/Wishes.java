package cn.jifen.wishes;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.wishes.internal.DuplicateWish;
import cn.jifen.wishes.internal.ForbiddenGoods;
import cn.jifen.wishes.internal.WishNames;
import cn.jifen.wishes.internal.WishSql;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The goods wish list of a supermarket (根据群众需求购置). Households of the villages it serves propose goods (on the phone,
 * or the keeper or village admin enters it at the counter from a passbook) and support each other's wishes, once per
 * household; the county's forbidden goods are refused. The supermarket's keeper and its village's admins turn a wish
 * into a purchase or decline it with a reason. Readers: villagers of the served villages (without who proposed), the
 * keeper, the village's staff, the town and the county; everyone else is told it does not exist.
 * <p>Why one class of about 400 lines: One aggregate's life (proposed, supported, bought or declined) with one
 * reader rule (who may see a wish and whether the proposer is shown) applied to every read.
 */
@Service
public class Wishes {
    public static final int MAX_NAME = 60;

    private final WishSql sql;
    private final ForbiddenGoods forbidden;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final Households households;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;
    private final RequestValidation validation;

    Wishes(WishSql sql, ForbiddenGoods forbidden, Supermarkets supermarkets, Goods goods, Households households,
           OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx, ApplicationEventPublisher events, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.forbidden = forbidden;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.households = households;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.events = events;
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    // ------------------------------------------------------------ access

    /** The supermarkets whose wish lists the actor works with or reads. */
    public List<Supermarket> boards(Actor actor) {
        if (actor.is(Role.GRID_WORKER)) {
            return supermarkets.ofVillage(villageOfGrid(actor).id());
        }
        return supermarkets.workplaces(actor);
    }

    private OrgUnit villageOfGrid(Actor actor) {
        return orgUnits.ownVillage(actor).orElseThrow(Forbidden::role);
    }

    /** A supermarket whose wishes the actor may read; otherwise NotFound, so nothing leaks. */
    Supermarket readable(Actor actor, long villageId, long supermarketId) {
        if (actor.is(Role.GRID_WORKER)) {
            // a grid worker reads its own village's list (its scope is a grid, below the supermarket's village)
            Supermarket s = supermarkets.ofVillage(villageId).stream().filter(x -> x.id() == supermarketId).findFirst()
                    .orElseThrow(Wishes::notFound);
            if (!actor.orgPath().startsWith(orgUnits.byId(villageId).path())) {
                throw notFound();
            }
            return s;
        }
        try {
            return supermarkets.visible(actor, villageId, supermarketId);
        } catch (NotFound e) {
            throw notFound();
        }
    }

    /** Whether the actor decides the supermarket's wishes: its keeper or an admin of its village. */
    public boolean decides(Actor actor) {
        return actor.is(Role.KEEPER) || actor.is(Role.VILLAGE_ADMIN);
    }

    private Supermarket managed(Actor actor, long villageId, long supermarketId) {
        Supermarket s = readable(actor, villageId, supermarketId);
        if (!decides(actor)) {
            throw Forbidden.role();
        }
        return s;
    }

    public static NotFound notFound() {
        return new NotFound("error.wishes.notFound");
    }

    // ------------------------------------------------------------ reading

    /** A supermarket's wishes ranked: open ones by support, then the decided ones, latest first. */
    public Page<Wish> list(Actor actor, long villageId, long supermarketId, WishStatus status, Paging paging) {
        Supermarket s = readable(actor, villageId, supermarketId);
        List<Wish> items = sql.ofSupermarket(villageId, supermarketId, status, paging.size(), paging.offset()).stream()
                .map(r -> view(actor, r, s)).toList();
        return paging.of(items, sql.countOfSupermarket(villageId, supermarketId, status));
    }

    public Wish get(Actor actor, long villageId, long id) {
        WishSql.Row r = sql.wish(villageId, id).orElseThrow(Wishes::notFound);
        return view(actor, r, readable(actor, villageId, r.supermarketId()));
    }

    public Supermarket supermarket(Actor actor, long villageId, long supermarketId) {
        return readable(actor, villageId, supermarketId);
    }

    /** The wishes the villager's household proposed or supported, newest first. */
    public List<Wish> mine(Actor actor) {
        requireVillager(actor);
        return sql.ofHousehold(actor.orgUnitId(), actor.householdId(), 200).stream()
                .map(r -> view(actor, r, supermarketOf(r))).toList();
    }

    /** The ids of a supermarket's wishes the villager's household supports (its own proposals included). */
    public List<Long> supportedByMe(Actor actor, long villageId, long supermarketId) {
        requireVillager(actor);
        readable(actor, villageId, supermarketId);
        return sql.supportedBy(villageId, supermarketId, actor.orgUnitId(), actor.householdId());
    }

    private static void requireVillager(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
    }

    private Supermarket supermarketOf(WishSql.Row r) {
        return supermarkets.ofVillage(r.villageId()).stream().filter(s -> s.id() == r.supermarketId()).findFirst()
                .orElseThrow(Wishes::notFound);
    }

    private Wish view(Actor actor, WishSql.Row r, Supermarket s) {
        Wish w = new Wish(r.villageId(), r.id(), r.supermarketId(), s.name(), r.householdVillageId(), r.householdId(),
                r.passbookNumber(), r.proposerName(), r.goodsName(), r.note(), r.status(), r.supports(), r.createdOn(),
                r.createdBy(), r.decidedOn(), r.decidedBy(), r.declineReason(), r.movementId(), r.productName(),
                r.quantity(), r.fundName(), r.purchasedOn(), r.createdAt());
        // villagers see what is wished and how many want it, not who asked
        return actor != null && actor.isStaff() ? w : w.anonymous();
    }

    /** What the public market page shows: the most supported open wishes and the latest fulfilled ones. */
    public record Showcase(List<Wish> top, List<Wish> fulfilled) {
        public boolean isEmpty() { return top.isEmpty() && fulfilled.isEmpty(); }
    }

    /** The public showcase of the supermarkets serving a village (no login): names and counts only. */
    public Showcase showcase(long villageId) {
        List<Wish> top = new ArrayList<>();
        List<Wish> done = new ArrayList<>();
        for (Supermarket s : supermarkets.servingVillage(villageId)) {
            sql.ofSupermarket(s.villageId(), s.id(), WishStatus.OPEN, 5, 0).forEach(r -> top.add(view(null, r, s)));
            sql.ofSupermarket(s.villageId(), s.id(), WishStatus.FULFILLED, 5, 0).forEach(r -> done.add(view(null, r, s)));
        }
        top.sort(Comparator.comparingInt(Wish::supports).reversed());
        done.sort(Comparator.comparing(Wish::decidedOn, Comparator.nullsLast(Comparator.reverseOrder())));
        return new Showcase(top.subList(0, Math.min(5, top.size())), done.subList(0, Math.min(5, done.size())));
    }

    // ------------------------------------------------------------ proposing and supporting

    /**
     * Proposes goods for a supermarket. A villager proposes for its own household at a supermarket serving its village
     * (the first one when none is named); the keeper or a village admin enters a wish at the counter for the household
     * of a passbook. Refused: a name on the county's forbidden list (naming the rule), and a name the supermarket
     * already has an open wish for ({@link DuplicateWish}: support that one).
     */
    public Wish propose(Actor actor, Long supermarketVillageId, Long supermarketId, String passbookNumber,
                        String goodsName, String note) {
        return propose(actor, new WishDraft(supermarketVillageId, supermarketId, passbookNumber, goodsName, note));
    }

    /** As {@link #propose(Actor, Long, Long, String, String, String)}: the draft checked with the household's scope. */
    public Wish propose(Actor actor, WishDraft d) {
        List<Problem> problems = new ArrayList<>();
        String name = validation.valid(d, "goodsName") ? Texts.clean(d.goodsName()) : null;
        if (name != null && WishNames.key(name).isEmpty()) {
            problems.add(new Problem("goodsName", "error.wishes.nameEmpty"));
            name = null;
        }
        String n = Texts.clean(d.note());
        Household h = household(actor, d.passbookNumber(), problems);
        Supermarket s = null;
        if (h != null) {
            s = supermarketFor(actor, h, d.supermarketVillageId(), d.supermarketId(), problems);
        }
        if (name != null && s != null) {
            String goods = name;
            forbidden.match(orgUnits.byId(s.villageId()).path(), name).ifPresent(t -> problems.add(
                    new Problem("goodsName", "error.wishes.forbidden", goods, t.rule(), t.term())));
        }
        validation.check(d, problems);
        if (!s.active()) {
            throw new Conflict("error.wishes.supermarketClosed", s.name());
        }
        Supermarket sm = s;
        String goods = name;
        String key = WishNames.key(name);
        Optional<Long> existing = sql.openWithName(s.villageId(), s.id(), key);
        if (existing.isPresent()) {
            throw duplicate(actor, sm, existing.get());
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id;
        try {
            id = tx.execute(st -> {
                long wid = sql.insert(sm.villageId(), sm.id(), h.villageId(), h.id(), h.passbookNumber(), h.headName(),
                        goods, key, n, today(), actor.username(), now);
                sql.claimName(sm.villageId(), sm.id(), key, wid);
                sql.support(sm.villageId(), wid, h.villageId(), h.id(), true, today(), actor.username(), now);
                audit.record(actor, "wishes.propose", orgUnits.byId(sm.villageId()).path(), "wish",
                        sm.villageId() + "/" + wid, null, goods + " · " + h.passbookNumber(), n);
                return wid;
            });
        } catch (DuplicateKeyException e) {
            // another household proposed the same goods at the same moment
            throw duplicate(actor, sm, sql.openWithName(sm.villageId(), sm.id(), key).orElseThrow(() -> e));
        }
        return get(actor, sm.villageId(), id);
    }

    private DuplicateWish duplicate(Actor actor, Supermarket s, long wishId) {
        return new DuplicateWish(view(actor, sql.wish(s.villageId(), wishId).orElseThrow(), s));
    }

    /** The household a wish or support is for: the villager's own, or the passbook's at the counter. */
    private Household household(Actor actor, String passbookNumber, List<Problem> problems) {
        if (actor.is(Role.VILLAGER)) {
            requireVillager(actor);
            return households.get(actor, actor.orgUnitId(), actor.householdId());
        }
        if (!decides(actor)) {
            throw Forbidden.role();
        }
        if (Texts.clean(passbookNumber) == null) {
            problems.add(new Problem("passbookNumber", "error.required"));
            return null;
        }
        try {
            return households.byPassbook(actor, passbookNumber);
        } catch (NotFound e) {
            problems.add(new Problem("passbookNumber", "error.wishes.passbookUnknown", Texts.clean(passbookNumber)));
            return null;
        }
    }

    private Supermarket supermarketFor(Actor actor, Household h, Long villageId, Long id, List<Problem> problems) {
        List<Supermarket> serving = supermarkets.servingVillage(h.villageId());
        Supermarket s;
        if (villageId == null || id == null) {
            // staff at the counter propose for their own supermarket; a villager for the first serving its village
            List<Supermarket> candidates = actor.is(Role.VILLAGER) ? serving : boards(actor).stream()
                    .filter(b -> serving.stream().anyMatch(x -> x.id() == b.id() && x.villageId() == b.villageId()))
                    .toList();
            if (candidates.isEmpty()) {
                problems.add(new Problem("supermarketId", actor.is(Role.VILLAGER)
                        ? "error.wishes.noSupermarket" : "error.wishes.notServed", h.passbookNumber()));
                return null;
            }
            s = candidates.stream().filter(Supermarket::active).findFirst().orElse(candidates.get(0));
        } else {
            s = readable(actor, villageId, id);
            if (serving.stream().noneMatch(x -> x.id() == s.id() && x.villageId() == s.villageId())) {
                problems.add(new Problem("passbookNumber", "error.wishes.notServed", h.passbookNumber()));
                return null;
            }
        }
        if (!actor.is(Role.VILLAGER)) {
            managed(actor, s.villageId(), s.id());
        }
        return s;
    }

    /**
     * A household supports an open wish: a villager its own household, the keeper or a village admin a passbook's.
     * Refused: a second support of the same household, a wish no longer open, a household the supermarket does not
     * serve (a villager of another village does not see the wish at all).
     */
    public Wish support(Actor actor, long villageId, long id, String passbookNumber) {
        WishSql.Row r = sql.wish(villageId, id).orElseThrow(Wishes::notFound);
        Supermarket s = readable(actor, villageId, r.supermarketId());
        List<Problem> problems = new ArrayList<>();
        Household h = household(actor, passbookNumber, problems);
        Texts.throwIfAny(problems);
        if (!actor.is(Role.VILLAGER)) {
            managed(actor, villageId, r.supermarketId());
        }
        if (supermarkets.servingVillage(h.villageId()).stream().noneMatch(x -> x.id() == s.id() && x.villageId() == s.villageId())) {
            throw InvalidInput.of("passbookNumber", "error.wishes.notServed", h.passbookNumber());
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(st -> {
            WishSql.Row locked = sql.lock(villageId, id).orElseThrow(Wishes::notFound);
            if (locked.status() != WishStatus.OPEN) {
                throw new Conflict("error.wishes.notOpen", locked.goodsName());
            }
            if (sql.supports(villageId, id, h.villageId(), h.id())) {
                throw new Conflict("error.wishes.supportedTwice", locked.goodsName());
            }
            sql.support(villageId, id, h.villageId(), h.id(), false, today(), actor.username(), now);
            audit.record(actor, "wishes.support", orgUnits.byId(villageId).path(), "wish", villageId + "/" + id,
                    null, h.passbookNumber(), null);
        });
        return get(actor, villageId, id);
    }

    // ------------------------------------------------------------ deciding

    /**
     * Turns a wish into a purchase: the purchase (a stock movement of kind PURCHASE booked at the wish's supermarket,
     * with the fund that paid) is linked, and what was bought is copied onto the wish for villagers to see.
     */
    public Wish fulfil(Actor actor, long villageId, long id, Long movementId) {
        WishSql.Row r = sql.wish(villageId, id).orElseThrow(Wishes::notFound);
        managed(actor, villageId, r.supermarketId());
        if (movementId == null) {
            throw InvalidInput.of("movementId", "error.wishes.purchaseRequired");
        }
        Movement m = goods.purchaseAt(actor, villageId, r.supermarketId(), movementId)
                .orElseThrow(() -> InvalidInput.of("movementId", "error.wishes.purchaseUnknown", movementId));
        WishSql.Purchase p = new WishSql.Purchase(m.id(), m.productName(), m.quantity(), m.fundName(), m.occurredOn());
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(st -> {
            if (!sql.fulfil(villageId, id, p, today(), actor.username(), now)) {
                throw new Conflict("error.wishes.notOpen", r.goodsName());
            }
            sql.releaseName(villageId, id);
            audit.record(actor, "wishes.fulfil", orgUnits.byId(villageId).path(), "wish", villageId + "/" + id,
                    "OPEN", "FULFILLED movement " + m.id() + " " + m.productName() + " ×" + m.quantity(), null);
            events.publishEvent(new WishFulfilled(villageId, id, r.supermarketId(), r.householdVillageId(),
                    r.householdId(), r.goodsName(), m.productName()));
        });
        return get(actor, villageId, id);
    }

    /** Declines a wish with a reason, which villagers and the public see. */
    public Wish decline(Actor actor, long villageId, long id, String reason) {
        WishSql.Row r = sql.wish(villageId, id).orElseThrow(Wishes::notFound);
        managed(actor, villageId, r.supermarketId());
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 200, problems);
        Texts.throwIfAny(problems);
        OffsetDateTime now = OffsetDateTime.now(clock);
        tx.executeWithoutResult(st -> {
            if (!sql.decline(villageId, id, why, today(), actor.username(), now)) {
                throw new Conflict("error.wishes.notOpen", r.goodsName());
            }
            sql.releaseName(villageId, id);
            audit.record(actor, "wishes.decline", orgUnits.byId(villageId).path(), "wish", villageId + "/" + id,
                    "OPEN", "DECLINED", why);
        });
        return get(actor, villageId, id);
    }

    /** The purchases of the last 90 days at a supermarket that a wish may be linked to, newest first. */
    public List<Movement> recentPurchases(Actor actor, long villageId, long supermarketId) {
        managed(actor, villageId, supermarketId);
        return goods.ledger(actor, villageId, supermarketId, today().minusDays(90), today(), null, Paging.first(200))
                .items().stream().filter(m -> "PURCHASE".equals(m.kind())).toList();
    }
}
