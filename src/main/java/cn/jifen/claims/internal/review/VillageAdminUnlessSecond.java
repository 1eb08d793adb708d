package cn.jifen.claims.internal.review;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * Scope of a town admin: a veto (一票否决) needs two different approvers, and a village with a single admin cannot give
 * the second itself, so an admin of its town may approve or reject a veto that waits for its second approval — and
 * nothing else. Everyone else who decides is a village admin.
 */
@Component
public class VillageAdminUnlessSecond implements ReviewPolicy {
    @Override
    public Optional<Refusal> check(Actor actor, Claim claim) {
        return !actor.is(Role.VILLAGE_ADMIN) && claim.status() != ClaimStatus.AWAITING_SECOND_APPROVAL
                ? Optional.of(new Refusal("error.forbidden.role")) : Optional.empty();
    }
}
