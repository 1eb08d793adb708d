package cn.jifen.market;

import cn.jifen.market.internal.SupermarketSql;
import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.NotBlank;
import java.time.OffsetDateTime;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import java.util.Objects;

/**
 * Opening and running supermarkets without SQL: open, rename, move (address), close and reopen with
 * a reason, and the villages a supermarket serves besides its own.
 *
 * <p>Who may: an admin (county, town or village) whose scope covers the supermarket's village; so a
 * county admin anywhere in the county, a town admin in its town, a village admin only for its own
 * village. Served villages must be in the same town as the supermarket's village and in the caller's
 * scope too, so only a town or county admin sets up a town's shared supermarket. Other roles: 403.
 */
@Service
public class SupermarketAdmin {
    /** A supermarket as the admin pages and the API show it. */
    public record Info(long id, long villageId, String villageCode, String villageName, String name, String address,
                       boolean active, String statusReason, List<String> servesVillageCodes) { }

    private final SupermarketSql supermarketSql;
    private final Supermarkets supermarkets;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestValidation validation;

    /** A new supermarket: its village, name and address (the constraints) and the other villages it serves. */
    public record SupermarketDraft(@NotBlank(message = "{error.required}") String villageCode,
                                   @PlainText(max = 100, required = true) String name,
                                   @PlainText(max = 200) String address, List<String> servesVillageCodes) { }

    SupermarketAdmin(SupermarketSql supermarketSql, Supermarkets supermarkets, OrgUnits orgUnits, AuditLog audit,
                     Clock clock, RequestValidation validation) {
        this.validation = validation;
        this.supermarketSql = supermarketSql;
        this.supermarkets = supermarkets;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
    }

    /** Opens a supermarket run by a village, serving also the given villages of the same town. */
    @Transactional
    public Info open(Actor actor, String villageCode, String name, String address, List<String> servesVillageCodes) {
        return open(actor, new SupermarketDraft(villageCode, name, address, servesVillageCodes));
    }

    /** Opens a supermarket; the draft is checked after the role check and, when it names one, the village's scope. */
    @Transactional
    public Info open(Actor actor, SupermarketDraft d) {
        requireAdmin(actor);
        String villageCode = d.villageCode();
        List<String> servesVillageCodes = d.servesVillageCodes();
        OrgUnit village = Texts.clean(villageCode) == null ? null : orgUnits.visibleVillage(actor, villageCode);
        validation.check(d);
        String n = Texts.clean(d.name());
        String a = Texts.clean(d.address());
        if (!village.active()) {
            throw InvalidInput.of("villageCode", "error.market.villageInactive");
        }
        Set<Long> served = servedIds(actor, village, servesVillageCodes);
        long id = supermarketSql.insertSupermarket(village.id(), n, a, OffsetDateTime.now(clock));
        for (long o : served) {
            supermarketSql.addServed(village.id(), id, o);
        }
        audit.record(actor, "supermarket.open", village.path(), "supermarket", id, null,
                n + (a == null ? "" : " @" + a) + (served.isEmpty() ? "" : " +" + codes(served)), null);
        return info(village.id(), id);
    }

    /** Renames, moves and/or sets the served villages (null: unchanged; an empty list serves only its own). */
    @Transactional
    public Info update(Actor actor, long id, String name, String address, List<String> servesVillageCodes) {
        Supermarkets.Supermarket s = admin(actor, id);
        OrgUnit village = orgUnits.byId(s.villageId());
        List<Problem> problems = new ArrayList<>();
        String n = name == null ? s.name() : Texts.name("name", name, 100, problems);
        String a = address == null ? s.address() : Texts.text("address", address, 200, problems);
        Texts.throwIfAny(problems);
        String before = s.name() + " @" + s.address() + " +" + codes(new LinkedHashSet<>(supermarketSql.servedVillages(s.villageId(), id)));
        if (!n.equals(s.name()) || !Objects.equals(a, s.address())) {
            supermarketSql.renameSupermarket(s.villageId(), id, n, a);
        }
        if (servesVillageCodes != null) {
            Set<Long> wanted = servedIds(actor, village, servesVillageCodes);
            Set<Long> now = new LinkedHashSet<>(supermarketSql.servedVillages(s.villageId(), id));
            for (long o : now) {
                // a village outside the actor's scope (set by a town admin) is not the actor's to remove
                if (!wanted.contains(o) && actor.covers(orgUnits.byId(o).path())) {
                    supermarketSql.removeServed(s.villageId(), id, o);
                }
            }
            for (long o : wanted) {
                if (!now.contains(o)) {
                    supermarketSql.addServed(s.villageId(), id, o);
                }
            }
        }
        String after = n + " @" + a + " +" + codes(new LinkedHashSet<>(supermarketSql.servedVillages(s.villageId(), id)));
        if (!after.equals(before)) {
            audit.record(actor, "supermarket.update", village.path(), "supermarket", id, before, after, null);
        }
        return info(s.villageId(), id);
    }

    /** Closes a supermarket: it refuses redemptions, reservations and goods coming in until reopened. */
    @Transactional
    public Info close(Actor actor, long id, String reason) {
        return setActive(actor, id, false, reason);
    }

    @Transactional
    public Info reopen(Actor actor, long id, String reason) {
        return setActive(actor, id, true, reason);
    }

    /** Why a supermarket closes or reopens (kept with it and in the audit log). */
    public record StatusReason(@PlainText(max = 200, required = true) String reason) { }

    private Info setActive(Actor actor, long id, boolean active, String reason) {
        Supermarkets.Supermarket s = admin(actor, id);
        StatusReason why = new StatusReason(reason);
        validation.check(why);
        String r = Texts.clean(why.reason());
        if (s.active() == active) {
            throw new Conflict(active ? "error.market.alreadyOpen" : "error.market.alreadyClosed");
        }
        if (!supermarketSql.setSupermarketActive(s.villageId(), id, active, r)) {   // a twin request changed it first
            throw new Conflict(active ? "error.market.alreadyOpen" : "error.market.alreadyClosed");
        }
        audit.record(actor, active ? "supermarket.reopen" : "supermarket.close", orgUnits.byId(s.villageId()).path(),
                "supermarket", id, String.valueOf(s.active()), String.valueOf(active), r);
        return info(s.villageId(), id);
    }

    /** One supermarket the actor may see (as {@link Supermarkets#visible}). */
    public Info get(Actor actor, long id) {
        Supermarkets.Supermarket s = supermarkets.visible(actor, villageOf(id), id);
        return info(s.villageId(), s.id());
    }

    /** The supermarkets the actor works at or oversees. */
    public List<Info> list(Actor actor) {
        return supermarkets.workplaces(actor).stream().map(s -> info(s.villageId(), s.id())).toList();
    }

    /** The villages an admin may let a supermarket of this village serve: the other villages of its town in scope. */
    public List<OrgUnit> servable(Actor actor, long villageId) {
        OrgUnit village = orgUnits.byId(villageId);
        return orgUnits.villagesVisible(actor).stream()
                .filter(v -> v.id() != village.id() && v.active() && Objects.equals(v.parentId(), village.parentId()))
                .toList();
    }

    // ---------------------------------------------------------------- helpers

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
    }

    private Supermarkets.Supermarket admin(Actor actor, long id) {
        requireAdmin(actor);
        return supermarkets.forAdmin(actor, villageOf(id), id);
    }

    private long villageOf(long id) {
        return supermarketSql.supermarketVillage(id).orElseThrow(Supermarkets::notFound);
    }

    private Set<Long> servedIds(Actor actor, OrgUnit village, List<String> codes) {
        Set<Long> ids = new LinkedHashSet<>();
        if (codes == null) {
            return ids;
        }
        for (String code : codes) {
            String c = Texts.clean(code);
            OrgUnit other = c == null ? null : orgUnits.byCode(c).orElse(null);
            if (other == null || !other.isVillage() || !actor.covers(other.path()) || !other.active()) {
                throw InvalidInput.of("servesVillageCodes", "error.market.servedUnknown", c == null ? "" : c);
            }
            if (!Objects.equals(other.parentId(), village.parentId())) {
                throw InvalidInput.of("servesVillageCodes", "error.market.servedOtherTown", other.name());
            }
            if (other.id() != village.id()) {
                ids.add(other.id());
            }
        }
        return ids;
    }

    private String codes(Set<Long> villageIds) {
        return String.join(",", villageIds.stream().map(v -> orgUnits.byId(v).code()).toList());
    }

    private Info info(long villageId, long id) {
        OrgUnit village = orgUnits.byId(villageId);
        Supermarkets.Supermarket s = supermarketSql.supermarket(villageId, id).orElseThrow(Supermarkets::notFound);
        String reason = supermarketSql.supermarketStatusReason(villageId, id).orElse(null);
        List<String> served = supermarketSql.servedVillages(villageId, id).stream().map(v -> orgUnits.byId(v).code()).sorted().toList();
        return new Info(id, villageId, village.code(), village.name(), s.name(), s.address(), s.active(), reason, served);
    }
}
