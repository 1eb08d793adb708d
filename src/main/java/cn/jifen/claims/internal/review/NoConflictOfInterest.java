package cn.jifen.claims.internal.review;

import cn.jifen.claims.Claim;
import cn.jifen.claims.internal.KinSql;
import cn.jifen.shared.Actor;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Staff registered as kin of a household (conflict of interest) neither record nor decide its claims. */
@Component
public class NoConflictOfInterest implements ReviewPolicy {
    private final KinSql kin;

    NoConflictOfInterest(KinSql kin) {
        this.kin = kin;
    }

    @Override
    public Optional<Refusal> check(Actor actor, Claim claim) {
        return forHousehold(actor, claim.villageId(), claim.householdId());
    }

    /** The same rule before a claim exists: recording for a household. */
    public Optional<Refusal> forHousehold(Actor actor, long villageId, long householdId) {
        return actor.isStaff() && kin.isKin(villageId, actor.userId(), householdId)
                ? Optional.of(new Refusal("error.claims.ownHousehold")) : Optional.empty();
    }
}
