package cn.jifen.ledger.internal;

import cn.jifen.ledger.SystemAccount;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Account ids are derived from what they belong to, so creating one twice is harmless. */
public final class Accounts {
    private Accounts() { }

    public static UUID passbook(long villageId, long householdId) {
        return UUID.nameUUIDFromBytes(("jifen:passbook:" + villageId + ":" + householdId).getBytes(StandardCharsets.UTF_8));
    }

    public static UUID system(long villageId, SystemAccount kind) {
        return UUID.nameUUIDFromBytes(("jifen:system:" + villageId + ":" + kind.name()).getBytes(StandardCharsets.UTF_8));
    }
}
