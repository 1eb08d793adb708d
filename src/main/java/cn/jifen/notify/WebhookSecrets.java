package cn.jifen.notify;

import cn.jifen.shared.SecretKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets at rest: AES-256-GCM under a key derived from the installation's master secret
 * ({@link SecretKeys}, JIFEN_SECRET_KEY or the key file in the data directory, never in the database), so a copy of
 * the database (a backup, a dump handed to someone) does not let its holder forge Jifen's signatures. Stored as
 * base64 of a random 12-byte IV, the ciphertext and the 16-byte tag.
 */
@Component
class WebhookSecrets {
    static final String PURPOSE = "jifen:webhook-secret";
    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    WebhookSecrets(SecretKeys keys) {
        this.key = keys.derive(PURPOSE);
    }

    String seal(String secret) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The secret; a stored value not sealed under this installation's key fails loudly rather than sign wrongly. */
    String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a webhook secret cannot be decrypted: was JIFEN_SECRET_KEY changed?", e);
        }
    }
}
