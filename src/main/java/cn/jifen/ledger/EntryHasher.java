package cn.jifen.ledger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * The tamper-evidence hash of a passbook leg: SHA-256 over the previous entry's hash, every field
 * of the leg and the (account, amount) of the posting's other legs, so a change to any leg of a
 * posting breaks the household's chain.
 */
final class EntryHasher {
    static final String GENESIS = "0".repeat(64);

    private EntryHasher() { }

    static String hash(Leg passbookLeg, List<Leg> otherLegs) {
        StringBuilder b = new StringBuilder(512);
        Leg l = passbookLeg;
        field(b, l.prevHash());
        field(b, l.id());
        field(b, l.postingId());
        field(b, l.villageId());
        field(b, l.accountId());
        field(b, l.householdId());
        field(b, l.seq());
        field(b, l.amount());
        field(b, l.scoreDelta());
        field(b, l.balanceAfter());
        field(b, l.kind().name());
        field(b, l.postedOn());
        field(b, l.createdAt().toInstant().getEpochSecond() * 1_000_000L + l.createdAt().toInstant().getNano() / 1000);
        field(b, l.residentId());
        field(b, l.sourceType());
        field(b, l.sourceRef());
        field(b, l.itemLabel());
        field(b, l.reversesPostingId());
        field(b, l.actorId());
        field(b, l.actorName());
        field(b, l.reason());
        field(b, l.idempotencyKey());
        field(b, l.requestHash());
        for (Leg o : otherLegs) {
            field(b, o.legNo());
            field(b, o.id());
            field(b, o.accountId());
            field(b, o.amount());
        }
        return sha256(b.toString());
    }

    /** Length-prefixed, so no choice of field values can make two different legs hash alike. */
    private static void field(StringBuilder b, Object v) {
        String s = v == null ? "\u0000" : v instanceof UUID u ? u.toString() : v.toString();
        b.append(s.length()).append(':').append(s).append('|');
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
