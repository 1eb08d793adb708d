package cn.jifen.demo.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.Signup;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.volunteers.InformantReport;
import cn.jifen.volunteers.Informants;
import cn.jifen.volunteers.Team;
import cn.jifen.volunteers.TeamFigures;
import cn.jifen.volunteers.VolunteerHours;
import cn.jifen.volunteers.VolunteerTeams;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The demo county's volunteer teams and informants over its year (called by {@link DemoYear} once the year is lived):
 * a team in every village whose activities it runs (most attendees are members since the first day; 里水村's
 * activities belong to 石角镇's town patrol team, with members from three villages), 龙南村's 关爱老人队 with a member
 * who left mid-year, check-outs taken from the paper rosters (most attendees, the rest count until the scheduled end),
 * the county's leading team honoured for the year; an informant in every village's first grid with reports this
 * quarter: one confirmed into a claim, one dismissed with a reason, one waiting for the grid worker.
 */
@Component
@ConditionalOnExpression(DemoClockConfig.YEAR_ON)
class DemoVolunteers {
    static final String TOWN = "441821100";   // 石角镇
    static final String TOWN_TEAM_VILLAGE = "441821100202";   // 里水村: its activities are the town team's

    private final DemoClock clock;
    private final TransactionTemplate tx;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Activities activities;
    private final VolunteerTeams teams;
    private final VolunteerHours hours;
    private final Informants informants;

    DemoVolunteers(DemoClock clock, TransactionTemplate tx, OrgUnits orgUnits, Households households,
                   Activities activities, VolunteerTeams teams, VolunteerHours hours, Informants informants) {
        this.clock = clock;
        this.tx = tx;
        this.orgUnits = orgUnits;
        this.households = households;
        this.activities = activities;
        this.teams = teams;
        this.hours = hours;
        this.informants = informants;
    }

    private static Actor actor(Map<String, Long> ids, String username, Role role, OrgUnit unit) {
        return new Actor(ids.getOrDefault(username, 0L), username, username, role, unit.id(), unit.path(), null, null);
    }

    private void at(LocalDate day, int hour) {
        clock.moveTo(day.atTime(hour, 0).atZone(clock.getZone()).toInstant());
    }

    /** Lives the year's volunteering after {@link DemoYear} has lived the rest; {@code ids} are the accounts' ids. */
    void load(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        try {
            tx.executeWithoutResult(s -> teams(ids, firstDay, today));
            tx.executeWithoutResult(s -> informants(ids, firstDay, today));
        } finally {
            clock.release();
        }
    }

    // ------------------------------------------------------------------ teams

    private void teams(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        Actor county = actor(ids, "demo-admin", Role.COUNTY_ADMIN, countyUnit);
        OrgUnit town = orgUnits.byCode(TOWN).orElseThrow();
        Actor townAdmin = actor(ids, "demo-town", Role.TOWN_ADMIN, town);
        ZoneId zone = clock.getZone();
        Map<OrgUnit, List<Activity>> acts = new LinkedHashMap<>();
        int no = 0;
        Map<OrgUnit, Actor> admins = new LinkedHashMap<>();
        for (OrgUnit v : orgUnits.villagesVisible(county)) {
            no++;
            admins.put(v, actor(ids, no == 1 ? "demo-village" : String.format("demo-v%02d", no), Role.VILLAGE_ADMIN, v));
            acts.put(v, activities.startingBetween(v.id(), firstDay.atStartOfDay(zone).toOffsetDateTime(),
                    today.plusDays(1).atStartOfDay(zone).toOffsetDateTime()));
        }
        // the first day: teams are set up and their members join
        at(firstDay, 9);
        Team townTeam = null;
        for (Map.Entry<OrgUnit, List<Activity>> e : acts.entrySet()) {
            OrgUnit v = e.getKey();
            Actor admin = admins.get(v);
            List<Signup> attendees = attendees(v, e.getValue());
            if (attendees.isEmpty()) {
                continue;
            }
            boolean townRuns = TOWN_TEAM_VILLAGE.equals(v.code());
            Signup captain = attendees.get(0);
            Team t = townRuns
                    ? teams.create(townAdmin, TOWN, "石角镇治安巡逻队", "PATROL", captain.passbookNumber(), captain.residentId())
                    : teams.create(admin, v.code(), v.name() + "志愿服务队", "ENVIRONMENT", captain.passbookNumber(),
                            captain.residentId());
            if (townRuns) {
                townTeam = t;
            }
            Actor manager = townRuns ? townAdmin : admin;
            for (int i = 1; i < attendees.size(); i++) {
                if (i % 3 != 2) {   // two in three attendees are members
                    teams.join(manager, t.villageId(), t.id(), attendees.get(i).passbookNumber(),
                            attendees.get(i).residentId(), null);
                }
            }
            for (Activity a : e.getValue()) {
                teams.linkActivity(manager, t.villageId(), t.id(), a.villageId(), a.id());
            }
        }
        if (townTeam != null) {
            // the town's patrol also takes villagers of 龙南村 and 黄花村
            for (String code : List.of("441821100201", "441821100205")) {
                for (HouseholdSummary h : households.list(county, code, null, null, 0, 20).items().subList(10, 13)) {
                    teams.join(townAdmin, townTeam.villageId(), townTeam.id(), h.passbookNumber(), null, null);
                }
            }
        }
        // 龙南村's 关爱老人队: visits to the elderly, one member left to work in the city mid-year
        OrgUnit first = acts.keySet().iterator().next();
        Actor firstAdmin = admins.get(first);
        List<HouseholdSummary> hs = households.list(county, first.code(), null, null, 0, 20).items();
        Team elderly = teams.create(firstAdmin, first.code(), "龙南村关爱老人队", "ELDERLY", hs.get(5).passbookNumber(), null);
        for (int i = 6; i < 10; i++) {
            teams.join(firstAdmin, elderly.villageId(), elderly.id(), hs.get(i).passbookNumber(), null, null);
        }
        LocalDate mid = firstDay.plusMonths(6);
        at(mid, 10);
        teams.leave(firstAdmin, elderly.villageId(), elderly.id(), hs.get(9).residentIds().get(0), mid, "外出务工");
        clock.release();
        // check-outs from the paper rosters: three in four attendees signed out an hour and a half after the start
        for (Map.Entry<OrgUnit, List<Activity>> e : acts.entrySet()) {
            for (Activity a : e.getValue()) {
                int n = 0;
                for (Signup s : activities.roster(a.villageId(), a.id())) {
                    if (s.checkedInAt() == null || n++ % 4 == 3) {
                        continue;
                    }
                    LocalDateTime out = a.startsAt().atZoneSameInstant(zone).toLocalDateTime().plusMinutes(180);
                    OffsetDateTime o = out.atZone(zone).toOffsetDateTime();
                    if (o.isAfter(s.checkedInAt()) && o.isBefore(OffsetDateTime.now(clock))) {
                        activities.checkOut(admins.get(e.getKey()), a.villageId(), a.id(), s.residentId(), out);
                    }
                }
            }
        }
        // the county's leading team of the year is honoured
        List<TeamFigures> ranking = hours.ranking(county, countyUnit.code(), today.getYear());
        if (!ranking.isEmpty() && ranking.get(0).minutes() > 0) {
            Team best = ranking.get(0).team();
            hours.honour(county, best.villageId(), best.id(), today.getYear(), today.getYear() + "年度优秀志愿服务队");
        }
    }

    private List<Signup> attendees(OrgUnit v, List<Activity> acts) {
        Map<Long, Signup> seen = new LinkedHashMap<>();
        for (Activity a : acts) {
            for (Signup s : activities.roster(v.id(), a.id())) {
                if (s.checkedInAt() != null) {
                    seen.putIfAbsent(s.residentId(), s);
                }
            }
        }
        return new ArrayList<>(seen.values());
    }

    // ------------------------------------------------------------------ informants

    private static final String[][] REPORTS = {
            {"CLUTTER", "村道旁堆放建筑垃圾和柴草，影响通行", "FL01", "10"},
            {"LIVESTOCK", "鸡鸭散养在村道上，粪便无人清理", null, "已上门提醒，户主当天已圈养，暂不扣分"},
            {"SAFETY", "巷口电线老化裸露，下雨天有危险", null, null}};

    private void informants(Map<String, Long> ids, LocalDate firstDay, LocalDate today) {
        OrgUnit countyUnit = orgUnits.byCode("441821").orElseThrow();
        Actor county = actor(ids, "demo-admin", Role.COUNTY_ADMIN, countyUnit);
        LocalDate quarter = YearMonth.from(today).minusMonths((today.getMonthValue() - 1) % 3).atDay(1);
        int no = 0;
        for (OrgUnit v : orgUnits.villagesVisible(county)) {
            no++;
            Actor admin = actor(ids, no == 1 ? "demo-village" : String.format("demo-v%02d", no), Role.VILLAGE_ADMIN, v);
            OrgUnit grid = orgUnits.gridsOf(v).get(0);
            Actor decider = no == 1 ? actor(ids, "demo-grid", Role.GRID_WORKER, grid) : admin;
            List<HouseholdSummary> hs = households.list(county, v.code(), grid.code(), null, 0, 10).items();
            if (hs.size() < 4) {
                continue;
            }
            at(firstDay, 10);
            informants.appoint(admin, v.code(), grid.code(), hs.get(1).passbookNumber(), null, null);
            Actor informant = new Actor(ids.getOrDefault(hs.get(1).passbookNumber(), 0L), hs.get(1).passbookNumber(),
                    hs.get(1).headName(), Role.VILLAGER, v.id(), v.path(), hs.get(1).id(), null);
            for (int i = 0; i < REPORTS.length; i++) {
                LocalDate day = quarter.plusDays(7 + 20L * i + no % 5);
                if (!day.isBefore(today)) {
                    break;
                }
                String[] r = REPORTS[i];
                at(day, 16);
                InformantReport rep = informants.report(informant, r[0], r[1], hs.get(2 + i % 2).passbookNumber(),
                        i == 0 ? photo(v.name()) : null);
                at(day.plusDays(1), 10);
                if (r[2] != null) {
                    informants.confirm(decider, v.id(), rep.id(), r[2], Integer.parseInt(r[3]), null, null);
                } else if (r[3] != null) {
                    informants.dismiss(decider, v.id(), rep.id(), r[3]);
                }
            }
        }
    }

    /** A plain picture standing in for the informant's phone photo. */
    private static byte[] photo(String label) {
        BufferedImage img = new BufferedImage(320, 240, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(0x8d, 0x6e, 0x63));
        g.fillRect(0, 0, 320, 240);
        g.setColor(new Color(0xa1, 0x88, 0x7f));
        g.fillRect(40, 120, 240, 80);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "jpg", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
