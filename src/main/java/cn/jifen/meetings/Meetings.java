package cn.jifen.meetings;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Appeal;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.claims.KinRelation;
import cn.jifen.claims.Objection;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.PartyRoster;
import cn.jifen.directory.Resident;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.meetings.internal.Choice;
import cn.jifen.meetings.internal.MeetingOutcomes;
import cn.jifen.meetings.internal.MeetingSql;
import cn.jifen.meetings.internal.ModeChange;
import cn.jifen.meetings.internal.PanelMember;
import cn.jifen.meetings.internal.Vote;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
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
import jakarta.validation.groups.Default;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The village's 评议会: its panel (积分评议小组) with dates, its review mode (single reviewer or meeting) with history,
 * and its meetings — scheduled with a date and place; opened, which fixes the attendance list (the panel on the day)
 * and the agenda (what awaits the village's review at that moment, read through the claims module); attendance
 * ticked; each present member's vote entered by the chair, refused for a member with a conflict of interest; closed,
 * which applies every item a majority of the votes cast decided through the claims module's own decisions (see
 * {@link MeetingOutcomes}). The village admin of the village acts; town and county admins and auditors read their
 * scope; grid workers, keepers and villagers have no access.
 * <p>Why one class of about 630 lines: One aggregate's life: a meeting's panel, mode, agenda, attendance, votes
 * and close are steps of one state machine over the same rows and the same village-admin check; the outcomes are
 * applied in MeetingOutcomes.
 */
@Service
public class Meetings {
    static final int MAX_ITEMS = 500;

    private final MeetingSql sql;
    private final Claims claims;
    private final RuleCatalogue catalogue;
    private final OrgUnits orgUnits;
    private final Users users;
    private final PartyRoster roster;
    private final Households households;
    private final MeetingOutcomes outcomes;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    Meetings(MeetingSql sql, Claims claims, RuleCatalogue catalogue, OrgUnits orgUnits, Users users, PartyRoster roster,
             Households households, MeetingOutcomes outcomes, AuditLog audit, Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.claims = claims;
        this.catalogue = catalogue;
        this.orgUnits = orgUnits;
        this.users = users;
        this.roster = roster;
        this.households = households;
        this.outcomes = outcomes;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    // ------------------------------------------------------------------ review mode

    /** The village's review mode in force (SINGLE_REVIEWER until the village chooses otherwise). Unchecked. */
    public ReviewMode mode(long villageId) {
        List<ModeChange> h = sql.modes(villageId);
        return h.isEmpty() ? ReviewMode.SINGLE_REVIEWER : h.get(0).mode();
    }

    public List<ModeChange> modeHistory(Actor actor, String villageCode) {
        return sql.modes(readable(actor, villageCode).id());
    }

    /** The village admin chooses the review mode, with a reason; kept with history and audited. */
    public ReviewMode setMode(Actor actor, String villageCode, String mode, String reason) {
        return setMode(actor, new ModeDraft(villageCode, mode, reason));
    }

    /** As {@link #setMode(Actor, String, String, String)}: the choice checked after the access check. */
    public ReviewMode setMode(Actor actor, ModeDraft d) {
        OrgUnit village = writable(actor, d.village());
        List<Problem> problems = new ArrayList<>();
        ReviewMode m = null;
        try {
            m = d.mode() == null ? null : ReviewMode.valueOf(d.mode().strip());
        } catch (IllegalArgumentException e) {
            m = null;
        }
        if (m == null) {
            problems.add(new Problem("mode", "error.meetings.mode"));
        }
        validation.check(d, problems);
        String why = Texts.clean(d.reason());
        ReviewMode before = mode(village.id());
        ReviewMode after = m;
        if (before != after) {
            tx.executeWithoutResult(s -> {
                sql.insertMode(village.id(), after, why, actor.username(), now());
                audit.record(actor, "meetings.mode", village.path(), "org_unit", village.code(), before.name(),
                        after.name(), why);
            });
        }
        return after;
    }

    // ------------------------------------------------------------------ panel

    /** Every member the panel ever had (those serving first). */
    public List<PanelMember> panel(Actor actor, String villageCode) {
        return sql.panel(readable(actor, villageCode).id());
    }

    /** Staff of the village who could join the panel (village admins and grid workers bound to it or its grids). */
    public List<UserAccount> staffCandidates(Actor actor, String villageCode) {
        OrgUnit village = readable(actor, villageCode);
        return users.staffUnder(village.path()).stream()
                .filter(u -> u.active() && (u.role() == Role.VILLAGE_ADMIN || u.role() == Role.GRID_WORKER)).toList();
    }

    /** Adds a staff account of the village (secretary, committee member, ...) to the panel from a day. */
    public PanelMember addStaff(Actor actor, String villageCode, Long userId, String duty, LocalDate joinedOn) {
        return addMember(actor, new PanelDraft(villageCode, PanelDraft.STAFF, duty, joinedOn, userId, null));
    }

    /** Adds a member of the draft's kind (a staff account or a resident); another kind is refused, after the access check. */
    public PanelMember addMember(Actor actor, PanelDraft draft) {
        OrgUnit village = writable(actor, draft.village());
        if (PanelDraft.STAFF.equals(draft.kind())) {
            return addStaff(actor, village, draft);
        }
        if (PanelDraft.RESIDENT.equals(draft.kind())) {
            return addResident(actor, village, draft);
        }
        throw InvalidInput.of("kind", "error.meetings.kind");
    }

    private PanelMember addStaff(Actor actor, OrgUnit village, PanelDraft draft) {
        Long userId = draft.userId();
        LocalDate joinedOn = draft.joinedOn();
        List<Problem> problems = new ArrayList<>();
        dayInWindow("joinedOn", joinedOn, problems);
        UserAccount u = userId == null ? null : users.account(userId).orElse(null);
        if (u == null || !u.active() || u.orgPath() == null || !u.orgPath().startsWith(village.path())
                || !(u.role() == Role.VILLAGE_ADMIN || u.role() == Role.GRID_WORKER)) {
            problems.add(new Problem("userId", "error.meetings.staffOutside"));
        }
        validation.check(draft, problems);
        String d = Texts.clean(draft.duty());
        if (serving(village.id()).stream().anyMatch(m -> m.staff() && m.userId() == u.id())) {
            throw new Conflict("error.meetings.alreadyOnPanel", u.displayName());
        }
        return insertMember(actor, village, "STAFF", u.id(), null, null, u.displayName(), d, joinedOn);
    }

    /** Adds a resident of the village (a villager representative, ...) to the panel from a day. */
    public PanelMember addResident(Actor actor, String villageCode, Long residentId, String duty, LocalDate joinedOn) {
        return addMember(actor, new PanelDraft(villageCode, PanelDraft.RESIDENT, duty, joinedOn, null, residentId));
    }

    private PanelMember addResident(Actor actor, OrgUnit village, PanelDraft draft) {
        Long residentId = draft.residentId();
        LocalDate joinedOn = draft.joinedOn();
        List<Problem> problems = new ArrayList<>();
        dayInWindow("joinedOn", joinedOn, problems);
        PartyRoster.Person p = residentId == null ? null : roster.resident(village.id(), residentId).orElse(null);
        if (p == null || !p.active()) {
            problems.add(new Problem("residentId", "error.meetings.residentUnknown"));
        }
        validation.check(draft, problems);
        String d = Texts.clean(draft.duty());
        if (serving(village.id()).stream().anyMatch(m -> !m.staff() && m.residentId() == p.id())) {
            throw new Conflict("error.meetings.alreadyOnPanel", p.name());
        }
        return insertMember(actor, village, "RESIDENT", null, p.id(), p.householdId(), p.name(), d, joinedOn);
    }

    /** The resident named {@code name} in the household of the passbook (the panel page's way to find one). */
    public long residentByPassbook(Actor actor, String villageCode, String passbook, String name) {
        OrgUnit village = writable(actor, villageCode);
        String n = Texts.clean(name);
        if (Texts.clean(passbook) == null || n == null) {
            throw InvalidInput.of("passbook", "error.meetings.residentUnknown");
        }
        Household h;
        try {
            h = households.byPassbook(actor, passbook);
        } catch (NotFound e) {
            throw InvalidInput.of("passbook", "error.meetings.residentUnknown");
        }
        if (h.villageId() != village.id()) {
            throw InvalidInput.of("passbook", "error.meetings.residentUnknown");
        }
        return h.members().stream().filter(r -> r.name().equals(n) && "ACTIVE".equals(r.status()))
                .map(Resident::id).findFirst()
                .orElseThrow(() -> InvalidInput.of("name", "error.meetings.residentUnknown"));
    }

    private PanelMember insertMember(Actor actor, OrgUnit village, String kind, Long userId, Long residentId,
                                     Long householdId, String name, String duty, LocalDate on) {
        long id = tx.execute(s -> {
            long mid = sql.insertMember(village.id(), kind, userId, residentId, householdId, name, duty, on,
                    actor.username());
            audit.record(actor, "meetings.panel.add", village.path(), "meeting_panel_member", village.id() + "/" + mid,
                    null, kind + " " + name + " " + duty, null);
            return mid;
        });
        return sql.panel(village.id()).stream().filter(m -> m.id() == id).findFirst().orElseThrow();
    }

    /** A member leaves the panel on a day (kept in the history). */
    public void removeMember(Actor actor, String villageCode, long memberId, LocalDate leftOn) {
        OrgUnit village = writable(actor, villageCode);
        List<Problem> problems = new ArrayList<>();
        if (leftOn == null) {
            problems.add(new Problem("leftOn", "error.required"));
        }
        dayInWindow("leftOn", leftOn, problems);
        Texts.throwIfAny(problems);
        PanelMember m = sql.panel(village.id()).stream().filter(x -> x.id() == memberId && x.leftOn() == null)
                .findFirst().orElseThrow(() -> new NotFound("error.meetings.memberNotFound"));
        if (leftOn.isBefore(m.joinedOn())) {
            throw InvalidInput.of("leftOn", "error.meetings.leftBeforeJoined");
        }
        tx.executeWithoutResult(s -> {
            if (sql.leave(village.id(), memberId, leftOn, actor.username()) == 0) {
                throw new NotFound("error.meetings.memberNotFound");
            }
            audit.record(actor, "meetings.panel.leave", village.path(), "meeting_panel_member",
                    village.id() + "/" + memberId, m.name(), String.valueOf(leftOn), null);
        });
    }

    private List<PanelMember> serving(long villageId) {
        return sql.panel(villageId).stream().filter(m -> m.leftOn() == null).toList();
    }

    // ------------------------------------------------------------------ meetings

    public Page<Meeting> list(Actor actor, String villageCode, Paging paging) {
        OrgUnit village = readable(actor, villageCode);
        return paging.of(sql.meetings(village.id(), village.name(), paging.size(), paging.offset()),
                sql.countMeetings(village.id()));
    }

    public MeetingDetail get(Actor actor, String villageCode, long id) {
        OrgUnit village = readable(actor, villageCode);
        return detail(village, id);
    }

    MeetingDetail detail(OrgUnit village, long id) {
        Meeting m = sql.meeting(village.id(), id, village.name()).orElseThrow(Meetings::notFound);
        Map<Long, List<Vote>> votes = sql.votes(village.id(), id).stream()
                .collect(Collectors.groupingBy(Vote::itemId));
        List<Attendee> attendance = sql.attendance(village.id(), id);
        List<MeetingSql.ItemRow> rows = sql.items(village.id(), id);
        Map<Long, List<Long>> abstaining = m.open() ? abstaining(village, attendance, rows) : Map.of();
        List<AgendaItem> items = rows.stream().map(r -> new AgendaItem(r.id(), r.seq(), r.kind(),
                r.claimId(), r.objectionId(), r.appealId(), r.householdId(), r.label(), r.points(), r.detail(),
                r.outcome(), r.outcomePoints(), r.applied(), r.appliedBy(), r.noteKey(),
                votes.getOrDefault(r.id(), List.of()), abstaining.getOrDefault(r.id(), List.of()))).toList();
        return new MeetingDetail(m, attendance, items);
    }

    /** For each item, the present members who must abstain on it. */
    private Map<Long, List<Long>> abstaining(OrgUnit village, List<Attendee> attendance, List<MeetingSql.ItemRow> rows) {
        Set<Long> present = attendance.stream().filter(Attendee::present).map(Attendee::memberId)
                .collect(Collectors.toSet());
        List<PanelMember> members = sql.panel(village.id()).stream().filter(p -> present.contains(p.id())).toList();
        List<KinRelation> kin = claims.kinOf(village);
        Map<Long, Long> households = staffHouseholds(members);
        Map<Long, List<Long>> out = new HashMap<>();
        for (MeetingSql.ItemRow r : rows) {
            out.put(r.id(), members.stream().filter(p -> conflictOfInterest(p, r, kin, households) != null)
                    .map(PanelMember::id).toList());
        }
        return out;
    }

    /** The household of each staff member's account, if it has one (a cadre who is also a villager of the village). */
    private Map<Long, Long> staffHouseholds(List<PanelMember> members) {
        Map<Long, Long> out = new HashMap<>();
        for (PanelMember p : members) {
            if (p.staff()) {
                users.account(p.userId()).map(UserAccount::householdId).ifPresent(h -> out.put(p.userId(), h));
            }
        }
        return out;
    }

    /** Schedules a meeting (date within a year back or ahead, place). */
    public Meeting schedule(Actor actor, String villageCode, LocalDate heldOn, String place) {
        return schedule(actor, new MeetingDraft(villageCode, heldOn, place));
    }

    /** As {@link #schedule(Actor, String, LocalDate, String)}: the draft checked after the access check. */
    public Meeting schedule(Actor actor, MeetingDraft d) {
        OrgUnit village = writable(actor, d.village());
        LocalDate heldOn = d.heldOn();
        List<Problem> problems = new ArrayList<>();
        dayInWindow("heldOn", heldOn, problems);
        validation.check(d, problems);
        String where = Texts.clean(d.place());
        long id = tx.execute(s -> {
            long mid = sql.insertMeeting(village.id(), village.path(), heldOn, where, actor.username(), now());
            audit.record(actor, "meetings.schedule", village.path(), "meeting", village.id() + "/" + mid, null,
                    heldOn + " " + where, null);
            return mid;
        });
        return sql.meeting(village.id(), id, village.name()).orElseThrow();
    }

    /**
     * Opens the meeting (the actor chairs): the attendance list is the panel serving on the meeting's day, the agenda
     * what awaits the village's review now. One meeting of a village is open at a time.
     */
    public MeetingDetail open(Actor actor, String villageCode, long id) {
        OrgUnit village = writable(actor, villageCode);
        List<PanelMember> panel = sql.panel(village.id());
        tx.executeWithoutResult(s -> {
            String status = sql.lockStatus(village.id(), id).orElseThrow(Meetings::notFound);
            if (!"SCHEDULED".equals(status)) {
                throw new Conflict("error.meetings.notScheduled");
            }
            if (sql.anyOpen(village.id())) {
                throw new Conflict("error.meetings.anotherOpen");
            }
            Meeting m = sql.meeting(village.id(), id, village.name()).orElseThrow();
            List<PanelMember> onDay = panel.stream().filter(p -> p.servesOn(m.heldOn())).toList();
            if (onDay.isEmpty()) {
                throw new Conflict("error.meetings.noPanel");
            }
            onDay.forEach(p -> sql.insertAttendee(village.id(), id, p));
            List<MeetingSql.NewItem> agenda = agenda(actor, village).stream().map(a -> new MeetingSql.NewItem(a.kind,
                    a.claim.id(), a.objectionId, a.appealId, a.claim.householdId(), a.claim.recordedBy(),
                    a.claim.firstApprover(), a.label(), a.claim.points(), a.detail)).toList();
            sql.insertItems(village.id(), id, agenda);
            int seq = agenda.size();
            sql.open(village.id(), id, actor.displayName(), now());
            audit.record(actor, "meetings.open", village.path(), "meeting", village.id() + "/" + id, "SCHEDULED",
                    "OPEN " + seq, null);
        });
        return detail(village, id);
    }

    private record Agenda(String kind, Claim claim, Long objectionId, Long appealId, String detail) {
        String label() {
            String who = claim.passbookNumber() == null ? "" : claim.passbookNumber();
            String res = claim.residentName() == null ? "" : " " + claim.residentName();
            return Texts.clean((who + res + " · " + claim.itemLabel()).strip());
        }
    }

    /** What awaits the village's review: claims and vetoes in the queue, open objections, open appeals. */
    private List<Agenda> agenda(Actor actor, OrgUnit village) {
        List<Agenda> out = new ArrayList<>();
        Map<String, RuleItem> items = new HashMap<>();
        for (int page = 0; out.size() < MAX_ITEMS; page++) {
            Page<Claim> p = claims.queue(actor, village, new Paging(page, Paging.MAX_SIZE));
            for (Claim c : p.items()) {
                if (c.status() == ClaimStatus.OBJECTED) {
                    for (Objection o : claims.detail(actor, village.id(), c.id()).objections()) {
                        if (o.open()) {
                            out.add(new Agenda("OBJECTION", c, o.id(), null, o.reason()));
                        }
                    }
                } else {
                    RuleItem item = items.computeIfAbsent(c.itemId() + "/" + c.itemVersion(),
                            k -> catalogue.version(c.itemId(), c.itemVersion()));
                    out.add(new Agenda(item.veto() ? "VETO" : "CLAIM", c, null, null, c.note()));
                }
            }
            if ((long) (page + 1) * Paging.MAX_SIZE >= p.total()) {
                break;
            }
        }
        for (Claim c : claims.withOpenAppeal(actor, village)) {
            for (Appeal a : claims.detail(actor, village.id(), c.id()).appeals()) {
                if (a.open()) {
                    out.add(new Agenda("APPEAL", c, null, a.id(), a.reason()));
                }
            }
        }
        return out.size() > MAX_ITEMS ? out.subList(0, MAX_ITEMS) : out;
    }

    /** Ticks who came (the members not listed are absent); votes of members no longer present are dropped. */
    public MeetingDetail attendance(Actor actor, String villageCode, long id, Collection<Long> presentIds) {
        OrgUnit village = writable(actor, villageCode);
        Set<Long> present = presentIds == null ? Set.of() : new LinkedHashSet<>(presentIds);
        tx.executeWithoutResult(s -> {
            requireOpen(village, id);
            Set<Long> listed = sql.attendance(village.id(), id).stream().map(Attendee::memberId)
                    .collect(Collectors.toSet());
            if (present.stream().anyMatch(p -> p == null || !listed.contains(p))) {
                throw InvalidInput.of("present", "error.meetings.notOnList");
            }
            sql.setPresent(village.id(), id, present);
            sql.dropVotesOfAbsent(village.id(), id);
            audit.record(actor, "meetings.attendance", village.path(), "meeting", village.id() + "/" + id, null,
                    present.size() + "/" + listed.size(), null);
        });
        return detail(village, id);
    }

    /**
     * Enters the votes of present members on one item. Refused as a whole (422, nothing saved) when a member is not
     * present, has a conflict of interest with the item (recorded the claim, is registered kin of the household, or
     * belongs to it), or a vote is malformed; refused (409) without a quorum.
     */
    public MeetingDetail vote(Actor actor, String villageCode, long id, Long itemId, List<VoteDraft> drafts) {
        if (itemId == null) {
            writable(actor, villageCode);
            throw InvalidInput.of("itemId", "error.required");
        }
        Map<Long, List<VoteDraft>> one = new HashMap<>();
        one.put(itemId, drafts);
        return voteAll(actor, villageCode, id, one);
    }

    /** Enters the votes on several items at once (the show of hands item by item), all or nothing. */
    public MeetingDetail voteAll(Actor actor, String villageCode, long id, Map<Long, List<VoteDraft>> byItem) {
        OrgUnit village = writable(actor, villageCode);
        if (byItem == null || byItem.isEmpty() || byItem.values().stream().anyMatch(d -> d == null || d.isEmpty())) {
            throw InvalidInput.of("votes", "error.required");
        }
        List<KinRelation> kin = claims.kinOf(village);
        tx.executeWithoutResult(s -> {
            Meeting m = requireOpen(village, id);
            if (!m.quorate()) {
                throw new Conflict("error.meetings.noQuorum", m.present(), m.panelSize());
            }
            Map<Long, MeetingSql.ItemRow> items = sql.items(village.id(), id).stream()
                    .collect(Collectors.toMap(MeetingSql.ItemRow::id, r -> r));
            Set<Long> present = sql.attendance(village.id(), id).stream().filter(Attendee::present)
                    .map(Attendee::memberId).collect(Collectors.toSet());
            Map<Long, PanelMember> members = sql.panel(village.id()).stream().filter(p -> present.contains(p.id()))
                    .collect(Collectors.toMap(PanelMember::id, p -> p));
            Map<Long, Long> households = staffHouseholds(List.copyOf(members.values()));
            List<Problem> problems = new ArrayList<>();
            List<Object[]> ok = new ArrayList<>();
            for (Map.Entry<Long, List<VoteDraft>> e : byItem.entrySet()) {
                MeetingSql.ItemRow item = items.get(e.getKey());
                if (item == null) {
                    throw new NotFound("error.meetings.itemNotFound");
                }
                check(item, e.getValue(), members, kin, households, problems, ok);
            }
            Texts.throwIfAny(problems);
            OffsetDateTime at = now();
            sql.votes(village.id(), id, ok.stream().map(v -> new MeetingSql.NewVote((Long) v[0], (Long) v[1],
                    (Choice) v[2], (Integer) v[3], (String) v[4])).toList(), actor.username(), at);
            audit.record(actor, "meetings.vote", village.path(), "meeting", village.id() + "/" + id, null,
                    ok.stream().map(v -> v[0] + "/" + v[1] + ":" + v[2] + (v[3] == null ? "" : "(" + v[3] + ")"))
                            .collect(Collectors.joining(" ")), null);
        });
        return detail(village, id);
    }

    /** Checks one item's votes; the good ones go to {@code ok} as [itemId, memberId, choice, points, reason]. */
    private void check(MeetingSql.ItemRow item, List<VoteDraft> drafts, Map<Long, PanelMember> present,
                       List<KinRelation> kin, Map<Long, Long> households, List<Problem> problems, List<Object[]> ok) {
        Set<Long> seen = new HashSet<>();
        for (VoteDraft d : drafts) {
            if (d == null || d.memberId() == null || !present.containsKey(d.memberId()) || !seen.add(d.memberId())) {
                problems.add(new Problem("memberId", "error.meetings.notPresent"));
                continue;
            }
            PanelMember pm = present.get(d.memberId());
            String conflict = conflictOfInterest(pm, item, kin, households);
            if (conflict != null) {
                problems.add(new Problem("memberId", conflict, pm.name()));
                continue;
            }
            Choice c = choice(d.choice());
            if (c == null) {
                problems.add(new Problem("choice", "error.meetings.choice"));
                continue;
            }
            Integer points = null;
            if (c == Choice.ADJUST) {
                if (!"CLAIM".equals(item.kind())) {
                    problems.add(new Problem("choice", "error.meetings.adjustNotHere"));
                    continue;
                }
                if (d.points() == null || d.points() < 0 || d.points() > 100000) {
                    problems.add(new Problem("points", "error.meetings.adjustPoints", pm.name()));
                    continue;
                }
                points = d.points();
            }
            // the vote's own rules: an adjusting vote must say why, any other may
            List<Problem> wrong = validation.problems(d, c == Choice.ADJUST ? VoteDraft.Adjusting.class : Default.class);
            if (!wrong.isEmpty()) {
                problems.addAll(wrong);
                continue;
            }
            ok.add(new Object[] {item.id(), pm.id(), c, points, Texts.clean(d.reason())});
        }
    }

    /** Why this member may not vote on the item (a message key), or null. The reviewer rule, for every member. */
    static String conflictOfInterest(PanelMember m, MeetingSql.ItemRow item, List<KinRelation> kin,
                                     Map<Long, Long> staffHouseholds) {
        if (m.staff()) {
            if (m.userId() == item.recordedBy()) {
                return "error.meetings.conflict.recorder";
            }
            if (kin.stream().anyMatch(k -> k.userId() == m.userId() && k.householdId() == item.householdId())) {
                return "error.meetings.conflict.kin";
            }
            Long own = staffHouseholds.get(m.userId());
            return own != null && own == item.householdId() ? "error.meetings.conflict.household" : null;
        }
        return m.householdId() != null && m.householdId() == item.householdId()
                ? "error.meetings.conflict.household" : null;
    }

    /**
     * Closes the meeting: refused (409) without a quorum. Each item's outcome is the choice of more than half of the
     * votes cast (otherwise it stays undecided for the next meeting); decided items are applied to the claims.
     */
    public MeetingDetail close(Actor actor, String villageCode, long id) {
        OrgUnit village = writable(actor, villageCode);
        Meeting m = tx.execute(s -> {
            Meeting open = requireOpen(village, id);
            if (!open.quorate()) {
                throw new Conflict("error.meetings.noQuorum", open.present(), open.panelSize());
            }
            sql.close(village.id(), id, now());
            audit.record(actor, "meetings.close", village.path(), "meeting", village.id() + "/" + id, "OPEN", "CLOSED",
                    null);
            return open;
        });
        // each item is applied in a transaction of the claims module's own: one refused decision leaves the others
        outcomes.apply(actor, village, m, detail(village, id));
        return detail(village, id);
    }

    // ------------------------------------------------------------------ access and helpers

    public void requireReader(Actor actor) {
        if (!(actor.is(Role.COUNTY_ADMIN) || actor.is(Role.TOWN_ADMIN) || actor.is(Role.VILLAGE_ADMIN)
                || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
    }

    public OrgUnit readable(Actor actor, String villageCode) {
        requireReader(actor);
        return orgUnits.visibleVillage(actor, villageCode);
    }

    /** The village admin of the village schedules and chairs. */
    public OrgUnit writable(Actor actor, String villageCode) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        return orgUnits.visibleVillage(actor, villageCode);
    }

    private Meeting requireOpen(OrgUnit village, long id) {
        String status = sql.lockStatus(village.id(), id).orElseThrow(Meetings::notFound);
        if (!"OPEN".equals(status)) {
            throw new Conflict("error.meetings.notOpen");
        }
        return sql.meeting(village.id(), id, village.name()).orElseThrow();
    }

    /** A day at most two years back or one ahead; a missing day is left to the request's constraint. */
    private void dayInWindow(String field, LocalDate day, List<Problem> problems) {
        if (day != null && (day.isBefore(today().minusYears(2)) || day.isAfter(today().plusYears(1)))) {
            problems.add(new Problem(field, "error.meetings.day"));
        }
    }

    static Choice choice(String raw) {
        if (raw == null) {
            return null;
        }
        try {
            return Choice.valueOf(raw.strip());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static NotFound notFound() {
        return new NotFound("error.meetings.notFound");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }
}
