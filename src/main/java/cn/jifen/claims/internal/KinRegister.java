package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.KinRelation;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The register of kin relations (conflict of interest): staff accounts that neither record nor review for a
 * household ({@link cn.jifen.claims.internal.review.NoConflictOfInterest} applies it).
 */
@Service
public class KinRegister {
    /** The staff whose work a kin relation restricts: the recorders and reviewers of a village. */
    public static final Set<Role> KIN_ROLES = Set.of(Role.VILLAGE_ADMIN, Role.GRID_WORKER);

    private final KinSql sql;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Users users;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    KinRegister(KinSql sql, Households households, OrgUnits orgUnits, Users users, AuditLog audit, TransactionTemplate tx,
                RequestValidation validation) {
        this.sql = sql;
        this.households = households;
        this.orgUnits = orgUnits;
        this.users = users;
        this.audit = audit;
        this.tx = tx;
        this.validation = validation;
    }

    /**
     * Whether a kin relation may name this account: an active village admin or grid worker bound to the village or a
     * grid of it (the recorders and reviewers of its households). The kin page lists exactly these.
     */
    public static boolean kinCandidate(UserAccount u, OrgUnit village) {
        return u.active() && KIN_ROLES.contains(u.role()) && inVillage(u, village);
    }

    private static boolean inVillage(UserAccount u, OrgUnit village) {
        return u.orgPath() != null && u.orgPath().startsWith(village.path());
    }

    /**
     * Registers a staff account as kin of a household (conflict of interest). Village admins only. The account must
     * be one that could record or review for the household: an existing, active village admin or grid worker bound
     * to the household's village or a grid of it. Anything else is refused (422) and nothing is written.
     */
    public void registerKin(Actor actor, long userId, long villageId, long householdId, String relation) {
        Household h = households.get(actor, villageId, householdId);
        ClaimAccess.requireReviewer(actor);
        KinDraft draft = new KinDraft(userId, relation);
        // the relation's own rules first, then what the database says of the account (the order the 422 lists them)
        List<Problem> problems = new ArrayList<>(validation.problems(draft));
        OrgUnit village = orgUnits.byId(villageId);
        // scope first: an account of another village (or of the town, the county) is answered as one that does not
        // exist, so a village admin cannot probe which accounts exist elsewhere, nor their roles or state
        UserAccount staff = users.account(userId).filter(u -> inVillage(u, village)).orElse(null);
        if (staff == null) {
            problems.add(new Problem("userId", "error.claims.kinUserUnknown", String.valueOf(userId)));
        } else if (staff.role() == Role.VILLAGER) {
            problems.add(new Problem("userId", "error.claims.kinUserVillager"));
        } else if (!staff.active()) {
            problems.add(new Problem("userId", "error.claims.kinUserInactive"));
        } else if (!kinCandidate(staff, village)) {
            problems.add(new Problem("userId", "error.claims.kinUserOutside"));
        }
        Texts.throwIfAny(problems);
        String rel = Texts.clean(draft.relation());
        if (sql.isKin(villageId, userId, h.id())) {
            throw new Conflict("error.claims.kinExists");
        }
        tx.executeWithoutResult(s -> {
            sql.registerKin(villageId, userId, h.id(), rel);
            audit.record(actor, "claims.kin", village.path(), "staff_household",
                    userId + "/" + villageId + "/" + h.id(), null, rel, null);
        });
    }

    /** The village's kin relations: admins of the village or above (only village admins change them). */
    public List<KinRelation> kin(Actor actor, OrgUnit village) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            throw Forbidden.role();
        }
        return sql.kinOf(village.id());
    }

    /** The village's kin relations, unchecked: for a caller that has checked its reader's scope on the village. */
    public List<KinRelation> kinOf(OrgUnit village) {
        return sql.kinOf(village.id());
    }

    /** Removes a registered kin relation (e.g. registered by mistake, or the staff member left). Village admins only. */
    public void removeKin(Actor actor, long userId, long villageId, long householdId) {
        Household h = households.get(actor, villageId, householdId);
        ClaimAccess.requireReviewer(actor);
        String relation = sql.kinRelation(villageId, userId, h.id())
                .orElseThrow(() -> new NotFound("error.claims.kinNotFound"));
        tx.executeWithoutResult(s -> {
            if (sql.removeKin(villageId, userId, h.id()) == 0) {
                throw new NotFound("error.claims.kinNotFound");
            }
            audit.record(actor, "claims.kinRemoved", orgUnits.byId(villageId).path(), "staff_household",
                    userId + "/" + villageId + "/" + h.id(), relation, null, null);
        });
    }
}
