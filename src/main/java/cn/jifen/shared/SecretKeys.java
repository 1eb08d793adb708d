package cn.jifen.shared;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The installation's master secret, kept outside the database: JIFEN_SECRET_KEY, or a key file
 * created on first start in the data directory. Each use gets its own key derived from it
 * (ID-card encryption, the ledger's keyed hash chain), so one leaked purpose key reveals no other.
 */
@Component
public class SecretKeys {
    private final byte[] master;

    SecretKeys(@Value("${jifen.secret-key:}") String configured, @Value("${jifen.data-dir}") String dataDir) {
        this.master = configured.isBlank() ? keyFile(Path.of(dataDir, "secret.key")) : Base64.getDecoder().decode(configured);
        if (master.length != 32) {
            throw new IllegalStateException("JIFEN_SECRET_KEY must be 32 bytes, base64-encoded");
        }
    }

    /** A 32-byte key for one purpose: HMAC-SHA256(master, purpose). */
    public byte[] derive(String purpose) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master, "HmacSHA256"));
            return mac.doFinal(purpose.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] keyFile(Path file) {
        try {
            if (Files.exists(file)) {
                return Base64.getDecoder().decode(Files.readString(file).strip());
            }
            Files.createDirectories(file.toAbsolutePath().getParent());
            byte[] k = new byte[32];
            new SecureRandom().nextBytes(k);
            Files.writeString(file, Base64.getEncoder().encodeToString(k));
            file.toFile().setReadable(false, false);
            file.toFile().setReadable(true, true);
            return k;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the key file " + file, e);
        }
    }
}
