package cn.jifen.demo.internal;

import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.proposals.Proposal;
import cn.jifen.proposals.ProposalDraft;
import cn.jifen.proposals.Proposals;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo county's village votes over its year (called by {@link DemoYear} once the year is lived): every village
 * chose the site of its 四小园 in spring, one vote per household, mostly on the phone and some on paper; every other
 * village voted on the supermarket's prizes for the next quarter a hundred days ago, one vote per adult; 龙南村's
 * vote on the Spring Festival evening closed ten days ago and its voters' participation claims (ZL01) wait for review;
 * three villages are voting now on where the first street lights go. Few voters each, so the load stays cheap.
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoProposals {
    private final DemoClock clock;
    private final TransactionTemplate tx;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Proposals proposals;

    DemoProposals(DemoClock clock, TransactionTemplate tx, OrgUnits orgUnits, Households households,
                  Proposals proposals) {
        this.clock = clock;
        this.tx = tx;
        this.orgUnits = orgUnits;
        this.households = households;
        this.proposals = proposals;
    }

    private void at(LocalDate day, int hour) {
        clock.moveTo(day.atTime(hour, 0).atZone(clock.getZone()).toInstant());
    }

    /** Lives the year's votes; {@code ids} are the accounts' ids (villager accounts are named by passbook number). */
    void load(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        try {
            tx.executeWithoutResult(s -> year(ids, firstDay, today));
        } finally {
            clock.release();
        }
    }

    private void year(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        Actor county = new Actor(ids.getOrDefault("demo-admin", 0L), "demo-admin", "demo-admin", Role.COUNTY_ADMIN,
                countyUnit.id(), countyUnit.path(), null, null);
        int no = 0;
        for (OrgUnit v : orgUnits.villagesVisible(county)) {
            no++;
            String name = no == 1 ? "demo-village" : String.format("demo-v%02d", no);
            Actor admin = new Actor(ids.getOrDefault(name, 0L), name, name, Role.VILLAGE_ADMIN, v.id(), v.path(), null, null);
            List<HouseholdSummary> hs = households.list(county, v.code(), null, null, 0, 50).items();
            if (hs.size() < 20) {
                continue;
            }
            LocalDate spring = firstDay.plusDays(45 + no % 5);
            vote(ids, admin, v, hs, spring, 7, new ProposalDraft("四小园选在哪里", "村里要建小菜园、小果园，请每户投一票选地方。",
                    List.of("村口空地", "祠堂后面", "小学旁边"), "PER_HOUSEHOLD", spring, spring.plusDays(6), null), 16, no, true);
            if (no % 2 == 0) {
                LocalDate prizes = today.minusDays(100 + no);
                vote(ids, admin, v, hs, prizes, 10, new ProposalDraft("下季度积分超市奖品", "下季度积分超市主要进哪样货？"
                        + "18 岁以上村民每人一票。", List.of("大米", "食用油", "洗衣粉", "毛巾"), "PER_ADULT", prizes,
                        prizes.plusDays(9), null), 10, no, true);
            }
            if (no == 1) {
                LocalDate evening = today.minusDays(17);
                vote(ids, admin, v, hs, evening, 7, new ProposalDraft("春节文艺晚会办什么节目", "参加投票的农户按细则 ZL01 记积分。",
                        List.of("粤剧", "广场舞", "舞狮"), "PER_HOUSEHOLD", evening, evening.plusDays(6), "ZL01"), 12, no, true);
            }
            if (no <= 3) {
                LocalDate lights = today.minusDays(3);
                vote(ids, admin, v, hs, lights, 0, new ProposalDraft("村道路灯先装哪一段", "第一批 20 盏路灯，先装哪一段？",
                        List.of("村口到祠堂", "祠堂到小学", "沿河路"), "PER_HOUSEHOLD", lights, today.plusDays(7), null),
                        6, no, false);
            }
        }
    }

    /**
     * Writes and publishes a proposal on its first day, takes {@code voters} votes over the period (one in four on
     * paper, entered by the admin) and, when {@code close}, closes it the day after its last day.
     */
    private void vote(Map<String, Long> ids, Actor admin, OrgUnit v, List<HouseholdSummary> hs, LocalDate opens, int days,
                      ProposalDraft d, int voters, int no, boolean close) {
        at(opens, 9);
        Proposal p = proposals.create(admin, v.code(), d);
        proposals.publish(admin, v.id(), p.id());
        boolean perAdult = "PER_ADULT".equals(d.electorate());
        int options = d.options().size();
        for (int i = 0; i < voters; i++) {
            HouseholdSummary h = hs.get((i * 3 + no) % hs.size());
            at(opens.plusDays(days == 0 ? 0 : i % days), 19);
            int option = 1 + (i * 7 + no + (i % 3 == 0 ? 1 : 0)) % options;   // uneven, so there is a leader
            Long resident = perAdult && !h.residentIds().isEmpty() ? h.residentIds().get(0) : null;
            try {
                if (i % 4 == 3) {
                    proposals.enterPaper(admin, v.id(), p.id(), h.passbookNumber(), option, resident);
                } else {
                    Actor villager = new Actor(ids.getOrDefault(h.passbookNumber(), 0L), h.passbookNumber(),
                            h.headName(), Role.VILLAGER, v.id(), v.path(), h.id(), null);
                    proposals.vote(villager, v.id(), p.id(), option, resident);
                }
            } catch (InvalidInput e) {
                // a household whose head is not on the roll as an adult: it simply did not vote
            }
        }
        if (close) {
            at(d.closesOn().plusDays(1), 10);
            proposals.close(admin, v.id(), p.id());
        }
    }
}
