package cn.jifen.directory.internal;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;

/** Small checks shared by the API controllers; the services check role and scope again. */
final class Api {
    private Api() { }

    static void requireStaff(Actor actor) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
    }
}
