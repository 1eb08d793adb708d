package cn.jifen.claims.internal.review;

import cn.jifen.claims.Claim;
import cn.jifen.claims.internal.ClaimAccess;
import cn.jifen.claims.internal.ClaimLifecycle;
import cn.jifen.claims.internal.ClaimSql;
import cn.jifen.shared.Actor;
import org.springframework.stereotype.Component;

/** Applies the reviewer policies to a decision, and locks a claim for one. */
@Component
public class ReviewerRules {
    private final ClaimSql sql;
    private final NotOwnClaim notOwnClaim;
    private final NoConflictOfInterest noConflictOfInterest;

    ReviewerRules(ClaimSql sql, NotOwnClaim notOwnClaim, NoConflictOfInterest noConflictOfInterest) {
        this.sql = sql;
        this.notOwnClaim = notOwnClaim;
        this.noConflictOfInterest = noConflictOfInterest;
    }

    /** Refuses (403) with the first policy's reason, in the order given. */
    public static void require(Actor actor, Claim claim, ReviewPolicy... policies) {
        for (ReviewPolicy policy : policies) {
            policy.check(actor, claim).ifPresent(r -> {
                throw r.toForbidden();
            });
        }
    }

    /**
     * Locks a claim for a reviewer's decision: the step allowed in its state (else the step's 409), not the
     * reviewer's own claim, no conflict of interest.
     */
    public Claim lockForDecision(Actor actor, long villageId, long id, ClaimLifecycle.Step step) {
        Claim c = sql.lock(villageId, id).orElseThrow(ClaimAccess::notFound);
        ClaimLifecycle.next(c.status(), step);
        require(actor, c, notOwnClaim, noConflictOfInterest);
        return c;
    }

    /** Maker-checker then conflict of interest, on a claim already locked and in the right state. */
    public void requireIndependent(Actor actor, Claim claim) {
        require(actor, claim, notOwnClaim, noConflictOfInterest);
    }
}
