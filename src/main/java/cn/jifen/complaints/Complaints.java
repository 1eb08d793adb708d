package cn.jifen.complaints;

import cn.jifen.audit.AuditLog;
import cn.jifen.complaints.internal.ComplaintEscalation;
import cn.jifen.complaints.internal.ComplaintPhotos;
import cn.jifen.complaints.internal.ComplaintSql;
import cn.jifen.complaints.internal.PublicReply;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
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
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Complaints and suggestions (投诉建议). A villager files one for their household (or a village admin enters it on
 * their behalf), with up to three photos, optionally anonymous to the village: the village's own staff then see
 * "匿名", town and county staff always see the filer. It is routed to the household's village with a deadline (the
 * county's answer days, default 7). The village admin answers it, publicly (shown on the village board without the
 * filer) or privately; unanswered past the deadline, the escalation run marks it ESCALATED and the town admin may
 * answer too. The filer rates the answer once (1–5, optional comment). Grid workers and keepers have no part in it.
 * <p>Why one class of about 470 lines: One aggregate's life (filed, routed, answered, escalated, rated) with the
 * anonymity rule applied on every read; the rule must be in the same class as every read that applies it.
 */
@Service
public class Complaints {
    public static final int BODY_MAX = 1000;
    public static final int REPLY_MAX = 1000;
    public static final int COMMENT_MAX = 200;
    /** Public replies a village board shows. */
    static final int BOARD_REPLIES = 10;

    private final ComplaintSql sql;
    private final ComplaintPhotos photos;
    private final OrgUnits orgUnits;
    private final Households households;
    private final AuditLog audit;
    private final ApplicationEventPublisher events;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final int defaultAnswerDays;
    private final RequestValidation validation;

    public Complaints(ComplaintSql sql, ComplaintPhotos photos, OrgUnits orgUnits, Households households, AuditLog audit,
               ApplicationEventPublisher events, TransactionTemplate tx, Clock clock,
               @Value("${jifen.complaints.answer-days:7}") int defaultAnswerDays, RequestValidation validation) {
        this.sql = sql;
        this.validation = validation;
        this.photos = photos;
        this.orgUnits = orgUnits;
        this.households = households;
        this.audit = audit;
        this.events = events;
        this.tx = tx;
        this.clock = clock;
        this.defaultAnswerDays = defaultAnswerDays;
    }

    // ------------------------------------------------------------ the county's deadline

    /** Days a village has to answer in the county of this unit (the county's setting, else the default). */
    public int answerDays(OrgUnit unit) {
        return sql.answerDays(countyOf(unit.path())).orElse(defaultAnswerDays);
    }

    /** The county admin sets the county's answer days (1–60); complaints already filed keep their deadline. */
    public int setAnswerDays(Actor actor, Integer days) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        if (days == null || days < 1 || days > 60) {
            throw InvalidInput.of("answerDays", "error.complaints.answerDays");
        }
        long county = countyOf(actor.orgPath());
        int before = sql.answerDays(county).orElse(defaultAnswerDays);
        tx.executeWithoutResult(s -> {
            sql.setAnswerDays(county, days, actor.username(), now());
            audit.record(actor, "complaints.answerDays", actor.orgPath(), "complaint_setting", county,
                    String.valueOf(before), String.valueOf(days), null);
        });
        return days;
    }

    // ------------------------------------------------------------ filing

    /** A villager files a complaint or suggestion for their own household. */
    public Complaint file(Actor actor, String kind, String body, boolean anonymous, List<byte[]> photoData) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        Household h = households.get(Actor.system(village.path()), village.id(), actor.householdId());
        return insert(actor, village, h, new ComplaintDraft(kind, body, anonymous), photoData, null);
    }

    /**
     * A village admin enters a villager's complaint on their behalf (e.g. told in person or by phone), naming the
     * household by passbook number; it is the household's complaint in every other respect (they rate the answer).
     */
    public Complaint fileFor(Actor actor, String passbook, String kind, String body, boolean anonymous,
                             List<byte[]> photoData) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        Household h = null;
        if (Texts.clean(passbook) == null) {
            throw InvalidInput.of("passbookNumber", "error.required");
        }
        try {
            h = households.byPassbook(actor, passbook.strip());
        } catch (NotFound | Forbidden e) {
            throw InvalidInput.of("passbookNumber", "error.complaints.noSuchPassbook", passbook.strip());
        }
        OrgUnit village = orgUnits.byId(h.villageId());
        if (!actor.covers(village.path())) {
            throw InvalidInput.of("passbookNumber", "error.complaints.noSuchPassbook", passbook.strip());
        }
        return insert(actor, village, h, new ComplaintDraft(kind, body, anonymous), photoData, actor.username());
    }

    /** Files the draft for the household (the filer's access already checked): all problems in one 422. */
    private Complaint insert(Actor actor, OrgUnit village, Household h, ComplaintDraft draft, List<byte[]> photoData,
                             String enteredBy) {
        List<Problem> problems = new ArrayList<>();
        ComplaintKind k = kind(draft.kind(), problems);
        String text = Texts.clean(draft.body());
        boolean anonymous = draft.anonymous();
        List<byte[]> given = photoData == null ? List.of()
                : photoData.stream().filter(p -> p != null && p.length > 0).toList();
        List<ComplaintPhotos.Clean> clean = new ArrayList<>();
        if (given.size() > ComplaintPhotos.MAX) {
            problems.add(new Problem("photos", "error.complaints.tooManyPhotos", ComplaintPhotos.MAX));
        } else {
            for (byte[] p : given) {
                try {
                    clean.add(photos.clean(p));
                } catch (InvalidInput e) {
                    problems.addAll(e.problems());
                }
            }
        }
        validation.check(draft, problems);
        OffsetDateTime at = now();
        OffsetDateTime deadline = at.plusDays(answerDays(village));
        String filer = h.headName().isEmpty() ? h.passbookNumber() : h.headName();
        long id = tx.execute(s -> {
            long cid = sql.insert(village.id(), k, text, h.id(), filer, anonymous, enteredBy, at, deadline);
            for (ComplaintPhotos.Clean p : clean) {
                sql.insertPhoto(village.id(), cid, p.type(), p.data());
            }
            // an anonymous filing is logged where only the town and county read it: the village's admins read
            // their village's log, and the log names the acting account
            audit.record(actor, "complaints.file", anonymous ? townPath(village) : village.path(), "complaint",
                    village.id() + "/" + cid, null, k + (anonymous ? " anonymous" : "") + " photos " + clean.size()
                            + (enteredBy == null ? "" : " for " + h.passbookNumber()), null);
            return cid;
        });
        return view(actor, sql.get(village.id(), id).orElseThrow());
    }

    private static ComplaintKind kind(String raw, List<Problem> problems) {
        String k = Texts.clean(raw);
        if (k == null) {
            return null;        // required: the draft's constraint
        }
        try {
            return ComplaintKind.valueOf(k.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("kind", "error.complaints.kind"));
            return null;
        }
    }

    // ------------------------------------------------------------ reading

    /** The villager's household's complaints, newest first, with the replies and ratings. */
    public List<Complaint> mine(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return sql.ofHousehold(actor.orgUnitId(), actor.householdId()).stream().map(r -> view(actor, r)).toList();
    }

    /** Which complaints a staff list shows. */
    public enum Filter { ALL, WAITING, ESCALATED }

    /**
     * The complaints of one village (by code) or of every village in the reader's scope (no code): waiting ones
     * first with the earliest deadline (the overdue) leading, then answered ones newest first. Village, town and
     * county admins and auditors, each in their scope; an anonymous filer is hidden from the village's own staff.
     */
    public Page<Complaint> list(Actor actor, String villageCode, Filter filter, Paging paging) {
        requireStaffReader(actor);
        List<Long> villages = villagesOf(actor, villageCode);
        Set<ComplaintStatus> statuses = statuses(filter);
        if (villages.isEmpty()) {
            return paging.of(List.of(), 0);
        }
        return paging.of(sql.list(villages, statuses, paging.size(), paging.offset()).stream()
                .map(r -> view(actor, r)).toList(), sql.count(villages, statuses));
    }

    /** How many complaints wait for an answer in the reader's scope, and how many of them are overdue (home). */
    public long[] waitingAndOverdue(Actor actor) {
        if (!isStaffReader(actor)) {
            return new long[] {0, 0};
        }
        List<Long> villages = villagesOf(actor, null);
        if (villages.isEmpty()) {
            return new long[] {0, 0};
        }
        Set<ComplaintStatus> statuses = actor.is(Role.TOWN_ADMIN) ? Set.of(ComplaintStatus.ESCALATED)
                : Set.of(ComplaintStatus.OPEN, ComplaintStatus.ESCALATED);
        return new long[] {sql.count(villages, statuses), sql.overdue(villages, now())};
    }

    public Complaint get(Actor actor, long villageId, long id) {
        return view(actor, visible(actor, villageId, id));
    }

    /** A photo (type, bytes) of a complaint the reader may see. */
    public byte[][] photo(Actor actor, long villageId, long id, long photoId) {
        visible(actor, villageId, id);
        return sql.photo(villageId, id, photoId).orElseThrow(() -> new NotFound("error.complaints.noPhoto"));
    }

    public static String photoType(byte[][] p) {
        return new String(p[0], StandardCharsets.US_ASCII);
    }

    /** The village's latest public replies, for its board: never who filed (anyone may read the board). */
    public List<PublicReply> publicReplies(OrgUnit village) {
        return sql.publicReplies(village.id(), BOARD_REPLIES);
    }

    // ------------------------------------------------------------ answering and rating

    /**
     * Answers a waiting complaint: the village admin, or, once it is escalated, the town admin. {@code publicReply}
     * puts the complaint and the answer (not the filer) on the village board. The household is told. A second
     * answer is a conflict (409).
     */
    public Complaint answer(Actor actor, long villageId, long id, String reply, boolean publicReply) {
        return answer(actor, villageId, id, new ComplaintReply(reply, publicReply));
    }

    /** As {@link #answer(Actor, long, long, String, boolean)}: the reply checked after the access and state checks. */
    public Complaint answer(Actor actor, long villageId, long id, ComplaintReply answer) {
        boolean publicReply = answer.publicReply();
        ComplaintSql.Row r = visible(actor, villageId, id);
        if (actor.is(Role.TOWN_ADMIN)) {
            if (r.status() == ComplaintStatus.OPEN) {
                throw new Forbidden("error.complaints.townWaits");
            }
        } else if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        if (!r.status().waiting()) {
            throw new Conflict("error.complaints.answered");
        }
        validation.check(answer);
        String text = Texts.clean(answer.reply());
        OffsetDateTime at = now();
        tx.executeWithoutResult(s -> {
            if (!sql.answer(villageId, id, text, publicReply, actor.username(), actor.displayName(), at)) {
                throw new Conflict("error.complaints.answered");
            }
            audit.record(actor, "complaints.answer", orgUnits.byId(villageId).path(), "complaint",
                    villageId + "/" + id, r.status().name(), "ANSWERED " + (publicReply ? "public" : "private")
                            + (at.isAfter(r.deadline()) ? " late" : ""), null);
            events.publishEvent(new ComplaintAnswered(villageId, id, r.householdId(), r.kind()));
        });
        return get(actor, villageId, id);
    }

    /** The filer's household rates the answer once: 1 to 5 stars and an optional comment. */
    public Complaint rate(Actor actor, long villageId, long id, Integer rating, String comment) {
        return rate(actor, villageId, id, new ComplaintRating(rating, comment));
    }

    /** As {@link #rate(Actor, long, long, Integer, String)}: the rating checked after the access and state checks. */
    public Complaint rate(Actor actor, long villageId, long id, ComplaintRating rated) {
        Integer rating = rated.rating();
        ComplaintSql.Row r = visible(actor, villageId, id);
        if (!actor.is(Role.VILLAGER)) {
            throw Forbidden.role();
        }
        if (r.status() == ComplaintStatus.RATED) {
            throw new Conflict("error.complaints.rated");
        }
        if (r.status().waiting()) {
            throw new Conflict("error.complaints.notAnswered");
        }
        validation.check(rated);
        String text = Texts.clean(rated.comment());
        OrgUnit village = orgUnits.byId(villageId);
        tx.executeWithoutResult(s -> {
            if (!sql.rate(villageId, id, rating, text, now())) {
                throw new Conflict("error.complaints.rated");
            }
            audit.record(actor, "complaints.rate", r.anonymous() ? townPath(village) : village.path(), "complaint",
                    villageId + "/" + id, "ANSWERED", "RATED " + rating, null);
        });
        return get(actor, villageId, id);
    }

    // ------------------------------------------------------------ escalation

    /** Escalates every open complaint past its deadline now (see {@link ComplaintEscalation}). */
    public int escalateDue() {
        return escalateDue(now());
    }

    /**
     * Marks open complaints whose deadline is before {@code now} ESCALATED, each in its own transaction taken by a
     * conditional update (so of two concurrent runs only one escalates a complaint, and a second run finds nothing),
     * and tells the village's and the town's admins. Returns how many this call escalated.
     */
    int escalateDue(OffsetDateTime now) {
        int done = 0;
        while (true) {
            List<ComplaintSql.Row> due = sql.overdueOpen(now, 200);
            if (due.isEmpty()) {
                return done;
            }
            int before = done;
            for (ComplaintSql.Row r : due) {
                Boolean won = tx.execute(s -> {
                    if (!sql.escalate(r.villageId(), r.id(), now)) {
                        return false;
                    }
                    OrgUnit village = orgUnits.byId(r.villageId());
                    audit.record(Actor.system(village.path()), "complaints.escalate", village.path(), "complaint",
                            r.villageId() + "/" + r.id(), "OPEN", "ESCALATED", null);
                    events.publishEvent(new ComplaintOverdue(r.villageId(), r.id(), r.kind()));
                    return true;
                });
                if (Boolean.TRUE.equals(won)) {
                    done++;
                }
            }
            if (done == before) {
                return done;   // another run took them all: nothing left for this one
            }
        }
    }

    // ------------------------------------------------------------ statistics

    public ComplaintSql.Totals totals(List<Long> villageIds, OffsetDateTime from, OffsetDateTime to) {
        return sql.totals(villageIds, from, to, now());
    }

    // ------------------------------------------------------------ helpers

    private static boolean isStaffReader(Actor actor) {
        return actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.TOWN_ADMIN) || actor.is(Role.COUNTY_ADMIN)
                || actor.is(Role.AUDITOR);
    }

    private static void requireStaffReader(Actor actor) {
        if (!isStaffReader(actor)) {
            throw Forbidden.role();
        }
    }

    private List<Long> villagesOf(Actor actor, String villageCode) {
        if (Texts.clean(villageCode) != null) {
            return List.of(orgUnits.visibleVillage(actor, villageCode).id());
        }
        return orgUnits.villagesVisible(actor).stream().map(OrgUnit::id).toList();
    }

    private static Set<ComplaintStatus> statuses(Filter filter) {
        if (filter == null) {
            return Set.of();
        }
        return switch (filter) {
            case ALL -> Set.of();
            case WAITING -> Set.of(ComplaintStatus.OPEN, ComplaintStatus.ESCALATED);
            case ESCALATED -> Set.of(ComplaintStatus.ESCALATED);
        };
    }

    /**
     * The complaint when the reader may see it: the filer's household's villager; a village, town or county admin
     * or an auditor whose scope covers the village. Anyone else gets NotFound (nothing leaks), except roles that
     * have no part in complaints at all (grid worker, keeper), who get Forbidden.
     */
    private ComplaintSql.Row visible(Actor actor, long villageId, long id) {
        if (!actor.is(Role.VILLAGER)) {
            requireStaffReader(actor);
        }
        ComplaintSql.Row r = sql.get(villageId, id).orElseThrow(Complaints::notFound);
        boolean sees;
        if (actor.is(Role.VILLAGER)) {
            sees = actor.householdId() != null && actor.orgUnitId() == villageId
                    && actor.householdId() == r.householdId();
        } else {
            sees = actor.covers(orgUnits.byId(villageId).path());
        }
        if (!sees) {
            throw notFound();
        }
        return r;
    }

    private static NotFound notFound() {
        return new NotFound("error.complaints.notFound");
    }

    /**
     * Whether the reader is the village's own staff, from whom an anonymous filer is hidden: staff bound to a
     * village or one of its grids (their unit's path names county, town and village).
     */
    static boolean villageStaff(Actor actor) {
        return actor.isStaff() && actor.orgPath().split("/").length >= 4;
    }

    private Complaint view(Actor actor, ComplaintSql.Row r) {
        boolean hidden = r.anonymous() && villageStaff(actor);
        OffsetDateTime now = now();
        return new Complaint(r.villageId(), r.id(), orgUnits.byId(r.villageId()).name(), r.kind(), r.status(), r.body(),
                hidden ? null : r.filerName(), hidden, r.anonymous(), r.enteredBy() != null, r.createdAt(),
                r.deadline(), r.status().waiting() && now.isAfter(r.deadline()), r.escalatedAt(), r.reply(),
                r.replyPublic(), r.answeredByName(), r.answeredAt(),
                r.answeredAt() == null ? null : !r.answeredAt().isAfter(r.deadline()), r.rating(), r.ratingComment(),
                r.ratedAt(), sql.photoIds(r.villageId(), r.id()));
    }

    private static String townPath(OrgUnit village) {
        String[] parts = village.path().split("/");
        return "/" + parts[1] + "/" + parts[2] + "/";
    }

    private static long countyOf(String path) {
        return Long.parseLong(path.split("/")[1]);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** For the API's and pages' parameter: null or blank is every complaint. */
    public static Filter filter(String raw) {
        String f = Texts.clean(raw);
        if (f == null) {
            return Filter.ALL;
        }
        try {
            return Filter.valueOf(f.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("filter", "error.complaints.filter");
        }
    }
}
