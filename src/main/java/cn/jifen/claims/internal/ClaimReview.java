package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.BatchResult;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimInPublicity;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.VetoAwaitingSecond;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.claims.internal.review.ReviewerRules;
import cn.jifen.claims.internal.review.SecondApproverDiffers;
import cn.jifen.claims.internal.review.VillageAdminUnlessSecond;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Review (审核): approving (with the points, default as recorded; a veto needs two different approvers and a reason)
 * and rejecting, one claim or a batch. The reviewer rules are the policies of {@code review}; the states each decision
 * leaves from are the {@link ClaimLifecycle}'s.
 */
@Service
public class ClaimReview {
    private final ClaimSql sql;
    private final ClaimEventSql history;
    private final PhotoSql photos;
    private final CapsAndDuplicates caps;
    private final ReviewerRules rules;
    private final VillageAdminUnlessSecond villageAdminUnlessSecond;
    private final SecondApproverDiffers secondApproverDiffers;
    private final PublicitySettings publicity;
    private final ClaimPosting posting;
    private final RuleCatalogue catalogue;
    private final OrgUnits orgUnits;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ClaimReview(ClaimSql sql, ClaimEventSql history, PhotoSql photos, CapsAndDuplicates caps, ReviewerRules rules,
                VillageAdminUnlessSecond villageAdminUnlessSecond, SecondApproverDiffers secondApproverDiffers,
                PublicitySettings publicity, ClaimPosting posting, RuleCatalogue catalogue, OrgUnits orgUnits,
                ClaimAccess access, AuditLog audit, TransactionTemplate tx, ApplicationEventPublisher events) {
        this.sql = sql;
        this.history = history;
        this.photos = photos;
        this.caps = caps;
        this.rules = rules;
        this.villageAdminUnlessSecond = villageAdminUnlessSecond;
        this.secondApproverDiffers = secondApproverDiffers;
        this.publicity = publicity;
        this.posting = posting;
        this.catalogue = catalogue;
        this.orgUnits = orgUnits;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
        this.events = events;
    }

    /** Approves with the points (default: as recorded). A veto needs two different approvers and a reason. */
    public Claim approve(Actor actor, long villageId, long id, Integer points, String reason) {
        access.visible(actor, villageId, id);
        requireReviewerOrTownSecond(actor);
        tx.executeWithoutResult(s -> approveLocked(actor, villageId, id, points, reason));
        return sql.byId(villageId, id).orElseThrow();
    }

    private void approveLocked(Actor actor, long villageId, long id, Integer points, String reason) {
        Claim c = sql.lock(villageId, id).orElseThrow(ClaimAccess::notFound);
        ReviewerRules.require(actor, c, villageAdminUnlessSecond);
        // both approvals leave from the same states; which of them applies is known once the item is read
        ClaimLifecycle.next(c.status(), Step.APPROVE_FOR_POSTING);
        rules.requireIndependent(actor, c);
        RuleItem item = catalogue.versionIn(orgUnits.byId(villageId), c.itemId(), c.itemVersion(), c.occurredOn());
        List<Problem> problems = new ArrayList<>();
        if (item.evidenceRequired() && photos.photos(villageId, id).isEmpty()) {
            problems.add(new Problem("photo", "error.claims.evidenceRequired"));
        }
        int p = ClaimRecording.points(item, points == null ? Integer.valueOf(c.points()) : points, problems);
        if (p > c.points() && problems.isEmpty()) {
            // raising the points must stay within the caps the recording was checked against
            caps.lockHousehold(villageId, c.householdId());
            problems.addAll(caps.capProblems(villageId, c.householdId(), c.residentId(), item, p, c.occurredOn(), c.points()));
        }
        // a veto and the override of a likely-duplicate flag both need a written reason
        boolean override = c.likelyDuplicate() && c.status() == ClaimStatus.RECORDED;
        if (override && Texts.clean(reason) == null) {
            problems.add(new Problem("reason", "error.claims.duplicateNeedsReason"));
        } else {
            problems.addAll(access.reasonProblems(reason, item.veto() || override));
        }
        Texts.throwIfAny(problems);
        String why = Texts.clean(reason);
        OffsetDateTime now = access.now();
        String path = orgUnits.byId(villageId).path();
        if (override) {
            audit.record(actor, "claims.overrideDuplicate", path, "claim", villageId + "/" + id, "likelyDuplicate",
                    "approved", why);
        }
        if (item.veto() && c.status() == ClaimStatus.RECORDED) {
            ClaimStatus to = ClaimLifecycle.next(c.status(), Step.APPROVE_FIRST);
            sql.firstApproval(villageId, id, to, actor.userId(), actor.username());
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), Step.APPROVE_FIRST.action(),
                    c.status(), to, p, why);
            audit.record(actor, "claims.approveFirst", path, "claim", villageId + "/" + id, c.status().name(),
                    to.name(), why);
            events.publishEvent(new VetoAwaitingSecond(villageId, id, c.householdId(), c.itemLabel(), actor.userId()));
            return;
        }
        ReviewerRules.require(actor, c, secondApproverDiffers);
        Step step = item.needsPublicity() ? Step.APPROVE_INTO_PUBLICITY : Step.APPROVE_FOR_POSTING;
        ClaimStatus to = ClaimLifecycle.next(c.status(), step);
        OffsetDateTime publicityEnds = item.needsPublicity() ? now.plusDays(publicity.publicityDays(villageId)) : now;
        sql.decide(villageId, id, to, p, actor.userId(), actor.username(), now, why, publicityEnds);
        history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), step.action(), c.status(), to, p, why);
        audit.record(actor, "claims.approve", path, "claim", villageId + "/" + id, c.status() + " " + c.points(),
                to + " " + p, why);
        if (to == ClaimStatus.IN_PUBLICITY) {
            events.publishEvent(new ClaimInPublicity(villageId, id, c.householdId(), c.itemLabel(), p,
                    item.sign() == RuleSign.DEDUCT, publicityEnds));
        }
        if (!item.needsPublicity()) {
            posting.post(actor, sql.byId(villageId, id).orElseThrow(), item, ClaimStatus.POSTING);
        }
    }

    public Claim reject(Actor actor, long villageId, long id, String reason) {
        access.visible(actor, villageId, id);
        requireReviewerOrTownSecond(actor);
        String why = access.requiredReason(reason);
        tx.executeWithoutResult(s -> {
            Claim c = rules.lockForDecision(actor, villageId, id, Step.REJECT);
            ReviewerRules.require(actor, c, villageAdminUnlessSecond);
            ClaimStatus to = ClaimLifecycle.next(c.status(), Step.REJECT);
            OffsetDateTime now = access.now();
            sql.decide(villageId, id, to, c.points(), actor.userId(), actor.username(), now, why, null);
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), Step.REJECT.action(),
                    c.status(), to, c.points(), why);
            audit.record(actor, "claims.reject", orgUnits.byId(villageId).path(), "claim", villageId + "/" + id,
                    c.status().name(), to.name(), why);
        });
        return sql.byId(villageId, id).orElseThrow();
    }

    /** Approves many claims, each checked and committed on its own; reports the outcome of each. */
    public List<BatchResult> approveBatch(Actor actor, long villageId, List<Long> ids, String reason) {
        ClaimAccess.requireReviewer(actor);
        if (ids == null || ids.isEmpty() || ids.stream().anyMatch(Objects::isNull)) {
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

    /**
     * A veto (一票否决) needs two different approvers; a village with a single admin cannot give the second itself,
     * so an admin of its town (whose scope the visibility check has checked) may approve or reject a veto that waits
     * for its second approval — and nothing else ({@link VillageAdminUnlessSecond}).
     */
    private static void requireReviewerOrTownSecond(Actor actor) {
        if (!actor.is(Role.VILLAGE_ADMIN) && !actor.is(Role.TOWN_ADMIN)) {
            throw Forbidden.role();
        }
    }
}
