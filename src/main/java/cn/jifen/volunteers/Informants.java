package cn.jifen.volunteers;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
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
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.volunteers.internal.Informant;
import cn.jifen.volunteers.internal.InformantSql;
import cn.jifen.volunteers.internal.ReportKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Informants (信息员): the village admin appoints villagers per grid (dates, history kept). An informant records
 * observations on the phone, with a photo, about their own grid; the grid worker of that grid (or the village admin)
 * confirms each into a claim through the claims module — a good deed or a negative-list deduction, which then goes
 * through review and publicity like any claim — or dismisses it with a reason. A confirmed report is the informant's
 * own participation: it counts in the informant's figures and, when the village's catalogue has the item
 * {@code jifen.volunteers.informant-item} (default ZL03 信息员报告) in force, earns the informant that item's lowest
 * points as a claim of its own (recorded by the confirming worker, approved by another like every claim).
 * <p>Why one class of about 440 lines: Appointments, reports and their confirmation into claims are one workflow
 * over the same grids and rows, with one access rule (the grid's worker or the village admin).
 */
@Service
public class Informants {
    private final InformantSql sql;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Claims claims;
    private final RuleCatalogue catalogue;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final String rewardItem;

    Informants(InformantSql sql, OrgUnits orgUnits, Households households, Claims claims, RuleCatalogue catalogue,
               AuditLog audit, Clock clock, TransactionTemplate tx,
               @Value("${jifen.volunteers.informant-item:ZL03}") String rewardItem) {
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.households = households;
        this.claims = claims;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.rewardItem = rewardItem;
    }

    /** The catalogue item code a confirmed report earns the informant (when in force in the village). */
    public String rewardItem() {
        return rewardItem;
    }

    // ------------------------------------------------------------ appointments

    /** The village's informants, serving first, then former ones (staff of the village or above; its grid workers). */
    public List<Informant> list(Actor actor, String villageCode) {
        OrgUnit village = staffVillage(actor, villageCode);
        return sql.ofVillage(village.id()).stream().map(this::informant).toList();
    }

    /**
     * The village admin appoints a resident (by passbook number, optionally resident id; else the head) informant of a
     * grid of the village from a date (default today, not in the future). The household must live in that grid.
     * Appointing someone who already serves that grid is a conflict (409).
     */
    public Informant appoint(Actor actor, String villageCode, String gridCode, String passbook, Long residentId,
                             LocalDate from) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.visibleVillage(actor, villageCode);
        List<Problem> problems = new ArrayList<>();
        OrgUnit grid = orgUnits.byCode(Texts.clean(gridCode) == null ? "" : gridCode.strip())
                .filter(g -> g.level() == OrgLevel.GRID && g.parentId() != null && g.parentId() == village.id())
                .orElse(null);
        if (grid == null) {
            problems.add(new Problem("grid", "error.informants.grid"));
        }
        LocalDate on = from == null ? today() : from;
        if (on.isAfter(today())) {
            problems.add(new Problem("appointedOn", "error.volunteers.future"));
        }
        Household h = null;
        Resident r = null;
        if (Texts.clean(passbook) == null) {
            problems.add(new Problem("passbookNumber", "error.required"));
        } else {
            try {
                h = households.byPassbook(actor, passbook);
            } catch (NotFound | Forbidden e) {
                problems.add(new Problem("passbookNumber", "error.volunteers.noSuchPassbook", Texts.clean(passbook)));
            }
            if (h != null && (h.villageId() != village.id() || (grid != null && h.gridId() != grid.id()))) {
                problems.add(new Problem("passbookNumber", "error.informants.notInGrid",
                        grid == null ? "" : grid.name()));
                h = null;
            }
            if (h != null) {
                Household hh = h;
                r = residentId == null ? h.head()
                        : h.members().stream().filter(m -> m.id() == residentId).findFirst().orElse(null);
                if (r == null) {
                    problems.add(new Problem("residentId", "error.resident.notFound"));
                }
            }
        }
        Texts.throwIfAny(problems);
        Household hh = h;
        Resident rr = r;
        long id = tx.execute(s -> {
            boolean serving = sql.ofHousehold(village.id(), hh.id()).stream()
                    .anyMatch(i -> i.endedOn() == null && i.residentId() == rr.id() && i.gridId() == grid.id());
            if (serving) {
                throw new Conflict("error.informants.alreadyServing", rr.name());
            }
            long iid = sql.appoint(village.id(), grid.id(), hh.id(), rr.id(), rr.name(), hh.passbookNumber(), on,
                    actor.username());
            audit.record(actor, "informants.appoint", grid.path(), "informant", village.id() + "/" + iid, null,
                    rr.name() + " " + hh.passbookNumber() + " from " + on, null);
            return iid;
        });
        return informant(sql.get(village.id(), id).orElseThrow());
    }

    /** Ends an appointment on a date (default today; not before it began: 422); ending twice is a conflict (409). */
    public Informant end(Actor actor, long villageId, long id, LocalDate on, String reason) {
        OrgUnit village = orgUnits.byId(villageId);
        if (!actor.covers(village.path())) {
            throw new NotFound("error.informants.notFound");
        }
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        InformantSql.Row row = sql.get(villageId, id).orElseThrow(() -> new NotFound("error.informants.notFound"));
        List<Problem> problems = new ArrayList<>();
        String why = Texts.text("reason", reason, 200, problems);
        LocalDate day = on == null ? today() : on;
        if (day.isBefore(row.appointedOn())) {
            problems.add(new Problem("endedOn", "error.informants.endBeforeStart", row.appointedOn().toString()));
        }
        if (day.isAfter(today())) {
            problems.add(new Problem("endedOn", "error.volunteers.future"));
        }
        Texts.throwIfAny(problems);
        tx.executeWithoutResult(s -> {
            if (!sql.end(villageId, id, day, why, actor.username())) {
                throw new Conflict("error.informants.ended");
            }
            audit.record(actor, "informants.end", village.path(), "informant", villageId + "/" + id, null,
                    row.residentName() + " until " + day + (why == null ? "" : " " + why), null);
        });
        return informant(sql.get(villageId, id).orElseThrow());
    }

    /** The villager's own serving appointments (empty when the household has no informant). */
    public List<Informant> mine(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            return List.of();
        }
        return sql.ofHousehold(actor.orgUnitId(), actor.householdId()).stream().filter(i -> i.endedOn() == null)
                .map(this::informant).toList();
    }

    /** Whether someone of a villager's household is or was an informant (their reports page has something to show). */
    public boolean ofHousehold(Actor actor) {
        return actor.is(Role.VILLAGER) && actor.householdId() != null
                && !sql.ofHousehold(actor.orgUnitId(), actor.householdId()).isEmpty();
    }

    // ------------------------------------------------------------ reports

    /**
     * An informant records an observation about their grid: kind, what they saw, optionally the household concerned
     * (by passbook number; it must live in the informant's grid, else 422) and a photo (checked like a claim's photo).
     * Only a villager whose household has a serving informant may report (403 otherwise).
     */
    public InformantReport report(Actor actor, String kind, String note, String subjectPassbook, byte[] photo) {
        List<Informant> serving = mine(actor);
        if (serving.isEmpty()) {
            throw new Forbidden("error.informants.notInformant");
        }
        Informant me = serving.get(0);
        List<Problem> problems = new ArrayList<>();
        ReportKind k = null;
        if (Texts.clean(kind) == null) {
            problems.add(new Problem("kind", "error.required"));
        } else {
            try {
                k = ReportKind.valueOf(kind.strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("kind", "error.informants.kind"));
            }
        }
        String n = Texts.name("note", note, 500, problems);
        Long subject = null;
        if (Texts.clean(subjectPassbook) != null) {
            Household h = subjectOf(subjectPassbook);
            if (h == null) {
                problems.add(new Problem("subjectPassbook", "error.volunteers.noSuchPassbook", Texts.clean(subjectPassbook)));
            } else if (h.villageId() != me.villageId() || h.gridId() != me.gridId()) {
                problems.add(new Problem("subjectPassbook", "error.informants.outsideGrid", me.gridName()));
            } else {
                subject = h.id();
            }
        }
        String type = null;
        if (photo != null && photo.length > 0) {
            try {
                type = claims.checkPhoto(photo);
            } catch (InvalidInput e) {
                problems.addAll(e.problems());
            }
        }
        Texts.throwIfAny(problems);
        ReportKind kk = k;
        Long sub = subject;
        String t = type;
        long id = tx.execute(s -> {
            long rid = sql.insertReport(me.villageId(), me.id(), me.gridId(), kk, n, sub, t, t == null ? null : photo,
                    OffsetDateTime.now(clock));
            audit.record(actor, "informants.report", orgUnits.byId(me.gridId()).path(), "informant_report",
                    me.villageId() + "/" + rid, null, kk + " " + n + (t == null ? "" : " +photo"), null);
            return rid;
        });
        return withPassbook(sql.report(me.villageId(), id).orElseThrow());
    }

    /** The informant's own reports, newest first (what the phone page lists). */
    public List<InformantReport> myReports(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        List<Long> ids = sql.ofHousehold(actor.orgUnitId(), actor.householdId()).stream().map(InformantSql.Row::id).toList();
        return sql.reportsOf(actor.orgUnitId(), ids).stream().map(this::withPassbook).toList();
    }

    /** Reports of a village for staff: a grid worker sees only its grid's; open ones first. */
    public Page<InformantReport> reports(Actor actor, String villageCode, Paging paging) {
        OrgUnit village = staffVillage(actor, villageCode);
        Long grid = actor.is(Role.GRID_WORKER) ? actor.orgUnitId() : null;
        return paging.of(sql.reports(village.id(), grid, paging.size(), paging.offset()).stream()
                .map(this::withPassbook).toList(), sql.reportCount(village.id(), grid));
    }

    public InformantReport get(Actor actor, long villageId, long id) {
        return withPassbook(visible(actor, villageId, id));
    }

    /** The report's photo (type, bytes) for staff who see the report and for the reporting informant's household. */
    public Optional<byte[][]> photo(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        return sql.photo(villageId, id);
    }

    /**
     * The grid worker of the report's grid (or the village admin) confirms it into a claim under a rule item (a good
     * deed or a negative-list deduction) for the household concerned (the report's, or one named now, in the grid),
     * attaching the photo; the informant's participation claim follows when the catalogue has the item. Confirming or
     * dismissing a decided report is a conflict (409); a claim the claims module refuses leaves the report open.
     */
    public InformantReport confirm(Actor actor, long villageId, long id, String itemCode, Integer points,
                                   String subjectPassbook, String note) {
        InformantReport r = decider(actor, villageId, id);
        if (!r.open()) {
            throw new Conflict("error.informants.decided");
        }
        Household subject;
        if (Texts.clean(subjectPassbook) != null) {
            subject = subjectOf(subjectPassbook);
            if (subject == null || subject.villageId() != villageId || subject.gridId() != r.gridId()) {
                throw InvalidInput.of("subjectPassbook", "error.informants.outsideGrid", orgUnits.byId(r.gridId()).name());
            }
        } else if (r.subjectHouseholdId() != null) {
            subject = households.get(actor, villageId, r.subjectHouseholdId());
        } else {
            throw InvalidInput.of("subjectPassbook", "error.informants.subjectRequired");
        }
        List<Problem> problems = new ArrayList<>();
        String extra = Texts.text("note", note, 200, problems);
        Texts.throwIfAny(problems);
        OffsetDateTime now = OffsetDateTime.now(clock);
        if (!Boolean.TRUE.equals(tx.execute(s -> sql.decide(villageId, id, "CONFIRMED", actor.username(), now, null)))) {
            throw new Conflict("error.informants.decided");
        }
        LocalDate day = r.reportedAt().atZoneSameInstant(clock.getZone()).toLocalDate();
        Claim claim;
        try {
            claim = claims.record(actor, new ClaimDraft(villageId, subject.id(), null, itemCode, points, day, null,
                    "信息员报告：" + r.note() + (extra == null ? "" : "（" + extra + "）"), false));
        } catch (RuntimeException e) {
            tx.executeWithoutResult(s -> sql.reopen(villageId, id));   // nothing was recorded: the report stays open
            throw e;
        }
        sql.photo(villageId, id).ifPresent(p -> claims.addPhoto(actor, villageId, claim.id(), p[1]));
        Long reward = rewardClaim(actor, villageId, r, day);
        tx.executeWithoutResult(s -> {
            sql.claims(villageId, id, claim.id(), reward);
            audit.record(actor, "informants.confirm", orgUnits.byId(r.gridId()).path(), "informant_report",
                    villageId + "/" + id, "OPEN", "CONFIRMED claim " + claim.id()
                            + (reward == null ? "" : " reward " + reward), null);
        });
        return get(actor, villageId, id);
    }

    private Long rewardClaim(Actor actor, long villageId, InformantReport r, LocalDate day) {
        InformantSql.Row informant = sql.get(villageId, r.informantId()).orElseThrow();
        Optional<RuleItem> item = catalogue.itemFor(orgUnits.byId(villageId), rewardItem, day);
        if (item.isEmpty()) {
            return null;   // the village's catalogue has no informant item: the report still counts as participation
        }
        try {
            return claims.record(actor, new ClaimDraft(villageId, informant.householdId(), null, rewardItem,
                    item.get().minPoints(), day, informant.residentId(), "信息员报告经核实：" + r.note(), false)).id();
        } catch (InvalidInput | Forbidden | Conflict e) {
            return null;   // e.g. the item's cap for the period is reached: the report still counts
        }
    }

    /** Dismisses an open report with a reason (required); a decided report is a conflict (409). */
    public InformantReport dismiss(Actor actor, long villageId, long id, String reason) {
        InformantReport r = decider(actor, villageId, id);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 200, problems);
        Texts.throwIfAny(problems);
        tx.executeWithoutResult(s -> {
            if (!sql.decide(villageId, id, "DISMISSED", actor.username(), OffsetDateTime.now(clock), why)) {
                throw new Conflict("error.informants.decided");
            }
            audit.record(actor, "informants.dismiss", orgUnits.byId(r.gridId()).path(), "informant_report",
                    villageId + "/" + id, "OPEN", "DISMISSED " + why, null);
        });
        return get(actor, villageId, id);
    }

    /** Confirmed reports of the villages under a unit in [from, to) (statistics). */
    public long confirmedReports(List<OrgUnit> villages, LocalDate from, LocalDate to) {
        long n = 0;
        for (OrgUnit v : villages) {
            n += sql.confirmed(v.id(), from.atStartOfDay(clock.getZone()).toOffsetDateTime(),
                    to.atStartOfDay(clock.getZone()).toOffsetDateTime());
        }
        return n;
    }

    // ------------------------------------------------------------ helpers

    private InformantReport decider(Actor actor, long villageId, long id) {
        InformantReport r = visible(actor, villageId, id);
        boolean gridWorker = actor.is(Role.GRID_WORKER) && actor.orgUnitId() == r.gridId();
        if (!(gridWorker || actor.is(Role.VILLAGE_ADMIN))) {
            throw Forbidden.role();
        }
        return r;
    }

    private InformantReport visible(Actor actor, long villageId, long id) {
        InformantReport r = sql.report(villageId, id).orElseThrow(() -> new NotFound("error.informants.notFound"));
        OrgUnit grid = orgUnits.byId(r.gridId());
        boolean sees;
        if (actor.is(Role.VILLAGER)) {
            sees = actor.householdId() != null && sql.get(villageId, r.informantId())
                    .map(i -> i.householdId() == actor.householdId() && actor.orgUnitId() == villageId).orElse(false);
        } else {
            sees = !actor.is(Role.KEEPER) && actor.covers(grid.path());
        }
        if (!sees) {
            throw new NotFound("error.informants.notFound");
        }
        return r;
    }

    /** A village staff may look at: one it covers, or its grid worker's own village. */
    private OrgUnit staffVillage(Actor actor, String villageCode) {
        if (!actor.isStaff() || actor.is(Role.KEEPER)) {
            throw Forbidden.role();
        }
        return orgUnits.staffVillage(actor, villageCode);
    }

    private Household subjectOf(String passbook) {
        try {
            return households.byPassbook(Actor.system("/"), passbook);
        } catch (NotFound e) {
            return null;
        }
    }

    private InformantReport withPassbook(InformantReport r) {
        if (r.subjectHouseholdId() == null) {
            return r;
        }
        String number;
        try {
            number = households.get(Actor.system("/"), r.villageId(), r.subjectHouseholdId()).passbookNumber();
        } catch (NotFound e) {
            number = null;
        }
        return new InformantReport(r.villageId(), r.id(), r.informantId(), r.informantName(), r.gridId(), r.kind(),
                r.note(), r.subjectHouseholdId(), number, r.hasPhoto(), r.reportedAt(), r.status(), r.decidedBy(),
                r.decidedAt(), r.decisionReason(), r.claimId(), r.rewardClaimId());
    }

    private Informant informant(InformantSql.Row r) {
        return new Informant(r.villageId(), r.id(), r.gridId(), orgUnits.byId(r.gridId()).name(), r.householdId(),
                r.residentId(), r.residentName(), r.passbookNumber(), r.appointedOn(), r.endedOn(), r.endReason(),
                r.confirmed());
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    public static String photoType(byte[][] p) {
        return new String(p[0], StandardCharsets.US_ASCII);
    }
}
