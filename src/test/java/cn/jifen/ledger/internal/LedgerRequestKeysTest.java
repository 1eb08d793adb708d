package cn.jifen.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerFixture;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.RequestKeys;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Ledger postings a client asks for with an Idempotency-Key (awards, deductions, corrections), under the one
 * request-key rule: 201 then 200 with the first posting for a replay, 409 "used for a different request" for
 * another payload, 409 with Retry-After while the first is still being written, one posting for concurrent twins.
 */
@IntegrationTest
class LedgerRequestKeysTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired ClientPostings clientPostings;
    @Autowired JdbcClient jdbc;

    private LedgerFixture f;
    private String token;

    private void setUp() throws Exception {
        f = new LedgerFixture(orgUnits, households, 1);
        String username = "keysadm" + f.village.code();
        users.createUnchecked(username, "村管理员", "Admin-pass-2026", Role.VILLAGE_ADMIN, f.v(), null, null, false);
        MvcResult r = mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"Admin-pass-2026\"}")).andReturn();
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        token = JsonPath.read(body(r), "$.token");
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private MvcResult post(String json, String key) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/api/v1/households/" + f.v() + "/" + f.h(0).id() + "/postings")
                .header("Authorization", "Bearer " + token).header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON).content(json.getBytes(StandardCharsets.UTF_8))).andReturn();
    }

    private long postings() {
        return jdbc.sql("SELECT COUNT(*) FROM ledger_entry WHERE village_id = :v AND household_id = :h")
                .param("v", f.v()).param("h", f.h(0).id()).query(Long.class).single();
    }

    private void stillInFlight(String key) {
        assertThat(jdbc.sql("UPDATE request_key SET state = 'IN_FLIGHT', result_ref = NULL, claimed_at = CURRENT_TIMESTAMP"
                + " WHERE village_id = :v AND request_key = :k").param("v", f.v()).param("k", key).update()).isEqualTo(1);
    }

    @Test
    void anAwardReplayedWithItsKeyAnswers200WithTheFirstPosting() throws Exception {
        setUp();
        MvcResult first = post("{\"kind\":\"EARN\",\"points\":10,\"itemLabel\":\"卫生评比\"}", "award-1");
        MvcResult again = post("{ \"itemLabel\": \"卫生评比 \", \"points\": 10, \"kind\": \"earn\" }", "award-1");
        assertThat(first.getResponse().getStatus()).as(body(first)).isEqualTo(201);
        assertThat(again.getResponse().getStatus()).as(body(again)).isEqualTo(200);
        assertThat((String) JsonPath.read(body(again), "$.postingId")).isEqualTo(JsonPath.read(body(first), "$.postingId"));
        assertThat((Boolean) JsonPath.read(body(again), "$.replayed")).isTrue();
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(10);
    }

    @Test
    void anAwardKeyReusedForOtherPointsIsRefusedWith409AndNothingIsPosted() throws Exception {
        setUp();
        post("{\"kind\":\"EARN\",\"points\":10}", "award-2");
        long before = postings();
        MvcResult other = post("{\"kind\":\"EARN\",\"points\":50}", "award-2");
        MvcResult deduct = post("{\"kind\":\"DEDUCT\",\"points\":10}", "award-2");
        assertThat(other.getResponse().getStatus()).isEqualTo(409);
        assertThat((String) JsonPath.read(body(other), "$.detail")).contains("已用于另一笔内容不同的请求");
        assertThat(deduct.getResponse().getStatus()).isEqualTo(409);
        assertThat(postings()).isEqualTo(before);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(10);
    }

    @Test
    void anAwardWhoseFirstRequestIsStillBeingWrittenIsRefusedWith409AndRetryAfter() throws Exception {
        setUp();
        post("{\"kind\":\"EARN\",\"points\":10}", "award-3");
        stillInFlight("award-3");
        long before = postings();
        MvcResult twin = post("{\"kind\":\"EARN\",\"points\":10}", "award-3");
        assertThat(twin.getResponse().getStatus()).isEqualTo(409);
        assertThat(twin.getResponse().getHeader("Retry-After")).isEqualTo(String.valueOf(RequestKeys.RETRY_AFTER_SECONDS));
        assertThat((String) JsonPath.read(body(twin), "$.detail")).contains("还在办理中").contains("秒后");
        assertThat(postings()).isEqualTo(before);
    }

    @Test
    void aCorrectionReplayedAnswersTheFirstAndOneWithAnotherReasonIsRefused() throws Exception {
        setUp();
        MvcResult award = post("{\"kind\":\"EARN\",\"points\":10}", "award-4");
        String id = JsonPath.read(body(award), "$.postingId");
        String correction = "{\"kind\":\"CORRECT\",\"reversesPostingId\":\"" + id + "\",\"reason\":\"记错户\"}";
        MvcResult first = post(correction, "fix-4");
        MvcResult again = post(correction, "fix-4");
        MvcResult other = post("{\"kind\":\"CORRECT\",\"reversesPostingId\":\"" + id + "\",\"reason\":\"别的原因\"}", "fix-4");
        assertThat(first.getResponse().getStatus()).as(body(first)).isEqualTo(201);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat(other.getResponse().getStatus()).isEqualTo(409);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isZero();
    }

    @Test
    void theCorrectionFormsOneTimeKeyFollowsTheSameRule() throws Exception {
        setUp();
        Posting award = clientPostings.post(f.admin, PostingRequest.earn(f.v(), f.h(0).id(), 10, "卫生评比", "form-a"));
        String formKey = LedgerFixture.key() + "-" + award.postingId();
        Posting first = clientPostings.post(f.admin, PostingRequest.reversal(f.v(), f.h(0).id(), PostingKind.CORRECT,
                award.postingId(), "记错户", formKey));
        Posting again = clientPostings.post(f.admin, PostingRequest.reversal(f.v(), f.h(0).id(), PostingKind.CORRECT,
                award.postingId(), "记错户", formKey));
        assertThat(again.postingId()).isEqualTo(first.postingId());
        assertThat(again.replayed()).isTrue();
        assertThatThrownBy(() -> clientPostings.post(f.admin, PostingRequest.earn(f.v(), f.h(0).id(), 5, "别的", formKey)))
                .isInstanceOf(Conflict.class).hasMessage("error.requestKey.reused");
        stillInFlight(formKey);
        assertThatThrownBy(() -> clientPostings.post(f.admin, PostingRequest.reversal(f.v(), f.h(0).id(),
                PostingKind.CORRECT, award.postingId(), "记错户", formKey))).isInstanceOf(RequestKeys.InFlight.class);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isZero();
    }

    @Test
    void concurrentAwardsWithOneKeyPostOnce() throws Exception {
        setUp();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Object> outcomes = new ArrayList<>();
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return clientPostings.post(f.admin, PostingRequest.earn(f.v(), f.h(0).id(), 10, "卫生评比", key));
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            for (Future<Object> fu : futures) {
                outcomes.add(fu.get(120, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(outcomes).allMatch(o -> o instanceof Posting || o instanceof RequestKeys.InFlight);
        assertThat(outcomes.stream().filter(o -> o instanceof Posting p && !p.replayed())).hasSize(1);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(10);
        assertThat(postings()).isEqualTo(1);
    }
}
