package cn.jifen.directory;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.internal.OrgUnitSql;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The org tree: county → town → village/community → grid. Units are never deleted, only
 * deactivated. An actor manages the units strictly below its own; it sees its own and those below.
 */
@Service
public class OrgUnits {

    private final OrgUnitSql sql;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final ApplicationEventPublisher events;
    private final RequestValidation validation;

    OrgUnits(OrgUnitSql sql, AuditLog audit, Clock clock, ApplicationEventPublisher events, JsonMapper json,
             RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
        this.events = events;
    }

    /** A unit the actor may see; otherwise NotFound, so codes outside the scope do not leak. */
    public OrgUnit visible(Actor actor, String code) {
        OrgUnit unit = sql.byCode(code == null ? "" : code.strip()).orElseThrow(() -> new NotFound("error.org.notFound"));
        if (!actor.covers(unit.path())) {
            throw new NotFound("error.org.notFound");
        }
        return unit;
    }

    public OrgUnit visibleVillage(Actor actor, String code) {
        OrgUnit unit = visible(actor, code);
        if (unit.level() != OrgLevel.VILLAGE) {
            throw InvalidInput.of("village", "error.org.notVillage");
        }
        return unit;
    }

    /** A village the actor works in: in its scope, or the village of the actor's own grid. */
    public OrgUnit workingVillage(Actor actor, String code) {
        OrgUnit unit = sql.byCode(code == null ? "" : code.strip()).filter(OrgUnit::isVillage)
                .orElseThrow(() -> new NotFound("error.org.notFound"));
        if (!actor.covers(unit.path()) && !actor.orgPath().startsWith(unit.path())) {
            throw new NotFound("error.org.notFound");
        }
        return unit;
    }

    /**
     * The village a staff member acts in when it names none: its own village, or its grid's village; empty for staff
     * above the village (a town or county admin must name one).
     */
    public Optional<OrgUnit> ownVillage(Actor actor) {
        OrgUnit own = byId(actor.orgUnitId());
        if (own.isVillage()) {
            return Optional.of(own);
        }
        if (own.level() == OrgLevel.GRID && own.parentId() != null) {
            return Optional.of(byId(own.parentId()));
        }
        return Optional.empty();
    }

    /**
     * The village a staff member acts in: the one named ({@link #workingVillage}: in its scope, or its own grid's
     * village; 404 otherwise) or, when none is named, {@link #ownVillage} (422 "village" required above the village).
     * The caller checks the role first.
     */
    public OrgUnit staffVillage(Actor actor, String code) {
        String c = Texts.clean(code);
        if (c != null) {
            return workingVillage(actor, c);
        }
        return ownVillage(actor).orElseThrow(() -> InvalidInput.of("village", "error.required"));
    }

    /** Unchecked lookups for other modules that have already checked scope. */
    public OrgUnit byId(long id) {
        return sql.byId(id).orElseThrow(() -> new NotFound("error.org.notFound"));
    }

    /** When the unit was set up (e.g. a village created after a county-wide run of the year). */
    public OffsetDateTime createdAt(OrgUnit unit) {
        return sql.createdAt(unit.id()).orElseThrow(() -> new NotFound("error.org.notFound"));
    }

    public Optional<OrgUnit> byCode(String code) {
        return sql.byCode(code);
    }

    /** The actor's own unit and everything below it, in tree order. */
    public List<OrgUnit> tree(Actor actor) {
        return sql.subtree(actor.orgPath());
    }

    public List<OrgUnit> children(Actor actor, String code) {
        return sql.children(visible(actor, code).id());
    }

    /** The chain from the county down to the unit (for breadcrumbs and printed headers). */
    public List<OrgUnit> lineage(OrgUnit unit) {
        List<OrgUnit> chain = new ArrayList<>();
        for (String id : unit.path().split("/")) {
            if (!id.isEmpty()) {
                chain.add(byId(Long.parseLong(id)));
            }
        }
        return chain;
    }

    /** Every county of the installation (usually one). */
    public List<OrgUnit> counties() {
        return sql.byLevelUnder("/", OrgLevel.COUNTY);
    }

    public List<OrgUnit> villagesVisible(Actor actor) {
        return sql.byLevelUnder(actor.orgPath(), OrgLevel.VILLAGE);
    }

    public List<OrgUnit> gridsOf(OrgUnit village) {
        return sql.children(village.id()).stream().filter(u -> u.level() == OrgLevel.GRID).toList();
    }

    public boolean isEmpty() {
        return sql.isEmpty();
    }

    /** Creates the county (the root). Only when the tree is empty: one county per installation. */
    @Transactional
    public OrgUnit createCounty(Actor actor, String code, String name) {
        validation.check(new NewOrgUnit(null, code, name, null));
        String c = Texts.clean(code);
        String n = Texts.clean(name);
        if (!sql.isEmpty()) {
            throw new Conflict("error.org.countyExists");
        }
        OrgUnit county = sql.insert(c, n, OrgLevel.COUNTY, null, null, OffsetDateTime.now(clock));
        audit.record(actor, "org.create", county.path(), "org_unit", county.code(), null, snapshot(county), null);
        events.publishEvent(new CountyCreated(county.id(), county.code()));
        return county;
    }

    @Transactional
    public OrgUnit create(Actor actor, String parentCode, String code, String name, String villageKind) {
        return create(actor, new NewOrgUnit(parentCode, code, name, villageKind));
    }

    /** Opens a unit below a parent the actor manages; the request is checked after that access check. */
    @Transactional
    public OrgUnit create(Actor actor, NewOrgUnit request) {
        if (Texts.clean(request.parentCode()) == null) {
            throw InvalidInput.of("parent", "error.required");
        }
        OrgUnit parent = visible(actor, request.parentCode());
        requireManager(actor, parent, false);
        List<InvalidInput.Problem> problems = new ArrayList<>();
        String c = Texts.clean(request.code());
        String n = Texts.clean(request.name());
        String villageKind = request.villageKind();
        OrgLevel level = parent.level().child();
        if (level == null) {
            problems.add(new InvalidInput.Problem("parent", "error.org.gridHasNoChildren"));
        }
        String kind = null;
        if (level == OrgLevel.VILLAGE) {
            kind = "COMMUNITY".equals(villageKind) ? "COMMUNITY" : "VILLAGE";
        }
        if (!parent.active()) {
            problems.add(new InvalidInput.Problem("parent", "error.org.parentInactive"));
        }
        validation.check(request, problems);
        if (sql.byCode(c).isPresent()) {
            throw InvalidInput.of("code", "error.org.codeTaken", c);
        }
        try {
            OrgUnit unit = sql.insert(c, n, level, kind, parent, OffsetDateTime.now(clock));
            audit.record(actor, "org.create", unit.path(), "org_unit", unit.code(), null, snapshot(unit), null);
            return unit;
        } catch (DuplicateKeyException e) {
            throw InvalidInput.of("code", "error.org.codeTaken", c);
        }
    }

    @Transactional
    public OrgUnit rename(Actor actor, String code, String newName) {
        return rename(actor, code, new OrgUnitName(newName));
    }

    @Transactional
    public OrgUnit rename(Actor actor, String code, OrgUnitName request) {
        OrgUnit unit = visible(actor, code);
        requireManager(actor, unit, unit.level() == OrgLevel.COUNTY ? false : true);
        validation.check(request);
        String n = Texts.clean(request.name());
        sql.rename(unit.id(), n);
        OrgUnit after = byId(unit.id());
        audit.record(actor, "org.rename", unit.path(), "org_unit", unit.code(), snapshot(unit), snapshot(after), null);
        return after;
    }

    /** Moves a grid to another village. Households belong to their village, so the grid must be empty. */
    @Transactional
    public OrgUnit moveGrid(Actor actor, String gridCode, String villageCode) {
        OrgUnit grid = visible(actor, gridCode);
        if (grid.level() != OrgLevel.GRID) {
            throw InvalidInput.of("code", "error.org.onlyGridsMove");
        }
        requireManager(actor, grid, true);
        if (Texts.clean(villageCode) == null) {
            throw InvalidInput.of("village", "error.required");
        }
        OrgUnit target = visibleVillage(actor, villageCode);
        requireManager(actor, target, false);
        if (target.id() == grid.parentId()) {
            return grid;
        }
        if (!target.active()) {
            throw InvalidInput.of("village", "error.org.parentInactive");
        }
        if (sql.householdsInGrid(grid.parentId(), grid.id()) > 0) {
            throw InvalidInput.of("village", "error.org.gridHasHouseholds");
        }
        sql.reparentLeaf(grid.id(), target);
        OrgUnit after = byId(grid.id());
        audit.record(actor, "org.moveGrid", target.path(), "org_unit", grid.code(), snapshot(grid), snapshot(after), null);
        return after;
    }

    @Transactional
    public OrgUnit setActive(Actor actor, String code, boolean active, String reason) {
        return setActive(actor, code, active, new DirectoryReason(reason));
    }

    @Transactional
    public OrgUnit setActive(Actor actor, String code, boolean active, DirectoryReason request) {
        OrgUnit unit = visible(actor, code);
        requireManager(actor, unit, true);
        validation.check(request);
        String why = Texts.clean(request.reason());
        if (!active) {
            boolean activeChild = sql.children(unit.id()).stream().anyMatch(OrgUnit::active);
            if (activeChild) {
                throw InvalidInput.of("code", "error.org.hasActiveChildren");
            }
            if (unit.level() == OrgLevel.GRID && sql.activeHouseholdsInGrid(unit.parentId(), unit.id()) > 0) {
                throw InvalidInput.of("code", "error.org.gridHasHouseholds");
            }
        } else if (unit.parentId() != null && !byId(unit.parentId()).active()) {
            throw InvalidInput.of("code", "error.org.parentInactive");
        }
        sql.setActive(unit.id(), active);
        OrgUnit after = byId(unit.id());
        audit.record(actor, active ? "org.activate" : "org.deactivate", unit.path(), "org_unit", unit.code(),
                snapshot(unit), snapshot(after), why);
        return after;
    }

    /** Admins manage units strictly below their own (the county admin may also rename the county). */
    private static void requireManager(Actor actor, OrgUnit unit, boolean strictlyBelow) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        if (!actor.covers(unit.path())) {
            throw Forbidden.scope();
        }
        if (strictlyBelow && unit.path().equals(actor.orgPath())) {
            throw Forbidden.scope();
        }
        if (!strictlyBelow && unit.level() == OrgLevel.COUNTY && !actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
    }

    private String snapshot(OrgUnit u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", u.code());
        m.put("name", u.name());
        m.put("level", u.level().name());
        m.put("parentId", u.parentId());
        m.put("active", u.active());
        return json.writeValueAsString(m);
    }
}
