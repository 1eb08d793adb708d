package cn.jifen.identity;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.internal.AccountSessions;
import cn.jifen.identity.internal.LoginThrottle;
import cn.jifen.identity.internal.UserSql;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Staff and villager accounts. An admin creates accounts only in its scope and only with a role
 * below its own; each role is bound to the org level it works at.
 */
@Service
public class Users {
    private static final Map<Role, Set<OrgLevel>> LEVELS = Map.of(
            Role.COUNTY_ADMIN, Set.of(OrgLevel.COUNTY),
            Role.TOWN_ADMIN, Set.of(OrgLevel.TOWN),
            Role.VILLAGE_ADMIN, Set.of(OrgLevel.VILLAGE),
            Role.GRID_WORKER, Set.of(OrgLevel.VILLAGE, OrgLevel.GRID),
            Role.KEEPER, Set.of(OrgLevel.VILLAGE),
            Role.AUDITOR, Set.of(OrgLevel.COUNTY, OrgLevel.TOWN, OrgLevel.VILLAGE));

    private final UserSql sql;
    private final OrgUnits orgUnits;
    private final Households households;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final AccountSessions sessions;
    private final LoginThrottle throttle;
    private final RequestValidation validation;

    Users(UserSql sql, OrgUnits orgUnits, Households households, PasswordEncoder encoder, AuditLog audit, Clock clock,
          AccountSessions sessions, LoginThrottle throttle, JsonMapper json, RequestValidation validation) {
        this.sql = sql;
        this.throttle = throttle;
        this.validation = validation;
        this.sessions = sessions;
        this.orgUnits = orgUnits;
        this.households = households;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    public List<UserAccount> list(Actor actor, boolean includeVillagers) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        return sql.under(actor.orgPath(), includeVillagers);
    }

    /** Staff accounts bound to the unit at this path or below (unchecked: callers have checked the scope). */
    public List<UserAccount> staffUnder(String path) {
        return sql.under(path, false);
    }

    /**
     * Any account by id, whatever its role, state or unit (unchecked: the caller decides what the account may be
     * used for, e.g. the kin check of claims, which refuses villagers, deactivated staff and staff of other units).
     */
    public Optional<UserAccount> account(long id) {
        return sql.byId(id);
    }

    /** An account by login name, whatever its role or state (unchecked, like {@link #account(long)}). */
    public Optional<UserAccount> account(String username) {
        return sql.byUsername(username).map(UserSql.WithHash::user);
    }

    /** Accounts by id, in no order (unchecked: for lists that name people, e.g. a supermarket's keepers). */
    public List<UserAccount> accounts(Collection<Long> ids) {
        return sql.byIds(ids);
    }

    /** Active accounts of a role bound to one of these units, by login name (unchecked: the caller checks scope). */
    public List<UserAccount> activeWithRoleIn(Role role, Collection<Long> unitIds) {
        return sql.activeWithRoleIn(role, unitIds);
    }

    /** A page of the accounts in the actor's scope (staff; villagers too when asked), by org unit, role and name. */
    public Page<UserAccount> list(Actor actor, boolean includeVillagers, Paging paging) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        return paging.of(sql.under(actor.orgPath(), includeVillagers, paging.size(), paging.offset()),
                sql.countUnder(actor.orgPath(), includeVillagers));
    }

    public UserAccount get(Actor actor, long id) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        UserAccount u = sql.byId(id).orElseThrow(() -> new NotFound("error.user.notFound"));
        if (!actor.covers(u.orgPath())) {
            throw new NotFound("error.user.notFound");
        }
        return u;
    }

    @Transactional
    public UserAccount createStaff(Actor actor, String username, String displayName, String roleName, String orgCode,
                                   String password) {
        return createStaff(actor, new StaffDraft(username, displayName, roleName, password, orgCode));
    }

    /**
     * Opens a staff account in a unit the admin sees; the draft is checked after the access checks (a unit out of
     * sight is 404 whatever the draft holds).
     */
    @Transactional
    public UserAccount createStaff(Actor actor, StaffDraft d) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        OrgUnit unit = Texts.clean(d.orgCode()) == null ? null : orgUnits.visible(actor, d.orgCode());
        List<Problem> problems = new ArrayList<>();
        String name = username(d.username(), new ArrayList<>());   // its problems are the constraints'; null if any
        String display = Texts.clean(d.displayName());
        Role role = null;
        try {
            role = Role.valueOf(Texts.clean(d.role()) == null ? "" : d.role().strip());
        } catch (IllegalArgumentException e) {
            problems.add(new Problem("role", "error.user.role"));
        }
        if (role == Role.VILLAGER) {
            problems.add(new Problem("role", "error.user.villagerViaHousehold"));
            role = null;
        }
        String password = d.password();
        checkPassword("password", password, 8, name, problems);
        validation.check(d, problems);
        if (!LEVELS.get(role).contains(unit.level())) {
            throw InvalidInput.of("orgCode", "error.user.roleLevel");
        }
        boolean peerCountyAdmin = role == Role.COUNTY_ADMIN && actor.is(Role.COUNTY_ADMIN);
        if (role.rank() >= actor.role().rank() && !peerCountyAdmin) {
            throw Forbidden.role();
        }
        if (sql.byUsername(name).isPresent()) {
            throw InvalidInput.of("username", "error.user.taken", name);
        }
        long id = sql.insert(name, display, encoder.encode(password), role, unit.id(), null, null, true,
                OffsetDateTime.now(clock));
        UserAccount created = sql.byId(id).orElseThrow();
        audit.record(actor, "user.create", unit.path(), "user", name, null, snapshot(created), null);
        return created;
    }

    /** Opens the villager account of a household: login is its passbook number (or the head's phone). */
    @Transactional
    public UserAccount createVillager(Actor actor, long villageId, long householdId, String password) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        Household h = households.get(actor, villageId, householdId);
        OrgUnit village = orgUnits.byId(villageId);
        List<Problem> problems = new ArrayList<>();
        checkPassword("password", password, 6, h.passbookNumber(), problems);
        Texts.throwIfAny(problems);
        if (sql.villagerOf(villageId, householdId).isPresent() || sql.byUsername(h.passbookNumber()).isPresent()) {
            throw new Conflict("error.user.villagerExists");
        }
        String phone = h.head() == null ? null : h.head().phone();
        if (phone != null && !sql.villagerUsernamesByPhone(phone).isEmpty()) {
            phone = null; // a shared phone cannot identify one household; the passbook number still logs in
        }
        long id = sql.insert(h.passbookNumber(), h.headName(), encoder.encode(password), Role.VILLAGER, village.id(),
                householdId, phone, true, OffsetDateTime.now(clock));
        UserAccount created = sql.byId(id).orElseThrow();
        audit.record(actor, "user.createVillager", village.path(), "user", created.username(), null, snapshot(created), null);
        return created;
    }

    /**
     * The villager accounts of these households of a village, by household id, in one query (unchecked: for a
     * module that has already decided who may be told, such as the notification fan-out).
     */
    public Map<Long, UserAccount> villagersOf(long villageId, Collection<Long> householdIds) {
        Map<Long, UserAccount> out = new HashMap<>();
        if (!householdIds.isEmpty()) {
            sql.villagersOf(villageId, householdIds).forEach(u -> out.put(u.householdId(), u));
        }
        return out;
    }

    /** Every villager account of a village (active or not), for notices that go to all its households. */
    public List<UserAccount> villagersOf(long villageId) {
        return sql.villagersOf(villageId);
    }

    /** The villager account of a household in the admin's scope, if one was opened. */
    public Optional<UserAccount> villagerOf(Actor actor, long villageId, long householdId) {
        households.get(actor, villageId, householdId);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        return sql.villagerOf(villageId, householdId);
    }

    @Transactional
    public void resetPassword(Actor actor, long userId, String newPassword, String reason) {
        UserAccount u = manageable(actor, userId);
        List<Problem> problems = new ArrayList<>();
        checkPassword("password", newPassword, u.role() == Role.VILLAGER ? 6 : 8, u.username(), problems);
        problems.addAll(validation.problems(new AccountReason(reason)));
        Texts.throwIfAny(problems);
        String why = Texts.clean(reason);
        sql.setPassword(u.id(), encoder.encode(newPassword), true);
        endSessionsAndTokens(u, null);
        audit.record(actor, "user.resetPassword", u.orgPath(), "user", u.username(), null, null, why);
    }

    @Transactional
    public UserAccount setActive(Actor actor, long userId, boolean active, String reason) {
        UserAccount u = manageable(actor, userId);
        validation.check(new AccountReason(reason));
        String why = Texts.clean(reason);
        sql.setActive(u.id(), active);
        if (!active) {
            endSessionsAndTokens(u, null);
        }
        UserAccount after = sql.byId(u.id()).orElseThrow();
        audit.record(actor, active ? "user.activate" : "user.deactivate", u.orgPath(), "user", u.username(),
                snapshot(u), snapshot(after), why);
        return after;
    }

    /**
     * Anyone changes their own password by giving the current one. Every web session and every API
     * token of the account ends (on every instance), including the caller's own token; a caller
     * that wants to go on issues a new one with the new password.
     */
    @Transactional
    public void changeOwnPassword(Actor actor, String current, String newPassword) {
        changeOwnPassword(actor, current, newPassword, null);
    }

    /**
     * As {@link #changeOwnPassword(Actor, String, String)}, but the web session {@code keepSessionId}
     * (the one the change was made in; null for none) is not deleted. It still holds the old
     * credential stamp, so the caller must re-issue it (the password page does) or it ends too.
     */
    @Transactional
    public void changeOwnPassword(Actor actor, String current, String newPassword, String keepSessionId) {
        UserSql.WithHash u = sql.byUsername(actor.username()).orElseThrow(() -> new NotFound("error.user.notFound"));
        if (throttle.isLocked(u.user())) {
            throw InvalidInput.of("currentPassword", "login.locked");
        }
        List<Problem> problems = new ArrayList<>();
        if (current == null || !encoder.matches(current, u.hash())) {
            throttle.wrongPassword(u.user().username());
            problems.add(new Problem("currentPassword", "error.user.wrongPassword"));
        }
        checkPassword("newPassword", newPassword, actor.role() == Role.VILLAGER ? 6 : 8, actor.username(), problems);
        if (problems.isEmpty() && newPassword.equals(current)) {
            problems.add(new Problem("newPassword", "error.user.samePassword"));
        }
        Texts.throwIfAny(problems);
        sql.setPassword(u.user().id(), encoder.encode(newPassword), false);
        endSessionsAndTokens(u.user(), keepSessionId);
        audit.record(actor, "user.changePassword", u.user().orgPath(), "user", actor.username(), null, null, null);
    }

    /** The first county admin of an installation without demo data (command line). */
    @Transactional
    public UserAccount bootstrapCountyAdmin(String username, String displayName, String password, long countyId) {
        List<Problem> problems = new ArrayList<>();
        String name = username(username, problems);
        checkPassword("password", password, 8, name, problems);
        Texts.throwIfAny(problems);
        if (sql.byUsername(name).isPresent()) {
            throw InvalidInput.of("username", "error.user.taken", name);
        }
        long id = sql.insert(name, displayName == null ? name : displayName, encoder.encode(password),
                Role.COUNTY_ADMIN, countyId, null, null, false, OffsetDateTime.now(clock));
        UserAccount created = sql.byId(id).orElseThrow();
        audit.record(Actor.system(created.orgPath()), "user.create", created.orgPath(), "user", name, null,
                snapshot(created), "create-admin");
        return created;
    }

    /** Demo and bulk set-up: creates an account without the interactive checks. */
    @Transactional
    public long createUnchecked(String username, String displayName, String password, Role role, long orgUnitId,
                                Long householdId, String phone, boolean mustChange) {
        return createUncheckedHashed(username, displayName, hash(password), role, orgUnitId, householdId, phone, mustChange);
    }

    /**
     * The stored form of a password, for {@link #createUncheckedHashed}: the demo's accounts that share a published
     * demo password share one hash, so the demo's first start does not spend seconds hashing the same password.
     */
    public String hash(String password) {
        return encoder.encode(password);
    }

    /** Demo set-up: as {@link #createUnchecked}, with the password already hashed by {@link #hash}. */
    @Transactional
    public long createUncheckedHashed(String username, String displayName, String passwordHash, Role role, long orgUnitId,
                                      Long householdId, String phone, boolean mustChange) {
        return sql.insert(username, displayName, passwordHash, role, orgUnitId, householdId, phone,
                mustChange, OffsetDateTime.now(clock));
    }

    /**
     * Revokes the account's tokens and deletes its web sessions. The new credential version
     * (UserSql.setPassword / setActive) already makes both fail on their next request; this
     * removes them so none lingers in the database.
     */
    private void endSessionsAndTokens(UserAccount u, String keepSessionId) {
        sql.revokeAllTokens(u.id(), OffsetDateTime.now(clock));
        sessions.endAll(u.username(), keepSessionId);
    }

    private UserAccount manageable(Actor actor, long userId) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        UserAccount u = sql.byId(userId).orElseThrow(() -> new NotFound("error.user.notFound"));
        if (!actor.covers(u.orgPath())) {
            throw new NotFound("error.user.notFound");
        }
        if (u.id() == actor.userId() || u.role().rank() >= actor.role().rank()) {
            throw Forbidden.role();
        }
        return u;
    }

    private static String username(String raw, List<Problem> problems) {
        String s = Texts.clean(raw);
        if (s == null) {
            problems.add(new Problem("username", "error.required"));
            return null;
        }
        if (!s.matches(StaffDraft.USERNAME)) {
            problems.add(new Problem("username", "error.user.username"));
            return null;
        }
        return s;
    }

    private static void checkPassword(String field, String pw, int min, String username, List<Problem> problems) {
        if (pw == null || pw.length() < min || pw.length() > 72) {
            problems.add(new Problem(field, "error.user.passwordLength", min));
        } else if (pw.equalsIgnoreCase(username)) {
            problems.add(new Problem(field, "error.user.passwordIsUsername"));
        }
    }

    private String snapshot(UserAccount u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("username", u.username());
        m.put("displayName", u.displayName());
        m.put("role", u.role().name());
        m.put("org", u.orgCode());
        m.put("active", u.active());
        return json.writeValueAsString(m);
    }
}
