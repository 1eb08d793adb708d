package cn.jifen.volunteers;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.Signup;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.volunteers.internal.Member;
import cn.jifen.volunteers.internal.PersonHours;
import cn.jifen.volunteers.internal.TeamActivity;
import cn.jifen.volunteers.internal.TeamHonour;
import cn.jifen.volunteers.internal.VolunteerSql;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Volunteer hours (志愿服务时长). One attendance counts check-out − check-in, capped by the activity's scheduled
 * length; a check-in without a check-out counts as leaving at the scheduled end once that has passed (so at most the
 * scheduled length, and nothing while the activity is still under way); no check-in counts nothing. A team's year is the hours its members gave
 * to its activities (members on the activity's day). Teams are ranked by hours, then person-times; a team may be
 * honoured once a year (团队荣誉), with a printable certificate.
 */
@Service
public class VolunteerHours {
    /**
     * Volunteering under a unit in a period: hours and person-times of every activity starting in it, the teams there
     * now and their current members, and informants' reports confirmed in it.
     */
    public record Totals(LocalDate from, LocalDate to, long minutes, long personTimes, int teams, int teamMembers,
                         long informantReports) {
        public String hours() { return VolunteerHours.hours(minutes); }
    }

    private final VolunteerTeams teams;
    private final Informants informants;
    private final VolunteerSql sql;
    private final Activities activities;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    VolunteerHours(VolunteerTeams teams, Informants informants, VolunteerSql sql, Activities activities, OrgUnits orgUnits, AuditLog audit,
                   Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.validation = validation;
        this.teams = teams;
        this.informants = informants;
        this.sql = sql;
        this.activities = activities;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /** The minutes one attendance counts (see the class comment). */
    public static long minutes(Activity a, Signup s, OffsetDateTime now) {
        if (s.checkedInAt() == null) {
            return 0;
        }
        if (s.checkedOutAt() == null && now.isBefore(a.endsAt())) {
            return 0;
        }
        // a missing check-out counts as leaving at the scheduled end
        OffsetDateTime out = s.checkedOutAt() != null ? s.checkedOutAt() : a.endsAt();
        long m = Duration.between(s.checkedInAt(), out).toMinutes();
        return Math.max(0, Math.min(m, a.durationMinutes()));
    }

    /** Minutes as hours with one decimal ("2.5"). */
    public static String hours(long minutes) {
        return BigDecimal.valueOf(minutes).divide(BigDecimal.valueOf(60), 1,
                RoundingMode.HALF_UP).toPlainString();
    }

    // ------------------------------------------------------------ people

    /** Every resident of a village with volunteer hours in the year, most hours first, with points recorded for them. */
    public List<PersonHours> people(Actor actor, String villageCode, Integer year) {
        OrgUnit village = teams.scope(actor, villageCode);
        if (!village.isVillage()) {
            throw InvalidInput.of("village", "error.org.notVillage");
        }
        return peopleOf(village, year(year));
    }

    /**
     * The villager's own household: each member who gave volunteer time in the year, with the hours beside the points
     * recorded for them (志愿服务时长 alongside points). Only a villager account, and only its own household.
     */
    public List<PersonHours> household(Actor villager, Integer year) {
        if (!villager.is(Role.VILLAGER) || villager.householdId() == null) {
            throw new Forbidden("error.volunteers.villagerOnly");
        }
        long household = villager.householdId();
        return peopleOf(orgUnits.byId(villager.orgUnitId()), year(year)).stream()
                .filter(p -> p.householdId() == household).toList();
    }

    private List<PersonHours> peopleOf(OrgUnit village, int y) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        Map<Long, long[]> figures = new LinkedHashMap<>();   // resident -> minutes, activities, points
        Map<Long, Signup> who = new LinkedHashMap<>();
        for (Activity a : activitiesOf(village.id(), y)) {
            for (Signup s : activities.roster(village.id(), a.id())) {
                if (s.checkedInAt() == null) {
                    continue;
                }
                long[] f = figures.computeIfAbsent(s.residentId(), k -> new long[3]);
                f[0] += minutes(a, s, now);
                f[1]++;
                f[2] += s.claimId() != null ? a.points() : 0;
                who.putIfAbsent(s.residentId(), s);
            }
        }
        return figures.entrySet().stream().map(e -> {
            Signup s = who.get(e.getKey());
            long[] f = e.getValue();
            return new PersonHours(village.id(), s.residentId(), s.residentName(), s.householdId(), s.passbookNumber(),
                    f[0], (int) f[1], (int) f[2]);
        }).sorted(Comparator.comparingLong(PersonHours::minutes).reversed().thenComparing(PersonHours::passbookNumber,
                Comparator.nullsLast(Comparator.naturalOrder()))).toList();
    }

    // ------------------------------------------------------------ teams

    /** The team's activities of the year with what its members gave to each. */
    public List<TeamActivity> teamActivities(Actor actor, long villageId, long id, Integer year) {
        VolunteerSql.TeamRow t = teams.visible(actor, villageId, id);
        return teamActivities(t, year(year));
    }

    public TeamFigures figures(Actor actor, long villageId, long id, Integer year) {
        VolunteerSql.TeamRow t = teams.visible(actor, villageId, id);
        return figures(teams.team(t), year(year), 0);
    }

    private List<TeamActivity> teamActivities(VolunteerSql.TeamRow t, int year) {
        List<Member> members = sql.members(t.villageId(), t.id());
        OffsetDateTime now = OffsetDateTime.now(clock);
        ZoneId zone = clock.getZone();
        List<TeamActivity> out = new ArrayList<>();
        for (VolunteerSql.Link l : sql.links(t.villageId(), t.id())) {
            Activity a = activities.find(l.villageId(), l.activityId()).orElse(null);
            if (a == null || a.startsAt().atZoneSameInstant(zone).getYear() != year) {
                continue;
            }
            LocalDate day = a.startsAt().atZoneSameInstant(zone).toLocalDate();
            int attendees = 0;
            int memberAttendees = 0;
            long minutes = 0;
            for (Signup s : activities.roster(a.villageId(), a.id())) {
                if (s.checkedInAt() == null) {
                    continue;
                }
                attendees++;
                boolean member = members.stream().anyMatch(m -> m.memberVillageId() == a.villageId()
                        && m.residentId() == s.residentId() && m.memberOn(day));
                if (member) {
                    memberAttendees++;
                    minutes += minutes(a, s, now);
                }
            }
            out.add(new TeamActivity(a.villageId(), a.id(), a.title(), a.startsAt(), a.durationMinutes(), attendees,
                    memberAttendees, minutes));
        }
        out.sort(Comparator.comparing(TeamActivity::startsAt));
        return out;
    }

    private TeamFigures figures(Team team, int year, int rank) {
        VolunteerSql.TeamRow row = sql.team(team.villageId(), team.id()).orElseThrow();
        List<TeamActivity> list = teamActivities(row, year);
        return new TeamFigures(rank, team, year, list.stream().mapToLong(TeamActivity::memberMinutes).sum(),
                list.stream().mapToInt(TeamActivity::memberAttendees).sum(), list.size(), team.members());
    }

    /** The teams of a village, town or the county ranked by the year's hours, then person-times. */
    public List<TeamFigures> ranking(Actor actor, String scopeCode, Integer year) {
        OrgUnit unit = teams.scope(actor, scopeCode);
        int y = year(year);
        List<TeamFigures> all = teams.under(unit).stream().map(t -> figures(t, y, 0))
                .sorted(Comparator.comparingLong(TeamFigures::minutes).reversed()
                        .thenComparing(Comparator.comparingInt(TeamFigures::personTimes).reversed())
                        .thenComparing(f -> f.team().name()))
                .toList();
        List<TeamFigures> ranked = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            TeamFigures f = all.get(i);
            TeamFigures before = i == 0 ? null : ranked.get(i - 1);
            int rank = before != null && before.minutes() == f.minutes() && before.personTimes() == f.personTimes()
                    ? before.rank() : i + 1;
            ranked.add(new TeamFigures(rank, f.team(), y, f.minutes(), f.personTimes(), f.activities(), f.members()));
        }
        return ranked;
    }

    // ------------------------------------------------------------ honours

    /**
     * Honours a team for a year (e.g. 优秀志愿服务队), once per team and year (409 the second time); an admin whose
     * scope covers the team's unit awards it. The year's hours and person-times are kept with it.
     */
    public TeamHonour honour(Actor actor, long villageId, long id, Integer year, String title) {
        return honour(actor, villageId, id, new TeamHonourDraft(year, title));
    }

    /** As {@link #honour(Actor, long, long, Integer, String)}: the draft checked after the access check. */
    public TeamHonour honour(Actor actor, long villageId, long id, TeamHonourDraft d) {
        Integer year = d.year();
        VolunteerSql.TeamRow t = teams.visible(actor, villageId, id);
        if (!actor.isAdmin() || !actor.covers(t.orgPath())) {
            throw Forbidden.role();
        }
        List<Problem> problems = new ArrayList<>();
        int thisYear = LocalDate.now(clock).getYear();
        if (year == null || year < 2000 || year > thisYear) {
            problems.add(new Problem("year", "error.volunteers.year", 2000, thisYear));
        }
        validation.check(d, problems);
        String ti = Texts.clean(d.title());
        String t2 = ti == null ? "优秀志愿服务队" : ti;
        TeamFigures f = figures(teams.team(t), year, 0);
        String byUnit = orgUnits.byId(actor.orgUnitId()).name();
        long hid = tx.execute(s -> {
            sql.lockTeam(villageId, id);
            if (sql.hasHonour(villageId, id, year)) {
                throw new Conflict("error.volunteers.honoured", year);
            }
            long h = sql.insertHonour(villageId, id, year, t2, f.minutes(), f.personTimes(), actor.displayName(), byUnit,
                    OffsetDateTime.now(clock));
            audit.record(actor, "volunteers.honour", t.orgPath(), "volunteer_team", villageId + "/" + id, null,
                    year + " " + t2 + " " + f.hours() + "h", null);
            return h;
        });
        return honourOf(sql.honour(villageId, hid).orElseThrow());
    }

    public TeamHonour certificate(Actor actor, long villageId, long honourId) {
        VolunteerSql.HonourRow h = sql.honour(villageId, honourId)
                .orElseThrow(() -> new NotFound("error.volunteers.notFound"));
        teams.visible(actor, villageId, h.honour().teamId());
        return honourOf(h);
    }

    public List<TeamHonour> honoursOf(Actor actor, long villageId, long id) {
        teams.visible(actor, villageId, id);
        return sql.honoursOf(villageId, id).stream().map(this::honourOf).toList();
    }

    public List<TeamHonour> honours(Actor actor, String scopeCode, Integer year) {
        OrgUnit unit = teams.scope(actor, scopeCode);
        return sql.honoursUnder(unit.path(), year(year)).stream().map(this::honourOf).toList();
    }

    private TeamHonour honourOf(VolunteerSql.HonourRow r) {
        TeamHonour h = r.honour();
        return new TeamHonour(h.villageId(), h.id(), h.teamId(), h.teamName(), orgUnits.byId(r.unitId()).name(), h.year(),
                h.title(), h.minutes(), h.personTimes(), h.awardedBy(), h.awardedByUnit(), h.awardedAt());
    }

    // ------------------------------------------------------------ statistics

    /**
     * The year's volunteer hours of every activity in the villages under a unit the actor may see, with the teams
     * there: what the statistics page shows (for staff who read statistics).
     */
    public Totals totals(Actor actor, OrgUnit unit, LocalDate from, LocalDate to) {
        if (!actor.isStaff() || !actor.covers(unit.path())) {
            throw new NotFound("error.org.notFound");
        }
        List<OrgUnit> villages = unit.isVillage() ? List.of(unit) : orgUnits.villagesVisible(actor).stream()
                .filter(v -> v.path().startsWith(unit.path())).toList();
        return totals(villages, teams.under(unit), from, to);
    }

    /** The totals of villages whose scope the caller checked, with the teams it counts. */
    public Totals totals(List<OrgUnit> villages, List<Team> ts, LocalDate from, LocalDate to) {
        ZoneId zone = clock.getZone();
        OffsetDateTime now = OffsetDateTime.now(clock);
        long minutes = 0;
        long personTimes = 0;
        for (OrgUnit v : villages) {
            for (Activity a : activities.startingBetween(v.id(), from.atStartOfDay(zone).toOffsetDateTime(),
                    to.plusDays(1).atStartOfDay(zone).toOffsetDateTime())) {
                for (Signup s : activities.roster(v.id(), a.id())) {
                    if (s.checkedInAt() != null) {
                        personTimes++;
                        minutes += minutes(a, s, now);
                    }
                }
            }
        }
        return new Totals(from, to, minutes, personTimes, ts.size(), ts.stream().mapToInt(Team::members).sum(),
                informants.confirmedReports(villages, from, to.plusDays(1)));
    }

    // ------------------------------------------------------------ helpers

    private List<Activity> activitiesOf(long villageId, int year) {
        ZoneId zone = clock.getZone();
        return activities.startingBetween(villageId, LocalDate.of(year, 1, 1).atStartOfDay(zone).toOffsetDateTime(),
                LocalDate.of(year + 1, 1, 1).atStartOfDay(zone).toOffsetDateTime());
    }

    private int year(Integer year) {
        int y = year == null ? LocalDate.now(clock).getYear() : year;
        if (y < 2000 || y > 2100) {
            throw InvalidInput.of("year", "error.volunteers.year", 2000, LocalDate.now(clock).getYear());
        }
        return y;
    }
}
