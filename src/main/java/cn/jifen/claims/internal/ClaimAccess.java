package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import jakarta.validation.groups.Default;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * Who may see which claim and in which village an actor works; the role rules the claim services share; the
 * claims' clock. A claim outside the actor's scope is answered as one that does not exist.
 */
@Component
public class ClaimAccess {
    /** The states a claim is public in (the notice board, objections): in publicity or held by an objection. */
    public static final Set<ClaimStatus> PUBLIC = Set.of(ClaimStatus.IN_PUBLICITY, ClaimStatus.OBJECTED);

    private final ClaimSql sql;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Clock clock;
    private final RequestValidation validation;

    ClaimAccess(ClaimSql sql, Households households, OrgUnits orgUnits, Clock clock, RequestValidation validation) {
        this.sql = sql;
        this.households = households;
        this.orgUnits = orgUnits;
        this.clock = clock;
        this.validation = validation;
    }

    /** A claim the actor may see: a villager its own household's and the public ones of its village, staff in scope. */
    public Claim visible(Actor actor, long villageId, long id) {
        Claim c = sql.byId(villageId, id).orElseThrow(ClaimAccess::notFound);
        if (actor.is(Role.VILLAGER)) {
            boolean own = actor.householdId() != null && actor.householdId() == c.householdId();
            if (actor.orgUnitId() != villageId || !(own || PUBLIC.contains(c.status()))) {
                throw notFound();
            }
            return c;
        }
        try {
            households.get(actor, villageId, c.householdId());
        } catch (NotFound e) {
            throw notFound();
        }
        return c;
    }

    /** The village an actor works in: a villager's own, else one in scope or the village of its grid. */
    public OrgUnit village(Actor actor, String code) {
        if (actor.is(Role.VILLAGER)) {
            OrgUnit own = orgUnits.byId(actor.orgUnitId());
            if (code != null && !code.isBlank() && !own.code().equals(code.strip())) {
                throw new NotFound("error.org.notFound");
            }
            return own;
        }
        if (code == null || code.isBlank()) {
            return defaultVillage(actor).orElseThrow(() -> InvalidInput.of("village", "error.required"));
        }
        return orgUnits.workingVillage(actor, code);
    }

    /** The village of a village-bound account or of a grid worker's grid. */
    public Optional<OrgUnit> defaultVillage(Actor actor) {
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        if (own.isVillage()) {
            return Optional.of(own);
        }
        if (own.parentId() != null) {
            OrgUnit parent = orgUnits.byId(own.parentId());
            if (parent.isVillage() && own.path().startsWith(parent.path())) {
                return Optional.of(parent);
            }
        }
        return Optional.empty();
    }

    public List<OrgUnit> villages(Actor actor) {
        return orgUnits.villagesVisible(actor);
    }

    /** The org path of a village by id (for audit entries). */
    public String path(long villageId) {
        return orgUnits.byId(villageId).path();
    }

    /** Now, to the microsecond both databases keep, in UTC. */
    public OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
    }

    /** Only a village admin reviews: decides claims, objections, appeals and kin relations. */
    public static void requireReviewer(Actor actor) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
    }

    /** The household's own villager, or a village admin or grid worker (for it). */
    public static void requireHouseholdOrRecorder(Actor actor, Claim seen) {
        boolean own = actor.is(Role.VILLAGER) && actor.householdId() != null && actor.householdId() == seen.householdId();
        if (!(own || actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
    }

    /**
     * The written reason a decision, an objection or an appeal must give (at most 500 characters), trimmed; else a
     * 422. Called after the access check, so a caller without access never learns how its reason was wrong.
     */
    public String requiredReason(String reason) {
        validation.check(new Reason(reason), List.of(), Reason.Required.class);
        return Texts.clean(reason);
    }

    /** What is wrong with a decision's reason, required or optional (an approval that is no veto), for one 422. */
    public List<Problem> reasonProblems(String reason, boolean required) {
        return validation.problems(new Reason(reason), required ? Reason.Required.class : Default.class);
    }

    /** The account id a history row names; the system (id 0) is named by none. */
    public static Long actorId(Actor actor) {
        return actor.userId() == 0 ? null : actor.userId();
    }

    public static NotFound notFound() {
        return new NotFound("error.claims.notFound");
    }
}
