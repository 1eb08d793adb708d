package cn.jifen.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;


/** The request-key component itself: canonical payloads, a failed write frees its key, a dead claim is taken over. */
@IntegrationTest
class RequestKeysTest extends Db {
    @Autowired RequestKeys keys;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;

    private static final long VILLAGE = 987_654_321L;   // scope only: request_key has no foreign key

    private String write(String key, Payload payload, AtomicInteger writes, String result) {
        return keys.once(VILLAGE, key, payload, ref -> Optional.of("replay:" + ref), claim -> tx.execute(s -> {
            writes.incrementAndGet();
            keys.complete(claim, result);
            return result;
        }));
    }

    /** An IN_FLIGHT claim of payload "t" as another process would have left it. */
    private void claimLeftBehind(String key, String token, OffsetDateTime at) {
        jdbc.sql("""
                INSERT INTO request_key (village_id, request_key, operation, payload_hash, state, claim_token, claimed_at)
                VALUES (:v, :k, 't', :h, 'IN_FLIGHT', :token, :at)""").param("v", VILLAGE).param("k", key)
                .param("h", Payload.of("t").hash()).param("token", token).param("at", at).update();
    }

    @Test
    void thePayloadIsCanonicalNotItsFormatting() {
        Map<Long, Integer> basket = new LinkedHashMap<>();
        basket.put(2L, 1);
        basket.put(1L, 3);
        Payload a = Payload.of("op").with("amount", new BigDecimal("1.50")).with("note", " 镇补助 ").with("basket", basket);
        Payload b = Payload.of("op").with("basket", Map.of(1L, 3, 2L, 1)).with("note", "镇补助")
                .with("amount", new BigDecimal("1.5"));
        assertThat(a.hash()).isEqualTo(b.hash());
        assertThat(Payload.of("op").with("note", "").hash()).isEqualTo(Payload.of("op").with("note", null).hash());
        assertThat(Payload.of("op").with("a", "1").hash()).isNotEqualTo(Payload.of("other").with("a", "1").hash());
        assertThat(Payload.of("op").with("a", "b;c").with("d", null).hash())
                .isNotEqualTo(Payload.of("op").with("a", "b").with("c;d", null).hash());
        assertThat(Payload.of("op").with("l", List.of(1, 2)).hash()).isNotEqualTo(Payload.of("op").with("l", List.of(2, 1)).hash());
    }

    @Test
    void aReplayReadsTheFirstResultWithoutWritingAgain() {
        AtomicInteger writes = new AtomicInteger();
        String key = UUID.randomUUID().toString();
        assertThat(write(key, Payload.of("t").with("x", 1), writes, "r1")).isEqualTo("r1");
        assertThat(write(key, Payload.of("t").with("x", 1), writes, "r2")).isEqualTo("replay:r1");
        assertThatThrownBy(() -> write(key, Payload.of("t").with("x", 2), writes, "r3"))
                .isInstanceOf(Conflict.class).hasMessage("error.requestKey.reused");
        assertThat(writes).hasValue(1);
    }

    @Test
    void aWriteThatFailsFreesItsKeySoTheRequestCanBeSentAgain() {
        String key = UUID.randomUUID().toString();
        assertThatThrownBy(() -> keys.once(VILLAGE, key, Payload.of("t"), ref -> Optional.of(ref), claim -> tx.execute(s -> {
            keys.complete(claim, "lost");
            throw new Conflict("error.ledger.insufficient", 0, 1);
        }))).hasMessage("error.ledger.insufficient");
        AtomicInteger writes = new AtomicInteger();
        assertThat(write(key, Payload.of("t"), writes, "r1")).isEqualTo("r1");
        assertThat(writes).hasValue(1);
    }

    @Test
    void aClaimLeftByADeadProcessIsTakenOverOnceItIsStale() {
        String key = UUID.randomUUID().toString();
        claimLeftBehind(key, "dead", OffsetDateTime.now().minusHours(1));
        AtomicInteger writes = new AtomicInteger();
        assertThat(write(key, Payload.of("t"), writes, "r1")).isEqualTo("r1");
        assertThat(write(key, Payload.of("t"), writes, "r2")).isEqualTo("replay:r1");
        assertThat(writes).hasValue(1);
    }

    @Test
    void aClaimMadeBeforeThisInstanceStartedIsTakenOverAtOnce() {
        // kill -9 and restart: the client's retry must not wait out the stale period behind a dead claim
        String key = UUID.randomUUID().toString();
        claimLeftBehind(key, "before-restart", keys.startedAt().minusSeconds(1));
        AtomicInteger writes = new AtomicInteger();
        assertThat(write(key, Payload.of("t"), writes, "r1")).isEqualTo("r1");
        assertThat(writes).hasValue(1);
    }

    @Test
    void aFreshClaimIsInFlight() {
        String key = UUID.randomUUID().toString();
        claimLeftBehind(key, "alive", OffsetDateTime.now());
        AtomicInteger writes = new AtomicInteger();
        assertThatThrownBy(() -> write(key, Payload.of("t"), writes, "r1")).isInstanceOf(RequestKeys.InFlight.class);
        assertThat(writes).hasValue(0);
    }
}
