package cn.jifen.demo.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.identity.UserAccount;
import cn.jifen.meetings.AgendaItem;
import cn.jifen.meetings.Attendee;
import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.MeetingDetail;
import cn.jifen.meetings.Meetings;
import cn.jifen.meetings.VoteDraft;
import cn.jifen.shared.Actor;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * Two demo villages review in their monthly 评议会 instead of the admin alone (called by {@link DemoYear} on the day the
 * month's claims are reviewed): the village chose meeting review on the year's first day with its panel — the admin
 * (党支部书记), the second cadre who records (村委委员, who abstains on what they recorded) and three villager
 * representatives. Each month the meeting opens on the claims recorded the day before; one representative misses
 * every third meeting; everyone present who may votes 通过 (in a quarter's last month one representative votes 不通过
 * on the first item, outvoted); closing approves them as the admin would have. Cheap: a handful of statements per item.
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoMeetings {
    /** 石角镇's third village and 汤塘村. */
    static final Set<String> VILLAGES = Set.of("441821100203", "441821101201");

    private final Meetings meetings;
    private final Households households;
    /** Villages whose panel is set up; a concurrent set because the two towns live their months on two threads. */
    private final Set<Long> ready = ConcurrentHashMap.newKeySet();

    DemoMeetings(Meetings meetings, Households households) {
        this.meetings = meetings;
        this.households = households;
    }

    /** Holds the village's meeting on {@code day} (the loader's clock stands there); false if it reviews singly. */
    boolean meet(OrgUnit village, Actor admin, LocalDate day, LocalDate firstDay) {
        if (!VILLAGES.contains(village.code())) {
            return false;
        }
        if (ready.add(village.id())) {
            setUp(village, admin, firstDay);
        }
        Meeting m = meetings.schedule(admin, village.code(), day, village.name() + "党群服务中心会议室");
        MeetingDetail d = meetings.open(admin, village.code(), m.id());
        List<Long> present = new ArrayList<>();
        List<Attendee> list = d.attendance();
        for (int i = 0; i < list.size(); i++) {
            if (!(day.getMonthValue() % 3 == 1 && i == list.size() - 1)) {
                present.add(list.get(i).memberId());
            }
        }
        d = meetings.attendance(admin, village.code(), m.id(), present);
        Map<Long, List<VoteDraft>> votes = new LinkedHashMap<>();
        boolean dissent = day.getMonthValue() % 3 == 0;
        for (AgendaItem item : d.items()) {
            List<VoteDraft> hands = new ArrayList<>();
            List<Long> voters = present.stream().filter(p -> !item.abstaining().contains(p)).toList();
            for (Long p : voters) {
                boolean no = dissent && voters.size() >= 3 && p.equals(voters.get(voters.size() - 1));
                hands.add(new VoteDraft(p, no ? "REJECT" : "APPROVE", null, no ? "建议再核实一下" : null));
            }
            dissent = false;
            if (!hands.isEmpty()) {
                votes.put(item.id(), hands);
            }
        }
        if (!votes.isEmpty()) {
            meetings.voteAll(admin, village.code(), m.id(), votes);
        }
        meetings.close(admin, village.code(), m.id());
        return true;
    }

    private void setUp(OrgUnit village, Actor admin, LocalDate firstDay) {
        meetings.setMode(admin, village.code(), "MEETING", "村民代表会议决定：积分申报由村评议小组每月集中评议");
        for (UserAccount u : meetings.staffCandidates(admin, village.code())) {
            meetings.addStaff(admin, village.code(), u.id(), u.id() == admin.userId() ? "党支部书记" : "村委委员", firstDay);
        }
        List<Household> some = households.list(admin, village.code(), null, null, 0, 30).items().stream()
                .skip(20).limit(3).map(h -> households.get(admin, village.id(), h.id())).toList();
        for (Household h : some) {
            meetings.addResident(admin, village.code(), h.head().id(), "村民代表", firstDay);
        }
    }
}
