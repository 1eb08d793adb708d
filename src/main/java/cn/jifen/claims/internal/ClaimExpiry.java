package cn.jifen.claims.internal;

import cn.jifen.claims.Claims;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Posts claims whose publicity period has ended, every minute, in chunks until none is due (so a county
 * with thousands due is posted in one run), and once soon after start to catch up on the time the server
 * was down. Reads never post: this run (or an admin's run-now) does. Safe on several instances at once:
 * each claim is taken by a conditional status update inside the posting transaction, and the
 * ledger's idempotency key ("claim-village-id") makes a second posting impossible.
 */
@Component
public class ClaimExpiry {
    private final Claims claims;

    ClaimExpiry(Claims claims) {
        this.claims = claims;
    }

    @Scheduled(fixedDelayString = "${jifen.claims.expiry-interval-ms:60000}", initialDelayString = "${jifen.claims.expiry-initial-delay-ms:5000}")
    public int run() {
        return claims.settleDue(null);
    }
}
