package cn.jifen.rules;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.internal.LocalPoints;
import cn.jifen.rules.internal.RuleSql;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The rule catalogue (积分细则) and negative list (负面清单). The county publishes the default
 * catalogue; a town or village adds local items of its own. Editing an item adds a version valid
 * from a date; claims keep the version they were recorded under.
 */
@Service
public class RuleCatalogue {
    private final RuleSql sql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final CountyPolicies policies;
    private final RequestValidation validation;

    RuleCatalogue(RuleSql sql, OrgUnits orgUnits, AuditLog audit, Clock clock, CountyPolicies policies, JsonMapper json,
                  RequestValidation validation) {
        this.sql = sql;
        this.validation = validation;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.policies = policies;
    }

    public List<RuleCategory> categories() {
        return sql.categories();
    }

    /** Every item in force on the day, county-wide and local (the public catalogue shows them all). */
    public List<RuleItem> inForce(LocalDate day) {
        return sql.inForce(day);
    }

    /**
     * The items that apply in one village on a day: the county's plus its town's and its own, with the
     * points of county items as the village (or else its town) has set them within the county's bounds.
     */
    public List<RuleItem> inForceFor(OrgUnit village, LocalDate day) {
        List<OrgUnit> lineage = orgUnits.lineage(village);
        List<Long> owners = lineage.stream().map(OrgUnit::id).toList();
        Map<Long, LocalPoints> local = localRanges(lineage, day);
        return sql.inForce(day).stream().filter(i -> owners.contains(i.ownerOrgId()))
                .map(i -> local.containsKey(i.itemId()) ? i.withPoints(local.get(i.itemId())) : i).toList();
    }

    /** A recorded version as it applied in a village on a day (with the local points range then in force). */
    public RuleItem versionIn(OrgUnit village, long itemId, int version, LocalDate day) {
        RuleItem item = version(itemId, version);
        LocalPoints local = localRanges(orgUnits.lineage(village), day).get(itemId);
        return local == null ? item : item.withPoints(local);
    }

    /** For each county item, the most specific local range in force on the day: the village's, else the town's. */
    private Map<Long, LocalPoints> localRanges(List<OrgUnit> lineage, LocalDate day) {
        List<Long> below = lineage.stream().skip(1).map(OrgUnit::id).toList();
        Map<Long, LocalPoints> chosen = new LinkedHashMap<>();
        for (LocalPoints lp : sql.localPoints(below, day)) {   // latest first: the first seen of an org is its latest
            LocalPoints had = chosen.get(lp.itemId());
            if (had == null || below.indexOf(lp.orgId()) > below.indexOf(had.orgId())) {
                chosen.put(lp.itemId(), lp);
            }
        }
        return chosen;
    }

    /** How far an org unit may set a county item's points: the county's range widened by its policy's percent. */
    public record LocalBounds(int min, int max, int percent) { }

    public LocalBounds localBounds(OrgUnit org, RuleItem item) {
        int percent = policies.of(org).localAdjustPercent();
        int lo = (int) Math.floor(item.minPoints() * (100 - percent) / 100.0);
        int hi = (int) Math.ceil(item.maxPoints() * (100 + percent) / 100.0);
        return new LocalBounds(Math.max(lo, 0), hi, percent);
    }

    /** The org unit's own latest points range for an item in force today, if it set one. */
    public Optional<LocalPoints> ownLocal(OrgUnit org, long itemId) {
        return sql.localPoints(List.of(org.id()), LocalDate.now(clock)).stream().filter(l -> l.itemId() == itemId)
                .findFirst();
    }

    /**
     * A town or village admin sets its own points range for a county item, from a date, within the bounds
     * the county's policy allows (its percent either side of the county's range). Never retroactive.
     */
    @Transactional
    public LocalPoints adjustPoints(Actor actor, String orgCode, String itemCode, Integer min, Integer max,
                                   LocalDate from, String reason) {
        OrgUnit org = orgUnits.visible(actor, orgCode);
        if (!(actor.is(Role.TOWN_ADMIN) || actor.is(Role.VILLAGE_ADMIN))) {
            throw Forbidden.role();
        }
        if (!org.path().equals(actor.orgPath())) {
            throw Forbidden.scope();
        }
        LocalDate today = LocalDate.now(clock);
        LocalDate day = from == null ? today : from;
        List<Problem> problems = new ArrayList<>(validation.problems(new ChangeReason(reason)));
        String why = Texts.clean(reason);
        if (day.isBefore(today)) {
            problems.add(new Problem("validFrom", "error.rules.localPast"));
        }
        Texts.throwIfAny(problems);
        long county = orgUnits.lineage(org).get(0).id();
        RuleItem item = sql.inForce(day).stream().filter(i -> i.code().equals(Texts.clean(itemCode))).findFirst()
                .orElseThrow(() -> new NotFound("error.rules.notFound"));
        if (item.ownerOrgId() != county || item.veto()) {
            throw InvalidInput.of("itemCode", "error.rules.localNotCounty");
        }
        LocalBounds b = localBounds(org, item);
        if (b.percent() == 0) {
            throw new Forbidden("error.rules.localNotAllowed");
        }
        if (min == null || max == null || min < b.min() || max > b.max() || max < min || max == 0) {
            throw InvalidInput.of("minPoints", "error.rules.localBounds", b.min(), b.max(), b.percent());
        }
        sql.insertLocal(item.itemId(), org.id(), min, max, day, OffsetDateTime.now(clock), actor.username(), why);
        audit.record(actor, "rules.localPoints", org.path(), "rule_item", item.code(),
                item.minPoints() + "~" + item.maxPoints(), min + "~" + max + " from " + day, why);
        return new LocalPoints(item.itemId(), org.id(), min, max, day, actor.username(), why);
    }

    /** The version of an item in force in a village on a day, if any. */
    public Optional<RuleItem> itemFor(OrgUnit village, String code, LocalDate day) {
        return inForceFor(village, day).stream().filter(i -> i.code().equals(code)).findFirst();
    }

    /** A recorded version, as a claim refers to it. */
    public RuleItem version(long itemId, int version) {
        return sql.version(itemId, version).orElseThrow(() -> new NotFound("error.rules.notFound"));
    }

    public List<RuleItem> history(String code) {
        List<RuleItem> versions = sql.versions(code);
        if (versions.isEmpty()) {
            throw new NotFound("error.rules.notFound");
        }
        return versions;
    }

    @Transactional
    public RuleItem create(Actor actor, String ownerCode, ItemDraft draft) {
        OrgUnit owner = orgUnits.visible(actor, ownerCode);
        requireEditor(actor, owner);
        RuleSql.Validated v = validate(draft, true);
        if (sql.itemId(v.code()).isPresent()) {
            throw InvalidInput.of("code", "error.rules.codeTaken", v.code());
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        long id = sql.insertItem(v.code(), owner.id(), v.category().id(), now);
        sql.insertVersion(id, 1, v, now, actor.username(), null);
        RuleItem created = sql.version(id, 1).orElseThrow();
        audit.record(actor, "rules.create", owner.path(), "rule_item", v.code(), null, snapshot(created), null);
        return created;
    }

    /** A new version of an item, in force from its valid-from date; earlier versions stay as they were. */
    @Transactional
    public RuleItem revise(Actor actor, String code, ItemDraft draft, String reason) {
        RuleItem current = history(code).get(0);
        OrgUnit owner = editableOwner(actor, current);
        String why = reason(reason);
        ItemDraft same = new ItemDraft(code, draft.categoryCode(), draft.name(), draft.description(), draft.sign(),
                draft.minPoints(), draft.maxPoints(), draft.unit(), draft.householdCap(), draft.residentCap(),
                draft.capPeriod(), draft.evidenceRequired(), draft.recorders(), draft.partyOnly(), draft.veto(),
                draft.needsPublicity(), draft.validFrom(), draft.validTo());
        RuleSql.Validated v = validate(same, false);
        if (v.validFrom().isBefore(current.validFrom())) {
            throw InvalidInput.of("validFrom", "error.rules.validFromBeforeCurrent", current.validFrom().toString());
        }
        int version = sql.nextVersion(current.itemId());
        sql.insertVersion(current.itemId(), version, v, OffsetDateTime.now(clock), actor.username(), why);
        RuleItem revised = sql.version(current.itemId(), version).orElseThrow();
        audit.record(actor, "rules.revise", owner.path(), "rule_item", code, snapshot(current), snapshot(revised), why);
        return revised;
    }

    @Transactional
    public void retire(Actor actor, String code, LocalDate on, String reason) {
        RuleItem current = history(code).get(0);
        OrgUnit owner = editableOwner(actor, current);
        String why = reason(reason);
        LocalDate day = on == null ? LocalDate.now(clock) : on;
        sql.retire(current.itemId(), day);
        audit.record(actor, "rules.retire", owner.path(), "rule_item", code, snapshot(current), "retired " + day, why);
    }

    @Transactional
    public RuleCategory createCategory(Actor actor, String code, String name) {
        requireCountyAdmin(actor);
        validation.check(new CategoryDraft(code, name), List.of(), CategoryDraft.New.class);
        String c = Texts.clean(code);
        String n = Texts.clean(name);
        if (sql.category(c).isPresent()) {
            throw InvalidInput.of("code", "error.rules.codeTaken", c);
        }
        int sort = sql.categories().stream().mapToInt(RuleCategory::sortOrder).max().orElse(0) + 1;
        sql.insertCategory(c, n, sort, OffsetDateTime.now(clock));
        audit.record(actor, "rules.category.create", actor.orgPath(), "rule_category", c, null, n, null);
        return sql.category(c).orElseThrow();
    }

    /** Renames a category, or retires it (retired categories take no new items). */
    @Transactional
    public RuleCategory updateCategory(Actor actor, String code, String name, boolean active) {
        requireCountyAdmin(actor);
        RuleCategory before = sql.category(code).orElseThrow(() -> new NotFound("error.rules.notFound"));
        validation.check(new CategoryDraft(code, name));
        String n = Texts.clean(name);
        sql.updateCategory(before.id(), n, active);
        RuleCategory after = sql.category(code).orElseThrow();
        audit.record(actor, "rules.category.update", actor.orgPath(), "rule_category", code,
                before.name() + (before.active() ? "" : " (retired)"), after.name() + (after.active() ? "" : " (retired)"), null);
        return after;
    }

    /** The seven default categories of a new county (the county can rename, add and retire them). */
    @Transactional
    public void seedDefaults(OffsetDateTime now) {
        if (!sql.empty()) {
            return;
        }
        String[][] defaults = {{"DYZY", "党员争优"}, {"ZYFW", "志愿服务"}, {"WMXF", "文明新风"}, {"XCZL", "乡村治理"},
                {"JTMD", "家庭美德"}, {"LLHZ", "邻里互助"}, {"ZJSF", "遵纪守法"}};
        for (int i = 0; i < defaults.length; i++) {
            sql.insertCategory(defaults[i][0], defaults[i][1], i + 1, now);
        }
    }

    private static void requireCountyAdmin(Actor actor) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
    }

    /** The county admin edits the default catalogue; a town or village admin edits its own local items. */
    private static void requireEditor(Actor actor, OrgUnit owner) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        if (!owner.path().equals(actor.orgPath())) {
            throw Forbidden.scope();
        }
    }

    /** The owner of the item's current version, when the actor may edit it: 404 outside its scope, else 403 or it. */
    private OrgUnit editableOwner(Actor actor, RuleItem current) {
        OrgUnit owner = orgUnits.byId(current.ownerOrgId());
        if (!actor.covers(owner.path())) {
            throw new NotFound("error.rules.notFound");
        }
        requireEditor(actor, owner);
        return owner;
    }

    /**
     * The reason every change to an item needs (at most 500 characters), cleaned; refused when missing. Checked after
     * the access check ({@link #editableOwner}), so a caller outside the item's scope gets its 404 or 403 first.
     */
    private String reason(String raw) {
        validation.check(new ChangeReason(raw));
        return Texts.clean(raw);
    }

    private RuleSql.Validated validate(ItemDraft d, boolean newItem) {
        List<Problem> problems = new ArrayList<>();
        String code = newItem ? Texts.code("code", d.code(), problems) : d.code();
        RuleCategory category = null;
        if (Texts.clean(d.categoryCode()) != null) {
            category = sql.category(d.categoryCode().strip()).filter(RuleCategory::active).orElse(null);
            if (category == null) {
                problems.add(new Problem("categoryCode", "error.rules.category"));
            }
        }
        RuleSign sign = parse(RuleSign.class, d.sign(), "sign", problems);
        RuleUnit unit = d.unit() == null ? RuleUnit.TIME : parse(RuleUnit.class, d.unit(), "unit", problems);
        CapPeriod capPeriod = d.capPeriod() == null ? CapPeriod.MONTH : parse(CapPeriod.class, d.capPeriod(), "capPeriod", problems);
        int min = d.minPoints() == null ? -1 : d.minPoints();
        int max = d.maxPoints() == null ? min : d.maxPoints();
        if (d.veto()) {
            min = 0;
            max = 0;
            if (sign != RuleSign.DEDUCT) {
                problems.add(new Problem("veto", "error.rules.vetoIsDeduction"));
            }
        } else if (min < 1 || max < min || max > 10_000) {
            problems.add(new Problem("minPoints", "error.rules.points"));
        }
        Set<Recorder> recorders = EnumSet.noneOf(Recorder.class);
        if (d.recorders() == null || d.recorders().isEmpty()) {
            problems.add(new Problem("recorders", "error.rules.recorders"));
        } else {
            for (String r : d.recorders()) {
                Recorder rec = parse(Recorder.class, r, "recorders", problems);
                if (rec != null) {
                    recorders.add(rec);
                }
            }
        }
        if (sign == RuleSign.DEDUCT && recorders.contains(Recorder.SELF)) {
            problems.add(new Problem("recorders", "error.rules.selfDeduction"));
        }
        LocalDate from = d.validFrom() == null ? LocalDate.now(clock) : d.validFrom();
        if (d.validTo() != null && d.validTo().isBefore(from)) {
            problems.add(new Problem("validTo", "error.period"));
        }
        validation.check(d, problems);
        return new RuleSql.Validated(code, category, Texts.clean(d.name()), Texts.clean(d.description()), sign, min, max, unit, d.householdCap(),
                d.residentCap(), capPeriod, d.evidenceRequired(), recorders, d.partyOnly(), d.veto(),
                d.needsPublicity() == null || d.needsPublicity(), from, d.validTo());
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String raw, String field, List<Problem> problems) {
        try {
            return Enum.valueOf(type, raw == null ? "" : raw.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(field, "error.rules.choice"));
            return null;
        }
    }

    private String snapshot(RuleItem i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", i.code());
        m.put("version", i.version());
        m.put("name", i.name());
        m.put("points", i.pointsLabel());
        m.put("unit", i.unit().name());
        m.put("householdCap", i.householdCap());
        m.put("validFrom", i.validFrom());
        return json.writeValueAsString(m);
    }
}
