package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.internal.review.NoConflictOfInterest;
import cn.jifen.claims.internal.review.Refusal;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.Recorder;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Recording (staff) and declaring (a villager, or staff or a relative on a villager's behalf) one claim: the day, the
 * rule item in force that day, who may record it, its points, then — under the household's lock — the unit, the caps
 * and the duplicate flag. The claim is born RECORDED with its first history row and an audit entry.
 */
@Service
public class ClaimRecording {
    private final ClaimSql sql;
    private final ClaimEventSql history;
    private final PostSql posts;
    private final CapsAndDuplicates caps;
    private final NoConflictOfInterest conflictOfInterest;
    private final RuleCatalogue catalogue;
    private final CountyPolicies policies;
    private final Households households;
    private final OrgUnits orgUnits;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    ClaimRecording(ClaimSql sql, ClaimEventSql history, PostSql posts, CapsAndDuplicates caps,
                   NoConflictOfInterest conflictOfInterest, RuleCatalogue catalogue, CountyPolicies policies,
                   Households households, OrgUnits orgUnits, ClaimAccess access, AuditLog audit, Clock clock,
                   TransactionTemplate tx, RequestValidation validation) {
        this.sql = sql;
        this.validation = validation;
        this.history = history;
        this.posts = posts;
        this.caps = caps;
        this.conflictOfInterest = conflictOfInterest;
        this.catalogue = catalogue;
        this.policies = policies;
        this.households = households;
        this.orgUnits = orgUnits;
        this.access = access;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /** Records a claim, optionally as the inspection of a responsibility post ({@code postId}, else null). */
    public Claim record(Actor actor, ClaimDraft d, Long postId) {
        Household h = household(actor, d);
        boolean declaration = actor.is(Role.VILLAGER) || d.onBehalf();
        Recorder recorder;
        if (actor.is(Role.VILLAGER)) {
            recorder = Recorder.SELF;
        } else if (actor.is(Role.GRID_WORKER) || actor.is(Role.VILLAGE_ADMIN)) {
            recorder = d.onBehalf() ? Recorder.SELF : Recorder.valueOf(actor.role().name());
        } else {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(h.villageId());
        LocalDate today = LocalDate.now(clock);
        List<Problem> problems = new ArrayList<>();
        if (!"ACTIVE".equals(h.status())) {
            throw InvalidInput.of("householdId", "error.claims.householdInactive");
        }
        LocalDate day = d.occurredOn();
        CountyPolicy policy = policies.of(village);
        if (day != null) {      // a missing day is the draft's constraint
            if (day.isAfter(today)) {
                problems.add(new Problem("occurredOn", "error.claims.future"));
            } else if (day.isBefore(today.minusDays(policy.claimMaxAgeDays()))) {
                problems.add(new Problem("occurredOn", "error.claims.tooOld", policy.claimMaxAgeDays()));
            } else if (policy.closed(day)) {
                problems.add(new Problem("occurredOn", "error.claims.closedPeriod", policy.closedThrough().toString()));
            }
        }
        String code = Texts.clean(d.itemCode());
        RuleItem item = null;
        if (code != null && day != null && problems.isEmpty()) {
            item = catalogue.itemFor(village, code, day).orElse(null);
            if (item == null) {
                problems.add(new Problem("itemCode", "error.claims.itemNotInForce", code, day.toString()));
            }
        }
        validation.check(d, problems, ClaimDraft.ToRecord.class);
        String note = Texts.clean(d.note());
        if (!item.recorders().contains(recorder)) {
            throw new Forbidden(recorder == Recorder.SELF ? "error.claims.noSelfDeclaration" : "error.claims.recorderNotAllowed");
        }
        int points = points(item, d.points(), problems);
        Resident resident = null;
        if (d.residentId() != null) {
            resident = h.members().stream().filter(m -> m.id() == d.residentId()).findFirst().orElse(null);
            if (resident == null) {
                problems.add(new Problem("residentId", "error.resident.notFound"));
            }
        }
        if (item.partyOnly() && (resident == null || !resident.partyMember())) {
            problems.add(new Problem("residentId", "error.claims.partyOnly"));
        } else if (item.residentCap() != null && resident == null) {
            problems.add(new Problem("residentId", "error.claims.residentRequired"));
        }
        Texts.throwIfAny(problems);
        conflictOfInterest.forHousehold(actor, h.villageId(), h.id()).map(Refusal::toForbidden).ifPresent(e -> {
            throw e;
        });
        RuleItem it = item;
        Long residentId = resident == null ? null : resident.id();
        long id = tx.execute(s -> {
            caps.lockHousehold(h.villageId(), h.id());
            if (postId != null) {
                YearMonth m = YearMonth.from(day);
                if (posts.uninspected(h.villageId(), m.atDay(1), m.atEndOfMonth()).stream().noneMatch(p -> p.id() == postId)) {
                    throw InvalidInput.of("occurredOn", "error.posts.inspectedThisMonth");
                }
            }
            caps.requireUnitFree(h.villageId(), h.id(), it, day);
            List<Problem> overCap = caps.capProblems(h.villageId(), h.id(), residentId, it, points, day, 0);
            if (!overCap.isEmpty()) {
                throw new InvalidInput(List.of(overCap.get(0)));
            }
            boolean duplicate = caps.likelyDuplicate(h.villageId(), h.id(), it.itemId(), day);
            OffsetDateTime now = access.now();
            long claimId = sql.insert(new ClaimSql.NewClaim(h.villageId(), h.id(), residentId,
                    it.itemId(), it.version(), it.code(), points, day, note, declaration, d.onBehalf(), duplicate,
                    actor.userId(), actor.username(), actor.role().name(), now));
            if (postId != null) {
                sql.linkPost(h.villageId(), claimId, postId);
            }
            String action = declaration ? (d.onBehalf() ? "DECLARE_ON_BEHALF" : "DECLARE") : "RECORD";
            history.event(h.villageId(), claimId, now, ClaimAccess.actorId(actor), actor.username(), action, null,
                    ClaimStatus.RECORDED, points, note);
            audit.record(actor, "claims." + action.toLowerCase(), village.path(), "claim", h.villageId() + "/" + claimId,
                    null, it.code() + " " + points + " " + h.passbookNumber() + " " + day
                            + (duplicate ? " likelyDuplicate" : ""), note);
            return claimId;
        });
        return sql.byId(h.villageId(), id).orElseThrow();
    }

    private Household household(Actor actor, ClaimDraft d) {
        if (Texts.clean(d.passbookNumber()) != null) {
            return households.byPassbook(actor, d.passbookNumber());
        }
        if (actor.is(Role.VILLAGER) && d.householdId() == null) {
            if (actor.householdId() == null) {
                throw Forbidden.role();
            }
            return households.get(actor, actor.orgUnitId(), actor.householdId());
        }
        if (d.villageId() == null || d.householdId() == null) {
            throw InvalidInput.of("householdId", "error.required");
        }
        return households.get(actor, d.villageId(), d.householdId());
    }

    /** The points a claim of the item carries: none for a veto, the fixed points, or the given ones within range. */
    public static int points(RuleItem item, Integer given, List<Problem> problems) {
        if (item.veto()) {
            return 0;
        }
        if (given == null) {
            if (item.fixedPoints()) {
                return item.minPoints();
            }
            problems.add(new Problem("points", "error.required"));
            return 0;
        }
        if (!item.allowsPoints(given)) {
            problems.add(new Problem("points", "error.claims.points", item.minPoints(), item.maxPoints()));
        }
        return given;
    }
}
