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
        Fields b = FIELDS.get().reset();
        Leg l = passbookLeg;
        b.field(l.prevHash());
        b.field(l.id());
        b.field(l.postingId());
        b.field(l.villageId());
        b.field(l.accountId());
        b.field(l.householdId());
        b.field(l.seq());
        b.field(l.amount());
        b.field(l.scoreDelta());
        b.field(l.balanceAfter());
        b.field(l.kind().name());
        b.field(l.postedOn());
        b.field(l.createdAt().toInstant().getEpochSecond() * 1_000_000L + l.createdAt().toInstant().getNano() / 1000);
        b.field(l.residentId());
        b.field(l.sourceType());
        b.field(l.sourceRef());
        b.field(l.itemLabel());
        b.field(l.reversesPostingId());
        b.field(l.actorId());
        b.field(l.actorName());
        b.field(l.reason());
        b.field(l.idempotencyKey());
        b.field(l.requestHash());
        for (Leg o : otherLegs) {
            b.field(o.legNo());
            b.field(o.id());
            b.field(o.accountId());
            b.field(o.amount());
        }
        try {
            Mac mac = MAC.get().with(key);
            mac.update(b.bytes, 0, b.size);
            return HexFormat.of().formatHex(mac.doFinal());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The hashed text of a leg, written straight as UTF-8 bytes: the same bytes as building the whole text as one
     * String and encoding it (UTF-8 encodes each field on its own), without the String. A Chinese item label made that
     * String two bytes a character and its encoding the slow path, a quarter of a batch award's hashing (issue #17).
     * One per thread, reused.
     */
    private static final class Fields {
        private byte[] bytes = new byte[1024];
        private int size;

        Fields reset() {
            size = 0;
            return this;
        }

        /** Length-prefixed (in chars, as before), so no choice of field values can make two different legs hash alike. */
        void field(Object v) {
            String s = v == null ? "\u0000" : v instanceof UUID u ? u.toString() : v.toString();
            ascii(Integer.toString(s.length()));
            put((byte) ':');
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            ensure(utf8.length + 1);
            System.arraycopy(utf8, 0, bytes, size, utf8.length);
            size += utf8.length;
            put((byte) '|');
        }

        private void ascii(String digits) {
            ensure(digits.length());
            for (int i = 0; i < digits.length(); i++) {
                bytes[size++] = (byte) digits.charAt(i);
            }
        }

        private void put(byte c) {
            ensure(1);
            bytes[size++] = c;
        }

        private void ensure(int more) {
            if (size + more > bytes.length) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
            }
        }
    }

    private static final ThreadLocal<Fields> FIELDS = ThreadLocal.withInitial(Fields::new);

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

    /** SHA-256 of the text's UTF-8 bytes, in hex (a batch award digests 10,000 requests: one digest per thread). */
    public static String sha256(String s) {
        return HexFormat.of().formatHex(SHA256.get().digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });
}
