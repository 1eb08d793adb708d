package cn.jifen.ledger.internal;

import cn.jifen.ledger.SystemAccount;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** Account ids are derived from what they belong to, so creating one twice is harmless. */
public final class Accounts {
    private Accounts() { }

    public static UUID passbook(long villageId, long householdId) {
        return UUID.nameUUIDFromBytes(("jifen:passbook:" + villageId + ":" + householdId).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A village's system account of this kind. Every posting names one (its counter leg), a batch award 10,000 times
     * the same: the ids are kept by village (a few thousand villages, three ids each) instead of an MD5 each time.
     */
    public static UUID system(long villageId, SystemAccount kind) {
        UUID[] ids = SYSTEM.get(villageId);
        if (ids == null) {
            if (SYSTEM.size() > 100_000) {
                SYSTEM.clear();
            }
            SystemAccount[] kinds = SystemAccount.values();
            ids = new UUID[kinds.length];
            for (SystemAccount k : kinds) {
                ids[k.ordinal()] = UUID.nameUUIDFromBytes(("jifen:system:" + villageId + ":" + k.name())
                        .getBytes(StandardCharsets.UTF_8));
            }
            SYSTEM.put(villageId, ids);
        }
        return ids[kind.ordinal()];
    }

    private static final Map<Long, UUID[]> SYSTEM = new ConcurrentHashMap<>();
}
