package cn.jifen.ledger.internal;

import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Payload;
import cn.jifen.shared.RequestKeys;
import java.util.UUID;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Postings a client asks for with its own request key (the API's Idempotency-Key, the passbook page's
 * correction form): the key goes through {@link RequestKeys}, so a different payload under a used key is
 * refused and a twin in flight is told to retry. The posting and the key's completion commit together.
 * Postings of the system's own runs keep the ledger's derived keys (unique per village in ledger_entry).
 */
@Service
public class ClientPostings {
    private final Ledger ledger;
    private final RequestKeys keys;
    private final TransactionTemplate tx;

    ClientPostings(Ledger ledger, RequestKeys keys, TransactionTemplate tx) {
        this.ledger = ledger;
        this.keys = keys;
        this.tx = tx;
    }

    public Posting post(Actor actor, PostingRequest r) {
        String key = RequestKeys.optional(r.idempotencyKey(), RequestKeys.MAX_LENGTH, "error.ledger.key");
        if (key == null) {
            return ledger.post(actor, r);   // refused there, with every other problem of the request
        }
        Payload payload = Payload.of("ledger.post").with("household", r.householdId()).with("kind", r.kind())
                .with("points", r.points()).with("resident", r.residentId()).with("sourceType", r.sourceType())
                .with("sourceRef", r.sourceRef()).with("itemLabel", r.itemLabel()).with("reason", r.reason())
                .with("reverses", r.reversesPostingId());
        return keys.once(r.villageId(), key, payload,
                ref -> ledger.posting(r.villageId(), UUID.fromString(ref)),
                claim -> write(actor, r, claim));
    }

    private Posting write(Actor actor, PostingRequest r, RequestKeys.Claim claim) {
        for (int attempt = 1; ; attempt++) {
            try {
                return tx.execute(s -> {
                    Posting p = ledger.post(actor, r);
                    keys.complete(claim, p.postingId());
                    return p;
                });
            } catch (PessimisticLockingFailureException e) {
                if (attempt >= 3) {   // the database chose this transaction as a deadlock victim: retried whole
                    throw new Conflict("error.ledger.inFlight");
                }
            }
        }
    }
}
