package cn.jifen.directory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Resident ID-card numbers (身份证号): validated (GB 11643 check digit), stored encrypted with
 * AES-GCM under a key kept outside the database, shown only masked, and compared by keyed digest.
 */
@Component
class IdCards {
    private static final int[] WEIGHTS = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final char[] CHECK = "10X98765432".toCharArray();

    private final byte[] key;
    private final SecureRandom random = new SecureRandom();

    IdCards(@Value("${jifen.secret-key:}") String configuredKey, @Value("${jifen.data-dir}") String dataDir) {
        this.key = configuredKey.isBlank() ? keyFile(Path.of(dataDir, "secret.key")) : Base64.getDecoder().decode(configuredKey);
        if (key.length != 32) {
            throw new IllegalStateException("JIFEN_SECRET_KEY must be 32 bytes, base64-encoded");
        }
    }

    /** Normalises and validates; null when the number is not a valid 18-digit ID. */
    static String normalise(String raw) {
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

    static String mask(String id) {
        return id.substring(0, 4) + "**********" + id.substring(14);
    }

    String encrypt(String id) {
        try {
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            byte[] ct = c.doFinal(id.getBytes(StandardCharsets.US_ASCII));
            byte[] out = new byte[iv.length + ct.length];
            System.arraycopy(iv, 0, out, 0, iv.length);
            System.arraycopy(ct, 0, out, iv.length, ct.length);
            return Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String decrypt(String cipherText) {
        try {
            byte[] in = Base64.getDecoder().decode(cipherText);
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, in, 0, 12));
            return new String(c.doFinal(in, 12, in.length - 12), StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    String digest(String id) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(id.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private byte[] keyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.getParent());
            byte[] k = new byte[32];
            random.nextBytes(k);
            Files.writeString(file, Base64.getEncoder().encodeToString(k));
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }
}
