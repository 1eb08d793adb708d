package cn.jifen.claims.internal.review;

import cn.jifen.claims.Claim;
import cn.jifen.shared.Actor;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** A veto's second approval comes from another approver than its first (ledger invariant 6). */
@Component
public class SecondApproverDiffers implements ReviewPolicy {
    @Override
    public Optional<Refusal> check(Actor actor, Claim claim) {
        return claim.firstApprover() != null && claim.firstApprover() == actor.userId()
                ? Optional.of(new Refusal("error.claims.secondApprover")) : Optional.empty();
    }
}
