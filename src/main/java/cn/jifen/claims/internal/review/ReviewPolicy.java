package cn.jifen.claims.internal.review;

import cn.jifen.claims.Claim;
import cn.jifen.shared.Actor;
import java.util.Optional;

/**
 * One reviewer rule (maker-checker, conflict of interest, who may give a veto's second approval, …): it looks at who
 * decides which claim and returns the reason it must not, or nothing. The review services apply them in order and
 * refuse with the first reason.
 */
public interface ReviewPolicy {
    Optional<Refusal> check(Actor actor, Claim claim);
}
