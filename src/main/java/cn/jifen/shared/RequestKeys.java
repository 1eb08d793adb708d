package cn.jifen.shared;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one request-key mechanism of every write that takes a key (the API's {@code Idempotency-Key}, a
 * form's one-time key). A key is scoped to a village. Its row in {@code request_key} is claimed
 * (IN_FLIGHT, with the payload's canonical hash) in a short transaction of its own before the write, and
 * marked DONE with the write's result reference by {@link #complete} inside the write's own transaction:
 * <ul>
 * <li>same key, same payload, done: the first result is read back ({@code replay}), nothing is written;</li>
 * <li>same key, different payload (or another operation): 409 {@code error.requestKey.reused};</li>
 * <li>same key while the first is still being written: 409 {@link InFlight} with a retry hint.</li>
 * </ul>
 * A write that fails releases its claim, so the key can be sent again. A claim left by a process that died
 * before its write committed is taken over after {@code jifen.request-keys.stale-seconds}, or at once when it
 * was made before this instance started (after a {@code kill -9} and restart the client's retry must not wait).
 * Taking over is safe at any time: {@link #complete} only marks the row done under the claim's own token, so
 * an earlier writer that is still alive fails to complete and its transaction rolls back.
 * <p>
 * A write that serializes its own twins (the counter's redemption) uses {@link #onceAtCommit} instead: no claim
 * before the write, the row is inserted DONE by {@link #complete} in the write's transaction, and the row is read
 * only when the write is refused or fails (issue #17: one statement per new key instead of two).
 */
@Component
public class RequestKeys {
    /** The longest key the table holds; a write may accept less (the market's keys: 80). */
    public static final int MAX_LENGTH = 120;
    /** What an in-flight refusal tells a client to wait before sending the same request again. */
    public static final int RETRY_AFTER_SECONDS = 2;

    private final JdbcClient jdbc;
    private final TransactionTemplate own;
    private final Clock clock;
    private final Duration stale;
    /** Claims older than this instance belong to a process that may have died with them. */
    private final OffsetDateTime startedAt;

    RequestKeys(JdbcClient jdbc, PlatformTransactionManager txm, Clock clock,
                @Value("${jifen.request-keys.stale-seconds:120}") long staleSeconds) {
        this.jdbc = jdbc;
        this.own = new TransactionTemplate(txm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.clock = clock;
        this.stale = Duration.ofSeconds(staleSeconds);
        this.startedAt = now();
    }

    OffsetDateTime startedAt() {
        return startedAt;
    }

    /** 409 while the first request with this key is still being written; the client should retry later. */
    public static final class InFlight extends Conflict {
        public InFlight() {
            super("error.requestKey.inFlight", RETRY_AFTER_SECONDS);
        }

        public int retryAfterSeconds() { return RETRY_AFTER_SECONDS; }
    }

    /** The right to write once for a key; {@link #NONE} for a write sent without a key (where one is optional). */
    public static final class Claim {
        public static final Claim NONE = new Claim(0, null, null, null);
        private final long villageId;
        private final String key;
        private final String token;
        /** Set for a claim made at commit ({@link #onceAtCommit}): the row is written DONE by {@link #complete}. */
        private final Payload atCommit;
        private boolean completed;

        private Claim(long villageId, String key, String token, Payload atCommit) {
            this.villageId = villageId;
            this.key = key;
            this.token = token;
            this.atCommit = atCommit;
        }
    }

    /**
     * Runs {@code write} once for the key: the write must call {@link #complete} with its result reference
     * inside its transaction. A replay returns {@code replay.apply(firstResultRef)}; a key of null runs the
     * write unguarded (for writes whose key is optional) — callers that require a key check it first with
     * {@link #required}.
     */
    public <T> T once(long villageId, String key, Payload payload, Function<String, Optional<T>> replay,
                      Function<Claim, T> write) {
        if (key == null) {
            return write.apply(Claim.NONE);
        }
        String hash = payload.hash();
        for (int attempt = 1; attempt <= 3; attempt++) {
            // the claim first (a new key is the common case: one statement); the row is read only when it exists
            String token = UUID.randomUUID().toString();
            int claimed = own.execute(s -> jdbc.sql("""
                    INSERT INTO request_key (village_id, request_key, operation, payload_hash, state, claim_token,
                                             claimed_at)
                    VALUES (:v, :k, :op, :h, 'IN_FLIGHT', :t, :at) ON CONFLICT DO NOTHING""")
                    .param("v", villageId).param("k", key).param("op", payload.operation()).param("h", hash)
                    .param("t", token).param("at", now()).update());
            if (claimed == 1) {
                return run(new Claim(villageId, key, token, null), write);
            }
            Optional<Row> row = row(villageId, key);
            if (row.isEmpty()) {
                continue;   // released by a failed twin a moment ago: claim again
            }
            Row r = row.get();
            refuseReuse(r, payload.operation(), hash);
            if ("DONE".equals(r.state())) {
                return replay.apply(r.resultRef()).orElseThrow(() -> new Conflict("error.requestKey.reused"));
            }
            if (r.claimedAt().plus(stale).isAfter(now()) && !r.claimedAt().isBefore(startedAt)) {
                throw new InFlight();
            }
            String fresh = UUID.randomUUID().toString();
            int taken = own.execute(s -> jdbc.sql("""
                    UPDATE request_key SET claim_token = :t, claimed_at = :at
                     WHERE village_id = :v AND request_key = :k AND claim_token = :old AND state = 'IN_FLIGHT'""")
                    .param("t", fresh).param("at", now()).param("v", villageId).param("k", key)
                    .param("old", r.token()).update());
            if (taken == 1) {
                return run(new Claim(villageId, key, fresh, null), write);
            }
        }
        throw new InFlight();
    }

    /**
     * The one-statement form, for a write that serializes its twins itself (a redemption takes the household's row
     * lock before anything else, and its ledger posting carries a key derived from this one): no claim before the
     * write; {@link #complete} inserts the row already DONE, inside the write's transaction. A twin sent while the
     * first is being written waits on the write's own locks and then finds the first result through the write's own
     * key (or fails on this table's primary key and is answered below). When the write is refused or fails, the row
     * is read once: a finished request with the same payload is replayed (so a repeat is answered with the first
     * result even when the window has closed or the stock has run out since), another payload or operation is
     * refused as reused, and a request still claimed the two-statement way is told to retry. A new key costs one
     * statement, where {@link #once} costs two.
     */
    public <T> T onceAtCommit(long villageId, String key, Payload payload, Function<String, Optional<T>> replay,
                              Function<Claim, T> write) {
        if (key == null) {
            return write.apply(Claim.NONE);
        }
        try {
            return write.apply(new Claim(villageId, key, UUID.randomUUID().toString(), payload));
        } catch (RuntimeException e) {
            Optional<Row> row = row(villageId, key);
            if (row.isEmpty()) {
                throw e;
            }
            Row r = row.get();
            refuseReuse(r, payload.operation(), payload.hash());
            if ("DONE".equals(r.state())) {
                return replay.apply(r.resultRef()).orElseThrow(() -> e);
            }
            throw new InFlight();
        }
    }

    /** A key already used for another operation or another payload is refused (a row without a hash has none). */
    private static void refuseReuse(Row r, String operation, String hash) {
        if (!r.operation().equals(operation) || (r.hash() != null && !r.hash().equals(hash))) {
            throw new Conflict("error.requestKey.reused");
        }
    }

    /** The key a write requires: cleaned, present, not too long. */
    public static String required(String raw, int maxLength, String messageKey) {
        String k = optional(raw, maxLength, messageKey);
        if (k == null) {
            throw InvalidInput.of("idempotencyKey", messageKey);
        }
        return k;
    }

    /** A key a write may be sent without: cleaned (blank is none), not too long. */
    public static String optional(String raw, int maxLength, String messageKey) {
        String k = Texts.clean(raw);
        if (k != null && k.length() > Math.min(maxLength, MAX_LENGTH)) {
            throw InvalidInput.of("idempotencyKey", messageKey);
        }
        return k;
    }

    private <T> T run(Claim claim, Function<Claim, T> write) {
        T result;
        try {
            result = write.apply(claim);
        } catch (RuntimeException | Error e) {
            release(claim);
            throw e;
        }
        if (!claim.completed) {
            release(claim);   // the write found its result elsewhere (a row from before request keys): keep nothing
        }
        return result;
    }

    /** Marks the claim done with the write's result; must run inside the write's transaction. */
    public void complete(Claim claim, Object resultRef) {
        if (claim.key == null) {
            return;
        }
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("a request key is completed inside the write's transaction");
        }
        if (claim.atCommit != null) {
            // a twin's row (committed or not) makes this INSERT fail on the primary key: the write rolls back
            jdbc.sql("""
                    INSERT INTO request_key (village_id, request_key, operation, payload_hash, state, claim_token,
                                             result_ref, claimed_at)
                    VALUES (:v, :k, :op, :h, 'DONE', :t, :r, :at)""")
                    .param("v", claim.villageId).param("k", claim.key).param("op", claim.atCommit.operation())
                    .param("h", claim.atCommit.hash()).param("t", claim.token).param("r", String.valueOf(resultRef))
                    .param("at", now()).update();
            claim.completed = true;
            return;
        }
        int done = jdbc.sql("""
                UPDATE request_key SET state = 'DONE', result_ref = :r
                 WHERE village_id = :v AND request_key = :k AND claim_token = :t AND state = 'IN_FLIGHT'""")
                .param("r", String.valueOf(resultRef)).param("v", claim.villageId).param("k", claim.key)
                .param("t", claim.token).update();
        if (done != 1) {
            throw new InFlight();   // the claim was taken over as stale: this write must not commit
        }
        claim.completed = true;
        TransactionSynchronizationManager.registerSynchronization(
                new TransactionSynchronization() {
                    @Override
                    public void afterCompletion(int status) {
                        if (status != STATUS_COMMITTED) {
                            claim.completed = false;
                        }
                    }
                });
    }

    private void release(Claim claim) {
        own.executeWithoutResult(s -> jdbc.sql("""
                DELETE FROM request_key WHERE village_id = :v AND request_key = :k AND claim_token = :t
                   AND state = 'IN_FLIGHT'""")
                .param("v", claim.villageId).param("k", claim.key).param("t", claim.token).update());
    }

    private record Row(String operation, String hash, String state, String token, String resultRef,
                       OffsetDateTime claimedAt) { }

    private Optional<Row> row(long villageId, String key) {
        return jdbc.sql("""
                SELECT operation, payload_hash, state, claim_token, result_ref, claimed_at FROM request_key
                 WHERE village_id = :v AND request_key = :k""")
                .param("v", villageId).param("k", key)
                .query((rs, i) -> new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class)))
                .optional();
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
