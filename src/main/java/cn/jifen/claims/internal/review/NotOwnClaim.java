package cn.jifen.claims.internal.review;

import cn.jifen.claims.Claim;
import cn.jifen.shared.Actor;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Maker-checker: whoever recorded a claim cannot decide it (ledger invariant 6). */
@Component
public class NotOwnClaim implements ReviewPolicy {
    @Override
    public Optional<Refusal> check(Actor actor, Claim claim) {
        return claim.recordedBy() == actor.userId() ? Optional.of(new Refusal("error.claims.makerChecker")) : Optional.empty();
    }
}
