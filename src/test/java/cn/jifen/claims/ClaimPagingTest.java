package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.RequestBuilder;

/**
 * The claim list pages through everything (issue #12): a page of {@code items} with the {@code total}
 * counted in the database, no silent cut-off, sizes out of range refused, scope applied to the total.
 */
@IntegrationTest
class ClaimPagingTest extends Db {
    private static final Map<String, String> TOKENS = new ConcurrentHashMap<>();

    @Autowired MockMvc mvc;
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired Activities activities;

    ClaimFixture f;
    RuleItem item;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 3);
        item = f.item().create();
    }

    private List<Long> record(int count, int household) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(household).id(), null, item.code(), 10,
                    f.today, null, "分页测试" + i, false)).id());
        }
        return ids;
    }

    private String countyAdmin() {
        return TOKENS.computeIfAbsent("demo-admin", l -> {
            MvcResult r = perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                    .content("{\"username\":\"" + l + "\",\"password\":\"" + l + "\"}"));
            assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
            return JsonPath.read(body(r), "$.token");
        });
    }

    private MvcResult list(String query) {
        return perform(get("/api/v1/claims?village=" + f.village.code() + query)
                .header("Authorization", "Bearer " + countyAdmin()));
    }

    private MvcResult perform(RequestBuilder b) {
        try {
            return mvc.perform(b).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String body(MvcResult r) {
        try {
            return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static long number(MvcResult r, String path) {
        return ((Number) JsonPath.read(body(r), path)).longValue();
    }

    @Test
    void aListLongerThanOnePageWalksThroughEveryRowExactlyOnceWithTheTotal() {
        List<Long> recorded = record(120, 0);
        List<Long> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        for (int page = 0; page < 3; page++) {
            MvcResult r = list("&size=50&page=" + page);
            assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
            assertThat(number(r, "$.total")).isEqualTo(120);
            assertThat(number(r, "$.page")).isEqualTo(page);
            assertThat(number(r, "$.size")).isEqualTo(50);
            List<Number> ids = JsonPath.read(body(r), "$.items[*].id");
            sizes.add(ids.size());
            ids.forEach(id -> seen.add(id.longValue()));
        }
        assertThat(sizes).containsExactly(50, 50, 20);
        assertThat(seen).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(recorded);
        assertThat(seen).as("newest first").isSortedAccordingTo(Comparator.reverseOrder());
    }

    @Test
    void withoutPageAndSizeTheFirstFiftyComeWithTheTotal() {
        record(60, 0);
        MvcResult r = list("");
        assertThat(number(r, "$.page")).isZero();
        assertThat(number(r, "$.size")).isEqualTo(50);
        assertThat(number(r, "$.total")).isEqualTo(60);
        assertThat((List<?>) JsonPath.read(body(r), "$.items")).hasSize(50);
    }

    @Test
    void aPageBeyondTheEndIsEmptyWithTheRightTotal() {
        record(7, 0);
        MvcResult r = list("&size=5&page=4");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        assertThat((List<?>) JsonPath.read(body(r), "$.items")).isEmpty();
        assertThat(number(r, "$.total")).isEqualTo(7);
    }

    @Test
    void anEmptyListSaysTotalZero() {
        MvcResult r = list("");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        assertThat((List<?>) JsonPath.read(body(r), "$.items")).isEmpty();
        assertThat(number(r, "$.total")).isZero();
    }

    @Test
    void aSizeOverTheMaximumIsRefusedWithAChineseMessageNamingIt() {
        MvcResult r = list("&size=501");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((String) JsonPath.read(body(r), "$.fields[0].field")).isEqualTo("size");
        assertThat((String) JsonPath.read(body(r), "$.detail")).contains("每页条数").contains("500");
        assertThat(list("&size=500").getResponse().getStatus()).as("the maximum itself is fine").isEqualTo(200);
        MvcResult negative = list("&page=-1");
        assertThat(negative.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) JsonPath.read(body(negative), "$.detail")).contains("页码");
    }

    @Test
    void theFiltersStillApplyAndTheTotalCountsOnlyWhatTheyKeep() {
        List<Long> ids = record(4, 0);
        claims.reject(f.admin1, f.v(), ids.get(0), "核实无此事");
        MvcResult r = list("&status=REJECTED");
        assertThat(number(r, "$.total")).isEqualTo(1);
        assertThat((List<Number>) JsonPath.read(body(r), "$.items[*].id")).extracting(Number::longValue)
                .containsExactly(ids.get(0));
        assertThat(number(list("&status=RECORDED"), "$.total")).isEqualTo(3);
    }

    @Test
    void aGridWorkersTotalCountsOnlyItsGrid() {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        OrgUnit otherGrid = orgUnits.create(Actors.of(Role.COUNTY_ADMIN, county), f.village.code(), Actors.code("G"),
                "二网格", null);
        Household elsewhere = households.create(Actors.of(Role.COUNTY_ADMIN, county), f.village.code(),
                new HouseholdDraft("9001", otherGrid.code(), "二组1号", false,
                        List.of(new ResidentDraft("户主", "户主", "男", "1960", null, null, false, null, false))));
        record(3, 0);
        for (int i = 0; i < 5; i++) {
            claims.record(f.admin1, new ClaimDraft(f.v(), elsewhere.id(), null, item.code(), 10, f.today, null,
                    "二网格" + i, false));
        }

        var ownGrid = claims.list(f.gridWorker, f.village.code(), null, Paging.first(2));
        assertThat(ownGrid.total()).isEqualTo(3);
        assertThat(ownGrid.items()).hasSize(2).allSatisfy(c -> assertThat(c.householdId()).isNotEqualTo(elsewhere.id()));
        assertThat(claims.list(f.admin1, f.village.code(), null, Paging.first(2)).total()).isEqualTo(8);
    }

    @Test
    void aVillageAdminsTotalCountsOnlyItsVillageAndAnotherVillageIsNotFound() {
        record(4, 0);
        ClaimFixture other = new ClaimFixture(orgUnits, households, catalogue, 1);
        assertThat(claims.list(other.admin1, other.village.code(), null, Paging.first(50)).total()).isZero();
        assertThatThrownBy(() -> claims.list(other.admin1, f.village.code(), null, Paging.first(50)))
                .isInstanceOf(NotFound.class);

        // through the API: the demo village admin's total is its own village's count, not the county's
        String token = TOKENS.computeIfAbsent("demo-village", l -> JsonPath.read(body(perform(post("/api/v1/tokens")
                .contentType(MediaType.APPLICATION_JSON).content("{\"username\":\"" + l + "\",\"password\":\"" + l + "\"}"))),
                "$.token"));
        MvcResult own = perform(get("/api/v1/claims?village=441821100201&size=1").header("Authorization", "Bearer " + token));
        long inVillage = jdbc.sql("SELECT COUNT(*) FROM claim c JOIN org_unit v ON v.id = c.village_id WHERE v.code = '441821100201'")
                .query(Long.class).single();
        assertThat(number(own, "$.total")).isEqualTo(inVillage);
        assertThat(perform(get("/api/v1/claims?village=" + f.village.code()).header("Authorization", "Bearer " + token))
                .getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void theActivitiesPageHasPageLinksInsteadOfCuttingTheList() throws Exception {
        LocalDateTime start = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusDays(1);
        for (int i = 0; i < 51; i++) {
            activities.publish(f.admin1, f.village.code(), "活动" + i, "村委会", start.minusMinutes(i), item.code(), 10, 5);
        }
        MvcResult login = mvc.perform(post("/login").with(csrf()).param("username", "demo-admin")
                .param("password", "demo-admin")).andReturn();
        MockHttpSession session =
                (MockHttpSession) login.getRequest().getSession(false);

        String first = body(perform(get("/console/activities?village=" + f.village.code()).session(session)));
        assertThat(first).contains("活动0").doesNotContain("活动50<").contains("下一页").contains("共 51 条");
        String second = body(perform(get("/console/activities?village=" + f.village.code() + "&page=1").session(session)));
        assertThat(second).contains("活动50<").doesNotContain("活动0<").contains("上一页");
    }
}
