package cn.jifen.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Consents;
import cn.jifen.honours.Honours;
import cn.jifen.honours.ReferenceCertificates;
import cn.jifen.identity.Users;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.market.MarketFigures;
import cn.jifen.market.RedemptionWindow;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Supermarkets;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleCategory;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.stats.Figures;
import cn.jifen.stats.Stats;
import cn.jifen.support.TestDatabase;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The demo county that has lived a year (jifen.demo.year=true, as on a real first start): its history is spread
 * over the past twelve months and was made through the services, in the proportions of the Fogang article. The
 * figures are read through the statistics, honours and market services, not SQL. Its own database (H2 in memory
 * "demoyear", or the schema {@code <JIFEN_TEST_DB_SCHEMA>_demoyear} on PostgreSQL), wiped before the run.
 */
@SpringBootTest(properties = {"jifen.demo=true", "jifen.demo.year=true"})
@ActiveProfiles("test")
@DirtiesContext   // a context of its own, closed after the class
class DemoYearTest {
    private static final String COUNTY = "441821";

    @DynamicPropertySource
    static void ownDatabase(DynamicPropertyRegistry r) {
        if (TestDatabase.postgres()) {
            String url = TestDatabase.url();
            String schema = System.getenv().getOrDefault("JIFEN_TEST_DB_SCHEMA", "jifen_test") + "_demoyear";
            r.add("spring.datasource.url", () -> url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema);
            r.add("spring.datasource.username", () -> System.getenv().getOrDefault("JIFEN_TEST_DB_USER", "postgres"));
            r.add("spring.datasource.password", () -> System.getenv().getOrDefault("JIFEN_TEST_DB_PASSWORD", ""));
            r.add("spring.flyway.schemas", () -> schema);
        } else {
            r.add("spring.datasource.url", () -> "jdbc:h2:mem:demoyear;DB_CLOSE_DELAY=-1;MODE=PostgreSQL;"
                    + "DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=20000;QUERY_CACHE_SIZE=256");
            r.add("spring.datasource.username", () -> "sa");
            r.add("spring.datasource.password", () -> "");
        }
        r.add("spring.flyway.clean-disabled", () -> "false");
    }

    /** This database belongs to this test alone: always start from nothing, so the demo loads. */
    @TestConfiguration(proxyBeanMethods = false)
    static class Empty {
        @Bean
        FlywayMigrationStrategy cleanThenMigrate() {
            return flyway -> {
                TestDatabase.clean(flyway);
                flyway.migrate();
            };
        }
    }

    @Autowired DemoCounty demo;
    @Autowired Clock clock;
    @Autowired OrgUnits orgUnits;
    @Autowired Stats stats;
    @Autowired RuleCatalogue catalogue;
    @Autowired Redemptions redemptions;
    @Autowired RedemptionWindows windows;
    @Autowired MarketFigures marketFigures;
    @Autowired Supermarkets supermarkets;
    @Autowired Claims claims;
    @Autowired Honours honours;
    @Autowired ReferenceCertificates certificates;
    @Autowired Consents consents;
    @Autowired CountyPolicies policies;
    @Autowired LedgerVerifier verifier;
    @Autowired Users users;
    @Autowired cn.jifen.wishes.Wishes wishes;
    @Autowired List<cn.jifen.shared.PracticeFigures> practice;
    @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;

    private OrgUnit county() {
        return orgUnits.byCode(COUNTY).orElseThrow();
    }

    private Actor admin() {
        return new Actor(demo.userIds.get("demo-admin"), "demo-admin", "县管理员", Role.COUNTY_ADMIN, county().id(),
                county().path(), null, null);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private Period year() {
        return new Period(today().minusMonths(12), today());
    }

    private Figures figures() {
        return stats.summary(admin(), COUNTY, year().from(), year().to());
    }

    private List<OrgUnit> villages() {
        return orgUnits.villagesVisible(admin());
    }

    private Actor villageAdmin(OrgUnit v) {
        String name = villages().indexOf(v) == 0 ? "demo-village" : String.format("demo-v%02d", villages().indexOf(v) + 1);
        return new Actor(demo.userIds.get(name), name, name, Role.VILLAGE_ADMIN, v.id(), v.path(), null, null);
    }

    /**
     * The goal is a first start under 15 s. The wall time depends on what else the machine runs (on the shared
     * 2-core test machine, at a load average of 20 to 50, the year took 2.5 to 10 minutes of wall time), so the
     * guard is the loading threads' CPU time (the work itself: on embedded H2 the database runs in those threads;
     * the two towns are lived in two threads at once, {@link TwoTowns}, so it is the sum of both). With 50
     * households a village it took 20 to 30 s of CPU in this test at a load average of 22; with 25 (the default
     * since 12月7日, {@link DemoYear#HOUSEHOLDS_PER_VILLAGE}) 17.6 s at a load average of 41. This keeps it from
     * getting much worse; bench/demo/first-start.sh measures the first start itself. The log line "Demo county's
     * year ... by step" says where the time goes.
     */
    @Test
    void theLivedYearLeavesNoNotificationsBehind() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_event").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_inbox").query(Long.class).single()).isZero();
    }

    @Test
    void theDemoAndItsYearLoadWithinItsCpuBudget() {
        System.out.printf("demo county with its year loaded in %d ms wall time, %d ms of CPU in the loading threads "
                + "(load average %.1f)%n", demo.loadMillis, demo.loadCpuMillis,
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        assertThat(demo.loadMillis).isPositive();
        assertThat(demo.loadCpuMillis).isPositive().isLessThan(40_000);
    }

    @Test
    void theYearsTwelveVillagesHaveTwentyFiveHouseholdsEach() {
        assertThat(villages()).hasSize(12);
        assertThat(figures().passbooksIssued()).isEqualTo(12L * DemoYear.HOUSEHOLDS_PER_VILLAGE).isEqualTo(300);
    }

    @Test
    void postingsAreSpreadOverTheTwelveMonthsAndTheChartIsNoSpike() {
        List<Stats.Month> months = stats.monthly(county(), year());
        List<String> withPostings = months.stream().filter(m -> m.postings() > 0).map(Stats.Month::month).toList();
        assertThat(withPostings).hasSizeGreaterThanOrEqualTo(12);
        long total = months.stream().mapToLong(Stats.Month::postings).sum();
        assertThat(months).allSatisfy(m -> assertThat(m.postings()).isLessThan(total / 4));
        System.out.printf("postings by month: %s%n", months.stream().map(m -> m.month() + "=" + m.postings())
                .collect(Collectors.joining(", ")));
    }

    @Test
    void everyRuleCategoryHasPostings() {
        Set<String> posted = stats.byCategory(county(), year()).stream().filter(l -> l.postings() > 0)
                .map(Stats.Line::category).collect(Collectors.toSet());
        List<String> categories = catalogue.categories().stream().filter(RuleCategory::active).map(RuleCategory::name).toList();
        assertThat(categories).isNotEmpty();
        assertThat(posted).containsAll(categories);
    }

    @Test
    void redemptionsAreCounterRedemptionsAndSpendStockAndFunds() {
        Figures f = figures();
        long counted = 0;
        for (OrgUnit v : villages()) {
            long s = supermarkets.ofVillage(v.id()).get(0).id();
            Actor admin = villageAdmin(v);
            counted += all(p -> redemptions.ofSupermarket(admin, v.id(), s, year().from(), year().to(), p)).stream()
                    .filter(r -> "COMPLETED".equals(r.status())).count();
        }
        System.out.printf("households %d, passbooks %d, postings %d, redemptions %d, points redeemed %d, goods %s yuan%n",
                f.householdsCovered(), f.passbooksIssued(), f.postings(), f.redemptions(), f.pointsRedeemed(),
                f.goodsValueYuan());
        assertThat(f.redemptions()).isPositive().isEqualTo(counted);
        assertThat(f.pointsRedeemed()).isPositive();
        assertThat(f.goodsValueYuan().signum()).isPositive();
    }

    @Test
    void aboutHalfTheHouseholdsRedeemOnEachQuarterlyRedemptionDay() {
        long households = figures().passbooksIssued();
        List<List<RedemptionWindow>> byQuarter = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (OrgUnit v : villages()) {
            for (RedemptionWindow w : windows.list(villageAdmin(v), v.code())) {
                if (w.closesAt().isBefore(LocalDateTime.now(clock))) {
                    int i = titles.indexOf(w.title());
                    if (i < 0) {
                        titles.add(w.title());
                        byQuarter.add(new ArrayList<>());
                        i = titles.size() - 1;
                    }
                    byQuarter.get(i).add(w);
                }
            }
        }
        assertThat(titles).hasSizeGreaterThanOrEqualTo(3);
        for (int q = 0; q < titles.size(); q++) {
            long redeemed = byQuarter.get(q).stream().mapToLong(w -> marketFigures.ofWindow(w).redemptions()).sum();
            double share = (double) redeemed / households;
            System.out.printf("%s: %d of %d households redeemed (%.0f%%)%n", titles.get(q), redeemed, households, share * 100);
            assertThat(share).as(titles.get(q)).isBetween(0.35, 0.65);
        }
    }

    @Test
    void participationsAreAboutThreePerPassbook() {
        Figures f = figures();
        double perPassbook = (double) f.participations() / f.passbooksIssued();
        System.out.printf("participations %d (activity attendances %d, good deeds %d) = %.2f per passbook%n",
                f.participations(), f.activityAttendances(), f.goodDeeds(), perPassbook);
        assertThat(f.activityAttendances()).isPositive();
        assertThat(perPassbook).isBetween(2.0, 4.0);
    }

    @Test
    void thereAreObjectionsAppealsAndAVetoWithItsAppeal() {
        Figures f = figures();
        assertThat(f.claimsObjected()).isPositive();
        assertThat(f.claimsAppealed()).isGreaterThanOrEqualTo(2);
        assertThat(f.vetoes()).isEqualTo(1);
        OrgUnit liShui = orgUnits.byCode(DemoYear.VETO_VILLAGE).orElseThrow();
        var veto = all(p -> claims.list(villageAdmin(liShui), liShui.code(), ClaimStatus.POSTED.name(), p)).stream()
                .filter(c -> "FL02".equals(c.itemCode())).findFirst().orElseThrow();
        assertThat(claims.detail(villageAdmin(liShui), liShui.id(), veto.id()).appeals()).hasSize(1);
    }

    @Test
    void everyVillageHasARedFlagForEveryMonthOfTheYear() {
        YearMonth last = YearMonth.from(today()).minusMonths(1);
        for (OrgUnit v : villages()) {
            for (YearMonth m = YearMonth.from(today().minusMonths(11)); !m.isAfter(last); m = m.plusMonths(1)) {
                assertThat(honours.flag(villageAdmin(v), v.code(), m.toString()).holder()).as(v.name() + " " + m).isNotNull();
            }
        }
    }

    @Test
    void somePartyMembersHaveStarsAndSomeResidentsAre正能量红人() {
        long starred = 0;
        long starPersons = 0;
        for (OrgUnit v : villages()) {
            for (int y : new int[] {today().getYear(), today().getYear() - 1}) {
                starred += honours.stars(villageAdmin(v), v.code(), y).ratings().stream().filter(r -> r.stars() > 0).count();
            }
            for (YearMonth m = YearMonth.from(today().minusMonths(12)); !m.isAfter(YearMonth.from(today())); m = m.plusMonths(1)) {
                starPersons += honours.starPersons(villageAdmin(v), v.code(), m.toString()).awarded().size();
            }
        }
        assertThat(starred).isPositive();
        assertThat(starPersons).isPositive();
    }

    @Test
    void thereAreCertificatesAndAPartnerBank() {
        OrgUnit first = orgUnits.byCode(DemoYear.FIRST).orElseThrow();
        var issued = all(p -> certificates.list(villageAdmin(first), first.code(), p));
        assertThat(issued).isNotEmpty();
        var bank = users.list(admin(), false).stream().filter(u -> "demo-bank".equals(u.username())).findFirst().orElseThrow();
        Actor bankActor = new Actor(bank.id(), bank.username(), bank.displayName(), Role.AUDITOR, bank.orgUnitId(),
                bank.orgPath(), null, null);
        assertThat(consents.partnerOf(bankActor)).contains(DemoYear.BANK);
        assertThat(consents.partnerFilter(bankActor)).isNotEmpty();
    }

    @Test
    void theLastQuarterIsClosed() {
        LocalDate closed = policies.of(county()).closedThrough();
        assertThat(closed).isNotNull().isBefore(today());
        assertThat(closed).isEqualTo(Period.quarterOf(closed).to());
        assertThat(closed).isAfterOrEqualTo(Period.quarterOf(today()).from().minusDays(1));
    }

    @Test
    void allSupermarketsButOneMeet六有() {
        Figures f = figures();
        assertThat(f.supermarketsOpen()).isEqualTo(12);
        assertThat(f.supermarketsMeetingStandard()).isEqualTo(11);
        OrgUnit short_ = orgUnits.byCode(DemoYear.SHORT_OF_STANDARD).orElseThrow();
        assertThat(supermarkets.meetsStandard(admin(), short_.id(), supermarkets.ofVillage(short_.id()).get(0).id())).isFalse();
    }

    @Test
    void theLedgerVerifiesIntact() {
        var report = verifier.verify(null);
        assertThat(report.intact()).isTrue();
        assertThat(report.entriesChecked()).isGreaterThan(1000);
    }

    @Test
    void theDemoVillagerMustChangeThePasswordAtFirstLogin() {
        var villager = users.list(admin(), true).stream().filter(u -> "441821100201-0001".equals(u.username()))
                .findFirst().orElseThrow();
        assertThat(villager.mustChangePassword()).isTrue();
    }

    @Test
    void theLoaderLeftTheClockAtTheRealTime() {
        assertThat(clock).isInstanceOf(DemoClock.class);
        assertThat(LocalDate.now(clock)).isEqualTo(LocalDate.now(Clock.system(clock.getZone())));
    }

    @Autowired cn.jifen.proposals.Proposals proposals;

    @Test
    void everyVillageVotedOverTheYearAndThreeAreVotingNow() {
        List<Long> ids = villages().stream().map(OrgUnit::id).toList();
        assertThat(proposals.held(ids, year().from(), year().to())).isGreaterThanOrEqualTo(villages().size());
        assertThat(proposals.votesCast(ids, year().from(), year().to())).isGreaterThan(100);
        long open = villages().stream().mapToLong(v -> proposals.list(villageAdmin(v), v.code(),
                cn.jifen.shared.Paging.of(null, null)).items().stream()
                .filter(p -> p.status() == cn.jifen.proposals.ProposalStatus.OPEN).count()).sum();
        assertThat(open).isEqualTo(3);
    }

    @Test
    void theWishListLivedTheYearWithWishesFulfilledDeclinedAndOpen() {
        OrgUnit ln = villages().get(0);
        var sm = supermarkets.ofVillage(ln.id()).get(0);
        var list = wishes.list(villageAdmin(ln), ln.id(), sm.id(), null, cn.jifen.shared.Paging.first(100)).items();
        assertThat(list.stream().map(w -> YearMonth.from(w.createdOn())).distinct().count()).isGreaterThanOrEqualTo(10);
        assertThat(list).filteredOn(cn.jifen.wishes.Wish::fulfilled).hasSizeGreaterThanOrEqualTo(4)
                .allSatisfy(w -> assertThat(w.productName()).isNotBlank());
        assertThat(list).filteredOn(w -> w.status() == cn.jifen.wishes.WishStatus.DECLINED).hasSize(1);
        assertThat(list).filteredOn(cn.jifen.wishes.Wish::open).isNotEmpty();
        var figures = practice.stream().filter(p -> p.sectionKey().equals("stats.practice.wishes")).findFirst()
                .orElseThrow().figures(villages().stream().map(OrgUnit::id).toList(), year().from(), year().to());
        assertThat(figures).filteredOn(f -> f.labelKey().equals("wishes.figures.fulfilled"))
                .singleElement().satisfies(f -> assertThat(f.value().intValue()).isGreaterThanOrEqualTo(16));
    }

    @Test
    void twoVillagesReviewedTheirClaimsInMonthlyMeetingsWithTheOutcomesApplied(
            @Autowired cn.jifen.meetings.Meetings meetings) {
        for (String code : DemoMeetings.VILLAGES) {
            OrgUnit v = orgUnits.byCode(code).orElseThrow();
            Actor admin = villageAdmin(v);
            assertThat(meetings.mode(v.id())).isEqualTo(cn.jifen.meetings.ReviewMode.MEETING);
            var held = meetings.list(admin, code, cn.jifen.shared.Paging.of(0, 50)).items();
            assertThat(held).hasSizeGreaterThanOrEqualTo(11).allMatch(cn.jifen.meetings.Meeting::closed)
                    .allMatch(cn.jifen.meetings.Meeting::quorate);
            var last = meetings.get(admin, code, held.get(0).id());
            assertThat(last.items()).isNotEmpty().allMatch(i -> i.applied() && "APPROVE".equals(i.outcome()));
        }
    }

    @org.springframework.beans.factory.annotation.Autowired cn.jifen.complaints.Complaints complaints;

    @Test
    void thereAreComplaintsMostAnsweredOnTimeSomeRatedAndOneEscalatedAndWaiting() {
        java.util.List<cn.jifen.complaints.Complaint> all = all(p -> complaints.list(admin(), null,
                cn.jifen.complaints.Complaints.Filter.ALL, p));
        assertThat(all.size()).isBetween(15, 60);
        assertThat(all.stream().filter(c -> Boolean.TRUE.equals(c.answeredOnTime())).count()).isGreaterThan(all.size() / 2);
        assertThat(all).anyMatch(c -> c.rating() != null);
        assertThat(all).filteredOn(c -> c.status() == cn.jifen.complaints.ComplaintStatus.ESCALATED).hasSize(1);
        assertThat(all).anyMatch(c -> c.status() == cn.jifen.complaints.ComplaintStatus.OPEN && !c.overdue());
        assertThat(complaints.publicReplies(orgUnits.byCode("441821100201").orElseThrow())).isNotEmpty();
    }

    /** Every item of a paged list, page by page (the lists answer at most 500 at a time). */
    private static <T> java.util.List<T> all(java.util.function.Function<cn.jifen.shared.Paging, cn.jifen.shared.Page<T>> page) {
        java.util.List<T> out = new java.util.ArrayList<>();
        for (int n = 0; ; n++) {
            cn.jifen.shared.Page<T> p = page.apply(new cn.jifen.shared.Paging(n, 500));
            out.addAll(p.items());
            if (p.items().isEmpty() || out.size() >= p.total()) {
                return out;
            }
        }
    }
}
