package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.InvalidInput;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * A checkpoint kept outside the database catches what no row inside it can: the whole village set back to
 * an older, consistent, sealed copy, or removed altogether. Each test tampers with its own village only.
 */
@IntegrationTest
class LedgerCheckpointTest extends Db {
    @Autowired Ledger ledger;
    @Autowired LedgerVerifier verifier;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;

    LedgerFixture f;
    Household h;

    @BeforeEach
    void village() {
        f = new LedgerFixture(orgUnits, households, 2);
        h = f.h(0);
        ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 30, "义务劳动", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.earn(f.v(), f.h(1).id(), 8, "门前三包", LedgerFixture.key()));
    }

    private String checkpoint() {
        VerifyReport r = verifier.verify(f.v());
        assertThat(r.intact()).as("%s", r).isTrue();
        return r.checkpoint();
    }

    private List<Map<String, Object>> rows(String table) {
        return jdbc.sql("SELECT * FROM " + table + " WHERE village_id = ?").param(f.v()).query().listOfRows();
    }

    /** Puts rows back as they were (an attacker restoring an old copy of the village's rows). */
    private void restore(String table, List<Map<String, Object>> rows, String... keyColumns) {
        for (Map<String, Object> row : rows) {
            StringBuilder sql = new StringBuilder("UPDATE " + table + " SET ");
            List<Object> values = new ArrayList<>();
            List<String> keys = List.of(keyColumns);
            row.forEach((c, v) -> {
                if (!keys.contains(c.toLowerCase(Locale.ROOT))) {
                    sql.append(values.isEmpty() ? "" : ", ").append(c).append(" = ?");
                    values.add(v);
                }
            });
            sql.append(" WHERE ").append(String.join(" AND ", keys.stream().map(k -> k + " = ?").toList()));
            for (String k : keys) {
                values.add(row.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(k)).findFirst().orElseThrow()
                        .getValue());
            }
            var spec = jdbc.sql(sql.toString());
            for (Object v : values) {
                spec = spec.param(v);
            }
            assertThat(spec.update()).isEqualTo(1);
        }
    }

    @Test
    void anIntactVillageGivesASealedCheckpointWithItsCountAndHead() {
        String c = checkpoint();
        assertThat(c).startsWith("JIFEN-CHECKPOINT 1 ").contains("\nV " + f.v() + " 2 ").containsPattern("\nSEAL [0-9a-f]{64}\n$");
    }

    @Test
    void aLedgerThatGrewAfterTheCheckpointVerifiesSinceIt() {
        String c = checkpoint();
        ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 4, "清扫", LedgerFixture.key()));

        VerifyReport r = verifier.verifySince(f.v(), c);
        assertThat(r.intact()).as("%s", r).isTrue();
        assertThat(r.checkpoint()).contains("\nV " + f.v() + " 3 ");
    }

    @Test
    void aVillageSetBackToAnOlderSealedCopyPassesPlainVerifyButNotVerifySince() {
        var accounts = rows("ledger_account");
        var head = rows("ledger_village");
        var totals = rows("ledger_period_total");
        Posting a = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 4, "清扫", LedgerFixture.key()));
        String later = checkpoint();
        jdbc.sql("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ?").param(f.v()).param(a.postingId()).update();
        restore("ledger_account", accounts, "village_id", "id");
        restore("ledger_village", head, "village_id");
        jdbc.sql("DELETE FROM ledger_period_total WHERE village_id = ?").param(f.v()).update();
        totals.forEach(row -> {
            var spec = jdbc.sql("INSERT INTO ledger_period_total (" + String.join(", ", row.keySet()) + ") VALUES ("
                    + String.join(", ", Collections.nCopies(row.size(), "?")) + ")");
            for (Object v : row.values()) {
                spec = spec.param(v);
            }
            spec.update();
        });

        assertThat(verifier.verify(f.v()).intact()).as("every row is an authentic older copy").isTrue();
        VerifyReport r = verifier.verifySince(f.v(), later);
        assertThat(r.intact()).isFalse();
        assertThat(r.brokenVillageId()).isEqualTo(f.v());
        assertThat(r.problem()).contains("检查点时村账本有 3 条记录，现在只有 2 条");
    }

    @Test
    void aVillageWhoseWholeLedgerWasDeletedIsNamedSinceTheCheckpoint() {
        String c = checkpoint();
        jdbc.sql("DELETE FROM ledger_entry WHERE village_id = ?").param(f.v()).update();
        jdbc.sql("DELETE FROM ledger_account WHERE village_id = ?").param(f.v()).update();
        jdbc.sql("DELETE FROM ledger_village WHERE village_id = ?").param(f.v()).update();
        jdbc.sql("DELETE FROM ledger_period_total WHERE village_id = ?").param(f.v()).update();

        assertThat(verifier.verify(f.v()).intact()).as("an empty village looks like one that never posted").isTrue();
        VerifyReport r = verifier.verifySince(f.v(), c);
        assertThat(r.intact()).isFalse();
        assertThat(r.problem()).contains("检查点时村账本有 2 条记录，现在一条也没有");
    }

    @Test
    void anEditedCheckpointIsRefusedWithAMessageSayingWhy() {
        String c = checkpoint().replace("\nV " + f.v() + " 2 ", "\nV " + f.v() + " 1 ");

        assertThatThrownBy(() -> verifier.verifySince(f.v(), c)).isInstanceOfSatisfying(InvalidInput.class,
                e -> assertThat(e.problems().get(0).args()[0].toString()).contains("封印不符"));
        assertThatThrownBy(() -> verifier.verifySince(f.v(), "hello")).isInstanceOf(InvalidInput.class);
    }

    // ---- the API ----

    private String townAdmin() throws Exception {
        return "Bearer " + EmptyPassbookTest.token(mvc, "demo-town", "demo-town");
    }

    @Test
    void theApiGivesTheCheckpointAndVerifiesSinceAPostedOne() throws Exception {
        String s = townAdmin();
        MvcResult got = mvc.perform(get("/api/v1/ledger/verify").param("village", f.village.code()).header("Authorization", s)).andReturn();
        assertThat(got.getResponse().getStatus()).isEqualTo(200);
        String json = got.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(json).contains("\"intact\":true").contains("JIFEN-CHECKPOINT 1");
        String c = JsonPath.read(json, "$.checkpoint");

        MvcResult since = mvc.perform(post("/api/v1/ledger/verify").param("village", f.village.code()).header("Authorization", s)
                .contentType("text/plain;charset=UTF-8").content(c)).andReturn();
        assertThat(since.getResponse().getStatus()).isEqualTo(200);
        assertThat(since.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("\"intact\":true");

        MvcResult bad = mvc.perform(post("/api/v1/ledger/verify").param("village", f.village.code()).header("Authorization", s)
                .contentType("text/plain;charset=UTF-8").content("JIFEN-CHECKPOINT 1 garbage")).andReturn();
        assertThat(bad.getResponse().getStatus()).isEqualTo(422);
        assertThat(bad.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("检查点");
    }

    @Test
    void theApiNamesADeletedSystemLegInsteadOfAnswering500() throws Exception {
        Posting p = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 4, "清扫", LedgerFixture.key()));
        jdbc.sql("DELETE FROM ledger_entry WHERE village_id = ? AND posting_id = ? AND leg_no = 1").param(f.v())
                .param(p.postingId()).update();

        MvcResult r = mvc.perform(get("/api/v1/ledger/verify").param("village", f.village.code()).header("Authorization", townAdmin()))
                .andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("\"intact\":false")
                .contains(p.postingId().toString()).contains("缺少系统账户分录");
    }
    // ---- the page ----

    @Test
    void theVerifyPageShowsTheCheckpointAndVerifiesAPastedOne() throws Exception {
        MvcResult login = mvc.perform(post("/login").with(SecurityMockMvcRequestPostProcessors.csrf()).param("username", "demo-town").param("password", "demo-town"))
                .andReturn();
        var session = (MockHttpSession) login.getRequest().getSession(false);
        String page = mvc.perform(get("/console/ledger/verify").param("village", f.village.code()).session(session))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(page).contains("id=\"checkpoint\"").contains("JIFEN-CHECKPOINT 1");
        String c = checkpoint();

        String ok = mvc.perform(post("/console/ledger/verify").param("village", f.village.code()).param("since", c)
                .session(session).with(SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(ok).contains("账本完好").contains("id=\"since-ok\"");
        String bad = mvc.perform(post("/console/ledger/verify").param("village", f.village.code()).param("since", "乱写的")
                .session(session).with(SecurityMockMvcRequestPostProcessors.csrf()))
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(bad).contains("id=\"since-error\"").contains("检查点无法使用");
    }
}
