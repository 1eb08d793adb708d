package cn.jifen.claims;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.rules.Recorder;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.rules.RuleUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Claims: recording and self-declaration, review (maker-checker; two approvers for a veto), publicity
 * with objections, and posting to the ledger. Every state change writes a claim_event row and an
 * audit entry in the same transaction. Due publicity periods are settled by {@link ClaimExpiry} and
 * on every read of a village's claims, so a stopped scheduler loses nothing.
 */
@Service
public class Claims {
    private static final Logger log = LoggerFactory.getLogger(Claims.class);
    public static final Set<ClaimStatus> REVIEW_QUEUE = Set.of(ClaimStatus.RECORDED,
            ClaimStatus.AWAITING_SECOND_APPROVAL, ClaimStatus.OBJECTED);
    static final Set<ClaimStatus> PUBLIC = Set.of(ClaimStatus.IN_PUBLICITY, ClaimStatus.OBJECTED);

    private final ClaimSql sql;
    private final RuleCatalogue catalogue;
    private final CountyPolicies policies;
    private final Ledger ledger;
    private final Households households;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final cn.jifen.identity.Users users;
    private final long photoMaxBytes;
    private final org.springframework.context.ApplicationEventPublisher events;

    Claims(ClaimSql sql, RuleCatalogue catalogue, CountyPolicies policies, Ledger ledger, Households households,
           OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx, cn.jifen.identity.Users users,
           @Value("${jifen.claims.photo-max-bytes:8388608}") long photoMaxBytes,
           org.springframework.context.ApplicationEventPublisher events) {
        this.users = users;
        this.events = events;
        this.sql = sql;
        this.catalogue = catalogue;
        this.policies = policies;
        this.ledger = ledger;
        this.households = households;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.photoMaxBytes = photoMaxBytes;
    }

    /**
     * The village's publicity period in days: its own setting, else the county's default on the county policy
     * (which is the setting jifen.claims.publicity-days until the county saves its own).
     */
    public int publicityDays(long villageId) {
        return sql.publicityDays(villageId).orElseGet(() -> countyPublicityDays(villageId));
    }

    /** The county's default publicity period for a village's county (what a village without its own uses). */
    public int countyPublicityDays(long villageId) {
        return policies.ofVillage(villageId).publicityDays();
    }

    /** The village's own publicity period, if it set one. */
    public Optional<Integer> ownPublicityDays(long villageId) {
        return sql.publicityDays(villageId);
    }

    /** Sets a village's own publicity period (0 to 30 days). Admins of the village or above. */
    public int setPublicityDays(Actor actor, String villageCode, Integer days) {
        OrgUnit village = village(actor, villageCode);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        if (days == null || days < 0 || days > 30) {
            throw InvalidInput.of("publicityDays", "error.claims.publicityDays", 0, 30);
        }
        int before = publicityDays(village.id());
        tx.executeWithoutResult(s -> {
            sql.setPublicityDays(village.id(), days, now(), actor.username());
            audit.record(actor, "claims.publicityDays", village.path(), "org_unit", village.code(),
                    String.valueOf(before), String.valueOf(days), null);
        });
        return days;
    }

    /**
     * Drops the village's own publicity period: the county's default applies again. Admins of the village or
     * above; returns the period now in force.
     */
    public int clearPublicityDays(Actor actor, String villageCode) {
        OrgUnit village = village(actor, villageCode);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        Optional<Integer> own = sql.publicityDays(village.id());
        if (own.isPresent()) {
            tx.executeWithoutResult(s -> {
                sql.clearPublicityDays(village.id());
                audit.record(actor, "claims.publicityDays", village.path(), "org_unit", village.code(),
                        String.valueOf(own.get()), "county default", null);
            });
        }
        return publicityDays(village.id());
    }

    // ---------------------------------------------------------------- recording

    /** Records (staff) or declares (villager, or staff/relative on a villager's behalf) one claim. */
    public Claim record(Actor actor, ClaimDraft d) {
        return record(actor, d, null);
    }

    /** Records a claim, optionally as the inspection of a responsibility post. */
    Claim record(Actor actor, ClaimDraft d, Long postId) {
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
        cn.jifen.rules.CountyPolicy policy = policies.of(village);
        if (day == null) {
            problems.add(new Problem("occurredOn", "error.required"));
        } else if (day.isAfter(today)) {
            problems.add(new Problem("occurredOn", "error.claims.future"));
        } else if (day.isBefore(today.minusDays(policy.claimMaxAgeDays()))) {
            problems.add(new Problem("occurredOn", "error.claims.tooOld", policy.claimMaxAgeDays()));
        } else if (policy.closed(day)) {
            problems.add(new Problem("occurredOn", "error.claims.closedPeriod", policy.closedThrough().toString()));
        }
        String code = Texts.clean(d.itemCode());
        RuleItem item = null;
        if (code == null) {
            problems.add(new Problem("itemCode", "error.required"));
        } else if (day != null && problems.isEmpty()) {
            item = catalogue.itemFor(village, code, day).orElse(null);
            if (item == null) {
                problems.add(new Problem("itemCode", "error.claims.itemNotInForce", code, day.toString()));
            }
        }
        String note = Texts.text("note", d.note(), 500, problems);
        Texts.throwIfAny(problems);
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
        requireNoConflictOfInterest(actor, h.villageId(), h.id());
        RuleItem it = item;
        Resident res = resident;
        long id = tx.execute(s -> {
            sql.lockHousehold(h.villageId(), h.id());
            if (postId != null) {
                YearMonth m = YearMonth.from(day);
                if (sql.uninspected(h.villageId(), m.atDay(1), m.atEndOfMonth()).stream().noneMatch(p -> p.id() == postId)) {
                    throw InvalidInput.of("occurredOn", "error.posts.inspectedThisMonth");
                }
            }
            checkUnitAndCaps(h, res, it, points, day);
            boolean duplicate = sql.countInPeriod(h.villageId(), h.id(), it.itemId(), day, day) > 0;
            OffsetDateTime now = now();
            long claimId = sql.insert(new ClaimSql.NewClaim(h.villageId(), h.id(), res == null ? null : res.id(),
                    it.itemId(), it.version(), it.code(), points, day, note, declaration, d.onBehalf(), duplicate,
                    actor.userId(), actor.username(), actor.role().name(), now));
            if (postId != null) {
                sql.linkPost(h.villageId(), claimId, postId);
            }
            String action = declaration ? (d.onBehalf() ? "DECLARE_ON_BEHALF" : "DECLARE") : "RECORD";
            sql.event(h.villageId(), claimId, now, actorId(actor), actor.username(), action, null,
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

    private static int points(RuleItem item, Integer given, List<Problem> problems) {
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

    private void checkUnitAndCaps(Household h, Resident resident, RuleItem item, int points, LocalDate day) {
        if (item.unit() != RuleUnit.TIME) {
            Period unit = item.unit() == RuleUnit.MONTH ? Period.month(YearMonth.from(day)) : Period.year(day.getYear());
            if (sql.countInPeriod(h.villageId(), h.id(), item.itemId(), unit.from(), unit.to()) > 0) {
                throw InvalidInput.of("occurredOn",
                        item.unit() == RuleUnit.MONTH ? "error.claims.oncePerMonth" : "error.claims.oncePerYear");
            }
        }
        Period cap = item.capPeriod().containing(day);
        if (item.householdCap() != null) {
            long used = sql.pointsInPeriod(h.villageId(), h.id(), null, item.itemId(), cap.from(), cap.to());
            if (used + points > item.householdCap()) {
                throw InvalidInput.of("points", "error.claims.householdCap", item.householdCap(), used);
            }
        }
        if (item.residentCap() != null && resident != null) {
            long used = sql.pointsInPeriod(h.villageId(), h.id(), resident.id(), item.itemId(), cap.from(), cap.to());
            if (used + points > item.residentCap()) {
                throw InvalidInput.of("points", "error.claims.residentCap", item.residentCap(), used);
            }
        }
    }

    /** Locks a claim for a reviewer's decision: in one of the states, not the recorder's own, no conflict of interest. */
    private Claim lockForDecision(Actor actor, long villageId, long id, java.util.Set<ClaimStatus> states) {
        Claim c = sql.lock(villageId, id).orElseThrow(Claims::notFound);
        if (!states.contains(c.status())) {
            throw new Conflict("error.claims.state");
        }
        if (c.recordedBy() == actor.userId()) {
            throw new Forbidden("error.claims.makerChecker");
        }
        requireNoConflictOfInterest(actor, villageId, c.householdId());
        return c;
    }

    private void requireNoConflictOfInterest(Actor actor, long villageId, long householdId) {
        if (actor.isStaff() && sql.isKin(villageId, actor.userId(), householdId)) {
            throw new Forbidden("error.claims.ownHousehold");
        }
    }

    /** The staff whose work a kin relation restricts: the recorders and reviewers of a village. */
    static final Set<Role> KIN_ROLES = Set.of(Role.VILLAGE_ADMIN, Role.GRID_WORKER);

    /**
     * Whether a kin relation may name this account: an active village admin or grid worker bound to the village or a
     * grid of it (the recorders and reviewers of its households). The kin page lists exactly these.
     */
    static boolean kinCandidate(cn.jifen.identity.UserAccount u, OrgUnit village) {
        return u.active() && KIN_ROLES.contains(u.role()) && inVillage(u, village);
    }

    private static boolean inVillage(cn.jifen.identity.UserAccount u, OrgUnit village) {
        return u.orgPath() != null && u.orgPath().startsWith(village.path());
    }

    /**
     * Registers a staff account as kin of a household (conflict of interest). Village admins only. The account must
     * be one that could record or review for the household: an existing, active village admin or grid worker bound
     * to the household's village or a grid of it. Anything else is refused (422) and nothing is written.
     */
    public void registerKin(Actor actor, long userId, long villageId, long householdId, String relation) {
        Household h = households.get(actor, villageId, householdId);
        requireReviewer(actor);
        List<Problem> problems = new ArrayList<>();
        String rel = Texts.name("relation", relation, 32, problems);
        OrgUnit village = orgUnits.byId(villageId);
        // scope first: an account of another village (or of the town, the county) is answered as one that does not
        // exist, so a village admin cannot probe which accounts exist elsewhere, nor their roles or state
        cn.jifen.identity.UserAccount staff = users.account(userId).filter(u -> inVillage(u, village)).orElse(null);
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

    /** Removes a registered kin relation (e.g. registered by mistake, or the staff member left). Village admins only. */
    public void removeKin(Actor actor, long userId, long villageId, long householdId) {
        Household h = households.get(actor, villageId, householdId);
        requireReviewer(actor);
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

    // ---------------------------------------------------------------- review

    /** Approves with the points (default: as recorded). A veto needs two different approvers and a reason. */
    public Claim approve(Actor actor, long villageId, long id, Integer points, String reason) {
        visible(actor, villageId, id);
        requireReviewerOrTownSecond(actor);
        tx.executeWithoutResult(s -> approveLocked(actor, villageId, id, points, reason));
        return sql.byId(villageId, id).orElseThrow();
    }

    private void approveLocked(Actor actor, long villageId, long id, Integer points, String reason) {
        Claim c = sql.lock(villageId, id).orElseThrow(Claims::notFound);
        requireVillageAdminUnlessSecond(actor, c);
        if (c.status() != ClaimStatus.RECORDED && c.status() != ClaimStatus.AWAITING_SECOND_APPROVAL) {
            throw new Conflict("error.claims.state");
        }
        if (c.recordedBy() == actor.userId()) {
            throw new Forbidden("error.claims.makerChecker");
        }
        requireNoConflictOfInterest(actor, villageId, c.householdId());
        RuleItem item = catalogue.versionIn(orgUnits.byId(villageId), c.itemId(), c.itemVersion(), c.occurredOn());
        List<Problem> problems = new ArrayList<>();
        if (item.evidenceRequired() && sql.photos(villageId, id).isEmpty()) {
            problems.add(new Problem("photo", "error.claims.evidenceRequired"));
        }
        int p = points(item, points == null ? Integer.valueOf(c.points()) : points, problems);
        if (p > c.points() && problems.isEmpty()) {
            // raising the points must stay within the caps the recording was checked against
            sql.lockHousehold(villageId, c.householdId());
            Period cap = item.capPeriod().containing(c.occurredOn());
            if (item.householdCap() != null) {
                long used = sql.pointsInPeriod(villageId, c.householdId(), null, item.itemId(), cap.from(), cap.to());
                if (used - c.points() + p > item.householdCap()) {
                    problems.add(new Problem("points", "error.claims.householdCap", item.householdCap(), used - c.points()));
                }
            }
            if (item.residentCap() != null && c.residentId() != null) {
                long used = sql.pointsInPeriod(villageId, c.householdId(), c.residentId(), item.itemId(), cap.from(), cap.to());
                if (used - c.points() + p > item.residentCap()) {
                    problems.add(new Problem("points", "error.claims.residentCap", item.residentCap(), used - c.points()));
                }
            }
        }
        // a veto and the override of a likely-duplicate flag both need a written reason
        boolean override = c.likelyDuplicate() && c.status() == ClaimStatus.RECORDED;
        String why;
        if (override && Texts.clean(reason) == null) {
            problems.add(new Problem("reason", "error.claims.duplicateNeedsReason"));
            why = null;
        } else {
            why = item.veto() || override ? Texts.name("reason", reason, 500, problems)
                    : Texts.text("reason", reason, 500, problems);
        }
        Texts.throwIfAny(problems);
        OffsetDateTime now = now();
        String path = orgUnits.byId(villageId).path();
        if (override) {
            audit.record(actor, "claims.overrideDuplicate", path, "claim", villageId + "/" + id, "likelyDuplicate",
                    "approved", why);
        }
        if (item.veto() && c.status() == ClaimStatus.RECORDED) {
            sql.firstApproval(villageId, id, actor.userId(), actor.username());
            sql.event(villageId, id, now, actorId(actor), actor.username(), "APPROVE_FIRST", c.status(),
                    ClaimStatus.AWAITING_SECOND_APPROVAL, p, why);
            audit.record(actor, "claims.approveFirst", path, "claim", villageId + "/" + id, c.status().name(),
                    ClaimStatus.AWAITING_SECOND_APPROVAL.name(), why);
            events.publishEvent(new VetoAwaitingSecond(villageId, id, c.householdId(), c.itemLabel(), actor.userId()));
            return;
        }
        if (c.firstApprover() != null && c.firstApprover() == actor.userId()) {
            throw new Forbidden("error.claims.secondApprover");
        }
        ClaimStatus to = item.needsPublicity() ? ClaimStatus.IN_PUBLICITY : ClaimStatus.POSTING;
        sql.decide(villageId, id, to, p, actor.userId(), actor.username(), now, why,
                item.needsPublicity() ? now.plusDays(publicityDays(villageId)) : now);
        sql.event(villageId, id, now, actorId(actor), actor.username(), "APPROVE", c.status(), to, p, why);
        audit.record(actor, "claims.approve", path, "claim", villageId + "/" + id, c.status() + " " + c.points(),
                to + " " + p, why);
        if (to == ClaimStatus.IN_PUBLICITY) {
            events.publishEvent(new ClaimInPublicity(villageId, id, c.householdId(), c.itemLabel(), p,
                    item.sign() == RuleSign.DEDUCT, now.plusDays(publicityDays(villageId))));
        }
        if (!item.needsPublicity()) {
            post(actor, sql.byId(villageId, id).orElseThrow(), item, ClaimStatus.POSTING);
        }
    }

    public Claim reject(Actor actor, long villageId, long id, String reason) {
        visible(actor, villageId, id);
        requireReviewerOrTownSecond(actor);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        tx.executeWithoutResult(s -> {
            Claim c = lockForDecision(actor, villageId, id,
                    java.util.EnumSet.of(ClaimStatus.RECORDED, ClaimStatus.AWAITING_SECOND_APPROVAL));
            requireVillageAdminUnlessSecond(actor, c);
            OffsetDateTime now = now();
            sql.decide(villageId, id, ClaimStatus.REJECTED, c.points(), actor.userId(), actor.username(), now, why, null);
            sql.event(villageId, id, now, actorId(actor), actor.username(), "REJECT", c.status(), ClaimStatus.REJECTED,
                    c.points(), why);
            audit.record(actor, "claims.reject", orgUnits.byId(villageId).path(), "claim", villageId + "/" + id,
                    c.status().name(), ClaimStatus.REJECTED.name(), why);
        });
        return sql.byId(villageId, id).orElseThrow();
    }

    /** Approves many claims, each checked and committed on its own; reports the outcome of each. */
    public List<BatchResult> approveBatch(Actor actor, long villageId, List<Long> ids, String reason) {
        requireReviewer(actor);
        if (ids == null || ids.isEmpty() || ids.stream().anyMatch(java.util.Objects::isNull)) {
            throw InvalidInput.of("claimIds", "error.required");
        }
        if (ids.size() > 500) {
            throw InvalidInput.of("claimIds", "error.claims.batchTooLarge", 500);
        }
        List<BatchResult> results = new ArrayList<>();
        // Posted in the order recorded (recording time, then id), not the order the ids were sent in: when a
        // deduction meets a balance too small for it, what it takes depends on which posting comes first.
        Comparator<Long> recorded = Comparator.comparing((Long id) -> sql.byId(villageId, id)
                .map(Claim::recordedAt).orElse(OffsetDateTime.MAX)).thenComparing(Comparator.naturalOrder());
        for (Long id : ids.stream().distinct().sorted(recorded).toList()) {
            try {
                Claim c = approve(actor, villageId, id, null, reason);
                results.add(new BatchResult(id, true, c.status().name(), null));
            } catch (InvalidInput e) {
                results.add(new BatchResult(id, false, null, e.problems().get(0).messageKey()));
            } catch (Forbidden e) {
                results.add(new BatchResult(id, false, null, e.messageKey()));
            } catch (NotFound e) {
                results.add(new BatchResult(id, false, null, e.messageKey()));
            } catch (Conflict e) {
                results.add(new BatchResult(id, false, null, e.messageKey()));
            }
        }
        return results;
    }

    // ---------------------------------------------------------------- publicity and objections

    /** Anyone who can see the claim's village raises an objection on a claim in publicity. */
    public Objection object(Actor actor, long villageId, long id, String reason) {
        if (actor.is(Role.AUDITOR) || actor.is(Role.KEEPER)) {
            throw Forbidden.role(); // read-only and counter accounts; a keeper objects with their villager account
        }
        Claim seen = visible(actor, villageId, id);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        if (!PUBLIC.contains(seen.status())) {
            throw new Conflict("error.claims.notInPublicity");
        }
        long objectionId = tx.execute(s -> {
            Claim c = sql.lock(villageId, id).orElseThrow(Claims::notFound);
            OffsetDateTime now = now();
            if (!PUBLIC.contains(c.status()) || (c.status() == ClaimStatus.IN_PUBLICITY
                    && !c.publicityEndsAt().isAfter(now))) {
                throw new Conflict("error.claims.notInPublicity");
            }
            long oid = sql.insertObjection(villageId, id, actorId(actor), actor.username(), now, why);
            sql.move(villageId, id, ClaimStatus.IN_PUBLICITY, ClaimStatus.OBJECTED);
            sql.event(villageId, id, now, actorId(actor), actor.username(), "OBJECT", c.status(), ClaimStatus.OBJECTED,
                    null, why);
            audit.record(actor, "claims.object", orgUnits.byId(villageId).path(), "claim", villageId + "/" + id,
                    c.status().name(), ClaimStatus.OBJECTED.name(), why);
            events.publishEvent(new ObjectionRaised(villageId, id, oid, c.householdId(), c.itemLabel()));
            return oid;
        });
        return sql.objections(villageId, id).stream().filter(o -> o.id() == objectionId).findFirst().orElseThrow();
    }

    /** Upholds an objection: the claim is rejected. */
    public Claim uphold(Actor actor, long villageId, long id, long objectionId, String reason) {
        return decideObjection(actor, villageId, id, objectionId, reason, true);
    }

    /** Dismisses an objection: the claim goes back to publicity (and posts if the period has ended). */
    public Claim dismiss(Actor actor, long villageId, long id, long objectionId, String reason) {
        return decideObjection(actor, villageId, id, objectionId, reason, false);
    }

    private Claim decideObjection(Actor actor, long villageId, long id, long objectionId, String reason, boolean upheld) {
        visible(actor, villageId, id);
        requireReviewer(actor);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        tx.executeWithoutResult(s -> {
            Claim c = lockForDecision(actor, villageId, id, java.util.EnumSet.of(ClaimStatus.OBJECTED));
            OffsetDateTime now = now();
            if (sql.objections(villageId, id).stream().noneMatch(o -> o.id() == objectionId && o.open())
                    || !sql.decideObjection(villageId, objectionId, upheld ? "UPHELD" : "DISMISSED", actor.userId(),
                    actor.username(), now, why)) {
                throw new Conflict("error.claims.objectionClosed");
            }
            String path = orgUnits.byId(villageId).path();
            events.publishEvent(new ObjectionDecided(villageId, id, objectionId, c.householdId(), c.itemLabel(), upheld));
            if (upheld) {
                sql.move(villageId, id, ClaimStatus.OBJECTED, ClaimStatus.REJECTED);
                sql.event(villageId, id, now, actorId(actor), actor.username(), "UPHOLD_OBJECTION", c.status(),
                        ClaimStatus.REJECTED, null, why);
                audit.record(actor, "claims.objection.uphold", path, "claim", villageId + "/" + id,
                        c.status().name(), ClaimStatus.REJECTED.name(), why);
                return;
            }
            ClaimStatus to = sql.openObjections(villageId, id) == 0 ? ClaimStatus.IN_PUBLICITY : ClaimStatus.OBJECTED;
            sql.move(villageId, id, ClaimStatus.OBJECTED, to);
            sql.event(villageId, id, now, actorId(actor), actor.username(), "DISMISS_OBJECTION", c.status(), to, null, why);
            audit.record(actor, "claims.objection.dismiss", path, "claim", villageId + "/" + id, c.status().name(),
                    to.name(), why);
        });
        settleDue(villageId);
        return sql.byId(villageId, id).orElseThrow();
    }

    // ---------------------------------------------------------------- appeals (申诉)

    /** The household (its villager, or staff for it) appeals a posted deduction or veto. */
    public Appeal appeal(Actor actor, long villageId, long id, String reason) {
        Claim seen = visible(actor, villageId, id);
        boolean own = actor.is(Role.VILLAGER) && actor.householdId() != null && actor.householdId() == seen.householdId();
        if (!(own || actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        long appealId = tx.execute(s -> {
            Claim c = sql.lock(villageId, id).orElseThrow(Claims::notFound);
            RuleItem item = catalogue.version(c.itemId(), c.itemVersion());
            if (c.status() != ClaimStatus.POSTED || (item.sign() != RuleSign.DEDUCT && !item.veto())) {
                throw new Conflict("error.claims.notAppealable");
            }
            if (sql.appeals(villageId, id).stream().anyMatch(Appeal::open)) {
                throw new Conflict("error.claims.appealOpen");
            }
            OffsetDateTime now = now();
            long aid = sql.insertAppeal(villageId, id, actorId(actor), actor.username(), now, why);
            sql.event(villageId, id, now, actorId(actor), actor.username(), "APPEAL", c.status(), c.status(), null, why);
            audit.record(actor, "claims.appeal", orgUnits.byId(villageId).path(), "claim", villageId + "/" + id,
                    null, "appeal " + aid, why);
            events.publishEvent(new AppealRaised(villageId, id, aid, c.householdId(), c.itemLabel()));
            return aid;
        });
        return sql.appeals(villageId, id).stream().filter(a -> a.id() == appealId).findFirst().orElseThrow();
    }

    /** Upholds an appeal: the claim's posting is reversed by a correction posting. */
    public Claim upholdAppeal(Actor actor, long villageId, long id, long appealId, String reason) {
        return decideAppeal(actor, villageId, id, appealId, reason, true);
    }

    public Claim dismissAppeal(Actor actor, long villageId, long id, long appealId, String reason) {
        return decideAppeal(actor, villageId, id, appealId, reason, false);
    }

    private Claim decideAppeal(Actor actor, long villageId, long id, long appealId, String reason, boolean upheld) {
        visible(actor, villageId, id);
        requireReviewer(actor);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        tx.executeWithoutResult(s -> {
            Claim c = lockForDecision(actor, villageId, id, java.util.EnumSet.of(ClaimStatus.POSTED));
            if (sql.appeals(villageId, id).stream().noneMatch(a -> a.id() == appealId && a.open())) {
                throw new Conflict("error.claims.appealClosed");
            }
            OffsetDateTime now = now();
            UUID reversal = null;
            if (upheld) {
                reversal = ledger.post(actor, PostingRequest.reversal(villageId, c.householdId(), PostingKind.CORRECT,
                        c.postingId(), why, "claim-appeal-" + villageId + "-" + appealId)).postingId();
            }
            if (!sql.decideAppeal(villageId, appealId, id, upheld ? "UPHELD" : "DISMISSED", actor.userId(),
                    actor.username(), now, why, reversal)) {
                throw new Conflict("error.claims.appealClosed");
            }
            ClaimStatus to = upheld ? ClaimStatus.REVERSED : ClaimStatus.POSTED;
            if (upheld) {
                sql.move(villageId, id, ClaimStatus.POSTED, ClaimStatus.REVERSED);
            }
            sql.event(villageId, id, now, actorId(actor), actor.username(), upheld ? "UPHOLD_APPEAL" : "DISMISS_APPEAL",
                    c.status(), to, null, why);
            audit.record(actor, upheld ? "claims.appeal.uphold" : "claims.appeal.dismiss", orgUnits.byId(villageId).path(),
                    "claim", villageId + "/" + id, c.status().name(), to + (reversal == null ? "" : " " + reversal), why);
            events.publishEvent(new AppealDecided(villageId, id, appealId, c.householdId(), c.itemLabel(), upheld));
        });
        return sql.byId(villageId, id).orElseThrow();
    }

    // ---------------------------------------------------------------- photos (evidence)

    public static final int MAX_PHOTOS = 9;

    /** Checks a photo before anything is saved: size, type by content, decodable; returns its type. */
    public String checkPhoto(byte[] data) {
        if (data == null || data.length == 0) {
            throw InvalidInput.of("photo", "error.required");
        }
        if (data.length > photoMaxBytes) {
            throw InvalidInput.of("photo", "error.claims.photoTooLarge", photoMaxBytes / (1024 * 1024));
        }
        String type = PhotoCheck.contentType(data);
        PhotoCheck.displayCopy(data, type); // decodes it: a broken image is refused before anything is saved
        return type;
    }

    /** Adds a photo to a claim still under review: by the household's villager or staff in scope. */
    public Photo addPhoto(Actor actor, long villageId, long id, byte[] data) {
        Claim seen = visible(actor, villageId, id);
        boolean own = actor.is(Role.VILLAGER) && actor.householdId() != null && actor.householdId() == seen.householdId();
        if (!(own || actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        String type = checkPhoto(data);
        byte[] display = PhotoCheck.displayCopy(data, type);
        long photoId = tx.execute(s -> {
            Claim c = sql.lock(villageId, id).orElseThrow(Claims::notFound);
            if (c.status() != ClaimStatus.RECORDED && c.status() != ClaimStatus.AWAITING_SECOND_APPROVAL) {
                throw new Conflict("error.claims.state");
            }
            if (sql.photos(villageId, id).size() >= MAX_PHOTOS) {
                throw InvalidInput.of("photo", "error.claims.tooManyPhotos", MAX_PHOTOS);
            }
            OffsetDateTime now = now();
            long pid = sql.insertPhoto(villageId, id, type, data, display, actorId(actor), actor.username(), now);
            sql.event(villageId, id, now, actorId(actor), actor.username(), "ADD_PHOTO", c.status(), c.status(), null, null);
            audit.record(actor, "claims.photo", orgUnits.byId(villageId).path(), "claim", villageId + "/" + id, null,
                    "photo " + pid + " " + type + " " + data.length, null);
            return pid;
        });
        return sql.photos(villageId, id).stream().filter(p -> p.id() == photoId).findFirst().orElseThrow();
    }

    /** A photo's bytes (the display copy, or the upload as sent), for whoever may see the claim. */
    public ClaimSql.PhotoBytes photo(Actor actor, long villageId, long id, long photoId, boolean original) {
        visible(actor, villageId, id);
        return sql.photo(villageId, id, photoId, original).orElseThrow(Claims::notFound);
    }

    // ---------------------------------------------------------------- posting

    /**
     * Posts every claim of the village (or, with null, of all villages) whose publicity period has ended
     * with no open objection, in chunks until none is left due (a county with many due claims is posted in
     * one run, not a few hundred a minute). Each claim is its own transaction, taken by a conditional update
     * that only one of several concurrent runs wins; the ledger's idempotency key would refuse a second
     * posting anyway. Claims are posted in the order recorded. Returns how many claims this call posted.
     */
    public int settleDue(Long villageId) {
        return settle(after -> sql.due(villageId, null, now(), after, CHUNK));
    }

    /**
     * Posts now every due claim under an org unit (county, town or village) the actor may act on: the
     * "run now" of the page and of {@code POST /api/v1/points-runs/post-due}. Returns how many it posted.
     */
    public int postDueNow(Actor actor, String orgUnitCode) {
        if (!(actor.is(Role.COUNTY_ADMIN) || actor.is(Role.TOWN_ADMIN) || actor.is(Role.VILLAGE_ADMIN))) {
            throw Forbidden.role();
        }
        if (Texts.clean(orgUnitCode) == null) {
            throw InvalidInput.of("orgUnit", "error.required");
        }
        OrgUnit unit = orgUnits.visible(actor, orgUnitCode.strip());
        if (unit.level() == cn.jifen.directory.OrgLevel.GRID || !actor.covers(unit.path())) {
            throw Forbidden.scope();
        }
        int posted = settle(after -> sql.due(null, unit.path(), now(), after, CHUNK));
        audit.record(actor, "claims.postDue", unit.path(), "org_unit", unit.code(), null, "posted " + posted, null);
        return posted;
    }

    private static final int CHUNK = 500;

    /**
     * Walks the due claims once, in posting order, a chunk at a time: each chunk starts after the last claim of
     * the one before (keyset paging), so claims whose posting fails are passed over, not met again, and every
     * claim after them is still reached in this run. A failed claim stays due for the next run.
     */
    private int settle(java.util.function.Function<ClaimSql.Due, List<ClaimSql.Due>> chunkAfter) {
        int posted = 0;
        ClaimSql.Due last = null;
        while (true) {
            List<ClaimSql.Due> chunk = chunkAfter.apply(last);
            if (chunk.isEmpty()) {
                return posted;
            }
            for (ClaimSql.Due due : chunk) {
                try {
                    Boolean won = tx.execute(s -> {
                        if (!sql.takeForPosting(due.villageId(), due.id(), now())) {
                            return false;
                        }
                        Claim c = sql.byId(due.villageId(), due.id()).orElseThrow();
                        RuleItem item = catalogue.version(c.itemId(), c.itemVersion());
                        post(Actor.system(orgUnits.byId(due.villageId()).path()), c, item, ClaimStatus.IN_PUBLICITY);
                        return true;
                    });
                    if (Boolean.TRUE.equals(won)) {
                        posted++;
                    }
                } catch (RuntimeException e) {
                    // rolled back, so still due: left for the next run (this run has passed it)
                    log.warn("claim {}/{} could not be posted yet: {}", due.villageId(), due.id(), e.toString());
                }
            }
            last = chunk.get(chunk.size() - 1);
        }
    }

    /** Posts a claim already marked POSTING (inside the caller's transaction). */
    private void post(Actor actor, Claim c, RuleItem item, ClaimStatus from) {
        PostingKind kind = item.veto() ? PostingKind.VETO : item.sign() == RuleSign.EARN ? PostingKind.EARN : PostingKind.DEDUCT;
        String reason = c.decisionReason() != null ? c.decisionReason() : c.note();
        PostingRequest request = new PostingRequest(c.villageId(), c.householdId(), kind, c.points(), c.residentId(),
                "claim", String.valueOf(c.id()), item.categoryName() + "：" + item.name(), reason, null,
                "claim-" + c.villageId() + "-" + c.id());
        Posting p = ledger.post(actor, request);
        OffsetDateTime now = now();
        sql.posted(c.villageId(), c.id(), p.postingId(), now);
        sql.event(c.villageId(), c.id(), now, actorId(actor), actor.username(), "POST", from, ClaimStatus.POSTED,
                c.points(), null);
        audit.record(actor, "claims.post", orgUnits.byId(c.villageId()).path(), "claim", c.villageId() + "/" + c.id(),
                from.name(), ClaimStatus.POSTED + " " + kind + " " + c.points() + " " + p.postingId(), null);
    }

    // ---------------------------------------------------------------- reading

    /** A claim the actor may see, with its history. Reading changes nothing: a claim past its publicity stays
     * IN_PUBLICITY until the every-minute run (or an admin's run-now) posts it; pages show it as due. */
    public ClaimDetail detail(Actor actor, long villageId, long id) {
        Claim c = visible(actor, villageId, id);
        return new ClaimDetail(c, catalogue.versionIn(orgUnits.byId(villageId), c.itemId(), c.itemVersion(),
                c.occurredOn()), withoutObjectors(actor, sql.events(villageId, id)),
                objectionsFor(actor, sql.objections(villageId, id)), sql.appeals(villageId, id), sql.photos(villageId, id));
    }

    /**
     * Who raised an objection is known to the reviewers only (admins, who decide objections, and
     * auditors); everyone else, the recorder and the household included, sees the objection without a
     * name. The objector still sees its own.
     */
    static List<Objection> objectionsFor(Actor actor, List<Objection> objections) {
        if (actor != null && (actor.isAdmin() || actor.is(Role.AUDITOR))) {
            return objections;
        }
        return objections.stream()
                .map(o -> actor != null && o.raisedBy() != null && o.raisedBy() == actor.userId() ? o : o.anonymous())
                .toList();
    }

    /** The OBJECT events of the history name the objector too: hidden the same way. */
    private static List<ClaimEvent> withoutObjectors(Actor actor, List<ClaimEvent> events) {
        if (actor.isAdmin() || actor.is(Role.AUDITOR)) {
            return events;
        }
        return events.stream().map(e -> "OBJECT".equals(e.action()) && (e.actorId() == null || e.actorId() != actor.userId())
                ? e.anonymous() : e).toList();
    }

    public Claim get(Actor actor, long villageId, long id) {
        return visible(actor, villageId, id);
    }

    private Claim visible(Actor actor, long villageId, long id) {
        Claim c = sql.byId(villageId, id).orElseThrow(Claims::notFound);
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

    /** A page of the claims of a village in the actor's scope (a villager: its own household's), newest first. */
    public Page<Claim> list(Actor actor, String villageCode, String status, Paging paging) {
        OrgUnit village = village(actor, villageCode);
        Set<String> statuses = status == null || status.isBlank() ? Set.of() : Set.of(parseStatus(status).name());
        String prefix = null;
        Long household = null;
        if (actor.is(Role.VILLAGER)) {
            household = actor.householdId() == null ? -1L : actor.householdId();
        } else {
            prefix = actor.covers(village.path()) ? village.path() : actor.orgPath();
        }
        return paging.of(sql.list(village.id(), prefix, statuses, household, null, paging.size(), paging.offset()),
                sql.count(village.id(), prefix, statuses, household, null));
    }

    /**
     * The village's claims in any state, newest first, optionally of one state and of one passbook: the
     * reviewer's searchable history. Staff who may see the village (a grid worker: its grid); a passbook
     * outside the village finds nothing.
     */
    public Page<Claim> history(Actor actor, OrgUnit village, String status, String passbookNumber, Paging paging) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        Set<String> statuses = Texts.clean(status) == null ? Set.of() : Set.of(parseStatus(status).name());
        String prefix = actor.covers(village.path()) ? village.path() : actor.orgPath();
        Long household = null;
        if (Texts.clean(passbookNumber) != null) {
            Household h = households.byPassbook(actor, passbookNumber.strip());
            if (h.villageId() != village.id()) {
                return paging.of(List.of(), 0);
            }
            household = h.id();
        }
        return paging.of(sql.list(village.id(), prefix, statuses, household, null, paging.size(), paging.offset()),
                sql.count(village.id(), prefix, statuses, household, null));
    }

    /** A page of the review queue (admins) or of the grid worker's own records, newest first. */
    public Page<Claim> queue(Actor actor, OrgUnit village, Paging paging) {
        if (actor.is(Role.GRID_WORKER)) {
            return paging.of(sql.list(village.id(), actor.orgPath(), Set.of(), null, actor.userId(), paging.size(),
                    paging.offset()), sql.count(village.id(), actor.orgPath(), Set.of(), null, actor.userId()));
        }
        String prefix = actor.covers(village.path()) ? village.path() : actor.orgPath();
        List<String> statuses = REVIEW_QUEUE.stream().map(Enum::name).toList();
        return paging.of(sql.list(village.id(), prefix, statuses, null, null, paging.size(), paging.offset()),
                sql.count(village.id(), prefix, statuses, null, null));
    }

    /** How many of the village's claims stand in each state, for the reviewers of the village (none for others). */
    public Map<ClaimStatus, Long> countsByStatus(Actor actor, OrgUnit village) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            return Map.of();
        }
        return sql.countsByStatus(village.id());
    }

    /** The claims of the review queue that have waited longest (for the reviewers of the village). */
    public List<Claim> longestWaiting(Actor actor, OrgUnit village, int limit) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            return List.of();
        }
        return sql.oldest(village.id(), REVIEW_QUEUE.stream().map(Enum::name).toList(), Math.max(1, Math.min(limit, 100)));
    }

    /** Claims of the village with an open appeal (申诉), for the reviewers of the village; oldest first. */
    public List<Claim> withOpenAppeal(Actor actor, OrgUnit village) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            return List.of();
        }
        return sql.withOpenAppeal(village.id());
    }

    // ---------------------------------------------------------------- homes

    private static List<Long> covered(Actor actor, java.util.Collection<OrgUnit> villages) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            return List.of();
        }
        return villages.stream().filter(v -> actor.covers(v.path())).map(OrgUnit::id).toList();
    }

    /**
     * Claims of the villages (those the actor covers; admins and auditors only) held by an open objection
     * although their publicity period has ended: posting waits on the objection. Oldest deadline first.
     */
    public List<Claim> overdueObjections(Actor actor, java.util.Collection<OrgUnit> villages, int limit) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? List.of() : sql.overdueObjections(ids, now(), Math.max(1, Math.min(limit, 100)));
    }

    /** How many claims {@link #overdueObjections} would list without its limit (counted in the database). */
    public long countOverdueObjections(Actor actor, java.util.Collection<OrgUnit> villages) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? 0 : sql.countOverdueObjections(ids, now());
    }

    /** Vetoes (一票否决) approved once and waiting for a second, different approver, in the villages; oldest first. */
    public List<Claim> vetoesAwaitingSecond(Actor actor, java.util.Collection<OrgUnit> villages, int limit) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? List.of()
                : sql.inStatus(ids, ClaimStatus.AWAITING_SECOND_APPROVAL, Math.max(1, Math.min(limit, 100)));
    }

    public long countVetoesAwaitingSecond(Actor actor, java.util.Collection<OrgUnit> villages) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? 0 : sql.countInStatus(ids, ClaimStatus.AWAITING_SECOND_APPROVAL);
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
        Map<Long, Claim> claims = new java.util.HashMap<>();
        Map<Long, List<ClaimEvent>> events = new java.util.HashMap<>();
        List<ClaimChange> out = new ArrayList<>();
        for (Long[] ref : sql.householdEvents(v, h, villager.userId(), after, until, Math.max(1, Math.min(limit, 100)))) {
            Claim c = claims.computeIfAbsent(ref[0], id -> sql.byId(v, id).orElseThrow());
            ClaimEvent e = events.computeIfAbsent(ref[0], id -> sql.events(v, id)).stream()
                    .filter(x -> x.id() == ref[1]).findFirst().orElseThrow();
            out.add(new ClaimChange(c, e.anonymous()));
        }
        return out;
    }

    public long countChangesOfMine(Actor villager, OffsetDateTime after, OffsetDateTime until) {
        return sql.countHouseholdEvents(villager.orgUnitId(), household(villager), villager.userId(), after, until);
    }

    /** Objections raised on the villager's household's claims and their outcome, newest first; objectors unnamed. */
    public List<ObjectionOutcome> objectionsToMine(Actor villager, int limit) {
        long h = household(villager);
        long v = villager.orgUnitId();
        List<ObjectionOutcome> out = new ArrayList<>();
        for (Long[] ref : sql.householdObjections(v, h, Math.max(1, Math.min(limit, 100)))) {
            Claim c = sql.byId(v, ref[0]).orElseThrow();
            Objection o = sql.objections(v, ref[0]).stream().filter(x -> x.id() == ref[1]).findFirst().orElseThrow();
            out.add(new ObjectionOutcome(c, o.anonymous()));
        }
        return out;
    }

    /** A page of the claims of the village on the public board (in publicity or objected). */
    public Page<Claim> inPublicity(Actor actor, OrgUnit village, Paging paging) {
        List<String> statuses = PUBLIC.stream().map(Enum::name).toList();
        return paging.of(sql.list(village.id(), null, statuses, null, null, paging.size(), paging.offset()),
                sql.count(village.id(), null, statuses, null, null));
    }

    /** A claim on the public board with its objections (and how each was decided). */
    public record BoardLine(Claim claim, List<Objection> objections) { }

    /**
     * The village's publicity board (公示栏) without an actor, for the public notice board: claims in
     * publicity or held by an objection, each with its objections. Reads only.
     */
    public Page<BoardLine> publicity(long villageId, Paging paging) {
        List<String> statuses = PUBLIC.stream().map(Enum::name).toList();
        return paging.of(sql.list(villageId, null, statuses, null, null, paging.size(), paging.offset()).stream()
                        .map(c -> new BoardLine(c, objectionsFor(null, sql.objections(villageId, c.id())))).toList(),
                sql.count(villageId, null, statuses, null, null));
    }

    /** A page of the board as a logged-in villager of the village, or staff working in it, sees it. */
    public Page<BoardLine> board(Actor actor, String villageCode, Paging paging) {
        long villageId = village(actor, villageCode).id();
        List<String> statuses = PUBLIC.stream().map(Enum::name).toList();
        return paging.of(sql.list(villageId, null, statuses, null, null, paging.size(), paging.offset()).stream()
                        .map(c -> new BoardLine(c, objectionsFor(actor, sql.objections(villageId, c.id())))).toList(),
                sql.count(villageId, null, statuses, null, null));
    }

    /** A page of a villager's own household claims, newest first. */
    public Page<Claim> mine(Actor actor, Paging paging) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return paging.of(sql.list(actor.orgUnitId(), null, Set.of(), actor.householdId(), null, paging.size(),
                paging.offset()), sql.count(actor.orgUnitId(), null, Set.of(), actor.householdId(), null));
    }

    /** The items this actor may record (or declare) in the village today. */
    public List<RuleItem> itemsFor(Actor actor, OrgUnit village, boolean declaration) {
        Recorder r = actor.is(Role.VILLAGER) || declaration ? Recorder.SELF
                : actor.is(Role.GRID_WORKER) ? Recorder.GRID_WORKER : Recorder.VILLAGE_ADMIN;
        return catalogue.inForceFor(village, LocalDate.now(clock)).stream().filter(i -> i.recorders().contains(r)).toList();
    }

    /** The rule items in force in the village today (its county's, town's and own), for pick lists. */
    public List<RuleItem> itemsInForce(OrgUnit village) {
        return catalogue.inForceFor(village, LocalDate.now(clock));
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

    static ClaimStatus parseStatus(String raw) {
        try {
            return ClaimStatus.valueOf(raw.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("status", "error.claims.status");
        }
    }

    private static void requireReviewer(Actor actor) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
    }

    /**
     * A veto (一票否决) needs two different approvers; a village with a single admin cannot give the second itself,
     * so an admin of its town (whose scope {@link #visible} has checked) may approve or reject a veto that waits for
     * its second approval — and nothing else.
     */
    private static void requireReviewerOrTownSecond(Actor actor) {
        if (!actor.is(Role.VILLAGE_ADMIN) && !actor.is(Role.TOWN_ADMIN)) {
            throw Forbidden.role();
        }
    }

    private static void requireVillageAdminUnlessSecond(Actor actor, Claim c) {
        if (!actor.is(Role.VILLAGE_ADMIN) && c.status() != ClaimStatus.AWAITING_SECOND_APPROVAL) {
            throw Forbidden.role();
        }
    }

    private static Long actorId(Actor actor) {
        return actor.userId() == 0 ? null : actor.userId();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static NotFound notFound() {
        return new NotFound("error.claims.notFound");
    }
}
