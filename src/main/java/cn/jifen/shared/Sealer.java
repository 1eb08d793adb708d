package cn.jifen.shared;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Text sealed at rest with AES-256-GCM under a key derived for one purpose ({@link SecretKeys#derive}): stored as base64
 * of a random 12-byte IV, the ciphertext and the 16-byte tag. Opening a value sealed under another key (or altered)
 * fails rather than answer wrongly.
 */
public final class Sealer {
    private static final SecureRandom RANDOM = new SecureRandom();
    private final SecretKeySpec key;

    public Sealer(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    public String seal(String text) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(text.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The text; IllegalStateException when the value was not sealed under this key or is not a sealed value. */
    public String open(String sealed) {
        try {
            byte[] in = Base64.getDecoder().decode(sealed);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("a sealed value cannot be opened under this installation's key", e);
        }
    }
}
