package cn.jifen.volunteers;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.volunteers.internal.Member;
import cn.jifen.volunteers.internal.ServiceType;
import cn.jifen.volunteers.internal.VolunteerSql;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Volunteer teams (志愿服务队) of a village or a town: a captain, a service type, members from several households
 * (and, for a town team, several villages) who join and leave on dates, history kept; activities that belong to the
 * team. Admins whose scope covers the team's unit manage it; staff of the unit, of units below it and of units above
 * it (a grid worker, the town) read it; keepers and villagers do not use these pages.
 */
@Service
public class VolunteerTeams {
    private final VolunteerSql sql;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Activities activities;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    VolunteerTeams(VolunteerSql sql, OrgUnits orgUnits, Households households, Activities activities, AuditLog audit,
                   Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.households = households;
        this.activities = activities;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    // ------------------------------------------------------------ reading

    /** The unit a staff actor looks at: its own (a grid worker's village) by default; one it covers, or one above its own. */
    public OrgUnit scope(Actor actor, String code) {
        requireReader(actor);
        String c = Texts.clean(code);
        if (c == null) {
            OrgUnit own = orgUnits.byId(actor.orgUnitId());
            // a grid worker looks at its village's teams (grids have none of their own)
            return own.level() == OrgLevel.GRID ? orgUnits.byId(own.parentId()) : own;
        }
        OrgUnit unit = orgUnits.byCode(c).orElseThrow(() -> new NotFound("error.org.notFound"));
        if (!actor.covers(unit.path()) && !actor.orgPath().startsWith(unit.path())) {
            throw new NotFound("error.org.notFound");
        }
        return unit;
    }

    /** Teams of the unit, of the units below it and above it (a village admin also sees its town's teams). */
    public Page<Team> list(Actor actor, String scopeCode, Paging paging) {
        OrgUnit unit = scope(actor, scopeCode);
        return paging.of(sql.teamsAround(unit.path(), paging.size(), paging.offset()).stream().map(this::team).toList(),
                sql.teamsAroundCount(unit.path()));
    }

    public Team get(Actor actor, long villageId, long id) {
        return team(visible(actor, villageId, id));
    }

    /** Every membership period, current and past, in joining order. */
    public List<Member> members(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        return sql.members(villageId, id);
    }

    /** The villages under a unit that the actor may see (the hours page's pick list). */
    public List<OrgUnit> villagesUnder(Actor actor, OrgUnit unit) {
        return orgUnits.villagesVisible(actor).stream().filter(v -> v.path().startsWith(unit.path())).toList();
    }

    /** Teams under a unit (a ranking's scope), for this module's figures. */
    List<Team> under(OrgUnit unit) {
        return sql.teamsUnder(unit.path()).stream().map(this::team).toList();
    }

    /** The teams whose rows live in these villages: each village's own teams and the town teams whose captain lives there. */
    public List<Team> housedIn(Collection<Long> villageIds) {
        return sql.teamsHousedIn(villageIds).stream().map(this::team).toList();
    }

    Team team(VolunteerSql.TeamRow r) {
        OrgUnit u = orgUnits.byId(r.orgUnitId());
        return new Team(r.villageId(), r.id(), u.code(), u.name(), r.orgPath(), r.name(), r.serviceType(),
                r.captainVillageId(), r.captainResidentId(), r.captainName(), r.members(), r.createdAt());
    }

    VolunteerSql.TeamRow visible(Actor actor, long villageId, long id) {
        requireReader(actor);
        VolunteerSql.TeamRow t = sql.team(villageId, id).orElseThrow(() -> new NotFound("error.volunteers.notFound"));
        if (!actor.covers(t.orgPath()) && !actor.orgPath().startsWith(t.orgPath())) {
            throw new NotFound("error.volunteers.notFound");
        }
        return t;
    }

    private VolunteerSql.TeamRow managed(Actor actor, long villageId, long id) {
        VolunteerSql.TeamRow t = visible(actor, villageId, id);
        if (!actor.isAdmin() || !actor.covers(t.orgPath())) {
            throw Forbidden.role();
        }
        return t;
    }

    static void requireReader(Actor actor) {
        if (!actor.isStaff() || actor.is(Role.KEEPER)) {
            throw Forbidden.role();
        }
    }

    // ------------------------------------------------------------ writing

    /**
     * Sets up a team of a village or a town. The captain (a resident, by passbook number and optionally resident id,
     * else the head of the household) joins it today. A town team's rows are routed by its captain's village.
     */
    public Team create(Actor actor, String unitCode, String name, String serviceType, String captainPassbook,
                       Long captainResidentId) {
        return create(actor, new TeamDraft(unitCode, name, serviceType, captainPassbook, captainResidentId));
    }

    /** As {@link #create(Actor, String, String, String, String, Long)}: the draft checked with the unit's scope. */
    public Team create(Actor actor, TeamDraft d) {
        String unitCode = d.unit();
        String captainPassbook = d.captainPassbookNumber();
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        List<Problem> problems = new ArrayList<>();
        OrgUnit unit = null;
        if (Texts.clean(unitCode) == null) {
            problems.add(new Problem("teamUnit", "error.required"));
        } else {
            unit = orgUnits.visible(actor, unitCode);
            if (unit.level() != OrgLevel.VILLAGE && unit.level() != OrgLevel.TOWN) {
                problems.add(new Problem("teamUnit", "error.volunteers.unitLevel"));
            }
        }
        String n = Texts.clean(d.name());
        ServiceType type = type(d.serviceType(), problems);
        Resident captain = null;
        Household h = null;
        if (Texts.clean(captainPassbook) == null) {
            problems.add(new Problem("captain", "error.required"));
        } else if (unit != null) {
            h = household(actor, captainPassbook, unit, "captain", problems);
            captain = h == null ? null : resident(h, d.captainResidentId(), "captain", problems);
        }
        validation.check(d, problems);
        OrgUnit u = unit;
        Household hh = h;
        Resident c = captain;
        long routing = u.isVillage() ? u.id() : hh.villageId();
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = tx.execute(s -> {
            long tid = sql.insertTeam(routing, u.id(), u.path(), n, type, hh.villageId(), c.id(), c.name(),
                    actor.username(), now);
            sql.join(routing, tid, hh.villageId(), hh.id(), c.id(), c.name(), hh.passbookNumber(), today(),
                    actor.username());
            audit.record(actor, "volunteers.create", u.path(), "volunteer_team", routing + "/" + tid, null,
                    n + " " + type + " captain " + c.name(), null);
            return tid;
        });
        return get(actor, routing, id);
    }

    /** Renames a team, changes its service type or its captain (who must be a current member). */
    public Team edit(Actor actor, long villageId, long id, String name, String serviceType, Long captainResidentId) {
        return edit(actor, villageId, id, new TeamEdit(name, serviceType, captainResidentId));
    }

    /** As {@link #edit(Actor, long, long, String, String, Long)}: the change checked after the access check. */
    public Team edit(Actor actor, long villageId, long id, TeamEdit e) {
        VolunteerSql.TeamRow t = managed(actor, villageId, id);
        Long captainResidentId = e.captainResidentId();
        List<Problem> problems = new ArrayList<>();
        String n = Texts.clean(e.name()) == null ? t.name() : Texts.clean(e.name());
        ServiceType type = Texts.clean(e.serviceType()) == null ? t.serviceType() : type(e.serviceType(), problems);
        validation.check(e, problems);
        tx.executeWithoutResult(s -> {
            sql.lockTeam(villageId, id);
            Member captain = captainResidentId == null ? null : sql.members(villageId, id).stream()
                    .filter(m -> m.current() && m.residentId() == captainResidentId).findFirst()
                    .orElseThrow(() -> InvalidInput.of("captainResidentId", "error.volunteers.captainNotMember"));
            long cv = captain == null ? t.captainVillageId() : captain.memberVillageId();
            long cr = captain == null ? t.captainResidentId() : captain.residentId();
            String cn = captain == null ? t.captainName() : captain.residentName();
            sql.updateTeam(villageId, id, n, type, cv, cr, cn);
            audit.record(actor, "volunteers.edit", t.orgPath(), "volunteer_team", villageId + "/" + id,
                    t.name() + " " + t.serviceType() + " captain " + t.captainName(), n + " " + type + " captain " + cn,
                    null);
        });
        return get(actor, villageId, id);
    }

    /**
     * A resident joins the team on a date (default today, not in the future). Refused when the resident is a member
     * already (409), or joins before the day they last left (422). A village team takes residents of its village;
     * a town team those of the town's villages.
     */
    public Member join(Actor actor, long villageId, long id, String passbook, Long residentId, LocalDate joinedOn) {
        VolunteerSql.TeamRow t = managed(actor, villageId, id);
        List<Problem> problems = new ArrayList<>();
        LocalDate on = joinedOn == null ? today() : joinedOn;
        if (on.isAfter(today())) {
            problems.add(new Problem("joinedOn", "error.volunteers.future"));
        }
        Household h = null;
        Resident r = null;
        if (Texts.clean(passbook) == null) {
            problems.add(new Problem("passbookNumber", "error.required"));
        } else {
            h = household(actor, passbook, orgUnits.byId(t.orgUnitId()), "passbookNumber", problems);
            r = h == null ? null : resident(h, residentId, "residentId", problems);
        }
        Texts.throwIfAny(problems);
        Household hh = h;
        Resident rr = r;
        tx.executeWithoutResult(s -> {
            sql.lockTeam(villageId, id);
            List<Member> mine = sql.members(villageId, id).stream()
                    .filter(m -> m.residentId() == rr.id() && m.memberVillageId() == hh.villageId()).toList();
            if (mine.stream().anyMatch(Member::current)) {
                throw new Conflict("error.volunteers.alreadyMember", rr.name());
            }
            Optional<LocalDate> lastLeft = mine.stream().map(Member::leftOn).max(LocalDate::compareTo);
            if (lastLeft.isPresent() && on.isBefore(lastLeft.get())) {
                throw InvalidInput.of("joinedOn", "error.volunteers.joinBeforeLastLeft", lastLeft.get().toString());
            }
            sql.join(villageId, id, hh.villageId(), hh.id(), rr.id(), rr.name(), hh.passbookNumber(), on,
                    actor.username());
            audit.record(actor, "volunteers.join", t.orgPath(), "volunteer_team", villageId + "/" + id, null,
                    rr.name() + " " + hh.passbookNumber() + " joined " + on, null);
        });
        return sql.members(villageId, id).stream().filter(m -> m.current() && m.residentId() == rr.id()
                && m.memberVillageId() == hh.villageId()).findFirst().orElseThrow();
    }

    /**
     * A member leaves on a date (default today) with an optional reason. Refused when the resident is not a member
     * (409), when the date is before the day they joined or in the future (422), and for the captain (409: change the
     * captain first).
     */
    public Member leave(Actor actor, long villageId, long id, long residentId, LocalDate leftOn, String reason) {
        return leave(actor, villageId, id, residentId, new TeamLeave(leftOn, reason));
    }

    /** As {@link #leave(Actor, long, long, long, LocalDate, String)}: the request checked after the access check. */
    public Member leave(Actor actor, long villageId, long id, long residentId, TeamLeave request) {
        VolunteerSql.TeamRow t = managed(actor, villageId, id);
        List<Problem> problems = new ArrayList<>();
        LocalDate on = request.leftOn() == null ? today() : request.leftOn();
        if (on.isAfter(today())) {
            problems.add(new Problem("leftOn", "error.volunteers.future"));
        }
        validation.check(request, problems);
        String why = Texts.clean(request.reason());
        Long memberId = tx.execute(s -> {
            sql.lockTeam(villageId, id);
            Member m = sql.members(villageId, id).stream().filter(x -> x.current() && x.residentId() == residentId)
                    .findFirst().orElseThrow(() -> new Conflict("error.volunteers.notMember"));
            if (on.isBefore(m.joinedOn())) {
                throw InvalidInput.of("leftOn", "error.volunteers.leaveBeforeJoin", m.joinedOn().toString());
            }
            VolunteerSql.TeamRow now = sql.team(villageId, id).orElseThrow();
            if (now.captainResidentId() == residentId && now.captainVillageId() == m.memberVillageId()) {
                throw new Conflict("error.volunteers.captainLeaves");
            }
            sql.leave(villageId, m.id(), on, why, actor.username());
            audit.record(actor, "volunteers.leave", t.orgPath(), "volunteer_team", villageId + "/" + id, null,
                    m.residentName() + " left " + on + (why == null ? "" : " " + why), null);
            return m.id();
        });
        return sql.members(villageId, id).stream().filter(m -> m.id() == memberId).findFirst().orElseThrow();
    }

    /**
     * Makes an activity (claims) one of the team's: its members' check-ins then count for the team. The activity must
     * be in the team's village (or, for a town team, one of the town's villages) and belong to no team yet (409).
     */
    public Team linkActivity(Actor actor, long villageId, long id, Long activityVillageId, Long activityId) {
        VolunteerSql.TeamRow t = managed(actor, villageId, id);
        if (activityVillageId == null || activityId == null) {
            throw InvalidInput.of("activityId", "error.required");
        }
        Activity a = activities.find(activityVillageId, activityId)
                .orElseThrow(() -> new NotFound("error.activities.notFound"));
        OrgUnit av = orgUnits.byId(a.villageId());
        if (!av.path().startsWith(t.orgPath())) {
            throw InvalidInput.of("activityId", "error.volunteers.activityOutside");
        }
        tx.executeWithoutResult(s -> {
            if (!sql.link(a.villageId(), a.id(), villageId, id, actor.username(), OffsetDateTime.now(clock))) {
                throw new Conflict("error.volunteers.activityLinked");
            }
            audit.record(actor, "volunteers.linkActivity", t.orgPath(), "volunteer_team", villageId + "/" + id, null,
                    "activity " + a.villageId() + "/" + a.id() + " " + a.title(), null);
        });
        return get(actor, villageId, id);
    }

    /** The team an activity belongs to, if any (shown on the team page; for other modules). */
    public Optional<Team> teamOf(long activityVillageId, long activityId) {
        return sql.linkOf(activityVillageId, activityId).flatMap(l -> sql.team(l.teamVillageId(), l.teamId()))
                .map(this::team);
    }

    // ------------------------------------------------------------ helpers

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static ServiceType type(String raw, List<Problem> problems) {
        String s = Texts.clean(raw);
        if (s == null) {
            problems.add(new Problem("serviceType", "error.required"));
            return null;
        }
        try {
            return ServiceType.valueOf(s.toUpperCase());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("serviceType", "error.volunteers.serviceType"));
            return null;
        }
    }

    /** The household of a passbook the actor may see, living in the team's unit; else a problem. */
    private Household household(Actor actor, String passbook, OrgUnit unit, String field, List<Problem> problems) {
        Household h;
        try {
            h = households.byPassbook(actor, passbook);
        } catch (NotFound | Forbidden e) {
            problems.add(new Problem(field, "error.volunteers.noSuchPassbook", Texts.clean(passbook)));
            return null;
        }
        if (!orgUnits.byId(h.villageId()).path().startsWith(unit.path())) {
            problems.add(new Problem(field, "error.volunteers.outsideUnit", unit.name()));
            return null;
        }
        return h;
    }

    private static Resident resident(Household h, Long residentId, String field, List<Problem> problems) {
        Resident r = residentId == null ? h.head()
                : h.members().stream().filter(m -> m.id() == residentId).findFirst().orElse(null);
        if (r == null) {
            problems.add(new Problem(field, "error.resident.notFound"));
        }
        return r;
    }
}
