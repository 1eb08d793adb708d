package cn.jifen.demo.internal;

import cn.jifen.complaints.Complaint;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo county's complaints and suggestions over its year (called by {@link DemoYear}), all through the
 * complaints module's service with the loader's clock moved to each day: in each village of 石角镇 about one a
 * quarter, most answered within a few days (some publicly, shown on the board), most answers rated; in 龙南村 one
 * anonymous complaint two weeks ago that nobody answered, escalated to the town, and one filed yesterday still
 * waiting (so the queues and the town's list are not empty).
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoComplaints {
    static final String TOWN = "441821100";   // 石角镇
    static final String FIRST = "441821100201";   // 龙南村

    private static final String[][] TEXTS = {
            {"COMPLAINT", "村口路灯坏了一个多月，晚上出行不安全", "已联系供电所更换灯泡，三天内修好。"},
            {"SUGGESTION", "建议在文化广场增设几张休息座椅，方便老人", "已列入本季度村务计划，下月安装。"},
            {"COMPLAINT", "垃圾收集点清运不及时，夏天有异味", "已与保洁公司协调，改为每天清运一次。"},
            {"SUGGESTION", "建议周末开放村图书室，方便学生看书", "从本月起周六、周日下午开放。"},
            {"COMPLAINT", "河边有人乱倒建筑垃圾", "已上门劝导并清理，网格员加强巡查。"},
            {"SUGGESTION", "建议组织一次防诈骗宣传", "已与派出所联系，下周三晚在村委会开展宣传。"}};

    private final DemoClock clock;
    private final TransactionTemplate tx;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Complaints complaints;

    DemoComplaints(DemoClock clock, TransactionTemplate tx, OrgUnits orgUnits,
                   Households households, Complaints complaints) {
        this.clock = clock;
        this.tx = tx;
        this.orgUnits = orgUnits;
        this.households = households;
        this.complaints = complaints;
    }

    private void at(LocalDate day, int hour) {
        clock.moveTo(day.atTime(hour, 0).atZone(clock.getZone()).toInstant());
    }

    private static Actor villager(OrgUnit v, HouseholdSummary h) {
        return new Actor(0, h.passbookNumber(), h.headName(), Role.VILLAGER, v.id(), v.path(), h.id(), null);
    }

    /** Lives the year's complaints; {@code ids} are the accounts' ids (for the answering admins). */
    void load(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        try {
            tx.executeWithoutResult(s -> live(ids, firstDay, today));
        } finally {
            clock.release();
        }
    }

    private void live(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        Actor county = new Actor(ids.getOrDefault("demo-admin", 0L), "demo-admin", "demo-admin", Role.COUNTY_ADMIN,
                countyUnit.id(), countyUnit.path(), null, null);
        int no = 0;
        int n = 0;
        for (OrgUnit v : orgUnits.villagesVisible(county)) {
            no++;
            if (!v.path().startsWith(orgUnits.byCode(TOWN).orElseThrow().path())) {
                continue;
            }
            String login = no == 1 ? "demo-village" : String.format("demo-v%02d", no);
            Actor admin = new Actor(ids.getOrDefault(login, 0L), login, v.name() + "村委", Role.VILLAGE_ADMIN, v.id(),
                    v.path(), null, null);
            List<HouseholdSummary> hs = households.list(county, v.code(), null, null, 0, 12).items();
            if (hs.size() < 6) {
                continue;
            }
            // about one a quarter, the first a month into the year
            for (LocalDate day = firstDay.plusDays(30 + no * 3L); day.isBefore(today.minusDays(20)); day = day.plusDays(90)) {
                String[] t = TEXTS[n % TEXTS.length];
                HouseholdSummary h = hs.get(n % hs.size());
                at(day, 9);
                Complaint c = complaints.file(villager(v, h), t[0], t[1], n % 5 == 2, List.of());
                at(day.plusDays(1 + n % 4), 15);   // answered within the week, one in seven late
                if (n % 7 == 6) {
                    at(day.plusDays(9), 15);
                    complaints.escalateDue();
                }
                boolean escalated = n % 7 == 6;
                Actor answerer = escalated ? new Actor(ids.getOrDefault("demo-town", 0L), "demo-town", "石角镇",
                        Role.TOWN_ADMIN, orgUnits.byCode(TOWN).orElseThrow().id(),
                        orgUnits.byCode(TOWN).orElseThrow().path(), null, null) : admin;
                complaints.answer(answerer, v.id(), c.id(), t[2], n % 3 != 1);
                if (n % 4 != 3) {
                    at(day.plusDays(12), 20);
                    complaints.rate(villager(v, h), v.id(), c.id(), n % 6 == 5 ? 3 : (n % 2 == 0 ? 5 : 4),
                            n % 3 == 0 ? "处理得很及时" : null);
                }
                n++;
            }
        }
        // 龙南村: an anonymous complaint nobody answered (escalated to the town) and one filed yesterday
        OrgUnit first = orgUnits.byCode(FIRST).orElseThrow();
        List<HouseholdSummary> hs = households.list(county, first.code(), null, null, 0, 12).items();
        at(today.minusDays(14), 10);
        complaints.file(villager(first, hs.get(3)), "COMPLAINT", "有养殖户把污水直接排进水渠，气味很大", true, List.of());
        at(today.minusDays(5), 10);
        complaints.escalateDue();
        at(today.minusDays(1), 18);
        complaints.file(villager(first, hs.get(4)), "SUGGESTION", "建议在小学门口画斑马线、装减速带", false, List.of());
    }
}
