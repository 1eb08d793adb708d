package cn.jifen.directory.internal;

import cn.jifen.directory.Resident;
import cn.jifen.shared.Sealer;
import cn.jifen.shared.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Resident ID-card numbers (身份证号): validated (GB 11643 check digit), stored encrypted with
 * AES-GCM under a key kept outside the database, shown only masked, and compared by keyed digest.
 */
@Component
public class IdCards {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private final byte[] key;
    private final Sealer sealer;

    IdCards(SecretKeys keys) {
        this.key = keys.derive("jifen:id-card");
        this.sealer = new Sealer(key);
    }

    /** Normalises and validates; null when the number is not a valid 18-digit ID. */
    public static String normalise(String raw) {
        if (raw == null) {
            return null;
        }
        String s = raw.strip().toUpperCase();
        if (!s.matches("\\d{17}[\\dX]")) {
            return null;
        }
        int sum = 0;
        for (int i = 0; i < 17; i++) {
            sum += (s.charAt(i) - '0') * WEIGHTS[i];
        }
        return CHECK[sum % 11] == s.charAt(17) ? s : null;
    }

    public static String mask(String id) {
        return id.substring(0, 4) + "**********" + id.substring(14);
    }

    public String encrypt(String id) {
        return sealer.seal(id);
    }

    String decrypt(String cipherText) {
        return sealer.open(cipherText);
    }

    /** One keyed Mac per thread: a roster import digests thousands of numbers, and making a Mac costs more than using it. */
    private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String digest(String id) {
        // doFinal resets the Mac for the next number
        return HexFormat.of().formatHex(macs.get().doFinal(id.getBytes(StandardCharsets.US_ASCII)));
    }
}
