package cn.jifen.party;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.CategoryScores;
import cn.jifen.claims.Signup;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.PartyRoster;
import cn.jifen.party.internal.PartyClassRecord;
import cn.jifen.party.internal.PartyFormula;
import cn.jifen.party.internal.PartySql;
import cn.jifen.party.internal.ReviewMark;
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
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Party members' classification and star rating (分类管理 + 评星定级). The branch (a village admin acting for it) sets
 * each member's class with a date and reason, and a commitment post per year; marks activities as party meetings;
 * opens the 民主评议's window; enters paper ballots; computes the year's ratings by the county's formula, overrides
 * with a written reason, and freezes the year once it is over. A frozen year changes only after a county admin
 * reopens it with a reason. Members and villager representatives cast their own ballots by phone inside the window.
 * Town and county admins and auditors read; grid workers and keepers do not; a villager sees only their household's.
 * <p>Why one class of about 760 lines: Classification, ballots and ratings are one year's cycle of the same branch
 * and members, closed by one freeze: the freeze and its reopening must guard every write of the year, so the
 * writes stay beside it.
 */
@Service
public class Party {
    /** Code of the 党员争优 rule category (the default catalogue's). */
    public static final String PARTY_CATEGORY = "DYZY";

    private final PartySql sql;
    private final PartyRoster roster;
    private final OrgUnits orgUnits;
    private final CategoryScores scores;
    private final Activities activities;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestValidation validation;

    Party(PartySql sql, PartyRoster roster, OrgUnits orgUnits, CategoryScores scores, Activities activities,
          AuditLog audit, Clock clock, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.roster = roster;
        this.orgUnits = orgUnits;
        this.scores = scores;
        this.activities = activities;
        this.audit = audit;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ reading: the members list

    /** A member as the list shows them: class in force today, this year's post, the year's rating (if computed). */
    public record MemberLine(long residentId, long householdId, String name, String branch, String passbookNumber,
                             PartyClass partyClass, String worksAt, PartyPost post, String duty, Integer stars,
                             Integer total, boolean overridden, boolean frozen, boolean representative) { }

    public Page<MemberLine> members(Actor actor, String villageCode, Integer year, Paging paging) {
        OrgUnit village = readable(actor, villageCode);
        List<MemberLine> all = lines(village, year == null ? thisYear() : year);
        return paging.slice(all);
    }

    List<MemberLine> lines(OrgUnit village, int year) {
        Map<Long, PartyClassRecord> classes = sql.classesOn(village.id(), today());
        Map<Long, PartySql.PostRow> posts = sql.posts(village.id(), year);
        Map<Long, Rating> ratings = sql.ratings(village.id(), year).stream()
                .collect(Collectors.toMap(Rating::residentId, Function.identity()));
        Set<Long> reps = new HashSet<>(sql.representatives(village.id()));
        boolean frozen = sql.year(village.id(), year).map(PartySql.YearRow::frozen).orElse(false);
        List<MemberLine> out = new ArrayList<>();
        for (PartyRoster.Person p : roster.members(village.id())) {
            PartyClassRecord c = classes.get(p.id());
            PartySql.PostRow post = posts.get(p.id());
            Rating r = ratings.get(p.id());
            out.add(new MemberLine(p.id(), p.householdId(), p.name(), p.branch(), p.passbookNumber(),
                    c == null ? null : c.partyClass(), c == null ? null : c.worksAt(), post == null ? null : post.post(),
                    post == null ? null : post.duty(), r == null ? null : r.stars(), r == null ? null : r.total(),
                    r != null && r.overridden(), frozen, reps.contains(p.id())));
        }
        return out;
    }

    /** One member: their classes (history), posts by year and ratings by year. */
    public record MemberDetail(OrgUnit village, PartyRoster.Person person, List<PartyClassRecord> classes,
                               List<PartySql.PostRow> posts, List<Rating> ratings, boolean representative) { }

    public MemberDetail member(Actor actor, String villageCode, long residentId) {
        OrgUnit village = readable(actor, villageCode);
        PartyRoster.Person p = member(village, residentId);
        return new MemberDetail(village, p, sql.classes(village.id(), residentId), sql.postsOf(village.id(), residentId),
                sql.ratingsOf(village.id(), residentId), sql.isRepresentative(village.id(), residentId));
    }

    private PartyRoster.Person member(OrgUnit village, long residentId) {
        return roster.resident(village.id(), residentId).filter(PartyRoster.Person::partyMember)
                .orElseThrow(() -> new NotFound("error.party.notMember"));
    }

    // ------------------------------------------------------------------ classes and posts

    @Transactional
    public PartyClassRecord setClass(Actor actor, String villageCode, long residentId, String classCode, String worksAt,
                                     LocalDate effectiveOn, String reason) {
        return setClass(actor, residentId, new ClassChange(villageCode, classCode, worksAt, reason, effectiveOn));
    }

    /** As {@link #setClass(Actor, String, long, String, String, LocalDate, String)}: checked after the access check. */
    @Transactional
    public PartyClassRecord setClass(Actor actor, long residentId, ClassChange change) {
        OrgUnit village = writable(actor, change.village());
        PartyRoster.Person p = member(village, residentId);
        LocalDate effectiveOn = change.effectiveOn();
        List<Problem> problems = new ArrayList<>();
        PartyClass c = parse(PartyClass.class, change.classCode(), "classCode", "error.party.class", problems);
        String where = Texts.clean(change.worksAt());
        String why = Texts.clean(change.reason());
        if (c == PartyClass.MOBILE && where == null) {
            problems.add(new Problem("worksAt", "error.party.worksAt"));
        }
        if (effectiveOn != null && (effectiveOn.isAfter(today().plusYears(1)) || effectiveOn.getYear() < 1950)) {
            problems.add(new Problem("effectiveOn", "error.party.effectiveOn"));
        }
        validation.check(change, problems);
        List<PartyClassRecord> before = sql.classes(village.id(), residentId);
        sql.insertClass(village.id(), residentId, c, c == PartyClass.MOBILE ? where : null, effectiveOn, why,
                actor.username(), now());
        audit.record(actor, "party.class", village.path(), "resident", village.id() + "/" + residentId,
                before.isEmpty() ? null : before.get(0).partyClass().name(),
                c + (c == PartyClass.MOBILE ? " @" + where : "") + " from " + effectiveOn, why);
        return sql.classes(village.id(), residentId).stream().filter(x -> x.partyClass() == c).findFirst().orElseThrow();
    }

    @Transactional
    public void setPost(Actor actor, String villageCode, long residentId, Integer year, String postCode, String duty) {
        setPost(actor, residentId, new PostChange(villageCode, year, postCode, duty));
    }

    /** As {@link #setPost(Actor, String, long, Integer, String, String)}: checked after the access check. */
    @Transactional
    public void setPost(Actor actor, long residentId, PostChange change) {
        OrgUnit village = writable(actor, change.village());
        member(village, residentId);
        int y = change.year() == null ? thisYear() : change.year();
        List<Problem> problems = new ArrayList<>();
        if (y < 2000 || y > thisYear() + 1) {
            problems.add(new Problem("year", "error.party.year", 2000, thisYear() + 1));
        }
        PartyPost post = parse(PartyPost.class, change.postCode(), "postCode", "error.party.post", problems);
        validation.check(change, problems);
        String d = Texts.clean(change.duty());
        requireOpen(village, y);
        Optional<PartySql.PostRow> before = sql.post(village.id(), y, residentId);
        sql.upsertPost(village.id(), y, residentId, post, d, actor.username(), now());
        audit.record(actor, "party.post", village.path(), "resident", village.id() + "/" + residentId,
                before.map(b -> y + " " + b.post() + " " + b.duty()).orElse(null), y + " " + post + " " + d, null);
    }

    // ------------------------------------------------------------------ villager representatives

    public List<PartyRoster.Person> representatives(Actor actor, String villageCode) {
        OrgUnit village = readable(actor, villageCode);
        return roster.residents(village.id(), sql.representatives(village.id()));
    }

    /** Registers a villager representative by passbook number and name (a resident of that household). */
    @Transactional
    public PartyRoster.Person addRepresentative(Actor actor, String villageCode, long residentId) {
        OrgUnit village = writable(actor, villageCode);
        PartyRoster.Person p = roster.resident(village.id(), residentId).filter(PartyRoster.Person::active)
                .orElseThrow(() -> InvalidInput.of("residentId", "error.party.noResident"));
        try {
            sql.addRepresentative(village.id(), residentId, actor.username(), now());
        } catch (DuplicateKeyException e) {
            throw new Conflict("error.party.alreadyRepresentative", p.name());
        }
        audit.record(actor, "party.representative.add", village.path(), "resident", village.id() + "/" + residentId,
                null, p.name(), null);
        return p;
    }

    @Transactional
    public void removeRepresentative(Actor actor, String villageCode, long residentId) {
        OrgUnit village = writable(actor, villageCode);
        if (sql.removeRepresentative(village.id(), residentId) == 0) {
            throw new NotFound("error.party.noRepresentative");
        }
        audit.record(actor, "party.representative.remove", village.path(), "resident", village.id() + "/" + residentId,
                "representative", null, null);
    }

    // ------------------------------------------------------------------ party meetings (三会一课 / 主题党日)

    public record Meeting(long activityId, String title, OffsetDateTime startsAt, String kind, int checkedIn) { }

    public List<Meeting> meetings(Actor actor, OrgUnit village, int year) {
        List<Meeting> out = new ArrayList<>();
        for (PartySql.MeetingRow m : sql.meetings(village.id(), year)) {
            Activity a = activities.get(actor, village.id(), m.activityId());
            out.add(new Meeting(a.id(), a.title(), a.startsAt(), m.kind(), a.checkedIn()));
        }
        return out;
    }

    /** Marks one of the village's activities as a party meeting of the year it starts in. */
    @Transactional
    public Meeting markMeeting(Actor actor, String villageCode, long activityId, String kind) {
        OrgUnit village = writable(actor, villageCode);
        if (kind == null || !(kind.equals("SANHUI") || kind.equals("THEME_DAY"))) {
            throw InvalidInput.of("kind", "error.party.meetingKind");
        }
        Activity a;
        try {
            a = activities.get(actor, village.id(), activityId);
        } catch (NotFound e) {
            throw InvalidInput.of("activityId", "error.party.noActivity");
        }
        int year = a.startsAt().atZoneSameInstant(clock.getZone()).getYear();
        requireOpen(village, year);
        try {
            sql.insertMeeting(village.id(), activityId, year, kind, actor.username(), now());
        } catch (DuplicateKeyException e) {
            throw new Conflict("error.party.alreadyMeeting", a.title());
        }
        audit.record(actor, "party.meeting", village.path(), "activity", village.id() + "/" + activityId, null,
                kind + " " + a.title(), null);
        return new Meeting(a.id(), a.title(), a.startsAt(), kind, a.checkedIn());
    }

    // ------------------------------------------------------------------ the democratic review (民主评议)

    /** Sets the window in which voters cast ballots by phone (paper ballots are entered by staff until the freeze). */
    @Transactional
    public void setReviewWindow(Actor actor, String villageCode, int year, LocalDate opens, LocalDate closes) {
        OrgUnit village = writable(actor, villageCode);
        if (opens == null || closes == null) {
            throw InvalidInput.of(opens == null ? "opens" : "closes", "error.required");
        }
        if (closes.isBefore(opens) || opens.getYear() < year || opens.getYear() > year + 1) {
            throw InvalidInput.of("closes", "error.party.window", year);
        }
        PartySql.YearRow before = requireOpen(village, year);
        sql.setWindow(village.id(), year, opens, closes);
        audit.record(actor, "party.reviewWindow", village.path(), "party_year", village.id() + "/" + year,
                before.opens() == null ? null : before.opens() + "~" + before.closes(), opens + "~" + closes, null);
    }

    /** What a villager's ballot page needs: who in the household may vote, for whom, and what they already marked. */
    public record BallotForm(OrgUnit village, int year, LocalDate opens, LocalDate closes, boolean open,
                             List<PartyRoster.Person> voters, List<PartyRoster.Person> members,
                             Map<Long, List<Long>> voted) { }

    public BallotForm ballotForm(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        int year = reviewYear(village);
        PartySql.YearRow y = sql.year(village.id(), year).orElse(new PartySql.YearRow(null, null, null, null));
        List<PartyRoster.Person> voters = roster.household(village.id(), actor.householdId()).stream()
                .filter(p -> p.active() && mayVote(village, p)).toList();
        Map<Long, List<Long>> voted = new LinkedHashMap<>();
        voters.forEach(v -> voted.put(v.id(), sql.votedFor(village.id(), year, v.id())));
        return new BallotForm(village, year, y.opens(), y.closes(), inWindow(y) && !y.frozen(), voters,
                roster.members(village.id()), voted);
    }

    /** The year whose review is open or most recently set: this year, or last year while its window is still open. */
    int reviewYear(OrgUnit village) {
        int y = thisYear();
        Optional<PartySql.YearRow> last = sql.year(village.id(), y - 1);
        if (last.isPresent() && last.get().closes() != null && !today().isAfter(last.get().closes())) {
            return y - 1;
        }
        return y;
    }

    /** A voter's own ballots by phone (the villager account of the voter's household), inside the review window. */
    @Transactional
    public int castOnline(Actor actor, long voterId, Map<Long, String> marks) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        PartyRoster.Person voter = roster.resident(village.id(), voterId)
                .filter(p -> p.householdId() == actor.householdId() && p.active())
                .orElseThrow(() -> InvalidInput.of("voterId", "error.party.notVoter"));
        int year = reviewYear(village);
        return record(actor, village, year, voter, marks, "ONLINE");
    }

    /** A paper ballot entered by staff: after the window has opened and until the year is frozen. */
    @Transactional
    public int enterPaper(Actor actor, String villageCode, int year, Long voterId, Map<Long, String> marks) {
        OrgUnit village = writable(actor, villageCode);
        PartyRoster.Person voter = (voterId == null ? Optional.<PartyRoster.Person>empty() : roster.resident(village.id(), voterId))
                .filter(PartyRoster.Person::active)
                .orElseThrow(() -> InvalidInput.of("voterId", "error.party.notVoter"));
        return record(actor, village, year, voter, marks, "PAPER");
    }

    private int record(Actor actor, OrgUnit village, int year, PartyRoster.Person voter, Map<Long, String> marks,
                       String channel) {
        if (!mayVote(village, voter)) {
            throw InvalidInput.of("voterId", "error.party.notVoter");
        }
        if (marks == null || marks.isEmpty()) {
            throw InvalidInput.of("marks", "error.party.noMarks");
        }
        Set<Long> members = roster.members(village.id()).stream().map(PartyRoster.Person::id).collect(Collectors.toSet());
        Map<Long, ReviewMark> parsed = new LinkedHashMap<>();
        List<Problem> problems = new ArrayList<>();
        marks.forEach((member, raw) -> {
            if (member == null || !members.contains(member)) {
                problems.add(new Problem("marks", "error.party.notMember"));
                return;
            }
            if (member == voter.id()) {
                problems.add(new Problem("marks", "error.party.selfBallot"));
                return;
            }
            ReviewMark m = parse(ReviewMark.class, raw, "marks", "error.party.mark", problems);
            if (m != null) {
                parsed.put(member, m);
            }
        });
        Texts.throwIfAny(problems);
        PartySql.YearRow y = sql.lockYear(village.id(), year);
        if (y.frozen()) {
            throw new Conflict("error.party.frozen", year);
        }
        if (y.opens() == null) {
            throw new Conflict("error.party.noWindow", year);
        }
        if ("ONLINE".equals(channel) ? !inWindow(y) : today().isBefore(y.opens())) {
            throw new Conflict("error.party.outsideWindow", y.opens().toString(), y.closes().toString());
        }
        if (sql.countBallots(village.id(), year, voter.id(), parsed.keySet()) > 0) {
            throw new Conflict("error.party.alreadyVoted", voter.name(), year);
        }
        OffsetDateTime at = now();
        try {
            parsed.forEach((member, mark) -> sql.insertBallot(village.id(), year, voter.id(), member, mark, channel,
                    actor.username(), at));
        } catch (DuplicateKeyException e) {
            throw new Conflict("error.party.alreadyVoted", voter.name(), year);
        }
        audit.record(actor, "party.ballot", village.path(), "resident", village.id() + "/" + voter.id(), null,
                year + " " + channel + " " + parsed, null);
        return parsed.size();
    }

    /**
     * Whether a villager's household takes part in the branch's review (民主评议): someone in it is an active party
     * member or a villagers' representative. The menu offers the ballot page to them only.
     */
    public boolean inReview(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            return false;
        }
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        return roster.household(village.id(), actor.householdId()).stream().anyMatch(p -> p.active() && mayVote(village, p));
    }

    private boolean mayVote(OrgUnit village, PartyRoster.Person p) {
        return p.partyMember() || sql.isRepresentative(village.id(), p.id());
    }

    private boolean inWindow(PartySql.YearRow y) {
        return y.opens() != null && !today().isBefore(y.opens()) && !today().isAfter(y.closes());
    }

    // ------------------------------------------------------------------ rating

    /** The rating page's state for a year. */
    public record RatingState(OrgUnit village, int year, PartyFormula formula, boolean frozen, boolean canFreeze,
                              LocalDate opens, LocalDate closes, List<Rating> ratings, List<Meeting> meetings,
                              Map<Long, Map<ReviewMark, Long>> marks, List<PartySql.Reopening> reopenings) { }

    public RatingState rating(Actor actor, String villageCode, int year) {
        OrgUnit village = readable(actor, villageCode);
        PartySql.YearRow y = sql.year(village.id(), year).orElse(new PartySql.YearRow(null, null, null, null));
        Map<Long, Map<ReviewMark, Long>> marks = new HashMap<>();
        for (PartySql.BallotRow b : sql.ballots(village.id(), year)) {
            marks.computeIfAbsent(b.memberId(), k -> new EnumMap<>(ReviewMark.class)).merge(b.mark(), 1L, Long::sum);
        }
        return new RatingState(village, year, formula(village), y.frozen(),
                !y.frozen() && today().isAfter(LocalDate.of(year, 12, 31)), y.opens(), y.closes(),
                sql.ratings(village.id(), year), meetings(actor, village, year), marks, sql.reopenings(village.id(), year));
    }

    /** Computes every member's rating for the year by the county's formula; overrides made earlier are kept. */
    @Transactional
    public List<Rating> compute(Actor actor, String villageCode, int year) {
        OrgUnit village = writable(actor, villageCode);
        requireYear(year);
        requireOpen(village, year);
        List<Rating> out = computeRatings(actor, village, year);
        audit.record(actor, "party.compute", village.path(), "party_year", village.id() + "/" + year, null,
                year + " " + out.size() + " members", null);
        return sql.ratings(village.id(), year);
    }

    private List<Rating> computeRatings(Actor actor, OrgUnit village, int year) {
        PartyFormula f = formula(village);
        List<PartyRoster.Person> members = roster.members(village.id());
        Map<Long, Map<String, Long>> points = scores.byResident(village.id(), LocalDate.of(year, 1, 1),
                LocalDate.of(year, 12, 31));
        List<PartySql.MeetingRow> meetings = sql.meetings(village.id(), year);
        Map<Long, Integer> attended = new HashMap<>();
        for (PartySql.MeetingRow m : meetings) {
            for (Signup s : activities.signups(actor, village.id(), m.activityId())) {
                if (s.attended()) {
                    attended.merge(s.residentId(), 1, Integer::sum);
                }
            }
        }
        Map<Long, List<ReviewMark>> ballots = new HashMap<>();
        sql.ballots(village.id(), year).forEach(b -> ballots.computeIfAbsent(b.memberId(), k -> new ArrayList<>()).add(b.mark()));
        List<Rating> out = new ArrayList<>();
        OffsetDateTime at = now();
        for (PartyRoster.Person p : members) {
            Map<String, Long> mine = points.getOrDefault(p.id(), Map.of());
            long party = mine.getOrDefault(PARTY_CATEGORY, 0L);
            long other = mine.entrySet().stream().filter(e -> !e.getKey().equals(PARTY_CATEGORY))
                    .mapToLong(Map.Entry::getValue).sum();
            List<ReviewMark> b = ballots.getOrDefault(p.id(), List.of());
            int review = b.isEmpty() ? 0 : (int) Math.round(b.stream().mapToInt(ReviewMark::percent).average().orElse(0));
            int att = Math.min(attended.getOrDefault(p.id(), 0), meetings.size());
            int total = f.total(party, other, meetings.size(), att, b.size(), review);
            int stars = f.starsFor(total);
            Rating r = new Rating(village.id(), year, p.id(), p.householdId(), p.name(), party, other, meetings.size(), att,
                    b.size(), review, total, stars, null, null, null, stars);
            sql.upsertRating(r, f.id(), at);
            out.add(r);
        }
        sql.deleteRatingsExcept(village.id(), year, members.stream().map(PartyRoster.Person::id).toList());
        return out;
    }

    /** The branch's decision: other stars than computed, with a written reason; null stars withdraws the override. */
    @Transactional
    public Rating override(Actor actor, String villageCode, int year, long residentId, Integer stars, String reason) {
        return override(actor, villageCode, year, residentId, new StarOverride(stars, reason));
    }

    /** As {@link #override(Actor, String, int, long, Integer, String)}: the decision checked after the access check. */
    @Transactional
    public Rating override(Actor actor, String villageCode, int year, long residentId, StarOverride decision) {
        OrgUnit village = writable(actor, villageCode);
        Integer stars = decision.stars();
        String why = Texts.clean(decision.reason());
        List<Problem> problems = new ArrayList<>();
        if (stars != null && why == null) {
            problems.add(new Problem("reason", "error.party.overrideReason"));
        }
        validation.check(decision, problems);
        requireOpen(village, year);
        Rating before = sql.rating(village.id(), year, residentId)
                .orElseThrow(() -> new Conflict("error.party.notComputed", year));
        sql.override(village.id(), year, residentId, stars, stars == null ? null : why, stars == null ? null : actor.username());
        audit.record(actor, "party.override", village.path(), "resident", village.id() + "/" + residentId,
                year + " " + before.stars() + "★", year + " " + (stars == null ? before.computedStars() : stars) + "★", why);
        return sql.rating(village.id(), year, residentId).orElseThrow();
    }

    /** Freezes the year once it is over: computed once more, then kept as it is. */
    @Transactional
    public List<Rating> freeze(Actor actor, String villageCode, int year) {
        OrgUnit village = writable(actor, villageCode);
        if (!today().isAfter(LocalDate.of(year, 12, 31))) {
            throw new Conflict("error.party.yearNotOver", year);
        }
        requireOpen(village, year);
        computeRatings(actor, village, year);
        sql.setFrozen(village.id(), year, now(), actor.username());
        audit.record(actor, "party.freeze", village.path(), "party_year", village.id() + "/" + year, null,
                "frozen " + year, null);
        return sql.ratings(village.id(), year);
    }

    /** A county admin reopens a frozen year, with the reason; the reopening is kept. */
    @Transactional
    public void reopen(Actor actor, String villageCode, int year, String reason) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.visibleVillage(actor, villageCode);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        PartySql.YearRow y = sql.lockYear(village.id(), year);
        if (!y.frozen()) {
            throw new Conflict("error.party.notFrozen", year);
        }
        sql.setFrozen(village.id(), year, null, null);
        sql.insertReopening(village.id(), year, why, actor.username(), now());
        audit.record(actor, "party.reopen", village.path(), "party_year", village.id() + "/" + year,
                "frozen " + y.frozenAt(), "reopened", why);
    }

    // ------------------------------------------------------------------ reserve cadres (后备干部人选)

    public record ReserveCandidate(long residentId, String name, Map<Integer, Integer> starsByYear) { }

    /** Members rated at least the formula's reserve stars in each of the last reserve-years frozen years. */
    public List<ReserveCandidate> reserveCadres(Actor actor, String villageCode) {
        OrgUnit village = readable(actor, villageCode);
        PartyFormula f = formula(village);
        List<Integer> years = sql.frozenYears(village.id()).stream().limit(f.reserveYears()).toList();
        if (years.size() < f.reserveYears()) {
            return List.of();
        }
        Map<Long, Map<Integer, Integer>> by = new HashMap<>();
        Map<Long, String> names = new HashMap<>();
        for (int y : years) {
            for (Rating r : sql.ratings(village.id(), y)) {
                by.computeIfAbsent(r.residentId(), k -> new TreeMap<>()).put(y, r.stars());
                names.put(r.residentId(), r.name());
            }
        }
        Set<Long> current = roster.members(village.id()).stream().map(PartyRoster.Person::id).collect(Collectors.toSet());
        return by.entrySet().stream()
                .filter(e -> current.contains(e.getKey()) && e.getValue().size() == years.size()
                        && e.getValue().values().stream().allMatch(s -> s >= f.reserveStars()))
                .map(e -> new ReserveCandidate(e.getKey(), names.get(e.getKey()), e.getValue()))
                .sorted(Comparator.comparing(ReserveCandidate::name).thenComparing(ReserveCandidate::residentId))
                .toList();
    }

    // ------------------------------------------------------------------ the county's formula

    public PartyFormula formula(OrgUnit unit) {
        long county = countyOf(unit);
        return sql.formula(county).orElse(PartyFormula.defaults(county));
    }

    /** The formula in force in the actor's county. */
    public PartyFormula formulaOf(Actor actor) {
        requireReader(actor);
        return formula(orgUnits.byId(actor.orgUnitId()));
    }

    public List<PartyFormula> formulaHistory(Actor actor) {
        requireReader(actor);
        return sql.formulaHistory(countyOf(orgUnits.byId(actor.orgUnitId())));
    }

    /** The county admin saves a new formula (kept with the earlier ones); nothing is saved when any field is wrong. */
    @Transactional
    public PartyFormula saveFormula(Actor actor, Integer wParty, Integer partyFull, Integer wOther, Integer otherFull,
                                    Integer wMeetings, Integer wReview, List<Integer> thresholds, Boolean boardStars,
                                    Integer reserveStars, Integer reserveYears, String reason) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        List<Problem> problems = new ArrayList<>();
        int[] w = {nz(wParty), nz(wOther), nz(wMeetings), nz(wReview)};
        String[] wf = {"wPartyPoints", "wOtherPoints", "wMeetings", "wReview"};
        Integer[] raw = {wParty, wOther, wMeetings, wReview};
        for (int i = 0; i < 4; i++) {
            if (raw[i] == null || raw[i] < 0 || raw[i] > 100) {
                problems.add(new Problem(wf[i], "error.party.weight"));
            }
        }
        if (problems.isEmpty() && w[0] + w[1] + w[2] + w[3] != 100) {
            problems.add(new Problem("wReview", "error.party.weightSum", w[0] + w[1] + w[2] + w[3]));
        }
        if (partyFull == null || partyFull < 1 || partyFull > 100000) {
            problems.add(new Problem("partyPointsFull", "error.party.full"));
        }
        if (otherFull == null || otherFull < 1 || otherFull > 100000) {
            problems.add(new Problem("otherPointsFull", "error.party.full"));
        }
        if (thresholds == null || thresholds.size() != 4 || thresholds.stream().anyMatch(t -> t == null || t < 0 || t > 100)) {
            problems.add(new Problem("thresholds", "error.party.thresholds"));
        } else {
            for (int i = 1; i < 4; i++) {
                if (thresholds.get(i) < thresholds.get(i - 1)) {
                    problems.add(new Problem("thresholds", "error.party.thresholds"));
                    break;
                }
            }
        }
        if (reserveStars == null || reserveStars < 1 || reserveStars > 5) {
            problems.add(new Problem("reserveStars", "error.party.stars"));
        }
        if (reserveYears == null || reserveYears < 1 || reserveYears > 5) {
            problems.add(new Problem("reserveYears", "error.party.reserveYears"));
        }
        String why = Texts.name("reason", reason, 500, problems);
        Texts.throwIfAny(problems);
        long county = countyOf(orgUnits.byId(actor.orgUnitId()));
        PartyFormula before = sql.formula(county).orElse(PartyFormula.defaults(county));
        PartyFormula f = new PartyFormula(null, county, w[0], partyFull, w[1], otherFull, w[2], w[3],
                List.copyOf(thresholds), boardStars == null ? before.boardStars() : boardStars, reserveStars, reserveYears,
                actor.username(), now(), why);
        sql.insertFormula(f);
        audit.record(actor, "party.formula", actor.orgPath(), "party_formula", county, describe(before), describe(f), why);
        return sql.formula(county).orElseThrow();
    }

    private static String describe(PartyFormula f) {
        return "points " + f.wPartyPoints() + "%/" + f.partyPointsFull() + " other " + f.wOtherPoints() + "%/"
                + f.otherPointsFull() + " meetings " + f.wMeetings() + "% review " + f.wReview() + "% stars "
                + f.thresholds() + " board " + f.boardStars() + " reserve " + f.reserveStars() + "★×" + f.reserveYears();
    }

    // ------------------------------------------------------------------ for other modules

    /** A frozen year's stars for one member (honours' 星级党员, the board). */
    public record FrozenStar(long residentId, long householdId, String name, int stars, int total, long partyPoints) { }

    /** The village's frozen ratings of the year; empty when the year is not frozen (honours then use its own rule). */
    public List<FrozenStar> frozenStars(long villageId, int year) {
        if (!sql.year(villageId, year).map(PartySql.YearRow::frozen).orElse(false)) {
            return List.of();
        }
        return sql.ratings(villageId, year).stream()
                .map(r -> new FrozenStar(r.residentId(), r.householdId(), r.name(), r.stars(), r.total(), r.partyPoints()))
                .toList();
    }

    /** Whether the village's county shows frozen stars on the public board. */
    public boolean boardShowsStars(long villageId) {
        return formula(orgUnits.byId(villageId)).boardStars();
    }

    /** A villager's own household's party members and their ratings (the villager's passbook page). */
    public record OwnRating(String name, PartyClass partyClass, PartyPost post, Integer year, Integer stars, boolean frozen) { }

    public List<OwnRating> ownRatings(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            return List.of();
        }
        long villageId = actor.orgUnitId();
        Map<Long, PartyClassRecord> classes = sql.classesOn(villageId, today());
        List<OwnRating> out = new ArrayList<>();
        for (PartyRoster.Person p : roster.household(villageId, actor.householdId())) {
            if (!p.partyMember() || !p.active()) {
                continue;
            }
            Rating latest = sql.ratingsOf(villageId, p.id()).stream().findFirst().orElse(null);
            boolean frozen = latest != null && sql.year(villageId, latest.year()).map(PartySql.YearRow::frozen).orElse(false);
            PartySql.PostRow post = sql.post(villageId, thisYear(), p.id()).orElse(null);
            PartyClassRecord c = classes.get(p.id());
            out.add(new OwnRating(p.name(), c == null ? null : c.partyClass(), post == null ? null : post.post(),
                    latest == null ? null : latest.year(), latest == null ? null : latest.stars(), frozen));
        }
        return out;
    }

    /** Party members by class (in force today) and by stars (the year's ratings) over villages: statistics. */
    public record Figures(Map<PartyClass, Long> byClass, Map<Integer, Long> byStars) { }

    public Figures figures(Collection<Long> villageIds, int year) {
        Map<PartyClass, Long> byClass = new EnumMap<>(PartyClass.class);
        sql.classCounts(villageIds, today()).forEach((k, v) -> byClass.put(PartyClass.valueOf(k), v));
        return new Figures(byClass, new TreeMap<>(sql.starCounts(villageIds, year)));
    }

    // ------------------------------------------------------------------ checks and helpers

    /** Village-wide party lists: admins and auditors; not grid workers, keepers or villagers. */
    public void requireReader(Actor actor) {
        if (!actor.isStaff() || actor.is(Role.GRID_WORKER) || actor.is(Role.KEEPER)) {
            throw Forbidden.role();
        }
    }

    public OrgUnit readable(Actor actor, String villageCode) {
        requireReader(actor);
        return orgUnits.visibleVillage(actor, villageCode);
    }

    /** The branch acts through its village admin. */
    OrgUnit writable(Actor actor, String villageCode) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        return orgUnits.visibleVillage(actor, villageCode);
    }

    private PartySql.YearRow requireOpen(OrgUnit village, int year) {
        PartySql.YearRow y = sql.lockYear(village.id(), year);
        if (y.frozen()) {
            throw new Conflict("error.party.frozen", year);
        }
        return y;
    }

    private void requireYear(int year) {
        if (year < 2000 || year > thisYear()) {
            throw InvalidInput.of("year", "error.party.year", 2000, thisYear());
        }
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String raw, String field, String key, List<Problem> problems) {
        String s = Texts.clean(raw);
        if (s == null) {
            problems.add(new Problem(field, key));
            return null;
        }
        try {
            return Enum.valueOf(type, s);
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(field, key));
            return null;
        }
    }

    private static int nz(Integer i) {
        return i == null ? 0 : i;
    }

    private static long countyOf(OrgUnit unit) {
        return Long.parseLong(unit.path().split("/")[1]);
    }

    private int thisYear() {
        return today().getYear();
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
