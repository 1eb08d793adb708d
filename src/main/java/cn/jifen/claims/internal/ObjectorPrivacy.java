package cn.jifen.claims.internal;

import cn.jifen.claims.ClaimEvent;
import cn.jifen.claims.Objection;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.util.List;

/**
 * Who raised an objection is known to the reviewers only (admins, who decide objections, and auditors); everyone
 * else, the recorder and the household included, sees the objection without a name. The objector still sees its own.
 */
public final class ObjectorPrivacy {
    private ObjectorPrivacy() { }

    public static List<Objection> objectionsFor(Actor actor, List<Objection> objections) {
        if (actor != null && (actor.isAdmin() || actor.is(Role.AUDITOR))) {
            return objections;
        }
        return objections.stream()
                .map(o -> actor != null && o.raisedBy() != null && o.raisedBy() == actor.userId() ? o : o.anonymous())
                .toList();
    }

    /** The OBJECT events of the history name the objector too: hidden the same way. */
    public static List<ClaimEvent> withoutObjectors(Actor actor, List<ClaimEvent> events) {
        if (actor.isAdmin() || actor.is(Role.AUDITOR)) {
            return events;
        }
        return events.stream().map(e -> "OBJECT".equals(e.action()) && (e.actorId() == null || e.actorId() != actor.userId())
                ? e.anonymous() : e).toList();
    }
}
