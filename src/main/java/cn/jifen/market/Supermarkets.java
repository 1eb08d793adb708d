package cn.jifen.market;

import cn.jifen.market.internal.StandardCheckSql;
import cn.jifen.market.internal.SupermarketSql;
import cn.jifen.market.internal.VillagePaths;
import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import java.util.Collection;

/**
 * Village points supermarkets (积分超市): which villages each serves, its keepers, and its 六有
 * checklist. Also the one place that decides who may see or act on a supermarket: a keeper only on
 * the supermarkets assigned to them, staff on those in their org scope, a villager on those serving
 * their village.
 */
@Service
public class Supermarkets {
    public record Supermarket(long villageId, long id, String name, String address, boolean active) { }

    /** One check of one of the six standards (六有). */
    public record StandardCheck(long id, String standard, boolean met, LocalDate checkedOn, String note,
                                boolean hasPhoto, String checkedBy, OffsetDateTime createdAt) {
        public String standardKey() { return "market.standard." + standard; }
    }

    /** A keeper assigned to a supermarket. */
    public record Keeper(long userId, String username, String displayName, OffsetDateTime assignedAt, String assignedBy) { }

    /** A keeper account that may be assigned to a supermarket of a village (for the admin's pick list). */
    public record KeeperCandidate(String username, String displayName, String orgPath) { }

    /** The six standards, in the order they are listed, as the one pattern a checked standard matches. */
    private static final String STANDARD_CODES = "SITE|SIGN|GOODS|RULES|LEDGER|MANAGEMENT";

    /** The six standards, in the order they are listed. */
    public static final List<String> STANDARDS = List.of(STANDARD_CODES.split("\\|"));

    /**
     * A check of one 六有 standard as the admin records it: the standard, met or not, the day (default today; not in
     * the future, checked by the service with the clock) and a note. A photo is checked beside it.
     */
    public record CheckDraft(@NotNull(message = "{error.market.standard}")
                             @Pattern(regexp = STANDARD_CODES, message = "{error.market.standard}") String standard,
                             @NotNull(message = "{error.required}") Boolean met,
                             LocalDate checkedOn,
                             @PlainText(max = 500) String note) { }

    private final JdbcClient jdbc;
    private final Users users;
    private final SupermarketSql supermarketSql;
    private final StandardCheckSql checkSql;
    private final OrgUnits orgUnits;
    private final VillagePaths paths;
    private final AuditLog audit;
    private final Clock clock;
    private final RequestValidation validation;

    Supermarkets(JdbcClient jdbc, SupermarketSql supermarketSql, StandardCheckSql checkSql, OrgUnits orgUnits,
                 VillagePaths paths, Users users, AuditLog audit, Clock clock, RequestValidation validation) {
        this.validation = validation;
        this.paths = paths;
        this.jdbc = jdbc;
        this.users = users;
        this.supermarketSql = supermarketSql;
        this.checkSql = checkSql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Opens a supermarket without the checks of {@link SupermarketAdmin#open} (names, scope, served
     * villages): for test fixtures that build their own villages. Pages, the API and the demo use
     * {@link SupermarketAdmin}.
     */
    @Transactional
    public long open(Actor actor, OrgUnit village, String name, String address) {
        long id = supermarketSql.insertSupermarket(village.id(), name, address, OffsetDateTime.now(clock));
        audit.record(actor, "supermarket.open", village.path(), "supermarket", id, null, name, null);
        return id;
    }

    public List<Supermarket> ofVillage(long villageId) {
        return jdbc.sql("SELECT village_id, id, name, address, active FROM supermarket WHERE village_id = :v ORDER BY id")
                .param("v", villageId)
                .query((rs, i) -> new Supermarket(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4),
                        rs.getBoolean(5)))
                .list();
    }

    /** Supermarkets run by a village or serving it (a town's shared supermarket). */
    public List<Supermarket> servingVillage(long villageId) {
        return supermarketSql.servingVillage(villageId);
    }

    /** The supermarkets an actor works at or oversees: a keeper's assigned ones, else all in scope. */
    public List<Supermarket> workplaces(Actor actor) {
        if (actor.is(Role.KEEPER)) {
            return supermarketSql.assignedTo(actor.userId());
        }
        if (actor.is(Role.VILLAGER)) {
            return servingVillage(actor.orgUnitId());
        }
        List<Supermarket> all = new ArrayList<>();
        for (OrgUnit v : orgUnits.villagesVisible(actor)) {
            all.addAll(ofVillage(v.id()));
        }
        return all;
    }

    // ---------------------------------------------------------------- access

    /** A supermarket the actor may see; otherwise NotFound (nothing leaks). Read from the counter's cache. */
    public Supermarket visible(Actor actor, long villageId, long id) {
        SupermarketSql.Access a = supermarketSql.access(villageId, id).orElseThrow(Supermarkets::notFound);
        boolean ok;
        if (actor.is(Role.KEEPER)) {
            ok = a.keepers().contains(actor.userId());
        } else if (actor.is(Role.VILLAGER)) {
            ok = villageId == actor.orgUnitId() || a.served().contains(actor.orgUnitId());
        } else {
            ok = actor.covers(paths.of(villageId));
        }
        if (!ok) {
            throw notFound();
        }
        return a.supermarket();
    }

    /** A supermarket the actor may sell and move stock at: its assigned keeper, or an admin over it. */
    public Supermarket forCounter(Actor actor, long villageId, long id) {
        Supermarket s = visible(actor, villageId, id);
        if (!(actor.is(Role.KEEPER) || actor.isAdmin())) {
            throw Forbidden.role();
        }
        return s;
    }

    /** A supermarket the actor oversees: an admin (village or above) over it. */
    public Supermarket forAdmin(Actor actor, long villageId, long id) {
        Supermarket s = visible(actor, villageId, id);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        return s;
    }

    /** Whether households of a village may redeem at a supermarket. */
    boolean serves(Supermarket s, long householdVillageId) {
        return s.villageId() == householdVillageId || supermarketSql.access(s.villageId(), s.id())
                .map(a -> a.served().contains(householdVillageId)).orElse(false);
    }

    public static NotFound notFound() {
        return new NotFound("error.market.supermarketNotFound");
    }

    // ---------------------------------------------------------------- served villages

    /** Lets households of another village (of the same town) use this supermarket. Admins over both. */
    @Transactional
    public void serveVillage(Actor actor, long villageId, long id, String villageCode) {
        Supermarket s = forAdmin(actor, villageId, id);
        OrgUnit other = orgUnits.visibleVillage(actor, villageCode);
        if (other.id() == villageId || supermarketSql.servedVillages(villageId, id).contains(other.id())) {
            return;
        }
        supermarketSql.addServed(villageId, id, other.id());
        audit.record(actor, "market.serve", orgUnits.byId(villageId).path(), "supermarket", id, null, other.code(), null);
    }

    // ---------------------------------------------------------------- keepers

    public List<Supermarkets.Keeper> keepers(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        List<SupermarketSql.Assignment> assigned = supermarketSql.keeperAssignments(villageId, id);
        Map<Long, UserAccount> accounts = new HashMap<>();
        users.accounts(assigned.stream().map(SupermarketSql.Assignment::userId).toList())
                .forEach(u -> accounts.put(u.id(), u));
        return assigned.stream().filter(a -> accounts.containsKey(a.userId()))
                .map(a -> new Keeper(a.userId(), accounts.get(a.userId()).username(),
                        accounts.get(a.userId()).displayName(), a.assignedAt(), a.assignedBy()))
                .sorted(Comparator.comparing(Keeper::username)).toList();
    }

    /** The keeper accounts an admin may assign here: active keepers of the village or a unit above it, in scope. */
    public List<KeeperCandidate> keeperCandidates(Actor actor, long villageId, long id) {
        forAdmin(actor, villageId, id);
        OrgUnit village = orgUnits.byId(villageId);
        List<Long> units = orgUnits.lineage(village).stream().map(OrgUnit::id).toList();
        return users.activeWithRoleIn(Role.KEEPER, units).stream()
                .map(u -> new KeeperCandidate(u.username(), u.displayName(), u.orgPath()))
                .filter(k -> village.path().startsWith(k.orgPath()) && actor.covers(k.orgPath())).toList();
    }

    /** Assigns a keeper account (role keeper, its unit covering the supermarket's village) to a supermarket. */
    @Transactional
    public void assignKeeper(Actor actor, long villageId, long id, String username) {
        forAdmin(actor, villageId, id);
        OrgUnit village = orgUnits.byId(villageId);
        UserAccount u = users.account(Texts.clean(username) == null ? "" : Texts.clean(username))
                .orElseThrow(() -> InvalidInput.of("username", "error.market.keeperUnknown"));
        if (u.role() != Role.KEEPER || !u.active()) {
            throw InvalidInput.of("username", "error.market.notKeeper");
        }
        if (!village.path().startsWith(u.orgPath()) || !actor.covers(u.orgPath())) {
            throw InvalidInput.of("username", "error.market.keeperElsewhere");
        }
        if (supermarketSql.isKeeper(villageId, id, u.id())) {
            return;
        }
        supermarketSql.assignKeeper(villageId, id, u.id(), actor.username(), OffsetDateTime.now(clock));
        audit.record(actor, "market.keeper.assign", village.path(), "supermarket", id, null, username, null);
    }

    @Transactional
    public void unassignKeeper(Actor actor, long villageId, long id, long userId) {
        forAdmin(actor, villageId, id);
        if (supermarketSql.unassignKeeper(villageId, id, userId) > 0) {
            audit.record(actor, "market.keeper.unassign", orgUnits.byId(villageId).path(), "supermarket", id,
                    String.valueOf(userId), null, null);
        }
    }

    // ---------------------------------------------------------------- 六有

    /** Records a check of one standard: met or not, the day, a note and optionally a photo. */
    @Transactional
    public long check(Actor actor, long villageId, long id, String standard, Boolean met, LocalDate checkedOn,
                      String note, byte[] photo, String photoType) {
        forAdmin(actor, villageId, id);
        CheckDraft draft = new CheckDraft(standard, met, checkedOn, note);
        List<InvalidInput.Problem> problems = new ArrayList<>();
        LocalDate today = LocalDate.now(clock);
        LocalDate on = checkedOn == null ? today : checkedOn;
        if (on.isAfter(today)) {
            problems.add(new InvalidInput.Problem("checkedOn", "error.market.future"));
        }
        if (photo != null && photo.length > 0 && !isImage(photo)) {
            problems.add(new InvalidInput.Problem("photo", "error.market.photo"));
        }
        if (photo != null && photo.length > 8 * 1024 * 1024) {
            problems.add(new InvalidInput.Problem("photo", "error.market.photoTooLarge"));
        }
        validation.check(draft, problems);
        String n = Texts.clean(note);
        boolean hasPhoto = photo != null && photo.length > 0;
        long checkId = checkSql.insertCheck(villageId, id, standard, met, on, n, hasPhoto ? photo : null,
                hasPhoto ? imageType(photo) : null, actor.username(), OffsetDateTime.now(clock));
        audit.record(actor, "market.standard", orgUnits.byId(villageId).path(), "supermarket", id, null,
                standard + "=" + met, n);
        return checkId;
    }

    /** The latest check of each standard (absent: never checked). */
    public Map<String, StandardCheck> standards(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        Map<String, StandardCheck> latest = new LinkedHashMap<>();
        for (StandardCheck c : checkSql.checks(villageId, id)) {
            latest.putIfAbsent(c.standard(), c);
        }
        Map<String, StandardCheck> ordered = new LinkedHashMap<>();
        for (String s : STANDARDS) {
            ordered.put(s, latest.get(s));
        }
        return ordered;
    }

    public boolean meetsStandard(Actor actor, long villageId, long id) {
        return standards(actor, villageId, id).values().stream().allMatch(c -> c != null && c.met());
    }

    public List<StandardCheck> checkHistory(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        return checkSql.checks(villageId, id);
    }

    public Photo checkPhoto(Actor actor, long villageId, long id, long checkId) {
        visible(actor, villageId, id);
        return checkSql.checkPhoto(villageId, id, checkId).orElseThrow(() -> new NotFound("error.market.photoNotFound"));
    }

    // ---------------------------------------------------------------- homes (town/county)

    /** An open supermarket and how many of the six standards (六有) it meets by the latest check of each. */
    public record Standing(Supermarket supermarket, int standardsMet) { }

    private static List<Long> covered(Actor actor, Collection<OrgUnit> villages) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            return List.of();
        }
        return villages.stream().filter(v -> actor.covers(v.path())).map(OrgUnit::id).toList();
    }

    /**
     * Open supermarkets run by the villages (those the actor covers; admins and auditors) that do not meet all
     * six standards: a standard never checked, or whose latest check found it not met. One query, capped.
     */
    public List<Standing> failingStandards(Actor actor, Collection<OrgUnit> villages, int limit) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? List.of() : checkSql.failingStandards(ids, Math.max(1, Math.min(limit, 100)));
    }

    public long countFailingStandards(Actor actor, Collection<OrgUnit> villages) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? 0 : checkSql.countFailingStandards(ids);
    }

    /** Closed supermarkets run by the villages the actor covers (admins and auditors). */
    public List<Supermarket> closedIn(Actor actor, Collection<OrgUnit> villages, int limit) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? List.of() : supermarketSql.closedIn(ids, Math.max(1, Math.min(limit, 100)));
    }

    public long countClosedIn(Actor actor, Collection<OrgUnit> villages) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? 0 : supermarketSql.countClosedIn(ids);
    }

    static boolean isImage(byte[] b) {
        return imageType(b) != null;
    }

    static String imageType(byte[] b) {
        if (b.length > 3 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xD8 && (b[2] & 0xFF) == 0xFF) {
            return "image/jpeg";
        }
        if (b.length > 8 && (b[0] & 0xFF) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        return null;
    }

    /** Conflict helper used by pages when a supermarket is closed. */
    static Conflict closed() {
        return new Conflict("error.market.supermarketClosed");
    }
}
