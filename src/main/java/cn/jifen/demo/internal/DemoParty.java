package cn.jifen.demo.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.PartyRoster;
import cn.jifen.party.Party;
import cn.jifen.party.PartyClass;
import cn.jifen.party.PartyPost;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The demo county's party members through the year (分类管理 + 评星定级), lived by {@link DemoYear} with the same
 * services a village admin uses: classes and commitment posts when the year starts, two party meetings (a 三会一课 党员大会 in
 * January, a 主题党日 in July: activities with check-ins; kept few so the county's participations stay as reported), the democratic review at the end of
 * December (members' paper ballots, mobile members voting by phone), the year computed and frozen on 1 January
 * (the source of the 星级党员 honours frozen the next day), and this year's review open with ratings computed so far.
 * Kept apart from DemoYear so that class stays small; DemoYear calls it at the right moments of each village's month.
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoParty {
    private static final String[] WORKPLACES = {"广州市白云区", "深圳市宝安区", "东莞市长安镇", "佛山市顺德区"};

    private final Party party;
    private final PartyRoster roster;
    private final Activities activities;
    /** Per village; the two towns' villages are lived in two threads at once (DemoYear), hence concurrent. */
    private final Map<Long, Random> randoms = new ConcurrentHashMap<>();

    DemoParty(Party party, PartyRoster roster, Activities activities) {
        this.party = party;
        this.roster = roster;
        this.activities = activities;
    }

    private Random random(OrgUnit village) {
        return randoms.computeIfAbsent(village.id(), id -> new Random(5000 + id));
    }

    /** Classes from the first day, this year's and the next year's posts, three villager representatives. */
    void setUp(OrgUnit village, Actor admin, LocalDate firstDay, long demoVillagerHousehold) {
        Random r = random(village);
        List<PartyRoster.Person> members = roster.members(village.id());
        int i = 0;
        for (PartyRoster.Person p : members) {
            int roll = r.nextInt(100);
            PartyClass c = firstDay.getYear() - p.birthYear() >= 75 ? PartyClass.ELDERLY
                    : roll < 60 ? PartyClass.AT_HOME : roll < 80 ? PartyClass.MOBILE : roll < 92 ? PartyClass.EMPLOYED
                    : PartyClass.PROBATIONARY;
            String reason = switch (c) {
                case AT_HOME -> "常住本村，参加支部组织生活";
                case MOBILE -> "外出务工，通过手机参加组织生活";
                case ELDERLY -> "年事已高，行动不便";
                case EMPLOYED -> "在镇机关、企事业单位工作";
                case PROBATIONARY -> "支部大会接收为预备党员";
            };
            party.setClass(admin, village.code(), p.id(), c.name(), c == PartyClass.MOBILE ? WORKPLACES[r.nextInt(WORKPLACES.length)]
                    : null, firstDay, reason);
            PartyPost post = PartyPost.values()[(i++) % PartyPost.values().length];
            party.setPost(admin, village.code(), p.id(), firstDay.getYear(), post.name(), duty(post));
            party.setPost(admin, village.code(), p.id(), firstDay.getYear() + 1, post.name(), duty(post));
        }
        int reps = 0;
        for (PartyRoster.Person p : roster.household(village.id(), demoVillagerHousehold)) {
            if (!p.partyMember() && p.active() && reps == 0) {
                party.addRepresentative(admin, village.code(), p.id());   // the demo villager's household takes part
                reps++;
            }
        }
    }

    private static String duty(PartyPost post) {
        return switch (post) {
            case POLICY -> "每月到户宣讲惠农政策";
            case ENVIRONMENT -> "带头清扫村道、管护四小园";
            case MEDIATION -> "调解邻里纠纷";
            case PATROL -> "夜间治安巡逻";
            case CARE -> "结对帮扶独居老人";
            case INDUSTRY -> "带动农户种植、销售";
        };
    }

    /** 1 January, before the honours of the year before are frozen: the year's ratings computed and frozen. */
    void early(OrgUnit village, Actor admin, YearMonth m, BiPredicate<LocalDate, LocalTime> at) {
        if (m.getMonthValue() == 1 && at.test(m.atDay(1), LocalTime.of(8, 0))) {
            int last = m.getYear() - 1;
            party.compute(admin, village.code(), last);
            if (village.id() % 3 == 0) {
                party.rating(admin, village.code(), last).ratings().stream().filter(x -> x.stars() < 5).findFirst()
                        .ifPresent(x -> party.override(admin, village.code(), last, x.residentId(), x.stars() + 1,
                                "支部委员会研究决定：汛期带头转移群众，表现突出"));
            }
            party.freeze(admin, village.code(), last);
        }
    }

    /** Day 28 (after the rest of the month): January's and July's party meeting; in December the democratic review. */
    void late(OrgUnit village, Actor admin, YearMonth m, BiPredicate<LocalDate, LocalTime> at) {
        Random r = random(village);
        List<PartyRoster.Person> members = roster.members(village.id());
        if (m.getMonthValue() % 6 == 1 && at.test(m.atDay(28), LocalTime.of(8, 0))) {
            boolean theme = m.getMonthValue() == 7;
            Activity a = activities.publish(admin, village.code(), theme ? "主题党日：重温入党誓词、清理村道" : "三会一课：支部党员大会、党课",
                    village.name() + "党群服务中心", m.atDay(28).atTime(19, 30), "DY01", 5, Math.max(1, members.size() + 5));
            party.markMeeting(admin, village.code(), a.id(), theme ? "THEME_DAY" : "SANHUI");
            for (PartyRoster.Person p : members) {
                activities.signup(admin, village.id(), a.id(), p.id(), p.passbookNumber());
            }
            if (at.test(m.atDay(28), LocalTime.of(19, 45))) {
                for (PartyRoster.Person p : members) {
                    if (r.nextInt(100) < 85) {
                        activities.checkIn(admin, village.id(), a.id(), p.id());
                    }
                }
            }
        }
        if (m.getMonthValue() == 12 && at.test(m.atDay(28), LocalTime.of(21, 0))) {
            party.setReviewWindow(admin, village.code(), m.getYear(), m.atDay(28), m.atDay(31));
            if (at.test(m.atDay(29), LocalTime.of(10, 0))) {
                review(village, admin, m.getYear(), members, members.size());
            }
        }
    }

    /** The voters (members, then representatives) mark every other member; mobile members vote by phone. */
    private void review(OrgUnit village, Actor admin, int year, List<PartyRoster.Person> members, int voters) {
        Random r = random(village);
        Map<Long, PartyClass> classes = new HashMap<>();
        party.members(admin, village.code(), year, Paging.of(0, 500)).items()
                .forEach(l -> classes.put(l.residentId(), l.partyClass()));
        List<PartyRoster.Person> all = new ArrayList<>(members.subList(0, Math.min(voters, members.size())));
        all.addAll(party.representatives(admin, village.code()));
        for (PartyRoster.Person voter : all) {
            Map<Long, String> marks = new LinkedHashMap<>();
            for (PartyRoster.Person m : members) {
                if (m.id() != voter.id()) {
                    int roll = r.nextInt(100);
                    marks.put(m.id(), roll < 50 ? "EXCELLENT" : roll < 90 ? "GOOD" : roll < 98 ? "BASIC" : "POOR");
                }
            }
            if (marks.isEmpty()) {
                continue;
            }
            if (classes.get(voter.id()) == PartyClass.MOBILE) {
                Actor phone = new Actor(0, voter.passbookNumber(), voter.name(), Role.VILLAGER, village.id(), village.path(),
                        voter.householdId(), null);
                party.castOnline(phone, voter.id(), marks);
            } else {
                party.enterPaper(admin, village.code(), year, voter.id(), marks);
            }
        }
    }

    /** Today: this year's review is open; half the members have voted on paper; the ratings so far are computed. */
    void finish(OrgUnit village, Actor admin, LocalDate today) {
        int year = today.getYear();
        party.setReviewWindow(admin, village.code(), year, today.minusDays(3), today.plusDays(20));
        List<PartyRoster.Person> members = roster.members(village.id());
        Random r = random(village);
        for (PartyRoster.Person voter : members.subList(0, members.size() / 2)) {
            Map<Long, String> marks = new LinkedHashMap<>();
            for (PartyRoster.Person m : members) {
                if (m.id() != voter.id()) {
                    marks.put(m.id(), r.nextInt(100) < 55 ? "EXCELLENT" : "GOOD");
                }
            }
            if (!marks.isEmpty()) {
                party.enterPaper(admin, village.code(), year, voter.id(), marks);
            }
        }
        party.compute(admin, village.code(), year);
    }
}
