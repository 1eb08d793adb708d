package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimChange;
import cn.jifen.claims.ClaimEvent;
import cn.jifen.claims.Objection;
import cn.jifen.claims.ObjectionOutcome;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/** A villager's view of its own household's claims: the list, what others did to them, the objections raised. */
@Service
public class VillagerClaims {
    private final ClaimSql sql;
    private final ClaimListSql lists;
    private final ClaimEventSql history;
    private final ObjectionSql objections;

    VillagerClaims(ClaimSql sql, ClaimListSql lists, ClaimEventSql history, ObjectionSql objections) {
        this.sql = sql;
        this.lists = lists;
        this.history = history;
        this.objections = objections;
    }

    private static long household(Actor villager) {
        if (!villager.is(Role.VILLAGER) || villager.householdId() == null) {
            throw Forbidden.role();
        }
        return villager.householdId();
    }

    /**
     * What happened to the villager's household's claims after {@code after} up to {@code until}, done by others
     * (a review, a publicity, an objection, a posting), newest first; who did it is not named.
     */
    public List<ClaimChange> changesOfMine(Actor villager, OffsetDateTime after, OffsetDateTime until, int limit) {
        long h = household(villager);
        long v = villager.orgUnitId();
        Map<Long, Claim> claims = new HashMap<>();
        Map<Long, List<ClaimEvent>> events = new HashMap<>();
        List<ClaimChange> out = new ArrayList<>();
        for (Long[] ref : history.householdEvents(v, h, villager.userId(), after, until, Math.max(1, Math.min(limit, 100)))) {
            Claim c = claims.computeIfAbsent(ref[0], id -> sql.byId(v, id).orElseThrow());
            ClaimEvent e = events.computeIfAbsent(ref[0], id -> history.events(v, id)).stream()
                    .filter(x -> x.id() == ref[1]).findFirst().orElseThrow();
            out.add(new ClaimChange(c, e.anonymous()));
        }
        return out;
    }

    public long countChangesOfMine(Actor villager, OffsetDateTime after, OffsetDateTime until) {
        return history.countHouseholdEvents(villager.orgUnitId(), household(villager), villager.userId(), after, until);
    }

    /** Objections raised on the villager's household's claims and their outcome, newest first; objectors unnamed. */
    public List<ObjectionOutcome> objectionsToMine(Actor villager, int limit) {
        long h = household(villager);
        long v = villager.orgUnitId();
        List<ObjectionOutcome> out = new ArrayList<>();
        for (Long[] ref : objections.householdObjections(v, h, Math.max(1, Math.min(limit, 100)))) {
            Claim c = sql.byId(v, ref[0]).orElseThrow();
            Objection o = objections.objections(v, ref[0]).stream().filter(x -> x.id() == ref[1]).findFirst().orElseThrow();
            out.add(new ObjectionOutcome(c, o.anonymous()));
        }
        return out;
    }

    /** A page of a villager's own household claims, newest first. */
    public Page<Claim> mine(Actor actor, Paging paging) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return paging.of(lists.list(actor.orgUnitId(), null, Set.of(), actor.householdId(), null, paging.size(),
                paging.offset()), lists.count(actor.orgUnitId(), null, Set.of(), actor.householdId(), null));
    }
}
