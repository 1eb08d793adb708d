package cn.jifen.notify.internal;

import cn.jifen.shared.Sealer;
import cn.jifen.shared.SecretKeys;
import org.springframework.stereotype.Component;

/**
 * Webhook signing secrets at rest: AES-256-GCM under a key derived from the installation's master secret
 * ({@link SecretKeys}, JIFEN_SECRET_KEY or the key file in the data directory, never in the database), so a copy of
 * the database (a backup, a dump handed to someone) does not let its holder forge Jifen's signatures ({@link Sealer}).
 */
@Component
class WebhookSecrets {
    static final String PURPOSE = "jifen:webhook-secret";
    private final Sealer sealer;

    WebhookSecrets(SecretKeys keys) {
        this.sealer = new Sealer(keys.derive(PURPOSE));
    }

    String seal(String secret) {
        return sealer.seal(secret);
    }

    /** The secret; a stored value not sealed under this installation's key fails loudly rather than sign wrongly. */
    String open(String sealed) {
        try {
            return sealer.open(sealed);
        } catch (IllegalStateException e) {
            throw new IllegalStateException("a webhook secret cannot be decrypted: was JIFEN_SECRET_KEY changed?", e);
        }
    }
}
