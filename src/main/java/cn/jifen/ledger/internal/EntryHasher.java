package cn.jifen.ledger.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tamper-evidence hash of a passbook leg: HMAC-SHA256, under a key kept outside the database,
 * over the previous entry's hash, every field of the leg and the (account, amount) of the posting's
 * other legs. A change to any leg of a posting breaks the household's chain, and someone who can
 * write to the database but lacks the key cannot recompute a chain to hide the change.
 */
public final class EntryHasher {
    public static final String GENESIS = "0".repeat(64);

    private EntryHasher() { }

    public static String hash(byte[] key, Leg passbookLeg, List<Leg> otherLegs) {
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
        return hmac(key, b.toString());
    }

    /**
     * One Mac per thread, kept initialised with the key it last used: creating one per entry costs more than the
     * hashing itself, and a batch award hashes 30,000 times under the same key (a Mac is ready again after doFinal).
     */
    private static final class KeyedMac {
        private final Mac mac;
        private byte[] key;

        KeyedMac() {
            try {
                mac = Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }

        Mac with(byte[] k) throws GeneralSecurityException {
            if (key == null || !Arrays.equals(key, k)) {
                mac.init(new SecretKeySpec(k, "HmacSHA256"));
                key = k.clone();
            }
            return mac;
        }
    }

    private static final ThreadLocal<KeyedMac> MAC = ThreadLocal.withInitial(KeyedMac::new);

    static String hmac(byte[] key, String s) {
        try {
            return HexFormat.of().formatHex(MAC.get().with(key).doFinal(s.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so no choice of field values can make two different legs hash alike. */
    private static void field(StringBuilder b, Object v) {
        String s = v == null ? "\u0000" : v instanceof UUID u ? u.toString() : v.toString();
        b.append(s.length()).append(':').append(s).append('|');
    }

    public static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
