package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Appeal;
import cn.jifen.claims.AppealDecided;
import cn.jifen.claims.AppealRaised;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.claims.internal.review.ReviewerRules;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Appeals (申诉) against a posted deduction or veto: the household (its villager, or staff for it) raises one; a
 * village admin upholds it (the posting is reversed by a correction posting) or dismisses it.
 */
@Service
public class ClaimAppeals {
    private final ClaimSql sql;
    private final AppealSql appeals;
    private final ClaimEventSql history;
    private final ReviewerRules rules;
    private final RuleCatalogue catalogue;
    private final Ledger ledger;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final ApplicationEventPublisher events;

    ClaimAppeals(ClaimSql sql, AppealSql appeals, ClaimEventSql history, ReviewerRules rules, RuleCatalogue catalogue,
                 Ledger ledger, ClaimAccess access, AuditLog audit, TransactionTemplate tx,
                 ApplicationEventPublisher events) {
        this.sql = sql;
        this.appeals = appeals;
        this.history = history;
        this.rules = rules;
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
        this.events = events;
    }

    /** The household (its villager, or staff for it) appeals a posted deduction or veto. */
    public Appeal appeal(Actor actor, long villageId, long id, String reason) {
        Claim seen = access.visible(actor, villageId, id);
        ClaimAccess.requireHouseholdOrRecorder(actor, seen);
        String why = access.requiredReason(reason);
        long appealId = tx.execute(s -> {
            Claim c = sql.lock(villageId, id).orElseThrow(ClaimAccess::notFound);
            RuleItem item = catalogue.version(c.itemId(), c.itemVersion());
            ClaimStatus to = ClaimLifecycle.next(c.status(), Step.APPEAL);
            if (item.sign() != RuleSign.DEDUCT && !item.veto()) {
                throw new Conflict(Step.APPEAL.refusal()); // only a deduction or a veto is appealed
            }
            if (appeals.appeals(villageId, id).stream().anyMatch(Appeal::open)) {
                throw new Conflict("error.claims.appealOpen");
            }
            OffsetDateTime now = access.now();
            long aid = appeals.insertAppeal(villageId, id, ClaimAccess.actorId(actor), actor.username(), now, why);
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), Step.APPEAL.action(),
                    c.status(), to, null, why);
            audit.record(actor, "claims.appeal", access.path(villageId), "claim", villageId + "/" + id,
                    null, "appeal " + aid, why);
            events.publishEvent(new AppealRaised(villageId, id, aid, c.householdId(), c.itemLabel()));
            return aid;
        });
        return appeals.appeals(villageId, id).stream().filter(a -> a.id() == appealId).findFirst().orElseThrow();
    }

    /** Upholds (true: the claim's posting is reversed by a correction posting) or dismisses an open appeal. */
    public Claim decide(Actor actor, long villageId, long id, long appealId, String reason, boolean upheld) {
        access.visible(actor, villageId, id);
        ClaimAccess.requireReviewer(actor);
        String why = access.requiredReason(reason);
        Step step = upheld ? Step.UPHOLD_APPEAL : Step.DISMISS_APPEAL;
        tx.executeWithoutResult(s -> {
            Claim c = rules.lockForDecision(actor, villageId, id, step);
            if (appeals.appeals(villageId, id).stream().noneMatch(a -> a.id() == appealId && a.open())) {
                throw new Conflict("error.claims.appealClosed");
            }
            OffsetDateTime now = access.now();
            UUID reversal = null;
            if (upheld) {
                reversal = ledger.post(actor, PostingRequest.reversal(villageId, c.householdId(), PostingKind.CORRECT,
                        c.postingId(), why, "claim-appeal-" + villageId + "-" + appealId)).postingId();
            }
            if (!appeals.decideAppeal(villageId, appealId, id, upheld ? "UPHELD" : "DISMISSED", actor.userId(),
                    actor.username(), now, why, reversal)) {
                throw new Conflict("error.claims.appealClosed");
            }
            ClaimStatus to = ClaimLifecycle.next(c.status(), step);
            if (to != c.status()) {
                sql.move(villageId, id, c.status(), to);
            }
            history.event(villageId, id, now, ClaimAccess.actorId(actor), actor.username(), step.action(),
                    c.status(), to, null, why);
            audit.record(actor, upheld ? "claims.appeal.uphold" : "claims.appeal.dismiss", access.path(villageId),
                    "claim", villageId + "/" + id, c.status().name(), to + (reversal == null ? "" : " " + reversal), why);
            events.publishEvent(new AppealDecided(villageId, id, appealId, c.householdId(), c.itemLabel(), upheld));
        });
        return sql.byId(villageId, id).orElseThrow();
    }
}
