package cn.jifen.demo.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.claims.PointsPolicy;
import cn.jifen.claims.ResponsibilityPost;
import cn.jifen.claims.ResponsibilityPosts;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.honours.Consents;
import cn.jifen.honours.Honours;
import cn.jifen.honours.RankLine;
import cn.jifen.honours.ReferenceCertificates;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Product;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Supermarkets;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo county's year of life (jifen.demo.year): the county is set up as it was twelve months ago and then
 * lives its year month by month through the real services, on a {@link DemoClock} moved for the loader's thread
 * only. Each month: party life and 党员争优, good deeds in every category recorded by one village cadre and
 * approved by another after publicity, responsibility posts (四小园) inspected, a few deductions; a volunteer
 * activity with sign-up and check-in in the middle month of each quarter; a quarterly redemption day (集中兑换日)
 * at the counter in the last month, with stock bought from the village fund and donated by 乡贤; a red flag
 * (流动红旗) per village for the month before and 正能量红人 per quarter. Along the year: objections, appeals (one
 * upheld, one dismissed), one veto (一票否决) with its appeal, 六有 checks (one supermarket short of its 台账), a
 * partner bank with households' consent; at the end certificates (积分证明) and the last quarter closed.
 *
 * <p>Each village's month is one transaction (the services' own transactions join it), so the first start stays
 * fast and a scheduled job running meanwhile never sees a half-lived village month; the two towns are lived side
 * by side, one thread each ({@link TwoTowns}). Nothing is dated after the real now:
 * events of the current month that lie ahead are simply not there yet (claims awaiting review, a redemption day
 * to come).
 * <p>Why one class of about 820 lines: A year of the county's life is one script, month by month, on a moved
 * clock; splitting it would scatter the order of the months' events, which the demo's figures depend on. Its parts
 * that stand alone are classes of their own (DemoComplaints, DemoProposals, TwoTowns, …).
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoYear {
    private static final Logger log = LoggerFactory.getLogger(DemoYear.class);
    static final int BASE_POINTS = 60;
    /**
     * Households per village while the year is lived (jifen.demo.year.households-per-village): 25 by default, half
     * the simple demo's 50, so that the first start loads in time (the year's work is mostly per household:
     * postings, redemptions, base points). What happens per village each month is scaled with it (good deeds,
     * 四小园 posts, activity sign-ups), so the proportions stay the article's: about half the households redeem in
     * a quarter, about three participations per passbook. 50 is about the year as it was before
     * (bench/demo/first-start.sh COMPARE=1 compares the two).
     */
    static final int HOUSEHOLDS_PER_VILLAGE = 25;
    /** The fewest households the year's village events need (a vote takes 16 households, a meeting 3 from the 21st on). */
    static final int FEWEST = 25;
    static final int MOST = 50;
    @Value("${jifen.demo.year.households-per-village:" + HOUSEHOLDS_PER_VILLAGE + "}")
    private int householdsPerVillage = HOUSEHOLDS_PER_VILLAGE;
    static final String BANK = "佛冈农商银行";
    /** The village (龙南村) whose supermarket is open every day and has a keeper. */
    static final String FIRST = "441821100201";
    /** The village with a third cadre, where the veto is recorded (里水村). */
    static final String VETO_VILLAGE = "441821100202";
    /** The supermarket that does not meet 六有 (洞心村: its 台账 is not kept). */
    static final String SHORT_OF_STANDARD = "441821101205";
    private static final String[][] DEEDS = {
            // item, note, min points, max points
            {"ZY01", "志愿服务：清扫村道、河道保洁", "5", "20"},
            {"WM01", "文明新风：红白喜事简办", "20", "50"},
            {"ZL01", "乡村治理：参加村民议事会", "5", "5"},
            {"JT01", "家庭美德：孝老爱亲", "10", "30"},
            {"LL01", "邻里互助：帮扶困难户", "10", "30"}};
    /** Stock each product is brought back to before a redemption day. */
    private static final Map<String, Integer> RESTOCK_TO = Map.of("大米（5公斤）", 12, "花生油（1.8升）", 12, "洗衣粉", 30,
            "香皂", 40, "毛巾", 30);
    private static final String RICE = "大米（5公斤）";
    private static final String OIL = "花生油（1.8升）";

    /** Loads the county as it was on the first day; returns the demo accounts' ids by login name. */
    interface Base {
        Map<String, Long> load(LocalDate firstDay);

        /** The hash of a demo password, shared by every demo account with that password (bcrypt once each). */
        String hashed(String password);
    }

    private final DemoClock clock;
    private final TransactionTemplate tx;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Users users;
    private final Claims claims;
    private final Activities activities;
    private final ResponsibilityPosts posts;
    private final PointsPolicy points;
    private final Ledger ledger;
    private final Redemptions redemptions;
    private final Goods goods;
    private final Funds funds;
    private final RedemptionWindows windows;
    private final Supermarkets supermarkets;
    private final Honours honours;
    private final ReferenceCertificates certificates;
    private final Consents consents;
    private final CountyPolicies policies;
    private final DemoParty party;

    /** Volunteer teams and informants, lived after the rest of the year (a class of their own). */
    @Autowired
    private DemoVolunteers volunteers;

    /** Village votes over the year (a class of their own). */
    @Autowired
    private DemoProposals proposals;
    /** The goods wish list, lived after the rest of the year (a class of its own). */
    @Autowired
    private DemoWishes wishes;
    /** Two villages review in monthly meetings (评议会). */
    @Autowired
    private DemoMeetings meetings;
    /** Complaints and suggestions over the year (a class of their own). */
    @Autowired
    private DemoComplaints complaints;

    private final List<Village> villages = new ArrayList<>();
    private final DemoSteps steps = new DemoSteps();
    /** Lives the two towns' villages side by side while the months are lived. */
    private TwoTowns towns;
    private volatile long helperCpuNanos;
    private Instant start;
    private Instant end;
    private LocalDate firstDay;
    private Actor county;
    private Map<String, Long> ids;

    DemoYear(DemoClock clock, TransactionTemplate tx, OrgUnits orgUnits, Households households, Users users,
             Claims claims, Activities activities, ResponsibilityPosts posts, PointsPolicy points, Ledger ledger,
             Redemptions redemptions, Goods goods, Funds funds, RedemptionWindows windows, Supermarkets supermarkets,
             Honours honours, ReferenceCertificates certificates, Consents consents, CountyPolicies policies, DemoParty party) {
        this.party = party;
        this.clock = clock;
        this.tx = tx;
        this.orgUnits = orgUnits;
        this.households = households;
        this.users = users;
        this.claims = claims;
        this.activities = activities;
        this.posts = posts;
        this.points = points;
        this.ledger = ledger;
        this.redemptions = redemptions;
        this.goods = goods;
        this.funds = funds;
        this.windows = windows;
        this.supermarkets = supermarkets;
        this.honours = honours;
        this.certificates = certificates;
        this.consents = consents;
        this.policies = policies;
    }

    /** One village as the year sees it: its cadres, households, supermarket and what happened this month. */
    private static final class Village {
        OrgUnit unit;
        int no;
        Actor admin;        // approves, publishes activities, decides objections and appeals, honours
        Actor recorder;     // records deeds, approves what the admin recorded (activity awards)
        Actor third;        // records the veto (里水村 only)
        Actor grid;         // 龙南村's grid worker records for the first grid
        Actor counter;      // the keeper (龙南村) or the admin at the counter
        long supermarketId;
        long fundId;
        Long giftsFundId;
        List<Household> households = new ArrayList<>();
        List<Long> postIds = new ArrayList<>();
        Set<Long> vetoed = new HashSet<>();
        Random random;
        Map<Integer, Set<Long>> familyDeedYear = new LinkedHashMap<>();
        // this month
        List<Claim> recorded = new ArrayList<>();
        List<Claim> recordedByAdmin = new ArrayList<>();
        List<Claim> deductions = new ArrayList<>();
        Claim veto;
        Activity activity;
    }

    // ------------------------------------------------------------------ the year

    /** The households each village has while the year is lived. */
    int householdsPerVillage() {
        if (householdsPerVillage < FEWEST || householdsPerVillage > MOST) {
            throw new IllegalStateException("jifen.demo.year.households-per-village must be " + FEWEST + " to " + MOST
                    + ", not " + householdsPerVillage);
        }
        return householdsPerVillage;
    }

    void load(Base base) {
        ZoneId zone = clock.getZone();
        end = clock.realNow();
        LocalDate today = LocalDate.ofInstant(end, zone);
        firstDay = today.minusMonths(12);
        start = firstDay.atTime(8, 0).atZone(zone).toInstant();
        long t0 = System.nanoTime();
        long cpu0 = steps.cpuNow();
        try {
            clock.moveTo(start);
            this.base = base;
            ids = steps.time("county a year ago: org units, households, accounts, shops", () -> base.load(firstDay));
            steps.time("year's set-up: second cadres, 四小园 posts, base points", () -> tx.executeWithoutResult(s -> setUp()));
            YearMonth last = YearMonth.from(today);
            int index = 0;
            try (TwoTowns two = new TwoTowns(clock)) {
                towns = two;
                for (YearMonth m = YearMonth.from(firstDay); !m.isAfter(last); m = m.plusMonths(1)) {
                    YearMonth month = m;
                    int k = index++;
                    month(month, k);
                }
                clock.release();
                steps.time("today: next redemption days, certificates, closed quarter", () -> tx.executeWithoutResult(s -> finish(today)));
                // the year's own threads of events, each over the whole year: teams and informants in the second
                // thread, at once with votes, wishes and complaints (about the same work) in this one
                two.besides(() -> {
                    steps.time("village votes", () -> proposals.load(ids, firstDay, today));
                    steps.time("goods wish list", () -> wishes.load(ids, firstDay, today));
                    steps.time("complaints and suggestions", () -> complaints.load(ids, firstDay, today));
                }, () -> steps.time("volunteer teams and informants", () -> volunteers.load(ids, firstDay, today)));
                helperCpuNanos = two.helperCpuNanos();
            }
        } finally {
            clock.release();
        }
        long cpu = steps.cpuNow() - cpu0 + helperCpuNanos;
        log.info("Demo county's year ({} to {}) lived in {} ms ({} ms of CPU in the loading threads, {} ms of it in the"
                        + " second town's); by step (wall and CPU added up over both threads):{}",
                firstDay, today, (System.nanoTime() - t0) / 1_000_000, cpu / 1_000_000, helperCpuNanos / 1_000_000,
                steps.summary(System.nanoTime() - t0, cpu));
    }

    /** The CPU time the second town's thread spent, in ns (0 before the year is lived). */
    long helperCpuNanos() {
        return helperCpuNanos;
    }

    /** Moves the loader's clock to the day and time; false (and not moved) when that lies outside the year. */
    private boolean at(LocalDate day, LocalTime time) {
        Instant i = day.atTime(time).atZone(clock.getZone()).toInstant();
        if (i.isBefore(start) || !i.isBefore(end)) {
            return false;
        }
        clock.moveTo(i);
        return true;
    }

    private boolean at(LocalDate day, int hour) {
        return at(day, LocalTime.of(hour, 0));
    }

    private Base base;

    private String hashed(String password) {
        return base.hashed(password);
    }

    private Actor actor(String username, Role role, OrgUnit unit, String displayName) {
        return new Actor(ids.get(username), username, displayName, role, unit.id(), unit.path(), null, null);
    }

    private void setUp() {
        clock.moveTo(start.plus(30, ChronoUnit.MINUTES));
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        county = actor("demo-admin", Role.COUNTY_ADMIN, countyUnit, "县委组织部演示管理员");
        int no = 0;
        for (OrgUnit v : orgUnits.villagesVisible(county)) {
            Village x = new Village();
            x.unit = v;
            x.no = ++no;
            x.random = new Random(1000 + no);
            String admin = no == 1 ? "demo-village" : String.format("demo-v%02d", no);
            x.admin = actor(admin, Role.VILLAGE_ADMIN, v, v.name() + "村委演示管理员");
            String second = admin + "-2";
            ids.put(second, users.createUncheckedHashed(second, v.name() + "村委委员（记录员）", hashed("demo-village"),
                    Role.VILLAGE_ADMIN, v.id(), null, null, false));
            x.recorder = actor(second, Role.VILLAGE_ADMIN, v, v.name() + "村委委员（记录员）");
            if (VETO_VILLAGE.equals(v.code())) {
                String third = admin + "-3";
                ids.put(third, users.createUncheckedHashed(third, v.name() + "纪检委员", hashed("demo-village"),
                        Role.VILLAGE_ADMIN, v.id(), null, null, false));
                x.third = actor(third, Role.VILLAGE_ADMIN, v, v.name() + "纪检委员");
            }
            x.counter = x.admin;
            if (FIRST.equals(v.code())) {
                OrgUnit grid = orgUnits.byCode(v.code() + "-G1").orElseThrow();
                x.grid = actor("demo-grid", Role.GRID_WORKER, grid, "龙南村网格员");
                x.counter = actor("demo-keeper", Role.KEEPER, v, "龙南村超市管理员");
            }
            x.supermarketId = supermarkets.ofVillage(v.id()).get(0).id();
            for (Fund f : funds.funds(v.id())) {
                if ("COLLECTIVE".equals(f.kind())) {
                    x.fundId = f.id();
                } else if ("DONATION".equals(f.kind())) {
                    x.giftsFundId = f.id();
                }
            }
            for (var h : households.list(county, v.code(), null, null, 0, 200).items()) {
                x.households.add(households.get(county, v.id(), h.id()));
            }
            // 四小园 posts, adopted by households and inspected every month: two in a village of 50 households, one in
            // a village of 25 (a post's monthly inspection is a participation: the article's three per passbook)
            for (int p = 0; p < Math.max(1, 2 * householdsPerVillage / MOST); p++) {
                ResponsibilityPost post = posts.create(x.admin, v.code(), p == 0 ? "村口四小园（小菜园）" : "祠堂前四小园（小花园）",
                        "ZL02", "每月由村委检查一次，按管护情况计10–30分");
                posts.adopt(x.admin, v.id(), post.id(), x.households.get(10 + 7 * p).id(), null);
                x.postIds.add(post.id());
            }
            party.setUp(v, x.admin, firstDay, x.households.get(0).id());
            villages.add(x);
        }
        points.grantBase(county, firstDay.getYear(), BASE_POINTS);
    }

    /**
     * One month: the county's own steps (base points in January, the partner bank), and each village's month in a
     * transaction of its own, its events in order of their day and time. The two towns live their month side by
     * side ({@link TwoTowns}): a village's month touches only its own village's rows (its ledger chain, accounts,
     * claims, shelf, fund), so the towns' transactions never wait on each other, and the county's steps run while
     * neither town does.
     */
    private void month(YearMonth m, int k) {
        if (m.getMonthValue() == 1) {
            tx.executeWithoutResult(s -> {
                if (at(m.atDay(1), 8)) {
                    steps.time("base points (January)", () -> points.grantBase(county, m.getYear(), BASE_POINTS));
                }
            });
        }
        towns.each(villages, v -> v.unit.parentId(), v -> tx.executeWithoutResult(s -> villageMonth(v, m, k)));
        if (k == 6) {
            tx.executeWithoutResult(s -> {
                if (at(m.atDay(27), 11)) {
                    steps.time("partner bank and consents", this::partnerBank);
                }
            });
        }
    }

    private void villageMonth(Village v, YearMonth m, int k) {
        v.recorded.clear();
        v.recordedByAdmin.clear();
        v.deductions.clear();
        v.veto = null;
        v.activity = null;
        Random random = v.random;
        boolean quarterEnd = m.getMonthValue() % 3 == 0;
        boolean quarterMiddle = m.getMonthValue() % 3 == 2;
        steps.time("party members (early in the month)", () -> party.early(v.unit, v.admin, m, this::at));
        // day 1: the red flag and (after a quarter) 正能量红人 of the month before
        if (at(m.atDay(1), 9)) {
            YearMonth before = m.minusMonths(1);
            if (!before.isBefore(YearMonth.from(firstDay))) {
                steps.time("honours: red flag (流动红旗)", () -> redFlag(v, before));
                if (before.getMonthValue() % 3 == 0) {
                    steps.time("honours: 正能量红人", () -> starPersons(v, before));
                }
            }
        }
        // day 2: the previous year's 星级党员 are frozen; a quarter's last month schedules its redemption day
        // (in the first month, the day the year starts when that is later, so its redemption day is not lost)
        boolean day2 = at(m.atDay(2), 9);
        if (day2 && m.getMonthValue() == 1) {
            steps.time("honours: stars frozen", () -> honours.freezeStars(v.admin, v.unit.code(), m.getYear() - 1));
        }
        if (quarterEnd && (day2 || (k == 0 && m.atDay(15).isAfter(firstDay) && at(firstDay, 10)))) {
            LocalDate day = m.atDay(15);
            steps.time("market: redemption day scheduled", () -> windows.schedule(v.admin, v.unit.code(),
                    m.getYear() + "年第" + (m.getMonthValue() / 3) + "季度集中兑换日", day.atTime(9, 0), day.atTime(17, 0)));
        }
        if (quarterMiddle && at(m.atDay(3), 9)) {
            v.activity = steps.time("activity: published", () -> activities.publish(v.admin, v.unit.code(),
                    "志愿服务：清扫村道、清理河道", v.unit.name() + "党群服务中心门前集合", m.atDay(12).atTime(8, 30), "ZY01", 10, 20));
        }
        if (at(m.atDay(5), 9)) {
            if (v.activity != null) {
                steps.time("activity: sign-up", () -> signUp(v));
            }
            if (quarterEnd) {
                steps.time("market: restock from funds and donations", () -> restock(v, m, k));
            }
        }
        // day 8: the month's deeds, posts inspected, a few deductions, the veto; day 9 approved by the admin
        if (at(m.atDay(8), 10)) {
            steps.time("claims: deeds, 四小园, deductions recorded", () -> record(v, m, k));
        }
        // (in two villages the month's claims are reviewed by the village's 评议会 instead: DemoMeetings)
        if (at(m.atDay(9), 10) && !steps.time("meetings: the village's 评议会",
                () -> meetings.meet(v.unit, v.admin, m.atDay(9), firstDay))) {
            steps.time("claims: approved", () -> {
                for (Claim c : v.recorded) {
                    claims.approve(v.admin, v.unit.id(), c.id(), null, null);
                }
                if (v.veto != null) {
                    claims.approve(v.admin, v.unit.id(), v.veto.id(), null, "经村“两委”会议研究，认定违法建房拒不整改");
                    claims.approve(v.recorder, v.unit.id(), v.veto.id(), null, "复核属实，同意一票否决");
                }
            });
        }
        // day 10: objections raised during publicity (龙南村); day 11 decided
        List<long[]> objections = new ArrayList<>();
        if (v.no == 1 && (k == 3 || k == 6 || k == 9) && at(m.atDay(10), 15)) {
            Actor villager = villagerActor(v);
            for (Claim c : v.recorded) {
                if (c.householdId() != villager.householdId() && !"ZL02".equals(c.itemCode())
                        && !c.itemCode().startsWith("DY") && !c.itemCode().startsWith("FL")) {
                    var o = claims.object(villager, v.unit.id(), c.id(), k == 3
                            ? "这户当天外出打工，没有参加村道清扫" : "分数是否偏高？请村委核实");
                    objections.add(new long[] {c.id(), o.id()});
                    break;
                }
            }
        }
        if (!objections.isEmpty() && at(m.atDay(11), 10)) {
            for (long[] o : objections) {
                if (k == 3) {
                    claims.uphold(v.admin, v.unit.id(), o[0], o[1], "经核实当天不在村，异议成立，不予加分");
                } else {
                    claims.dismiss(v.admin, v.unit.id(), o[0], o[1], "经走访核实，事迹属实，分数符合细则");
                }
            }
        }
        // the activity: checked in on the day, awarded the day after, approved by the second cadre
        if (v.activity != null && at(m.atDay(12), 10)) {
            steps.time("activity: check-in", () -> checkIn(v));
        }
        if (v.activity != null && at(m.atDay(13), 9)) {
            steps.time("activity: award (one claim per attendee)", () -> {
                for (Activities.AwardResult r : activities.award(v.admin, v.unit.id(), v.activity.id())) {
                    if (r.claimId() != null) {
                        v.recordedByAdmin.add(claims.get(v.admin, v.unit.id(), r.claimId()));
                    }
                }
            });
        }
        if (at(m.atDay(14), 10)) {
            steps.time("claims: approved", () -> {
                for (Claim c : v.recordedByAdmin) {
                    claims.approve(v.recorder, v.unit.id(), c.id(), null, null);
                }
            });
        }
        // the redemption day: each village has its own stretch of the day at the counter
        if (quarterEnd && at(m.atDay(15), 9)) {
            steps.time("market: redemption day at the counter", () ->
                    redemptionDay(v, m.atDay(15), LocalTime.of(9, 5).plusMinutes(25L * (v.no - 1))));
        }
        // day 20: publicity over, postings made (as the every-minute run would)
        if (at(m.atDay(20), 10)) {
            steps.time("claims: posted after publicity (settleDue)", () -> claims.settleDue(v.unit.id()));
        }
        // day 22: appeals of a deduction (upheld in one month, dismissed in another) and of the veto; day 24 decided
        List<Object[]> appeals = new ArrayList<>();
        if (at(m.atDay(22), 10)) {
            if (v.veto != null) {
                Claim posted = claims.get(v.admin, v.unit.id(), v.veto.id());
                if (posted.status() == ClaimStatus.POSTED) {
                    var a = claims.appeal(v.admin, v.unit.id(), posted.id(), "户主称已开始整改，申请撤销一票否决");
                    // the veto was recorded by the third cadre and first approved by the admin: the recorder decides
                    appeals.add(new Object[] {v.recorder, posted.id(), a.id(), false, "整改未完成，维持一票否决"});
                }
            }
            if ((k == 2 || k == 8) && !v.deductions.isEmpty() && v.no % 4 == (k % 4)) {
                Claim d = claims.get(v.admin, v.unit.id(), v.deductions.get(0).id());
                if (d.status() == ClaimStatus.POSTED) {
                    var a = claims.appeal(v.recorder, v.unit.id(), d.id(), "户主称垃圾不是自家倒的，网格员代为申诉");
                    appeals.add(new Object[] {v.admin, d.id(), a.id(), k == 2, k == 2
                            ? "调看监控，确非该户所为，撤销扣分" : "经核实属实，维持扣分"});
                }
            }
        }
        if (!appeals.isEmpty() && at(m.atDay(24), 10)) {
            for (Object[] a : appeals) {
                if ((Boolean) a[3]) {
                    claims.upholdAppeal((Actor) a[0], v.unit.id(), (Long) a[1], (Long) a[2], (String) a[4]);
                } else {
                    claims.dismissAppeal((Actor) a[0], v.unit.id(), (Long) a[1], (Long) a[2], (String) a[4]);
                }
            }
        }
        // day 27: 六有 checked (second month)
        if (k == 1 && at(m.atDay(27), 10)) {
            steps.time("market: 六有 checked", () -> checkStandards(v, m.atDay(27)));
        }
        // day 28: the party members' quarterly meeting and, in December, their democratic review
        steps.time("party members: meetings, democratic review", () -> party.late(v.unit, v.admin, m, this::at));
    }

    // ------------------------------------------------------------------ claims

    private void record(Village v, YearMonth m, int k) {
        Random random = v.random;
        LocalDate day = m.atDay(6);
        Set<Long> partyDone = new HashSet<>();
        // 党员争优: party life every month for most members, one 先锋岗 a month
        List<Resident[]> party = new ArrayList<>();
        for (Household h : v.households) {
            if (v.vetoed.contains(h.id())) {
                continue;
            }
            for (Resident r : h.members()) {
                if (r.partyMember()) {
                    party.add(new Resident[] {r});
                }
            }
        }
        for (Resident[] pr : party) {
            Resident r = pr[0];
            if (random.nextInt(100) < 80 && partyDone.add(r.householdId())) {
                recordClaim(v, byId(v, r.householdId()), "DY01", 5, day, r.id(), "参加支部主题党日");
            }
        }
        if (!party.isEmpty()) {
            Resident r = party.get(random.nextInt(party.size()))[0];
            recordClaim(v, byId(v, r.householdId()), "DY02", 10 + 10 * random.nextInt(2), day, r.id(), "党员先锋岗：带头清理村道");
        }
        // good deeds of the other categories, a different mix in each village and month: three a month in a village
        // of 50 households, one in a village of 25 (every category still comes round: the mix turns with the month)
        Set<String> used = new HashSet<>();
        int deeds = 3 * householdsPerVillage / MOST;
        for (int i = 0; i < deeds; i++) {
            String[] deed = DEEDS[(v.no + k + i) % DEEDS.length];
            Household h = pick(v, used, deed[0]);
            if (h == null) {
                continue;
            }
            if ("JT01".equals(deed[0]) && !v.familyDeedYear.computeIfAbsent(m.getYear(), y -> new HashSet<>()).add(h.id())) {
                continue;   // once a year per household
            }
            int min = Integer.parseInt(deed[2]);
            int max = Integer.parseInt(deed[3]);
            int pts = min + 5 * random.nextInt((max - min) / 5 + 1);
            Long resident = "ZY01".equals(deed[0]) || "ZL01".equals(deed[0]) || "LL01".equals(deed[0]) ? h.head().id() : null;
            recordClaim(v, h, deed[0], pts, m.atDay(3 + i), resident, deed[1]);
        }
        // 四小园 inspected
        for (Long post : v.postIds) {
            Claim c = posts.inspect(v.recorder, v.unit.id(), post, 10 + 10 * random.nextInt(3), m.atDay(7), "月度检查：管护良好");
            v.recorded.add(c);
        }
        // a deduction in a third of the villages
        if ((v.no + k) % 3 == 0) {
            Household h = pick(v, used, "FL01");
            if (h != null) {
                Claim c = recordClaim(v, h, "FL01", 10, m.atDay(4), null, "在村道旁乱倒生活垃圾");
                v.deductions.add(c);
            }
        }
        // the veto: 里水村, in the fifth month
        if (k == 4 && v.third != null) {
            Household h = v.households.get(21);
            v.veto = claims.record(v.third, new ClaimDraft(v.unit.id(), h.id(), null, "FL02", null, m.atDay(5), null,
                    "违法占用耕地建房，经多次劝导拒不拆除", false));
            v.vetoed.add(h.id());
        }
    }

    private Claim recordClaim(Village v, Household h, String item, int pts, LocalDate day, Long residentId, String note) {
        Actor by = v.grid != null && "第一网格".equals(h.gridName()) && !item.startsWith("DY") ? v.grid : v.recorder;
        Claim c = claims.record(by, new ClaimDraft(v.unit.id(), h.id(), null, item, pts, day, residentId, note, false));
        v.recorded.add(c);
        return c;
    }

    private Household pick(Village v, Set<String> used, String item) {
        Random random = v.random;
        for (int tries = 0; tries < 20; tries++) {
            Household h = v.households.get(random.nextInt(v.households.size()));
            if (!v.vetoed.contains(h.id()) && used.add(item + "/" + h.id())) {
                return h;
            }
        }
        return null;
    }

    private static Household byId(Village v, long id) {
        return v.households.stream().filter(h -> h.id() == id).findFirst().orElseThrow();
    }

    private Actor villagerActor(Village v) {
        Household h = v.households.stream().filter(x -> ids.containsKey(x.passbookNumber())).findFirst().orElseThrow();
        return new Actor(ids.get(h.passbookNumber()), h.passbookNumber(), h.headName(), Role.VILLAGER, v.unit.id(),
                v.unit.path(), h.id(), null);
    }

    // ------------------------------------------------------------------ activities

    private void signUp(Village v) {
        Random random = v.random;
        List<Household> hs = new ArrayList<>(v.households);
        Collections.shuffle(hs, random);
        int n = 0;
        int signUps = 12 * householdsPerVillage / MOST;   // 12 of 50 households, 6 of 25; four in five come
        for (Household h : hs) {
            if (n >= signUps || v.vetoed.contains(h.id())) {
                continue;
            }
            activities.signup(v.admin, v.unit.id(), v.activity.id(), h.head().id(), h.passbookNumber());
            n++;
        }
    }

    private void checkIn(Village v) {
        int n = 0;
        for (var s : activities.signups(v.admin, v.unit.id(), v.activity.id())) {
            if (n++ % 5 != 4) {   // four in five come
                activities.checkIn(v.admin, v.unit.id(), v.activity.id(), s.residentId());
            }
        }
    }

    // ------------------------------------------------------------------ market

    private void restock(Village v, YearMonth m, int k) {
        Random random = v.random;
        LocalDate day = m.atDay(5);
        funds.contribute(v.admin, v.unit.code(), v.fundId, new BigDecimal("1000.00"), null, day,
                m.getYear() + "年第" + (m.getMonthValue() / 3) + "季度超市经费（村集体）");
        for (Product p : goods.products(v.admin, v.unit.id(), v.supermarketId)) {
            int short_ = RESTOCK_TO.getOrDefault(p.name(), 0) - p.stock();
            if (short_ <= 0) {
                continue;
            }
            if (RICE.equals(p.name()) && (v.no + k) % 4 == 0) {
                goods.donation(v.admin, v.unit.id(), p.id(), short_, "乡贤" + "陈李黄张".charAt(v.no % 4) + "先生", day);
                continue;
            }
            Long fund = OIL.equals(p.name()) && v.giftsFundId != null ? v.giftsFundId : v.fundId;
            goods.purchase(v.admin, v.unit.id(), p.id(), short_,
                    p.referenceYuan().multiply(BigDecimal.valueOf(short_)), "佛冈县供销社", fund, day);
        }
    }

    /** The village's redemption day from time t on (one clock for the county: times only go forward); returns the time reached. */
    private LocalTime redemptionDay(Village v, LocalDate day, LocalTime from) {
        Random random = v.random;
        List<Household> hs = new ArrayList<>(v.households);
        Collections.shuffle(hs, random);
        LocalTime t = from;
        int made = 0;
        // the shelf as the keeper sees it in the morning; the counter takes what each basket took off it
        List<Product> products = goods.products(v.counter, v.unit.id(), v.supermarketId);
        Map<Long, Integer> stock = new HashMap<>();
        products.forEach(p -> stock.put(p.id(), p.stock()));
        for (Household h : hs) {
            if (v.vetoed.contains(h.id()) || random.nextInt(100) >= 55) {
                continue;
            }
            long balance = ledger.balance(v.unit.id(), h.id());
            Map<Long, Integer> basket = basket(random, products, stock, Math.min(balance, 20 + random.nextInt(90)));
            if (basket.isEmpty()) {
                continue;
            }
            t = t.plusSeconds(40 + random.nextInt(40));
            if (!at(day, t) || !windows.isOpenNow(v.unit.id())) {
                break;
            }
            List<Redemptions.Item> items = basket.entrySet().stream()
                    .map(e -> new Redemptions.Item(e.getKey(), e.getValue())).toList();
            redemptions.redeem(v.counter, v.unit.id(), v.supermarketId, h.passbookNumber(), items,
                    "demo-" + day + "-" + h.passbookNumber());
            basket.forEach((id, n) -> stock.merge(id, -n, Integer::sum));
            made++;
        }
        log.debug("{}: {} redemptions on {}", v.unit.name(), made, day);
        return t;
    }

    /** A basket within the budget: the dearest goods that fit, then smaller ones; stock (by product) permitting. */
    private Map<Long, Integer> basket(Random random, List<Product> products, Map<Long, Integer> stock, long budget) {
        Map<Long, Integer> basket = new LinkedHashMap<>();
        long left = budget;
        List<Product> byPoints = new ArrayList<>(products);
        byPoints.sort((a, b) -> Integer.compare(b.points(), a.points()));
        for (Product p : byPoints) {
            int n = 0;
            while (p.active() && p.points() <= left && n < stock.get(p.id()) && n < 2 && random.nextInt(3) > 0) {
                n++;
                left -= p.points();
            }
            if (n > 0) {
                basket.put(p.id(), n);
            }
        }
        if (basket.isEmpty()) {
            for (Product p : byPoints.stream().sorted((a, b) -> Integer.compare(a.points(), b.points())).toList()) {
                if (p.active() && p.points() <= budget && stock.get(p.id()) > 0) {
                    basket.put(p.id(), 1);
                    break;
                }
            }
        }
        return basket;
    }

    private void checkStandards(Village v, LocalDate day) {
        for (String s : Supermarkets.STANDARDS) {
            boolean met = !(SHORT_OF_STANDARD.equals(v.unit.code()) && "LEDGER".equals(s));
            supermarkets.check(county, v.unit.id(), v.supermarketId, s, met, day,
                    met ? "县委组织部季度检查：符合" : "进出货台账未按月登记，限期整改", null, null);
        }
    }

    // ------------------------------------------------------------------ honours

    private void redFlag(Village v, YearMonth month) {
        String key = month.toString();
        var state = honours.flag(v.admin, v.unit.code(), key);
        if (state.proposed() != null && state.holder() == null) {
            honours.confirmFlag(v.admin, v.unit.code(), key, null, null);
        }
    }

    private void starPersons(Village v, YearMonth month) {
        String key = month.toString();
        List<Long> chosen = honours.starPersons(v.admin, v.unit.code(), key).proposed().stream()
                .map(RankLine::residentId).filter(Objects::nonNull).limit(2).toList();
        if (!chosen.isEmpty()) {
            honours.awardStarPersons(v.admin, v.unit.code(), key, chosen);
        }
    }

    private void partnerBank() {
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        ids.put("demo-bank", users.createUncheckedHashed("demo-bank", BANK + "客户经理", hashed("demo-bank"), Role.AUDITOR,
                countyUnit.id(), null, null, false));
        consents.bindAuditor(county, "demo-bank", BANK);
        Village v = villages.get(0);
        for (int i = 1; i <= 8; i++) {
            consents.grant(v.admin, v.unit.id(), v.households.get(i).id(), BANK, "已签书面授权书，同意向" + BANK + "提供积分情况");
        }
    }

    // ------------------------------------------------------------------ today

    private void finish(LocalDate today) {
        Village first = villages.get(0);
        // the next redemption day, where the year has none ahead
        LocalDate next = YearMonth.from(today).plusMonths(2 - (today.getMonthValue() - 1) % 3).atDay(15);
        if (!next.isAfter(today)) {
            next = YearMonth.from(next).plusMonths(3).atDay(15);
        }
        for (Village v : villages) {
            if (windows.next(v.unit.id()).isEmpty()) {
                windows.schedule(v.admin, v.unit.code(), next.getYear() + "年第" + ((next.getMonthValue() - 1) / 3 + 1)
                        + "季度集中兑换日", next.atTime(9, 0), next.atTime(17, 0));
            }
        }
        for (Village v : villages) {
            party.finish(v.unit, v.admin, today);
        }
        // certificates: a credit loan (a consenting household), a party application and a reserve-cadre review
        LocalDate from = firstDay;
        certificates.issue(first.admin, new ReferenceCertificates.Request(first.unit.id(), first.households.get(1).id(),
                null, "CREDIT_LOAN", null, from, today));
        Household party = first.households.stream().filter(h -> h.members().stream().anyMatch(Resident::partyMember))
                .findFirst().orElse(first.households.get(2));
        certificates.issue(first.admin, new ReferenceCertificates.Request(first.unit.id(), party.id(),
                party.head().id(), "PARTY_APPLICATION", null, from, today));
        Village third = villages.get(2);
        certificates.issue(third.admin, new ReferenceCertificates.Request(third.unit.id(), third.households.get(5).id(),
                third.households.get(5).head().id(), "RESERVE_CADRE", null, from, today));
        // the quarter before this one is closed: nothing may be recorded for it any more
        LocalDate closed = YearMonth.from(today).minusMonths((today.getMonthValue() - 1) % 3 + 1).atEndOfMonth();
        CountyPolicy p = policies.of(orgUnits.byCode("441821").orElseThrow());
        policies.update(county, new CountyPolicies.Draft(p.basePoints(), p.expiryDate() == null ? null
                : p.expiryDate().toString(), p.vetoBlockMonths(), closed, p.localAdjustPercent(),
                "季度结账：" + closed + "及以前的积分已全部审核公示入账"));
    }

}
