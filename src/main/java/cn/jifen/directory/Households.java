package cn.jifen.directory;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.internal.HouseholdSql;
import cn.jifen.directory.internal.IdCards;
import cn.jifen.directory.internal.OrgUnitSql;
import cn.jifen.directory.internal.ResidentRules;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Households, their residents and their passbooks. Reading needs the household's grid in the
 * actor's scope (a villager: its own household); writing needs an admin role as well.
 * <p>Why one class of about 400 lines: Households, residents and passbooks are written together (a household is
 * opened with its passbook, residents move between households) under one scope rule.
 */
@Service
public class Households {
    public static final Set<String> STATUSES = Set.of("ACTIVE", "MOVED_OUT", "DECEASED");
    /** {@link #STATUSES} as the constraint of a request's status (surrounding blanks allowed, as everywhere). */
    static final String STATUS_PATTERN = "\\s*(ACTIVE|MOVED_OUT|DECEASED)\\s*";

    private final HouseholdSql sql;
    private final OrgUnitSql orgSql;
    private final OrgUnits orgUnits;
    private final IdCards idCards;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final RequestValidation validation;

    Households(HouseholdSql sql, OrgUnitSql orgSql, OrgUnits orgUnits, IdCards idCards, AuditLog audit, Clock clock, JsonMapper json,
               RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.orgSql = orgSql;
        this.orgUnits = orgUnits;
        this.idCards = idCards;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    public Household get(Actor actor, long villageId, long id) {
        HouseholdSql.Row row = sql.byId(villageId, id).orElseThrow(Households::notFound);
        requireVisible(actor, row);
        return assemble(row);
    }

    /**
     * Locks the household's row until the caller's transaction ends: serialises another module's work on one
     * household (the claims module checks caps and duplicates under it). No scope check: the caller has made it.
     */
    public void lockForUpdate(long villageId, long householdId) {
        sql.lockForUpdate(villageId, householdId);
    }

    /** Ids of every household registered in a village (any status): the ledger's verify checks each passbook account has one. */
    public Set<Long> idsIn(long villageId) {
        return sql.idsIn(villageId);
    }

    /** Finds a household by its passbook number (typed, or read from the QR code). */
    public Household byPassbook(Actor actor, String number) {
        String n = Texts.clean(number);
        if (n == null || n.lastIndexOf('-') < 1) {
            throw notFound();
        }
        OrgUnit village = orgSql.byCode(n.substring(0, n.lastIndexOf('-')))
                .filter(OrgUnit::isVillage).orElseThrow(Households::notFound);
        HouseholdSql.Row row = sql.byPassbook(village.id(), n).orElseThrow(Households::notFound);
        requireInScope(actor, row);
        // the counter serves whoever brings a passbook: a keeper finds the household, without phone numbers
        return actor.is(Role.KEEPER) ? assemble(row).withoutPhones() : assemble(row);
    }

    /**
     * The holder of a passbook number in any village, unchecked: the supermarket counter serves households of every
     * village its supermarket serves and checks that itself.
     */
    public Optional<PassbookHolder> holder(String number) {
        String n = Texts.clean(number);
        if (n == null) {
            return Optional.empty();
        }
        // The number starts with its village's code (passbookNumber): the village first, so that on Citus the look-up
        // reads one shard (docs/citus.md). A number whose prefix names no village is looked up everywhere.
        int dash = n.lastIndexOf('-');
        Long villageId = dash > 0 ? villageIdsByCode.get(n.substring(0, dash), this::villageIdOf) : null;
        return villageId != null ? sql.holder(villageId, n) : sql.holder(n);
    }

    /**
     * A village's id by its code, cached for the counter's hot path: an org unit's code and level never change and
     * org units are never deleted, so a cached hit cannot go stale on any instance. Misses are not cached (a village
     * created later must be found).
     */
    private final Cache<String, Long> villageIdsByCode = Caffeine.newBuilder().maximumSize(100_000).build();

    private Long villageIdOf(String code) {
        return orgSql.byCode(code).filter(OrgUnit::isVillage).map(OrgUnit::id).orElse(null);
    }

    /** The passbook and head of a household, unchecked (for a record that names them, e.g. a reservation). */
    public Optional<PassbookHolder> holder(long villageId, long householdId) {
        return sql.holder(villageId, householdId);
    }

    /** The households an active villager account is for, found by a phone number. */
    public List<long[]> householdsWithPhone(String phone) {
        return sql.householdsByPhone(phone);
    }

    public Page<HouseholdSummary> list(Actor actor, String villageCode, String gridCode, String query, int page, int size) {
        if (actor.is(Role.VILLAGER)) {
            throw Forbidden.role();
        }
        requireMayBrowse(actor);
        OrgUnit village = orgSql.byCode(villageCode == null ? "" : villageCode.strip()).filter(OrgUnit::isVillage)
                .orElseThrow(() -> new NotFound("error.org.notFound"));
        String prefix;
        if (actor.covers(village.path())) {
            prefix = village.path();
        } else if (actor.orgPath().startsWith(village.path())) {
            prefix = actor.orgPath(); // a grid worker sees its own grid of the village
        } else {
            throw new NotFound("error.org.notFound");
        }
        if (Texts.clean(gridCode) != null) {
            OrgUnit grid = orgSql.byCode(gridCode.strip()).filter(g -> g.parentId() != null && g.parentId() == village.id())
                    .filter(g -> g.path().startsWith(actor.orgPath()) || actor.covers(g.path()))
                    .orElseThrow(() -> new NotFound("error.org.notFound"));
            prefix = grid.path();
        }
        Paging paging = new Paging(page, size);   // out of range: refused, never clamped
        String q = Texts.clean(query);
        List<HouseholdSummary> rows = sql.page(village.id(), prefix, q, paging.size(), paging.offset());
        Map<Long, List<Long>> residents = sql.residentIds(village.id(), rows.stream().map(HouseholdSummary::id).toList());
        return paging.of(rows.stream().map(h -> h.withResidentIds(residents.getOrDefault(h.id(), List.of()))).toList(),
                sql.count(village.id(), prefix, q));
    }

    @Transactional
    public Household create(Actor actor, String villageCode, HouseholdDraft draft) {
        OrgUnit village = writableVillage(actor, villageCode);
        Validated v = validate(village, draft);
        if (sql.byRef(village.id(), v.ref()).isPresent()) {
            throw InvalidInput.of("householdRef", "error.household.refTaken", v.ref());
        }
        long id = insert(village, v, OffsetDateTime.now(clock), orgSql.nextPassbookSequence(village.id()));
        Household created = get(actor, village.id(), id);
        audit.record(actor, "household.create", village.path(), "household", created.passbookNumber(), null,
                snapshot(created), null);
        return created;
    }

    /** Validated household plus normalised members. */
    record Validated(String ref, OrgUnit grid, String address, boolean lowIncome, List<ResidentRules.Valid> members) { }

    /**
     * The draft's constraints, then its grid and its members (by {@link ResidentRules}, the rule the roster import
     * shares), all problems at once in that order.
     */
    Validated validate(OrgUnit village, HouseholdDraft draft) {
        String prefix = "";
        List<Problem> problems = new ArrayList<>(validation.problems(draft));
        String ref = Texts.clean(draft.householdRef());
        String address = Texts.clean(draft.address());
        OrgUnit grid = grid(village, draft.gridCode(), prefix + "gridCode", problems);
        int year = LocalDate.now(clock).getYear();
        List<ResidentRules.Valid> members = new ArrayList<>();
        if (draft.members() == null || draft.members().isEmpty()) {
            problems.add(new Problem(prefix + "members", "error.household.noMembers"));
        } else {
            Set<String> names = new HashSet<>();
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < draft.members().size(); i++) {
                String mp = prefix + "members[" + i + "].";
                if (draft.members().get(i) == null) {
                    problems.add(new Problem(mp + "name", "error.required"));
                    continue;
                }
                ResidentRules.Valid r = ResidentRules.check(draft.members().get(i), mp, year, problems);
                if (r == null) {
                    continue;
                }
                if (!names.add(r.name())) {
                    problems.add(new Problem(mp + "name", "error.resident.duplicateInHousehold", r.name()));
                }
                if (r.idCard() != null) {
                    if (!ids.add(r.idCard())) {
                        problems.add(new Problem(mp + "idCard", "error.resident.duplicateId"));
                    } else if (sql.residentByIdDigest(village.id(), idCards.digest(r.idCard())).isPresent()) {
                        problems.add(new Problem(mp + "idCard", "error.resident.idRegistered"));
                    }
                }
                members.add(r);
            }
            long heads = members.stream().filter(ResidentRules.Valid::head).count();
            if (problems.isEmpty() && heads != 1) {
                problems.add(new Problem(prefix + "members", "error.household.oneHead"));
            }
        }
        Texts.throwIfAny(problems);
        return new Validated(ref, grid, address, draft.lowIncome(), members);
    }

    OrgUnit grid(OrgUnit village, String gridCode, String field, List<Problem> problems) {
        String code = Texts.clean(gridCode);
        if (code == null) {
            problems.add(new Problem(field, "error.required"));
            return null;
        }
        Optional<OrgUnit> grid = orgSql.byCode(code).filter(g -> g.level() == OrgLevel.GRID)
                .filter(g -> g.parentId() != null && g.parentId() == village.id()).filter(OrgUnit::active);
        if (grid.isEmpty()) {
            problems.add(new Problem(field, "error.household.unknownGrid", code));
            return null;
        }
        return grid.get();
    }

    /** Inserts a validated household with its residents and passbook; the caller owns the transaction. */
    long insert(OrgUnit village, Validated v, OffsetDateTime now, int passbookSeq) {
        long id = sql.insertHousehold(village.id(), v.ref(), v.grid().id(), v.address(), v.lowIncome(), now);
        for (ResidentRules.Valid r : v.members()) {
            String id18 = r.idCard();
            sql.insertResident(village.id(), id, r, id18 == null ? null : idCards.encrypt(id18),
                    id18 == null ? null : IdCards.mask(id18), id18 == null ? null : idCards.digest(id18), now);
        }
        sql.insertPassbook(village.id(), id, passbookNumber(village, passbookSeq), now.toLocalDate());
        return id;
    }

    static String passbookNumber(OrgUnit village, int seq) {
        return village.code() + "-" + String.format("%04d", seq);
    }

    @Transactional
    public Household update(Actor actor, long villageId, long id, String gridCode, String address, boolean lowIncome,
                            String status, String reason) {
        return update(actor, villageId, id, new HouseholdChange(address, gridCode, lowIncome, status, reason));
    }

    /** Changes a household; the request is checked after the access check (others get 403 or 404 first). */
    @Transactional
    public Household update(Actor actor, long villageId, long id, HouseholdChange change) {
        Household before = get(actor, villageId, id);
        OrgUnit village = writableVillage(actor, orgUnits.byId(villageId).code());
        List<Problem> problems = new ArrayList<>(validation.problems(change));
        OrgUnit grid = grid(village, change.gridCode(), "gridCode", problems);
        String addr = Texts.clean(change.address());
        String st = Texts.clean(change.status());
        String why = Texts.clean(change.reason());
        if (st != null && !st.equals(before.status()) && why == null && problems.isEmpty()) {
            problems.add(new Problem("reason", "error.reasonRequired"));
        }
        Texts.throwIfAny(RequestValidation.inFieldOrder(change, problems));
        sql.updateHousehold(villageId, id, grid.id(), addr, change.lowIncome(), st, OffsetDateTime.now(clock));
        Household after = get(actor, villageId, id);
        audit.record(actor, "household.update", village.path(), "household", before.passbookNumber(),
                snapshot(before), snapshot(after), why);
        return after;
    }

    @Transactional
    public Household addResident(Actor actor, long villageId, long householdId, ResidentDraft draft) {
        Household before = get(actor, villageId, householdId);
        if (draft == null) {
            throw InvalidInput.of("name", "error.required");
        }
        OrgUnit village = writableVillage(actor, orgUnits.byId(villageId).code());
        List<Problem> problems = new ArrayList<>();
        ResidentRules.Valid r = ResidentRules.check(draft, "", LocalDate.now(clock).getYear(), problems);
        Texts.throwIfAny(problems);
        if (r.head()) {
            throw InvalidInput.of("relation", "error.household.oneHead");
        }
        if (before.members().stream().anyMatch(m -> m.name().equals(r.name()))) {
            throw InvalidInput.of("name", "error.resident.duplicateInHousehold", r.name());
        }
        if (r.idCard() != null && sql.residentByIdDigest(villageId, idCards.digest(r.idCard())).isPresent()) {
            throw InvalidInput.of("idCard", "error.resident.idRegistered");
        }
        String id18 = r.idCard();
        sql.insertResident(villageId, householdId, r, id18 == null ? null : idCards.encrypt(id18),
                id18 == null ? null : IdCards.mask(id18), id18 == null ? null : idCards.digest(id18),
                OffsetDateTime.now(clock));
        Household after = get(actor, villageId, householdId);
        audit.record(actor, "resident.add", village.path(), "household", before.passbookNumber(), snapshot(before),
                snapshot(after), null);
        return after;
    }

    @Transactional
    public Household setResidentStatus(Actor actor, long villageId, long householdId, long residentId, String status,
                                       String reason) {
        return setResidentStatus(actor, villageId, householdId, residentId, new ResidentStatusChange(status, reason));
    }

    @Transactional
    public Household setResidentStatus(Actor actor, long villageId, long householdId, long residentId,
                                       ResidentStatusChange change) {
        Household before = get(actor, villageId, householdId);
        OrgUnit village = writableVillage(actor, orgUnits.byId(villageId).code());
        Resident r = before.members().stream().filter(m -> m.id() == residentId).findFirst()
                .orElseThrow(() -> new NotFound("error.resident.notFound"));
        validation.check(change);
        String st = Texts.clean(change.status());
        String why = Texts.clean(change.reason());
        sql.updateResidentStatus(villageId, residentId, st);
        Household after = get(actor, villageId, householdId);
        audit.record(actor, "resident.status", village.path(), "resident", r.id(),
                json.writeValueAsString(Map.of("name", r.name(), "status", r.status())), json.writeValueAsString(Map.of("name", r.name(), "status", st)), why);
        return after;
    }

    /** The code of the household's grid (forms and the API speak in codes). */
    public String gridCode(Household h) {
        return orgUnits.byId(h.gridId()).code();
    }

    public OrgUnit writableVillage(Actor actor, String villageCode) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.visibleVillage(actor, villageCode);
        if (!village.active()) {
            throw InvalidInput.of("village", "error.org.parentInactive");
        }
        return village;
    }

    /**
     * A household the actor may open. A supermarket keeper never browses or opens the village's households (their
     * phones, members, statements): it finds one only by the passbook brought to the counter ({@link #byPassbook}).
     */
    private void requireVisible(Actor actor, HouseholdSql.Row row) {
        requireMayBrowse(actor);
        requireInScope(actor, row);
    }

    /** Refuses the roles that do not browse or open households: villagers (they have their own) and keepers. */
    public void requireMayBrowse(Actor actor) {
        if (actor.is(Role.KEEPER)) {
            throw Forbidden.role();
        }
    }

    private void requireInScope(Actor actor, HouseholdSql.Row row) {
        if (actor.is(Role.VILLAGER)) {
            OrgUnit village = orgUnits.byId(row.villageId());
            if (actor.householdId() == null || actor.householdId() != row.id() || actor.orgUnitId() != village.id()) {
                throw notFound();
            }
            return;
        }
        OrgUnit grid = orgUnits.byId(row.gridId());
        if (!actor.covers(grid.path())) {
            throw notFound();
        }
    }

    private Household assemble(HouseholdSql.Row r) {
        return new Household(r.villageId(), r.id(), r.householdRef(), r.gridId(), r.gridName(), r.address(),
                r.lowIncome(), r.status(), r.passbookNumber(), sql.residents(r.villageId(), r.id()));
    }

    private static NotFound notFound() {
        return new NotFound("error.household.notFound");
    }

    String snapshot(Household h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ref", h.householdRef());
        m.put("passbook", h.passbookNumber());
        m.put("grid", h.gridName());
        m.put("address", h.address());
        m.put("lowIncome", h.lowIncome());
        m.put("status", h.status());
        m.put("members", String.join("、", h.members().stream().map(x -> x.name() + "(" + x.status() + ")").toList()));
        return json.writeValueAsString(m);
    }
}
