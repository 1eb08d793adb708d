package cn.jifen.demo.internal;

import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.market.SupermarketAdmin;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Loads a demo county modelled on Fogang (佛冈县): two towns, twelve villages, 600 households (300 when it lives
 * its year) with made-up names, grid workers, a supermarket per village and fixed demo logins. Runs once, on an
 * empty database, unless JIFEN_DEMO=false.
 */
@Component
class DemoCounty implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(DemoCounty.class);

    static final String[][] TOWNS = {
            {"441821100", "石角镇", "龙南村", "里水村", "新联村", "塘头村", "黄花村", "石角社区"},
            {"441821101", "汤塘镇", "汤塘村", "新坐村", "围镇村", "龙腾村", "洞心村", "汤塘社区"}};
    private static final String SURNAMES = "陈李黄张刘林朱何罗梁郑谢冯邓曾彭";
    private static final String GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰建国志红春梅海燕文德福";
    /** Households per village of the simple demo (every posting dated today), which the test suite's figures rely on. */
    static final int HOUSEHOLDS_PER_VILLAGE = 50;

    private final OrgUnits orgUnits;
    private final Households households;
    private final Users users;
    private final SupermarketAdmin supermarkets;
    private final Ledger ledger;
    private final RuleCatalogue catalogue;
    private final TransactionTemplate tx;
    private final boolean enabled;
    @Autowired private DemoMarket market;
    /** The year of life (jifen.demo.year): absent when it is off. */
    @Autowired
    private ObjectProvider<DemoYear> year;
    @Autowired private DataSource dataSource;
    @Autowired private DemoLoadGate gate;
    /** The demo accounts' ids by login name, for the year's actors. */
    final Map<String, Long> userIds = new HashMap<>();
    /** The first day the catalogue is in force; the year moves it back to its first day. */
    private LocalDate catalogueFrom = LocalDate.of(2026, 1, 1);
    private boolean villagerMustChange;
    /** The simple demo's 50, or the lived year's smaller villages ({@link DemoYear#householdsPerVillage}). */
    private int householdsPerVillage = HOUSEHOLDS_PER_VILLAGE;
    /** How long the first start's demo load took (0 when nothing was loaded), and the loading threads' CPU time. */
    volatile long loadMillis;
    volatile long loadCpuMillis;

    DemoCounty(OrgUnits orgUnits, Households households, Users users, SupermarketAdmin supermarkets, Ledger ledger,
               RuleCatalogue catalogue, TransactionTemplate tx, @Value("${jifen.demo:true}") boolean enabled) {
        this.ledger = ledger;
        this.catalogue = catalogue;
        this.orgUnits = orgUnits;
        this.households = households;
        this.users = users;
        this.supermarkets = supermarkets;
        this.tx = tx;
        this.enabled = enabled;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!enabled || !orgUnits.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
        DemoYear lived = year.getIfAvailable();
        gate.loading(true); // requests wait (503) while commits are batched: none can be acknowledged and then lost
        try (BatchedCommits batched = BatchedCommits.during(dataSource); LoadCache cache = LoadCache.during(dataSource)) {
            if (lived == null) {
                tx.executeWithoutResult(s -> {
                    load();
                    postHistory();
                    market.load(true);
                });
            } else {
                // the county as it was a year ago (no spike of today-dated postings), then its year through the services
                lived.load(new DemoYear.Base() {
                    @Override
                    public Map<String, Long> load(LocalDate first) {
                        catalogueFrom = first.withDayOfYear(1).isBefore(catalogueFrom) ? first.withDayOfYear(1) : catalogueFrom;
                        villagerMustChange = true;
                        householdsPerVillage = lived.householdsPerVillage();
                        tx.executeWithoutResult(s -> {
                            DemoCounty.this.load();
                            market.load(false);
                        });
                        return userIds;
                    }

                    @Override
                    public String hashed(String password) {
                        return DemoCounty.this.hashed(password);
                    }
                });
            }
        } catch (DataIntegrityViolationException e) {
            log.info("Demo county not loaded: another instance loaded it first.");
            return;
        } finally {
            gate.loading(false); // BatchedCommits has put WRITE_DELAY back and checkpointed by now (LoadCache its cache)
        }
        loadMillis = (System.nanoTime() - start) / 1_000_000;
        loadCpuMillis = (threads.isCurrentThreadCpuTimeSupported() ? (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000 : 0)
                + (lived == null ? 0 : lived.helperCpuNanos() / 1_000_000);
        // the JVM's uptime: the first start as a user waits for it, from the JVM's start to a usable demo
        log.info("Demo county {}loaded in {} ms ({} ms of CPU in the loading threads); usable {} ms after the JVM started.",
                lived == null ? "" : "and its year of life ", loadMillis, loadCpuMillis,
                ManagementFactory.getRuntimeMXBean().getUptime());
        System.out.println("""

                ==== 演示县已载入 / demo county loaded: 佛冈县 ====
                  县管理员 county admin     demo-admin   / demo-admin
                  镇管理员 town admin       demo-town    / demo-town     (石角镇)
                  村管理员 village admin    demo-village / demo-village  (龙南村; demo-v02…demo-v12 同密码)
                  网格员   grid worker      demo-grid    / demo-grid     (龙南村第一网格)
                  超市管理员 keeper          demo-keeper  / demo-keeper   (龙南村积分超市)
                  审计查阅 auditor          demo-auditor / demo-auditor  (全县只读)
                  村民     villager         441821100201-0001 / 123456%s
                """.formatted(villagerMustChange ? "  (首次登录须改密码 / must change at first login)" : ""));
    }

    void load() {
        Actor system = Actor.system("/");
        OrgUnit county = orgUnits.createCounty(system, "441821", "佛冈县");
        Actor countyActor = Actor.system(county.path());
        defaultItems(countyActor);
        remember("demo-admin", users.createUncheckedHashed("demo-admin", "县委组织部演示管理员", hashed("demo-admin"), Role.COUNTY_ADMIN, county.id(), null, null, false));
        remember("demo-auditor", users.createUncheckedHashed("demo-auditor", "县纪委演示查阅员", hashed("demo-auditor"), Role.AUDITOR, county.id(), null, null, false));
        Random random = new Random(2026);
        int villageNo = 0;
        for (String[] t : TOWNS) {
            OrgUnit town = orgUnits.create(countyActor, county.code(), t[0], t[1], null);
            if (villageNo == 0) {
                remember("demo-town", users.createUncheckedHashed("demo-town", t[1] + "演示管理员", hashed("demo-town"), Role.TOWN_ADMIN, town.id(), null, null, false));
            }
            for (int v = 2; v < t.length; v++) {
                villageNo++;
                String code = t[0] + String.format("%03d", 200 + v - 1);
                OrgUnit village = orgUnits.create(countyActor, town.code(), code, t[v],
                        t[v].endsWith("社区") ? "COMMUNITY" : "VILLAGE");
                List<OrgUnit> grids = new ArrayList<>();
                String[] gridNames = {"第一网格", "第二网格", "第三网格"};
                for (int g = 0; g < gridNames.length; g++) {
                    grids.add(orgUnits.create(countyActor, code, code + "-G" + (g + 1), gridNames[g], null));
                }
                String admin = villageNo == 1 ? "demo-village" : String.format("demo-v%02d", villageNo);
                remember(admin, users.createUncheckedHashed(admin, t[v] + "村委演示管理员", hashed("demo-village"), Role.VILLAGE_ADMIN, village.id(), null, null, false));
                if (villageNo == 1) {
                    remember("demo-grid", users.createUncheckedHashed("demo-grid", "龙南村网格员", hashed("demo-grid"), Role.GRID_WORKER, grids.get(0).id(), null, null, false));
                    remember("demo-keeper", users.createUncheckedHashed("demo-keeper", "龙南村超市管理员", hashed("demo-keeper"), Role.KEEPER, village.id(), null, null, false));
                }
                supermarkets.open(countyActor, code, t[v] + "积分超市", t[v] + "党群服务中心一楼", List.of());
                for (int h = 1; h <= householdsPerVillage; h++) {
                    households.create(countyActor, code, household(random, villageNo, h, grids.get((h - 1) % 3).code(), t[v]));
                }
            }
        }
        var first = households.byPassbook(countyActor, "441821100201-0001");
        remember("441821100201-0001", users.createUncheckedHashed("441821100201-0001", first.headName(), hashed("123456"), Role.VILLAGER, first.villageId(), first.id(),
                first.head().phone(), villagerMustChange));
    }

    private final Map<String, String> hashes = new HashMap<>();

    /**
     * The demo accounts sharing a published password share its hash: the stored one ({@link DemoPasswords}), else
     * bcrypt once per password, not per account.
     */
    String hashed(String password) {
        return hashes.computeIfAbsent(password, p -> DemoPasswords.HASHES.containsKey(p)
                ? DemoPasswords.HASHES.get(p) : users.hash(p));
    }

    private void remember(String username, long id) {
        userIds.put(username, id);
    }

    /** A catalogue modelled on published county rules: seven categories' items and a negative list. */
    private void defaultItems(Actor county) {
        Set<String> staff = Set.of("GRID_WORKER", "VILLAGE_ADMIN");
        Set<String> anyone = Set.of("GRID_WORKER", "VILLAGE_ADMIN", "SELF");
        Object[][] items = {
                {"DY01", "DYZY", "按时参加党组织生活", "EARN", 5, 5, "MONTH", null, 5, true, staff},
                {"DY02", "DYZY", "党员先锋岗履职", "EARN", 10, 30, "MONTH", null, 30, true, staff},
                {"ZY01", "ZYFW", "参加志愿服务活动", "EARN", 5, 20, "TIME", 60, null, false, anyone},
                {"WM01", "WMXF", "红白喜事简办、移风易俗", "EARN", 20, 50, "TIME", null, null, false, anyone},
                {"ZL01", "XCZL", "参加村民议事、村务监督", "EARN", 5, 5, "TIME", 20, null, false, staff},
                {"ZL02", "XCZL", "四小园管护（每月检查）", "EARN", 10, 50, "MONTH", null, null, false, staff},
                {"ZL03", "XCZL", "信息员报告经网格员核实", "EARN", 2, 5, "TIME", 20, null, false, staff},
                {"JT01", "JTMD", "孝老爱亲、家庭和睦", "EARN", 10, 30, "YEAR", null, null, false, anyone},
                {"LL01", "LLHZ", "帮扶困难户、邻里互助", "EARN", 10, 30, "TIME", 60, null, false, anyone},
                {"FL01", "ZJSF", "乱倒垃圾、违规焚烧秸秆", "DEDUCT", 10, 30, "TIME", null, null, false, staff},
                {"FL02", "ZJSF", "违法违纪受到处理", "DEDUCT", 0, 0, "TIME", null, null, false, Set.of("VILLAGE_ADMIN")}};
        for (Object[] i : items) {
            boolean veto = "FL02".equals(i[0]);
            @SuppressWarnings("unchecked") Set<String> who = (Set<String>) i[10];
            catalogue.create(county, "441821", new ItemDraft((String) i[0], (String) i[1], (String) i[2], null,
                    (String) i[3], (Integer) i[4], (Integer) i[5], (String) i[6], (Integer) i[7], (Integer) i[8],
                    "MONTH", false, who, (Boolean) i[9], veto, true, catalogueFrom, null));
        }
    }

    private static final String[] GOOD_DEEDS = {"志愿服务：清扫村道", "文明新风：移风易俗", "家庭美德：孝老爱亲",
            "乡村治理：参加村民议事", "邻里互助：帮扶困难户", "党员争优：党员先锋岗", "四小园管护"};

    /** A little points history so passbooks, balances and statements have something to show. */
    private void postHistory() {
        Actor system = Actor.system("/");
        Random r = new Random(7);
        for (OrgUnit village : orgUnits.villagesVisible(system)) {
            List<PostingRequest> earns = new ArrayList<>();
            List<PostingRequest> spends = new ArrayList<>();
            int n = 0;
            for (var h : households.list(system, village.code(), null, null, 0, 200).items()) {
                int deeds = 1 + r.nextInt(4);
                int total = 0;
                for (int d = 0; d < deeds; d++) {
                    int points = 5 * (1 + r.nextInt(6));
                    total += points;
                    earns.add(PostingRequest.of(village.id(), h.id(), PostingKind.EARN, points,
                            GOOD_DEEDS[r.nextInt(GOOD_DEEDS.length)], "demo-" + village.code() + "-" + (++n)));
                }
                if (r.nextInt(3) == 0) {
                    spends.add(PostingRequest.of(village.id(), h.id(), PostingKind.REDEEM, Math.min(total, 10 + r.nextInt(20)),
                            "积分超市兑换：洗衣粉、食用油", "demo-" + village.code() + "-" + (++n)));
                }
            }
            ledger.postAll(system, earns);
            ledger.postAll(system, spends);
        }
    }

    private static HouseholdDraft household(Random r, int villageNo, int h, String gridCode, String villageName) {
        char surname = SURNAMES.charAt(r.nextInt(SURNAMES.length()));
        List<ResidentDraft> members = new ArrayList<>();
        int headYear = 1945 + r.nextInt(45);
        String headPhone = String.format("139%02d%06d", villageNo, h);
        boolean party = r.nextInt(100) < 10;
        members.add(new ResidentDraft(surname + name(r), "户主", r.nextInt(5) == 0 ? "女" : "男", String.valueOf(headYear),
                headPhone, null, party, party ? villageName + "党支部" : null, r.nextInt(100) < 3));
        if (r.nextInt(10) < 8) {
            char s2 = SURNAMES.charAt(r.nextInt(SURNAMES.length()));
            members.add(new ResidentDraft(s2 + name(r), "配偶", "女", String.valueOf(headYear + r.nextInt(5)),
                    null, null, false, null, false));
        }
        int children = r.nextInt(3);
        for (int c = 0; c < children; c++) {
            int year = Math.min(2020, headYear + 22 + r.nextInt(10));
            members.add(new ResidentDraft(surname + name(r) + (c + 1 > 1 ? "" : ""), "子女", r.nextBoolean() ? "男" : "女",
                    String.valueOf(year), year < 2005 ? String.format("137%02d%04d%02d", villageNo, h, c) : null,
                    null, false, null, false));
        }
        // names must be unique within a household
        List<ResidentDraft> unique = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ResidentDraft m : members) {
            if (seen.add(m.name())) {
                unique.add(m);
            }
        }
        return new HouseholdDraft(String.format("%03d", h), gridCode, villageName + (h % 7 + 1) + "队" + h + "号",
                r.nextInt(100) < 6, unique);
    }

    private static String name(Random r) {
        String a = String.valueOf(GIVEN.charAt(r.nextInt(GIVEN.length())));
        return r.nextBoolean() ? a : a + GIVEN.charAt(r.nextInt(GIVEN.length()));
    }
}
