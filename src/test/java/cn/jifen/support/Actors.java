package cn.jifen.support;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;

/** Actors for service-level tests, bound to a unit like a real account would be. */
public final class Actors {
    private Actors() { }

    public static Actor of(Role role, OrgUnit unit) {
        return new Actor(-1, "test-" + role.name().toLowerCase(), "测试", role, unit.id(), unit.path(), null, "127.0.0.1");
    }

    public static Actor villager(OrgUnit village, long householdId) {
        return new Actor(-1, "test-villager", "测试村民", Role.VILLAGER, village.id(), village.path(), householdId, null);
    }

    /** A unique code for test-made units, so repeated runs on one database never collide. */
    public static String code(String prefix) {
        return prefix + Long.toString(System.nanoTime() % 100_000_000L, 36);
    }
}
