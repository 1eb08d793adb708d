package cn.jifen.claims;

import cn.jifen.claims.internal.ClaimPages;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.ui.ExtendedModelMap;

/** Regression tests for defects found in review of the claims module: each states the expected behaviour. */
@IntegrationTest
class ClaimsReviewTest extends Db {
    @Autowired Claims claims;
    @Autowired Users users;
    @Autowired Activities activities;
    @Autowired PointsPolicy policy;
    @Autowired ClaimPages pages;
    @Autowired ResponsibilityPosts posts;
    @Autowired Ledger ledger;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;
    @Autowired MockMvc mvc;

    ClaimFixture f;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 3);
    }

    private Claim record(Actor actor, RuleItem item, int household, Integer points, Long resident) {
        return claims.record(actor, new ClaimDraft(f.v(), f.h(household).id(), null, item.code(), points, f.today,
                resident, "测试记录", false));
    }

    private long claimsOf(int household) {
        return jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v AND household_id = :h")
                .param("v", f.v()).param("h", f.h(household).id()).query(Long.class).single();
    }

    // ------------------------------------------------------------ caps

    /** Claims.approveLocked: the approver's points are checked against the range only, not the period's cap. */
    @Test
    void approvingWithMorePointsCannotExceedTheHouseholdCap() {
        RuleItem capped = f.item().points(5, 20).householdCap(25).create();
        record(f.gridWorker, capped, 0, 15, null);
        Claim second = record(f.gridWorker, capped, 0, 10, null); // 15 + 10 = 25: at the cap
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), second.id(), 20, "核实"))
                .isInstanceOf(InvalidInput.class).hasMessage("error.claims.householdCap");
    }

    /** Claims.checkUnitAndCaps: the resident cap applies only when a resident is named, so leaving it out bypasses it. */
    @Test
    void anItemWithAResidentCapNeedsTheResidentNamed() {
        RuleItem capped = f.item().points(5, 20).residentCap(20).create();
        assertThatThrownBy(() -> record(f.gridWorker, capped, 0, 20, null)).isInstanceOf(InvalidInput.class);
    }

    // ------------------------------------------------------------ maker-checker

    /** Claims.decideObjection: no maker-checker check, so the recorder decides objections to their own claim. */
    @Test
    void theRecorderCannotDismissAnObjectionToTheirOwnClaim() {
        Claim c = record(f.admin1, f.item().create(), 0, 10, null);
        claims.approve(f.admin2, f.v(), c.id(), null, null);
        Objection o = claims.object(f.villager(1), f.v(), c.id(), "那天他不在村里");
        assertThatThrownBy(() -> claims.dismiss(f.admin1, f.v(), c.id(), o.id(), "我记录的，属实"))
                .isInstanceOf(Forbidden.class).hasMessage("error.claims.makerChecker");
    }

    // ------------------------------------------------------------ read-only roles

    /** Claims.object: any actor who can see the claim may object, including the read-only auditor. */
    @Test
    void anAuditorCannotRaiseAnObjection() {
        Claim c = record(f.gridWorker, f.item().create(), 0, 10, null);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Actor auditor = ClaimFixture.staff(Role.AUDITOR, f.village, "auditor");
        assertThatThrownBy(() -> claims.object(auditor, f.v(), c.id(), "审计认为有疑问"))
                .isInstanceOf(Forbidden.class);
    }

    /** Claims.object: a supermarket keeper can hold any claim of the village by objecting. */
    @Test
    void aKeeperCannotRaiseAnObjection() {
        Claim c = record(f.gridWorker, f.item().create(), 0, 10, null);
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        Actor keeper = ClaimFixture.staff(Role.KEEPER, f.village, "keeper");
        assertThatThrownBy(() -> claims.object(keeper, f.v(), c.id(), "有疑问"))
                .isInstanceOf(Forbidden.class);
    }

    // ------------------------------------------------------------ activities

    /** Activities.checkIn: a grid worker may tick any signed-up resident of the village, outside its grid too. */
    @Test
    void aGridWorkerCannotTickAResidentOfAnotherGrid() {
        Actor countyAdmin = Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow());
        OrgUnit grid2 = orgUnits.create(countyAdmin, f.village.code(), Actors.code("G"), "二网格", null);
        Household other = households.create(countyAdmin, f.village.code(), new HouseholdDraft("0099", grid2.code(),
                "二组1号", false, List.of(new ResidentDraft("外网格户主", "户主", "男", "1960", null, null, false, null, false))));
        RuleItem volunteer = f.item().points(5, 20).create();
        Activity a = activities.publish(f.admin1, f.village.code(), "清扫", "村委会",
                LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(1), volunteer.code(), 10, 10);
        activities.signup(f.admin1, f.v(), a.id(), null, other.passbookNumber());
        assertThatThrownBy(() -> activities.checkIn(f.gridWorker, f.v(), a.id(), other.head().id()))
                .isInstanceOfAny(NotFound.class, Forbidden.class);
    }

    /** Activities.award: the "already awarded" check is outside any lock, so two concurrent awards double the claims. */
    @Test
    void awardingAnActivityTwiceAtOnceRecordsOneClaimPerAttendee() throws Exception {
        RuleItem volunteer = f.item().points(5, 20).create();
        Activity a = activities.publish(f.admin1, f.village.code(), "清扫村道", "村委会",
                LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(1), volunteer.code(), 10, 10);
        for (int i = 0; i < 3; i++) {
            activities.signup(f.admin1, f.v(), a.id(), f.head(i), f.h(i).passbookNumber());
            activities.signup(f.admin1, f.v(), a.id(), f.spouse(i), f.h(i).passbookNumber());
            activities.checkIn(f.admin1, f.v(), a.id(), f.head(i));
            activities.checkIn(f.admin1, f.v(), a.id(), f.spouse(i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> one = pool.submit(() -> { start.await(); return activities.award(f.admin1, f.v(), a.id()); });
            Future<?> two = pool.submit(() -> { start.await(); return activities.award(f.admin2, f.v(), a.id()); });
            start.countDown();
            int refused = 0;
            for (Future<?> award : List.of(one, two)) {
                try {
                    award.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(Conflict.class)
                            .hasMessage("error.activities.alreadyAwarded");
                    refused++;
                }
            }
            assertThat(refused).as("the second award is refused with a clear message").isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        long made = jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v AND item_id = :i")
                .param("v", f.v()).param("i", volunteer.itemId()).query(Long.class).single();
        assertThat(made).as("claims made for 6 attendees").isEqualTo(6);
    }

    // ------------------------------------------------------------ points policy

    /** PointsPolicy.grantBase: the year is not checked, so base points of future years can be granted now. */
    @Test
    void basePointsForAFutureYearAreRefused() {
        Actor county = new Actor(7, "county-test", "县测试", Role.COUNTY_ADMIN, f.v(), f.village.path(), null, null);
        assertThatThrownBy(() -> policy.grantBase(county, f.today.getYear() + 3, 20)).isInstanceOf(InvalidInput.class);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isZero();
    }

    /** PointsPolicy.expire: a date in the future is accepted and today's balances are zeroed under its key. */
    @Test
    void expiryWithAFutureDateIsRefused() {
        Actor county = new Actor(7, "county-test", "县测试", Role.COUNTY_ADMIN, f.v(), f.village.path(), null, null);
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 35, "测试", "review-exp-" + f.v()));
        assertThatThrownBy(() -> policy.expire(county, f.today.plusDays(30))).isInstanceOf(InvalidInput.class);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(35);
    }

    // ------------------------------------------------------------ bad input

    /** ClaimPages.record: the claim commits before the photo is decoded; a broken JPEG shows 422 but the claim stays. */
    @Test
    void aBrokenPhotoOnTheRecordFormLeavesNoClaim() {
        RuleItem item = f.item().create();
        byte[] broken = new byte[200];
        broken[0] = (byte) 0xFF;
        broken[1] = (byte) 0xD8;
        broken[2] = (byte) 0xFF;
        broken[3] = (byte) 0xE0;
        MockHttpServletResponse response = new MockHttpServletResponse();
        String view = pages.record(f.gridWorker, f.h(0).passbookNumber(), item.code(), 10, f.today, null, "测试", false, null,
                new MockMultipartFile("photo", "a.jpg", "image/jpeg", broken), new ExtendedModelMap(), response);
        assertThat(view).isEqualTo("claim-new");
        assertThat(response.getStatus()).isEqualTo(422);
        assertThat(claimsOf(0)).as("claims of the household after a refused form").isZero();
    }

    /** Claims.registerKin: a second registration of the same kin hits the primary key and surfaces as a 500. */
    @Test
    void registeringTheSameKinTwiceIsRefusedAsAConflict() {
        long grid = ClaimFixture.account(users, f.gridWorker).userId();
        claims.registerKin(f.admin1, grid, f.v(), f.h(0).id(), "儿子");
        assertThatThrownBy(() -> claims.registerKin(f.admin1, grid, f.v(), f.h(0).id(), "儿子"))
                .isInstanceOfAny(Conflict.class, InvalidInput.class);
    }

    /** Claims.approveBatch: a null id in claimIds is unboxed to long and the NPE becomes a 500. */
    @Test
    void aNullClaimIdInABatchIs422NotA500() throws Exception {
        MvcResult login = mvc.perform(post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"demo-village\",\"password\":\"demo-village\"}")).andReturn();
        String token = JsonPath.read(login.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
        long village = orgUnits.byCode("441821100201").orElseThrow().id();
        MvcResult r = mvc.perform(post("/api/v1/claims/approve-batch").header("Authorization", "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"villageId\":" + village + ",\"claimIds\":[null],\"reason\":\"批量\"}")).andReturn();
        assertThat(r.getResponse().getStatus()).as(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .isEqualTo(422);
    }

    /** ResponsibilityPosts.inspect: "inspected this month" is checked outside any lock; two concurrent inspections both record. */
    @Test
    void twoConcurrentInspectionsOfAPostRecordOneClaim() throws Exception {
        RuleItem perTime = f.item().points(10, 50).recorders("GRID_WORKER", "VILLAGE_ADMIN").create();
        ResponsibilityPost p = posts.create(f.admin1, f.village.code(), "审查四小园", perTime.code(), null);
        posts.adopt(f.admin1, f.v(), p.id(), f.h(0).id(), null);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<?> one = pool.submit(() -> { start.await(); return posts.inspect(f.gridWorker, f.v(), p.id(), 30, f.today, null); });
            Future<?> two = pool.submit(() -> { start.await(); return posts.inspect(f.admin2, f.v(), p.id(), 40, f.today, null); });
            start.countDown();
            for (Future<?> x : List.of(one, two)) {
                try {
                    x.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // the loser should be refused
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(claimsOf(0)).as("inspection claims of the post this month").isEqualTo(1);
    }

    /** Activities.checkIn/award: an AWARDED activity still takes check-ins and a second award makes more claims. */
    @Test
    void anAwardedActivityCannotBeAwardedAgain() {
        RuleItem volunteer = f.item().points(5, 20).create();
        Activity a = activities.publish(f.admin1, f.village.code(), "敬老", "村委会",
                LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(1), volunteer.code(), 10, 10);
        activities.signup(f.admin1, f.v(), a.id(), f.head(0), f.h(0).passbookNumber());
        activities.signup(f.admin1, f.v(), a.id(), f.head(1), f.h(1).passbookNumber());
        activities.checkIn(f.admin1, f.v(), a.id(), f.head(0));
        activities.award(f.admin1, f.v(), a.id());
        assertThatThrownBy(() -> {
            activities.checkIn(f.admin1, f.v(), a.id(), f.head(1));
            activities.award(f.admin1, f.v(), a.id());
        }).isInstanceOf(Conflict.class);
    }
}
