package cn.jifen.workbench.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimChange;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.claims.ObjectionOutcome;
import cn.jifen.claims.ResponsibilityPost;
import cn.jifen.claims.ResponsibilityPosts;
import cn.jifen.claims.SavedDraft;
import cn.jifen.claims.SavedDrafts;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Consents;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.StatementLine;
import cn.jifen.ledger.VerifyRun;
import cn.jifen.market.Goods;
import cn.jifen.market.Product;
import cn.jifen.market.Redemption;
import cn.jifen.market.RedemptionWindow;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Reservations;
import cn.jifen.market.Supermarkets;
import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;

/**
 * What each role's home (工作台) shows, gathered in one place for the pages ({@code /console}, {@code /me}) and
 * their JSON twin ({@code GET /api/v1/me/home}), so the two cannot drift apart. Every read goes through the
 * owning module's API with the caller as actor, so each list is already cut to the caller's scope there.
 */
@Service
public class RoleHomes {
    /**
     * The most items a home list may show: the capped reads behind it (longest waiting, news since the last visit,
     * objections) give at most this many, and a count is taken only when a capped list came back full.
     */
    public static final int MAX_SHOWN = 100;

    private final Activities activities;
    private final ResponsibilityPosts posts;
    private final SavedDrafts drafts;
    private final Complaints complaints;
    private final OrgUnits orgUnits;
    private final Claims claims;
    private final Supermarkets supermarkets;
    private final Users users;
    private final Ledger ledger;
    private final LedgerVerifier verifier;
    private final Households households;
    private final Redemptions redemptions;
    private final Goods goods;
    private final Reservations reservations;
    private final RedemptionWindows windows;
    private final WorkbenchSql sql;
    private final Consents consents;
    private final Clock clock;

    public RoleHomes(Activities activities, ResponsibilityPosts posts, SavedDrafts drafts, Complaints complaints,
                     OrgUnits orgUnits, Claims claims, Supermarkets supermarkets, Users users, Ledger ledger,
                     LedgerVerifier verifier, Households households, Redemptions redemptions, Goods goods,
                     Reservations reservations, RedemptionWindows windows, WorkbenchSql sql, Consents consents,
                     Clock clock) {
        this.consents = consents;
        this.activities = activities;
        this.posts = posts;
        this.drafts = drafts;
        this.complaints = complaints;
        this.orgUnits = orgUnits;
        this.claims = claims;
        this.supermarkets = supermarkets;
        this.users = users;
        this.ledger = ledger;
        this.verifier = verifier;
        this.households = households;
        this.redemptions = redemptions;
        this.goods = goods;
        this.reservations = reservations;
        this.windows = windows;
        this.sql = sql;
        this.clock = clock;
    }

    // ---------------------------------------------------------------- who the caller is

    /** The village a village-bound account (or a grid worker's grid) works in; empty for town, county, keeper. */
    public Optional<OrgUnit> village(Actor actor) {
        return claims.defaultVillage(actor);
    }

    /** Roles that record good deeds and keep drafts. */
    public static boolean recorder(Actor actor) {
        return actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER);
    }

    /** Whether the actor's home shows the review queues of its village. */
    public static boolean reviewer(Actor actor) {
        return actor.is(Role.VILLAGE_ADMIN);
    }

    /**
     * Whether the actor's home shows what needs attention in its town or county (auditors read-only). Not a partner
     * bank's auditor: the list names claims and passbooks, and the bank sees only what households consented to share.
     */
    public boolean overseer(Actor actor, Optional<OrgUnit> village) {
        return village.isEmpty() && (actor.isAdmin() || actor.is(Role.AUDITOR) && consents.partnerOf(actor).isEmpty());
    }

    /** The supermarkets a keeper works at (nobody else's home lists counters). */
    public List<Supermarket> workplaces(Actor actor) {
        return actor.is(Role.KEEPER) ? supermarkets.workplaces(actor) : List.of();
    }

    /** Complaints waiting for an answer (the town: those escalated to it) and how many of them are overdue. */
    public long[] complaintsWaiting(Actor actor) {
        return complaints.waitingAndOverdue(actor);
    }

    /** The recorder's own drafts (草稿), newest first; an expired one is flagged, not dropped. */
    public Page<SavedDraft> drafts(Actor actor, Paging paging) {
        return drafts.mine(actor, paging);
    }

    // ---------------------------------------------------------------- reviewer (village admin)

    /**
     * Counts per queue, so a reviewer sees at a glance what waits (counted in the database: lists are capped), the
     * open appeals, the {@code shown} longest-waiting items, and who may give a veto its second approval.
     */
    public record ReviewerQueues(long toReview, long awaitingSecond, long objected, long inPublicity,
                                 List<Claim> appeals, List<Claim> oldest, List<UserAccount> villageAdmins) {
        /** A veto needs two different approvers: where the village has one admin, a town admin completes it. */
        public boolean singleAdmin() {
            return villageAdmins.size() <= 1;
        }
    }

    public ReviewerQueues reviewerQueues(Actor actor, OrgUnit village, int shown) {
        Map<ClaimStatus, Long> counts = claims.countsByStatus(actor, village);
        List<UserAccount> admins = users.list(actor, false).stream()
                .filter(u -> u.active() && u.role() == Role.VILLAGE_ADMIN && u.orgUnitId() == village.id()).toList();
        return new ReviewerQueues(counts.getOrDefault(ClaimStatus.RECORDED, 0L),
                counts.getOrDefault(ClaimStatus.AWAITING_SECOND_APPROVAL, 0L),
                counts.getOrDefault(ClaimStatus.OBJECTED, 0L), counts.getOrDefault(ClaimStatus.IN_PUBLICITY, 0L),
                claims.withOpenAppeal(actor, village), claims.longestWaiting(actor, village, shown), admins);
    }

    /** The first page of one state of the village's claims, newest first, with how many there are in all. */
    public Page<Claim> claimsIn(Actor actor, OrgUnit village, ClaimStatus status, Paging paging) {
        return claims.history(actor, village, status.name(), null, paging);
    }

    // ---------------------------------------------------------------- grid worker

    /** The grid worker's day: its recent records, the village's activities today, posts not inspected this month. */
    public record GridDay(OrgUnit grid, Page<Claim> myRecords, List<Activity> todaysActivities,
                          Page<ResponsibilityPost> uninspected) { }

    public GridDay gridDay(Actor actor, OrgUnit village, Paging paging) {
        return new GridDay(orgUnits.byId(actor.orgUnitId()), claims.queue(actor, village, paging),
                activities.on(actor, village.code(), LocalDate.now(clock)),
                posts.uninspected(actor, village.code(), null, paging));
    }

    /** How many households the grid has (counted in the database). */
    public long householdsOfGrid(Actor actor, OrgUnit village, OrgUnit grid) {
        return households.list(actor, village.code(), grid.code(), null, 0, 1).total();
    }

    // ---------------------------------------------------------------- keeper

    /** One counter's day: what was redeemed today (county day), and the active goods at or below their threshold. */
    public record CounterDay(Supermarket supermarket, Redemptions.Today today, Page<Redemption> todaysRedemptions,
                             Page<Product> lowStock) { }

    /** The day of each supermarket the keeper works at; each read checks the keeper is assigned there. */
    public List<CounterDay> counterDays(Actor actor, Paging paging) {
        return workplaces(actor).stream().map(s -> {
            List<Product> low = goods.products(actor, s.villageId(), s.id()).stream()
                    .filter(p -> p.active() && p.low()).toList();
            return new CounterDay(s, redemptions.today(actor, s.villageId(), s.id()),
                    redemptions.ofSupermarket(actor, s.villageId(), s.id(), null, null, paging), paging.slice(low));
        }).toList();
    }

    // ---------------------------------------------------------------- town / county

    /** How the last verify over the scope ended: intact, broken in a village of the scope, or broken outside it. */
    public record LastVerify(LocalDateTime ranAt, boolean intact, OrgUnit village, OrgUnit brokenVillage,
                             String problem, boolean brokenElsewhere, long entriesChecked) { }

    /** What needs attention in a town or county: each list capped at {@code shown}, each count from the database. */
    public record Attention(List<OrgUnit> quietVillages, long quietCount, List<Supermarkets.Standing> failing,
                            long failingCount, List<Supermarket> closed, long closedCount, List<Claim> overdueObjections,
                            long overdueCount, List<Claim> vetoes, long vetoCount, LastVerify lastVerify,
                            Map<Long, OrgUnit> villages, int standards) {
        public boolean nothing() {
            return quietCount + failingCount + closedCount + overdueCount + vetoCount == 0;
        }
    }

    public Attention attention(Actor actor, int shown) {
        List<OrgUnit> villages = orgUnits.villagesVisible(actor).stream().filter(v -> actor.covers(v.path())).toList();
        Map<Long, OrgUnit> byId = villages.stream().collect(Collectors.toMap(OrgUnit::id, Function.identity()));
        List<OrgUnit> active = villages.stream().filter(OrgUnit::active).toList();
        // one grouped query for the villages that have postings this month; the rest are quiet
        Set<Long> posted = ledger.villagesWithPostings(active.stream().map(OrgUnit::id).toList(),
                Period.month(YearMonth.now(clock)));
        List<OrgUnit> quiet = active.stream().filter(v -> !posted.contains(v.id()))
                .sorted(Comparator.comparing(OrgUnit::code)).toList();
        return new Attention(quiet.stream().limit(shown).toList(), quiet.size(),
                supermarkets.failingStandards(actor, villages, shown), supermarkets.countFailingStandards(actor, villages),
                supermarkets.closedIn(actor, villages, shown), supermarkets.countClosedIn(actor, villages),
                claims.overdueObjections(actor, villages, shown), claims.countOverdueObjections(actor, villages),
                claims.vetoesAwaitingSecond(actor, villages, shown), claims.countVetoesAwaitingSecond(actor, villages),
                lastVerify(villages, byId), byId, Supermarkets.STANDARDS.size());
    }

    private LastVerify lastVerify(List<OrgUnit> villages, Map<Long, OrgUnit> byId) {
        Optional<VerifyRun> run = verifier.lastRun(villages.stream().map(OrgUnit::id).toList());
        if (run.isEmpty()) {
            return null;
        }
        VerifyRun r = run.get();
        LocalDateTime at = r.ranAt().atZoneSameInstant(clock.getZone()).toLocalDateTime();
        OrgUnit broken = r.brokenVillageId() == null ? null : byId.get(r.brokenVillageId());
        // a problem in a village outside the scope is not named here
        boolean elsewhere = !r.intact() && broken == null;
        return new LastVerify(at, r.intact(), r.villageId() == null ? null : byId.get(r.villageId()), broken,
                elsewhere ? null : r.problem(), elsewhere, r.entriesChecked());
    }

    // ---------------------------------------------------------------- villager

    /**
     * The villager's household today: what it can spend (the balance less what open reservations hold), what
     * changed since the previous visit (null on the first; each list capped at {@code shown} beside its count), the
     * next redemption day, and objections raised on its claims with their outcome (objectors unnamed).
     */
    public record VillagerDay(Household household, int year, long balance, long held, long yearScore, boolean vetoed,
                              Since since, RedemptionWindow next, boolean openEveryDay,
                              List<ObjectionOutcome> objections) {
        public long spendable() {
            return Math.max(0, balance - held);
        }
    }

    /** What changed after {@code at} (the previous visit, county time) until this one. */
    public record Since(LocalDateTime at, List<StatementLine> lines, long lineCount, List<ClaimChange> claimChanges,
                        long claimChangeCount) { }

    /**
     * Reads the villager's day and then makes this visit the previous one: the page and the API both count as a
     * visit, so what one has shown the other does not show again as new.
     */
    public VillagerDay villagerDay(Actor actor, int shown) {
        long v = actor.orgUnitId();
        long hh = actor.householdId();
        Household h = households.get(actor, v, hh);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int year = LocalDate.now(clock).getYear();
        Optional<OffsetDateTime> previous = sql.lastSeen(actor.userId());
        Since since = previous.map(after -> {
            List<StatementLine> lines = ledger.statementBetween(v, hh, after, now, shown);
            List<ClaimChange> changes = claims.changesOfMine(actor, after, now, shown);
            // counted only when the capped list is full: below the cap its length is the count
            return new Since(after.atZoneSameInstant(clock.getZone()).toLocalDateTime(), lines,
                    lines.size() < shown ? lines.size() : ledger.countBetween(v, hh, after, now), changes,
                    changes.size() < shown ? changes.size() : claims.countChangesOfMine(actor, after, now));
        }).orElse(null);
        sql.seen(actor.userId(), now);
        return new VillagerDay(h, year, ledger.balance(v, hh), reservations.heldPoints(v, hh),
                ledger.score(v, hh, Period.year(year)), ledger.isVetoed(v, hh, year), since,
                windows.nextForHouseholdsOf(v).orElse(null), windows.openEveryDayForHouseholdsOf(v),
                claims.objectionsToMine(actor, shown));
    }

    /** Whether the actor is a villager account bound to a household (the only one with a villager home). */
    public static boolean villager(Actor actor) {
        return actor.is(Role.VILLAGER) && actor.householdId() != null;
    }
}
