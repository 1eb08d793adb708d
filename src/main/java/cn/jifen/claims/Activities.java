package cn.jifen.claims;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.internal.ActivitySql;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Volunteer activities (志愿服务活动): a village admin publishes one (time, place, item, points, quota);
 * residents sign up online or at the office; they check in by scanning the event's QR code, or the clerk
 * ticks the roster; afterwards one action records a claim for every attendee, which then goes through
 * review and publicity like any other. Attended sign-ups are the participation person-times (参与人次).
 */
@Service
public class Activities {
    public record AwardResult(long residentId, String residentName, Long claimId, String messageKey) { }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ActivitySql sql;
    private final Claims claims;
    private final Households households;
    private final OrgUnits orgUnits;
    private final RuleCatalogue catalogue;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    Activities(ActivitySql sql, Claims claims, Households households, OrgUnits orgUnits, RuleCatalogue catalogue,
               AuditLog audit, Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.claims = claims;
        this.households = households;
        this.orgUnits = orgUnits;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /** Activities are two hours long unless published with another length. */
    public static final int DEFAULT_MINUTES = 120;

    public Activity publish(Actor actor, String villageCode, String title, String place, LocalDateTime startsAt,
                            String itemCode, Integer points, Integer quota) {
        return publish(actor, villageCode, title, place, startsAt, itemCode, points, quota, null);
    }

    /** Publishes an activity with its scheduled length in minutes (null: two hours), which caps volunteer hours. */
    public Activity publish(Actor actor, String villageCode, String title, String place, LocalDateTime startsAt,
                            String itemCode, Integer points, Integer quota, Integer durationMinutes) {
        return publish(actor, new ActivityDraft(villageCode, title, place, startsAt, itemCode, points, quota,
                durationMinutes));
    }

    /** Publishes an activity: the village admin's, in its village; the draft checked after the access check. */
    public Activity publish(Actor actor, ActivityDraft d) {
        OrgUnit village = claims.village(actor, d.village());
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        List<Problem> problems = new ArrayList<>();
        String t = Texts.clean(d.title());
        String p = Texts.clean(d.place());
        String code = Texts.clean(d.itemCode());
        LocalDateTime startsAt = d.startsAt();
        Integer points = d.points();
        Integer quota = d.quota();
        if (quota == null || quota < 1 || quota > 1000) {
            problems.add(new Problem("quota", "error.activities.quota", 1, 1000));
        }
        int minutes = d.durationMinutes() == null ? DEFAULT_MINUTES : d.durationMinutes();
        if (minutes < 15 || minutes > 24 * 60) {
            problems.add(new Problem("durationMinutes", "error.activities.duration", 15, 24 * 60));
        }
        if (startsAt != null && validation.valid(d, "itemCode")) {
            RuleItem item = catalogue.itemFor(village, code, startsAt.toLocalDate()).orElse(null);
            if (item == null) {
                problems.add(new Problem("itemCode", "error.claims.itemNotInForce", code, startsAt.toLocalDate().toString()));
            } else if (points == null || !item.allowsPoints(points) || item.veto()
                    || item.sign() != RuleSign.EARN) {
                problems.add(new Problem("points", "error.claims.points", item.minPoints(), item.maxPoints()));
            }
        }
        validation.check(d, problems);
        OffsetDateTime start = startsAt.atZone(clock.getZone()).toOffsetDateTime();
        byte[] token = new byte[16];
        RANDOM.nextBytes(token);
        long id = tx.execute(s -> {
            long aid = sql.insertActivity(village.id(), t, p, start, code, points, quota, minutes, HexFormat.of().formatHex(token),
                    actor.username(), OffsetDateTime.now(clock));
            audit.record(actor, "activities.publish", village.path(), "activity", village.id() + "/" + aid, null,
                    t + " " + code + " " + points + " quota " + quota, null);
            return aid;
        });
        return sql.activity(village.id(), id).orElseThrow();
    }

    /** A page of the village's activities, latest start first. */
    public Page<Activity> list(Actor actor, String villageCode, Paging paging) {
        long villageId = claims.village(actor, villageCode).id();
        return paging.of(sql.activities(villageId, paging.size(), paging.offset()), sql.activityCount(villageId));
    }

    /** The village's activities starting on a county day, earliest first (the grid worker's home). */
    public List<Activity> on(Actor actor, String villageCode, LocalDate day) {
        long villageId = claims.village(actor, villageCode).id();
        ZoneId zone = clock.getZone();
        return sql.activitiesBetween(villageId, day.atStartOfDay(zone).toOffsetDateTime(),
                day.plusDays(1).atStartOfDay(zone).toOffsetDateTime());
    }

    public Activity get(Actor actor, long villageId, long id) {
        return visible(actor, villageId, id);
    }

    /** The roster: all sign-ups for staff, the household's own for a villager. */
    public List<Signup> signups(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        List<Signup> all = sql.signups(villageId, id);
        if (actor.is(Role.VILLAGER)) {
            return all.stream().filter(s -> actor.householdId() != null && s.householdId() == actor.householdId()).toList();
        }
        return all;
    }

    /** The text of the check-in QR code (staff only): the villager's page with the activity's token. */
    public String checkinPath(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return "/me/activities/" + villageId + "/" + id + "/checkin?token=" + sql.checkinToken(villageId, id).orElseThrow();
    }

    /** Signs a resident up: a villager for a member of its own household, staff for anyone in scope. */
    public Signup signup(Actor actor, long villageId, long id, Long residentId, String passbookNumber) {
        visible(actor, villageId, id);
        Household h;
        if (actor.is(Role.VILLAGER)) {
            h = households.get(actor, actor.orgUnitId(), actor.householdId());
        } else if (actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER)) {
            h = households.byPassbook(actor, passbookNumber);
        } else {
            throw Forbidden.role();
        }
        Resident r = residentId == null ? h.head()
                : h.members().stream().filter(m -> m.id() == residentId).findFirst().orElse(null);
        if (r == null || h.villageId() != villageId) {
            throw InvalidInput.of("residentId", "error.resident.notFound");
        }
        tx.executeWithoutResult(s -> {
            sql.lockActivity(villageId, id);
            Activity a = sql.activity(villageId, id).orElseThrow();
            if (!"OPEN".equals(a.status())) {
                throw new Conflict("error.activities.closed");
            }
            if (sql.signups(villageId, id).stream().anyMatch(x -> x.residentId() == r.id())) {
                throw new Conflict("error.activities.alreadySignedUp");
            }
            if (a.signedUp() >= a.quota()) {
                throw new Conflict("error.activities.full", a.quota());
            }
            sql.signup(villageId, id, r.id(), h.id(), OffsetDateTime.now(clock), actor.username());
        });
        return sql.signups(villageId, id).stream().filter(x -> x.residentId() == r.id()).findFirst().orElseThrow();
    }

    /** A villager scanned the event's QR code: every signed-up member of the household is checked in. */
    public int checkInByCode(Actor actor, long villageId, long id, String token) {
        visible(actor, villageId, id);
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        String expected = sql.checkinToken(villageId, id).orElseThrow();
        if (token == null || !MessageDigest.isEqual(expected.getBytes(), token.strip().getBytes())) {
            throw InvalidInput.of("token", "error.activities.badCode");
        }
        List<Signup> mine = signups(actor, villageId, id);
        if (mine.isEmpty()) {
            throw new Conflict("error.activities.notSignedUp");
        }
        int n = 0;
        for (Signup s : mine) {
            if (sql.checkIn(villageId, id, s.residentId(), OffsetDateTime.now(clock), actor.username())) {
                n++;
            }
        }
        return n;
    }

    /** The clerk ticks a resident on the roster as present. */
    public void checkIn(Actor actor, long villageId, long id, long residentId) {
        visible(actor, villageId, id);
        if (!(actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        if ("AWARDED".equals(visible(actor, villageId, id).status())) {
            throw new Conflict("error.activities.alreadyAwarded");
        }
        Signup signup = sql.signups(villageId, id).stream().filter(s -> s.residentId() == residentId).findFirst()
                .orElseThrow(() -> new Conflict("error.activities.notSignedUp"));
        households.get(actor, villageId, signup.householdId()); // a grid worker ticks only its own grid's residents
        sql.checkIn(villageId, id, residentId, OffsetDateTime.now(clock), actor.username());
    }

    /**
     * The clerk records that a checked-in resident left (签退): now, or the time written on the paper roster.
     * Refused when the resident did not check in, already checked out, or the time is before the check-in or
     * in the future. Volunteer hours are counted from check-in to check-out, capped by the scheduled length.
     */
    public Signup checkOut(Actor actor, long villageId, long id, long residentId, LocalDateTime at) {
        visible(actor, villageId, id);
        if (!(actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        Signup signup = sql.signups(villageId, id).stream().filter(s -> s.residentId() == residentId).findFirst()
                .orElseThrow(() -> new Conflict("error.activities.notSignedUp"));
        households.get(actor, villageId, signup.householdId()); // a grid worker only its own grid's residents
        OffsetDateTime now = OffsetDateTime.now(clock);
        OffsetDateTime when = at == null ? now : at.atZone(clock.getZone()).toOffsetDateTime();
        if (signup.checkedInAt() == null) {
            throw new Conflict("error.activities.notCheckedIn");
        }
        if (signup.checkedOutAt() != null) {
            throw new Conflict("error.activities.alreadyCheckedOut");
        }
        if (when.isBefore(signup.checkedInAt())) {
            throw InvalidInput.of("checkedOutAt", "error.activities.checkoutBeforeCheckin",
                    signup.checkedInAt().atZoneSameInstant(clock.getZone()).toLocalDateTime().withNano(0).toString().replace('T', ' '));
        }
        if (when.isAfter(now.plusMinutes(1))) {
            throw InvalidInput.of("checkedOutAt", "error.activities.checkoutFuture");
        }
        boolean done = Boolean.TRUE.equals(tx.execute(s -> {
            boolean ok = sql.checkOut(villageId, id, residentId, when, actor.username());
            if (ok) {
                audit.record(actor, "activities.checkout", orgUnits.byId(villageId).path(), "activity_signup",
                        villageId + "/" + id + "/" + residentId, null, when.toString(), null);
            }
            return ok;
        }));
        if (!done) {
            throw new Conflict("error.activities.alreadyCheckedOut");
        }
        return sql.signups(villageId, id).stream().filter(s -> s.residentId() == residentId).findFirst().orElseThrow();
    }

    /**
     * Unchecked reads for reporting modules that have already checked the actor's scope (volunteer hours):
     * a village's activities starting in [from, to), earliest first.
     */
    public List<Activity> startingBetween(long villageId, OffsetDateTime from, OffsetDateTime to) {
        return sql.activitiesBetween(villageId, from, to);
    }

    /** Unchecked: one activity, for modules that have already checked scope. */
    public Optional<Activity> find(long villageId, long id) {
        return sql.activity(villageId, id);
    }

    /** Unchecked: an activity's roster with check-in and check-out times, for modules that have checked scope. */
    public List<Signup> roster(long villageId, long id) {
        return sql.signups(villageId, id);
    }

    /** After the event: one claim per attendee (each checked like any claim); reports each attendee. */
    public List<AwardResult> award(Actor actor, long villageId, long id) {
        Activity a = visible(actor, villageId, id);
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        LocalDate day = a.startsAt().atZoneSameInstant(clock.getZone()).toLocalDate();
        if (day.isAfter(LocalDate.now(clock))) {
            throw new Conflict("error.activities.notYet");
        }
        // one award per activity, even when two admins press the button at once
        Boolean won = tx.execute(s -> sql.claimActivityAward(villageId, id, OffsetDateTime.now(clock)));
        if (!Boolean.TRUE.equals(won)) {
            throw new Conflict("error.activities.alreadyAwarded");
        }
        List<AwardResult> results = new ArrayList<>();
        for (Signup s : sql.signups(villageId, id)) {
            if (!s.attended() || s.claimId() != null) {
                continue;
            }
            try {
                Claim c = claims.record(actor, new ClaimDraft(villageId, s.householdId(), null, a.itemCode(), a.points(),
                        day, s.residentId(), "志愿服务活动：" + a.title(), false));
                sql.awarded(villageId, id, s.residentId(), c.id());
                results.add(new AwardResult(s.residentId(), s.residentName(), c.id(), null));
            } catch (InvalidInput e) {
                results.add(new AwardResult(s.residentId(), s.residentName(), null, e.problems().get(0).messageKey()));
            } catch (Forbidden e) {
                results.add(new AwardResult(s.residentId(), s.residentName(), null, e.messageKey()));
            } catch (Conflict e) {
                results.add(new AwardResult(s.residentId(), s.residentName(), null, e.messageKey()));
            }
        }
        tx.executeWithoutResult(s -> {
            audit.record(actor, "activities.award", orgUnits.byId(villageId).path(), "activity", villageId + "/" + id,
                    a.status(), "AWARDED " + results.stream().filter(r -> r.claimId() != null).count(), null);
        });
        return results;
    }

    /** Participation person-times (参与人次) of a village: attendees of activities starting in [from, to]. */
    public long participation(Actor actor, String villageCode, LocalDate from, LocalDate to) {
        OrgUnit village = claims.village(actor, villageCode);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        return sql.participation(village.id(), from.atStartOfDay(clock.getZone()).toOffsetDateTime(),
                to.plusDays(1).atStartOfDay(clock.getZone()).toOffsetDateTime());
    }

    private Activity visible(Actor actor, long villageId, long id) {
        OrgUnit village = orgUnits.byId(villageId);
        boolean sees = actor.is(Role.VILLAGER) ? actor.orgUnitId() == villageId
                : actor.covers(village.path()) || actor.orgPath().startsWith(village.path());
        if (!sees) {
            throw new NotFound("error.activities.notFound");
        }
        return sql.activity(villageId, id).orElseThrow(() -> new NotFound("error.activities.notFound"));
    }
}
