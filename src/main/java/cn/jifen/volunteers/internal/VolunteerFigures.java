package cn.jifen.volunteers.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.volunteers.VolunteerHours;
import cn.jifen.volunteers.VolunteerTeams;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Volunteering in the statistics' 治理实践 section: hours and person-times of the activities starting in the days,
 * the teams housed in the villages now (a town's team counts with its captain's village) and their members, and
 * informants' reports confirmed in the days.
 */
@Component
class VolunteerFigures implements PracticeFigures {
    static final int ORDER = 20;

    private final VolunteerHours hours;
    private final VolunteerTeams teams;
    private final OrgUnits orgUnits;

    VolunteerFigures(VolunteerHours hours, VolunteerTeams teams, OrgUnits orgUnits) {
        this.hours = hours;
        this.teams = teams;
        this.orgUnits = orgUnits;
    }

    @Override
    public String sectionKey() {
        return "volunteers.statsTitle";
    }

    @Override
    public int order() {
        return ORDER;
    }

    @Override
    public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        List<OrgUnit> villages = villageIds.stream().map(orgUnits::byId).toList();
        VolunteerHours.Totals t = hours.totals(villages, teams.housedIn(villageIds), from, to);
        BigDecimal h = BigDecimal.valueOf(t.minutes()).divide(BigDecimal.valueOf(60), 1, RoundingMode.HALF_UP);
        return List.of(
                new Figure("volunteers.figures.hours", h, "stats.unit.hours"),
                Figure.count("volunteers.statsPersonTimes", t.personTimes(), "stats.unit.personTimes"),
                Figure.count("volunteers.statsTeams", t.teams(), "stats.unit.teams"),
                Figure.count("volunteers.statsMembers", t.teamMembers(), "stats.unit.people"),
                Figure.count("volunteers.statsReports", t.informantReports(), "stats.unit.items"));
    }
}
