package cn.jifen.market.internal;

import cn.jifen.claims.PointsPolicy;
import cn.jifen.shared.Conflict;
import java.time.LocalDate;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Whether a veto still blocks a household's redemptions, as the county's points policy says (and until when). */
@Component
public class VetoBlock {
    private final PointsPolicy policy;

    public VetoBlock(PointsPolicy policy) {
        this.policy = policy;
    }

    public Optional<LocalDate> until(long villageId, long householdId) {
        return policy.redemptionBlockedUntil(villageId, householdId);
    }

    /** Refuses with the day redemption reopens, when the household is blocked. */
    public void check(long villageId, long householdId) {
        Optional<LocalDate> until = until(villageId, householdId);
        if (until.isPresent()) {
            throw new Conflict("error.market.vetoed", until.get().toString());
        }
    }
}
