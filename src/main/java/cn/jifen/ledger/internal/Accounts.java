package cn.jifen.ledger.internal;

import cn.jifen.ledger.SystemAccount;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

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
        return SYSTEM.get(villageId)[kind.ordinal()];
    }

    private static UUID[] systemIds(long villageId) {
        SystemAccount[] kinds = SystemAccount.values();
        UUID[] ids = new UUID[kinds.length];
        for (SystemAccount k : kinds) {
            ids[k.ordinal()] = UUID.nameUUIDFromBytes(("jifen:system:" + villageId + ":" + k.name())
                    .getBytes(StandardCharsets.UTF_8));
        }
        return ids;
    }

    private static final LoadingCache<Long, UUID[]> SYSTEM = Caffeine.newBuilder().maximumSize(100_000)
            .build(Accounts::systemIds);
}
