package cn.jifen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.MarketFixture;
import cn.jifen.market.Product;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.support.RowTimes;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/**
 * Every query of a village's hot paths routes to one shard (docs/citus.md, "查询怎样找到分片"). The paths run through
 * the HTTP API and pages as a village's people use them, in database sessions where Citus's own switch
 * {@code citus.multi_task_query_log_level} is {@code error}: a statement that would run on more than one shard fails
 * there, so the request answers 500 and the test fails naming it. Only this test's own thread gets such sessions
 * ({@link SingleShardSessions}); setting up the village and the asynchronous listeners run as usual.
 *
 * <p>Tagged citus-only: only a cluster has shards (pom.xml leaves it out of the H2 and PostgreSQL runs).
 */
@IntegrationTest
@Tag("citus-only")
@Import(CitusRoutingTest.SingleShardSessions.Config.class)
class CitusRoutingTest extends Db {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final String PASSWORD = "Routed-pass-2026";

    @Autowired MockMvc mvc;
    @Autowired JdbcClient jdbc;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Supermarkets supermarkets;
    @Autowired Goods goods;
    @Autowired Funds funds;
    @Autowired RedemptionWindows windows;
    @Autowired Ledger ledger;

    private MarketFixture f;
    private String villageAdmin;
    private String gridWorker;

    /**
     * The test's connections: each one taken from the pool while {@link #ROUTED} is set on the taking thread gets
     * {@code SET citus.multi_task_query_log_level = error}, every other one the database's setting back.
     */
    static final class SingleShardSessions extends DelegatingDataSource {
        static final ThreadLocal<Boolean> ROUTED = ThreadLocal.withInitial(() -> false);

        SingleShardSessions(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            return level(super.getConnection());
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return level(super.getConnection(username, password));
        }

        private static Connection level(Connection c) throws SQLException {
            try (Statement s = c.createStatement()) {
                s.execute(ROUTED.get() ? "SET citus.multi_task_query_log_level = 'error'"
                        : "RESET citus.multi_task_query_log_level");
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return c;
        }

        @TestConfiguration(proxyBeanMethods = false)
        static class Config {
            @Bean
            static BeanPostProcessor singleShardSessions() {
                return new BeanPostProcessor() {
                    @Override
                    public Object postProcessAfterInitialization(Object bean, String name) {
                        return bean instanceof DataSource ds && "dataSource".equals(name)
                                && !(bean instanceof SingleShardSessions) ? new SingleShardSessions(ds) : bean;
                    }
                };
            }
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    /** Runs a step in single-shard sessions. */
    private static void routed(Step step) throws Exception {
        SingleShardSessions.ROUTED.set(true);
        try {
            step.run();
        } finally {
            SingleShardSessions.ROUTED.set(false);
        }
    }

    @BeforeEach
    void village() {
        f = new MarketFixture(new MarketFixture.Beans(orgUnits, households, users, supermarkets, goods, funds, windows,
                ledger), 2);
        users.createUnchecked("ra" + f.village.code(), "村管理员", PASSWORD, Role.VILLAGE_ADMIN, f.v(), null, null, false);
        villageAdmin = "ra" + f.village.code();
        OrgUnit grid = orgUnits.byId(f.h(0).gridId());
        users.createUnchecked("rg" + f.village.code(), "网格员", PASSWORD, Role.GRID_WORKER, grid.id(), null, null, false);
        gridWorker = "rg" + f.village.code();
    }

    // ------------------------------------------------------------------ HTTP

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private MvcResult expect(int status, MockHttpServletRequestBuilder b) throws Exception {
        MvcResult r = mvc.perform(b).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getRequest().getMethod() + " " + r.getRequest().getRequestURI()
                + " → " + body(r)).isEqualTo(status);
        return r;
    }

    private String token(String username, String password) throws Exception {
        return JsonPath.read(body(expect(201, post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}"))), "$.token");
    }

    private MockHttpServletRequestBuilder api(MockHttpServletRequestBuilder b, String token, String json) {
        b.header("Authorization", "Bearer " + token);
        if (json != null) {
            b.contentType(MediaType.APPLICATION_JSON).content(json.getBytes(StandardCharsets.UTF_8));
        }
        return b;
    }

    private MockHttpSession login(String username, String password) throws Exception {
        MvcResult r = expect(302, post("/login").with(csrf()).param("username", username).param("password", password));
        assertThat(r.getResponse().getRedirectedUrl()).doesNotContain("error");
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    // ------------------------------------------------------------------ the switch itself

    @Test
    void aQueryOverEveryShardFailsInTheTestsSessions() {
        assertThatThrownBy(() -> routed(() -> jdbc.sql("SELECT COUNT(*) FROM household").query(Long.class).single()))
                .hasMessageContaining("multi-task query");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v").param("v", f.v())
                .query(Long.class).single()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ the hot paths

    @Test
    void aClaimIsRecordedReviewedAndPostedOnTheVillagesShardAlone() throws Exception {
        String today = LocalDate.now(ZONE).toString();
        String[] claim = new String[1];
        routed(() -> {
            String grid = token(gridWorker, PASSWORD);
            MvcResult recorded = expect(201, api(post("/api/v1/claims"), grid, "{\"passbookNumber\":\"" + f.number(0)
                    + "\",\"itemCode\":\"WM01\",\"points\":20,\"occurredOn\":\"" + today + "\",\"note\":\"红事简办\"}"));
            claim[0] = "/api/v1/claims/" + f.v() + "/" + JsonPath.read(body(recorded), "$.id");
            String admin = token(villageAdmin, PASSWORD);
            expect(200, api(get("/api/v1/claims?village=" + f.village.code() + "&status=RECORDED"), admin, null));
            MvcResult approved = expect(200, api(post(claim[0] + "/approve"), admin, "{\"points\":20,\"reason\":\"核实\"}"));
            assertThat((String) JsonPath.read(body(approved), "$.status")).isEqualTo("IN_PUBLICITY");
        });
        long id = Long.parseLong(claim[0].substring(claim[0].lastIndexOf('/') + 1));
        RowTimes.moveBack(jdbc, "claim", "publicity_ends_at", f.v(), id, 30);
        routed(() -> {
            String admin = token(villageAdmin, PASSWORD);
            MvcResult run = expect(200, api(post("/api/v1/points-runs/post-due"), admin,
                    "{\"orgUnit\":\"" + f.village.code() + "\"}"));
            assertThat((Integer) JsonPath.read(body(run), "$.posted")).isEqualTo(1);
            assertThat((String) JsonPath.read(body(expect(200, api(get(claim[0]), admin, null))), "$.claim.status"))
                    .isEqualTo("POSTED");
        });
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(20);
    }

    @Test
    void aCounterFindsThePassbookAndRedeemsOnTheVillagesShardAlone() throws Exception {
        f.earn(0, 100);
        Product soap = f.product("香皂", 8, 10, null);
        String sm = "/api/v1/supermarkets/" + f.v() + "/" + f.supermarketId;
        routed(() -> {
            String keeper = token(f.keeper.username(), "Keeper-pass-2026");
            MvcResult found = expect(200, api(get(sm + "/passbooks/" + f.number(0)), keeper, null));
            assertThat((Integer) JsonPath.read(body(found), "$.available")).isEqualTo(100);
            MvcResult redeemed = expect(201, api(post(sm + "/redemptions"), keeper, "{\"passbookNumber\":\"" + f.number(0)
                    + "\",\"items\":[{\"productId\":" + soap.id() + ",\"quantity\":2}]}")
                    .header("Idempotency-Key", UUID.randomUUID().toString()));
            assertThat((Integer) JsonPath.read(body(redeemed), "$.balanceAfter")).isEqualTo(84);
            expect(200, api(get("/api/v1/redemptions/" + f.v() + "/" + JsonPath.read(body(redeemed), "$.id")), keeper,
                    null));
        });
        assertThat(f.stock(soap.id())).isEqualTo(8);
    }

    @Test
    void aHouseholdsStatementAndPassbookOpenOnTheVillagesShardAlone() throws Exception {
        f.earn(0, 30);
        Household h = f.h(0);
        users.createVillager(Actors.of(Role.VILLAGE_ADMIN, f.village), f.v(), h.id(), PASSWORD);
        jdbc.sql("UPDATE app_user SET must_change_password = FALSE WHERE username = ?").param(h.passbookNumber()).update();
        routed(() -> {
            String admin = token(villageAdmin, PASSWORD);
            String base = "/api/v1/households/" + f.v() + "/" + h.id();
            MvcResult statement = expect(200, api(get(base + "/statement"), admin, null));
            assertThat((Integer) JsonPath.read(body(statement), "$.available")).isEqualTo(30);
            expect(200, api(get(base + "/balance"), admin, null));
            expect(200, api(get("/api/v1/passbooks/" + h.passbookNumber()), admin, null));
            String villager = token(h.passbookNumber(), PASSWORD);
            assertThat((String) JsonPath.read(body(expect(200, api(get("/api/v1/me/household"), villager, null))),
                    "$.passbookNumber")).isEqualTo(h.passbookNumber());
            MockHttpSession session = login(h.passbookNumber(), PASSWORD);
            assertThat(body(expect(200, get("/me/passbook").session(session)))).contains(h.passbookNumber());
        });
    }

    @Test
    void theBoardByVillageCodeIsBuiltOnTheVillagesShardAlone() throws Exception {
        f.earn(0, 40);
        routed(() -> {
            MvcResult board = expect(200, get("/api/v1/public/boards/" + f.village.code()));
            assertThat(body(board)).contains(f.village.name());
            expect(200, get("/board/" + f.village.code()));
        });
    }

    @Test
    void aCertificateIsIssuedAndVerifiedByItsCodeOnTheVillagesShardAlone() throws Exception {
        f.earn(0, 50);
        routed(() -> {
            String admin = token(villageAdmin, PASSWORD);
            LocalDate today = LocalDate.now(ZONE);
            MvcResult issued = expect(201, api(post("/api/v1/certificates"), admin, "{\"passbookNumber\":\""
                    + f.number(0) + "\",\"purpose\":\"PARTY_APPLICATION\",\"from\":\"" + today.withDayOfYear(1)
                    + "\",\"to\":\"" + today + "\"}"));
            String code = JsonPath.read(body(issued), "$.code");
            MvcResult verified = expect(200, get("/api/v1/public/verify/" + code));
            assertThat((String) JsonPath.read(body(verified), "$.serial"))
                    .isEqualTo(JsonPath.read(body(issued), "$.serial"));
            expect(200, get("/verify/" + code));
        });
    }
}
