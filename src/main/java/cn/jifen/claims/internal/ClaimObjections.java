package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Objection;
import cn.jifen.claims.ObjectionDecided;
import cn.jifen.claims.ObjectionRaised;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.claims.internal.review.ReviewerRules;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Role;
import java.time.OffsetDateTime;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Objections (异议) during publicity: anyone who can see the claim's village raises one; a village admin upholds it
 * (the claim is rejected) or dismisses it (the claim goes back to publicity once no objection is open, and posts if
 * the period has ended).
 */
@Service
public class ClaimObjections {
    private final ClaimSql sql;
    private final ObjectionSql objections;
    private final ClaimEventSql history;
    private final ReviewerRules rules;
    private final ClaimPosting posting;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ClaimObjections(ClaimSql sql, ObjectionSql objections, ClaimEventSql history, ReviewerRules rules,
                    ClaimPosting posting, ClaimAccess access, AuditLog audit, TransactionTemplate tx,
                    ApplicationEventPublisher events) {
        this.sql = sql;
        this.objections = objections;
        this.history = history;
        this.rules = rules;
        this.posting = posting;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
        this.events = events;
    }

    /** Anyone who can see the claim's village raises an objection on a claim in publicity. */
    public Objection object(Actor actor, long villageId, long id, String reason) {
        if (actor.is(Role.AUDITOR) || actor.is(Role.KEEPER)) {
            throw Forbidden.role(); // read-only and counter accounts; a keeper objects with their villager account
        }
        Claim seen = access.visible(actor, villageId, id);
        String why = access.requiredReason(reason);
        ClaimLifecycle.next(seen.status(), Step.OBJECT);
        long objectionId = tx.execute(s -> {
            Claim c = sql.lock(villageId, id).orElseThrow(ClaimAccess::notFound);
            OffsetDateTime now = access.now();
            ClaimStatus to = ClaimLifecycle.next(c.status(), Step.OBJECT);
            if (c.status() == ClaimStatus.IN_PUBLICITY && !c.publicityEndsAt().isAfter(now)) {
                throw new Conflict(Step.OBJECT.refusal()); // the period has ended: the claim is due, not public
            }
            long oid = objections.insertObjection(villageId, id, ClaimAccess.actorId(actor), actor.username(), now, why);
            sql.move(villageId, id, c.status(), to);
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), Step.OBJECT.action(),
                    c.status(), to, null, why);
            audit.record(actor, "claims.object", access.path(villageId), "claim", villageId + "/" + id,
                    c.status().name(), to.name(), why);
            events.publishEvent(new ObjectionRaised(villageId, id, oid, c.householdId(), c.itemLabel()));
            return oid;
        });
        return objections.objections(villageId, id).stream().filter(o -> o.id() == objectionId).findFirst().orElseThrow();
    }

    /** Upholds (true) or dismisses (false) an open objection; a village admin other than the recorder decides. */
    public Claim decide(Actor actor, long villageId, long id, long objectionId, String reason, boolean upheld) {
        access.visible(actor, villageId, id);
        ClaimAccess.requireReviewer(actor);
        String why = access.requiredReason(reason);
        tx.executeWithoutResult(s -> {
            Claim c = rules.lockForDecision(actor, villageId, id, upheld ? Step.UPHOLD_OBJECTION : Step.DISMISS_LAST_OBJECTION);
            OffsetDateTime now = access.now();
            if (objections.objections(villageId, id).stream().noneMatch(o -> o.id() == objectionId && o.open())
                    || !objections.decideObjection(villageId, objectionId, upheld ? "UPHELD" : "DISMISSED", actor.userId(),
                    actor.username(), now, why)) {
                throw new Conflict("error.claims.objectionClosed");
            }
            String path = access.path(villageId);
            events.publishEvent(new ObjectionDecided(villageId, id, objectionId, c.householdId(), c.itemLabel(), upheld));
            Step step = upheld ? Step.UPHOLD_OBJECTION
                    : objections.openObjections(villageId, id) == 0 ? Step.DISMISS_LAST_OBJECTION
                    : Step.DISMISS_OBJECTION_OTHERS_OPEN;
            ClaimStatus to = ClaimLifecycle.next(c.status(), step);
            sql.move(villageId, id, c.status(), to);
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), step.action(), c.status(), to,
                    null, why);
            audit.record(actor, upheld ? "claims.objection.uphold" : "claims.objection.dismiss", path, "claim",
                    villageId + "/" + id, c.status().name(), to.name(), why);
        });
        posting.settleDue(villageId);
        return sql.byId(villageId, id).orElseThrow();
    }
}
