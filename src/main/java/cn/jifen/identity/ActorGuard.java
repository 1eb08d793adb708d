package cn.jifen.identity;

import cn.jifen.shared.Actor;

/**
 * A check every request's actor passes before a controller acts for it. Modules that narrow what some
 * accounts may reach (e.g. a partner bank's auditor) implement it; a guard throws to refuse.
 */
public interface ActorGuard {
    /** Throws (e.g. {@link cn.jifen.shared.Forbidden}) when the actor may not use this path. */
    void check(Actor actor, String path);
}
