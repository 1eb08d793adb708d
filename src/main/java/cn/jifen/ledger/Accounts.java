package cn.jifen.ledger;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Account ids are derived from what they belong to, so creating one twice is harmless. */
final class Accounts {
    private Accounts() { }

    static UUID passbook(long villageId, long householdId) {
        return UUID.nameUUIDFromBytes(("jifen:passbook:" + villageId + ":" + householdId).getBytes(StandardCharsets.UTF_8));
    }

    static UUID system(long villageId, SystemAccount kind) {
        return UUID.nameUUIDFromBytes(("jifen:system:" + villageId + ":" + kind.name()).getBytes(StandardCharsets.UTF_8));
    }
}
