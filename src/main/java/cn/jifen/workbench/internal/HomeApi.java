package cn.jifen.workbench.internal;

import cn.jifen.claims.Activity;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimChange;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.ObjectionOutcome;
import cn.jifen.claims.ResponsibilityPost;
import cn.jifen.claims.SavedDraft;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.ledger.StatementLine;
import cn.jifen.market.Product;
import cn.jifen.market.Redemption;
import cn.jifen.market.RedemptionWindow;
import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's home (工作台) as JSON, for an app or a county's own tool: the same things the home pages show, read
 * through the same {@link RoleHomes}. Each section is present for the roles whose page shows it and null otherwise;
 * every list is the first {@code size} items (default {@value #DEFAULT_SIZE}, at most
 * {@value RoleHomes#MAX_SHOWN}) beside its total, in the API's
 * {@link Page} shape, and the list endpoints page through the rest.
 */
@RestController
@Tag(name = "home", description = "各角色的工作台 / each role's home")
class HomeApi {
    static final int DEFAULT_SIZE = 10;

    private final RoleHomes homes;
    private final OrgUnits orgUnits;

    HomeApi(RoleHomes homes, OrgUnits orgUnits) {
        this.homes = homes;
        this.orgUnits = orgUnits;
    }

    /** An org unit by its code and name. */
    record Unit(String code, String name) {
        static Unit of(OrgUnit u) {
            return u == null ? null : new Unit(u.code(), u.name());
        }
    }

    record ComplaintsWaiting(long waiting, long overdue) { }

    /**
     * A veto (一票否决) approved once, and who may give the second approval: another active admin of the village, or,
     * where the village has no other, a town admin ({@code townAdminCompletes}).
     */
    record VetoWaiting(Claim claim, List<String> secondApprovers, boolean townAdminCompletes) { }

    /** The village admin's review queues, each a first page (newest first) with its total. */
    record Reviewer(Unit village, Page<Claim> toReview, Page<Claim> objected, Page<Claim> appeals,
                    Page<VetoWaiting> awaitingSecondApproval, Page<Claim> inPublicity, List<Claim> longestWaiting,
                    boolean singleAdmin) { }

    /** The grid worker's grid and day. */
    record Grid(Unit village, Unit grid, long households, Page<ResponsibilityPost> uninspectedThisMonth,
                List<Activity> todaysActivities, Page<Claim> myRecords) { }

    /** One counter of a keeper: today's (county day) completed redemptions and points, and goods running low. */
    record Counter(Supermarket supermarket, long redemptionsToday, long pointsToday, Page<Redemption> todaysRedemptions,
                   Page<Product> lowStock) { }

    record FailingSupermarket(Supermarket supermarket, Unit village, int standardsMet, int standards) { }

    record ClosedSupermarket(Supermarket supermarket, Unit village) { }

    /** The last verify of the ledger over the scope; a problem in a village outside it is not named. */
    record LastVerify(LocalDateTime ranAt, boolean intact, Unit village, Unit brokenVillage, String problem,
                      boolean brokenElsewhere, long entriesChecked) { }

    /** What needs attention in a town or county; auditors read it ({@code readOnly}). */
    record Attention(boolean readOnly, Page<Unit> villagesWithoutPostingsThisMonth,
                     Page<FailingSupermarket> supermarketsFailingStandards, Page<ClosedSupermarket> closedSupermarkets,
                     Page<Claim> objectionsPastDeadline, Page<Claim> vetoesAwaitingSecondApproval,
                     LastVerify lastVerify) { }

    /** What changed since the previous visit (county time); null on the first visit. */
    record Since(LocalDateTime at, Page<StatementLine> postings, Page<ClaimChange> claimChanges) { }

    /** The villager's household: points to spend, what changed, next redemption day, objections to its claims. */
    record Villager(String passbookNumber, String headName, long balance, long heldByReservations, long spendable,
                    int year, long yearScore, boolean vetoed, Since sinceLastVisit, RedemptionWindow nextRedemptionDay,
                    boolean openEveryDay, List<ObjectionOutcome> objectionsToMyClaims) { }

    record Home(Role role, String displayName, Unit orgUnit, ComplaintsWaiting complaints, Page<SavedDraft> drafts,
                Reviewer reviewer, Grid grid, List<Counter> counters, Attention attention, Villager villager) { }

    @GetMapping("/api/v1/me/home")
    @Operation(summary = "我的工作台：按角色给出首页显示的内容（村级管理员：待审核/有异议/申诉/待第二人审批/公示中；网格员：本网格农户数、"
            + "本月未检查的责任岗、今天的活动、我的记录；草稿；超市管理员：每间超市今天的兑换和库存偏低的物品；镇/县：需要关注的事项；"
            + "村民：余额、预订占用、上次来访以来的变动（和网页一样，读一次即算来访一次）、下一个集中兑换日、对我家申报的异议及结果）。"
            + "每个列表给前 size 条（默认 10，最多 100）和 total / the caller's home by role")
    Home home(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer size) {
        if (size != null && size > RoleHomes.MAX_SHOWN) {
            throw InvalidInput.of("size", "error.paging.size", RoleHomes.MAX_SHOWN);
        }
        Paging first = Paging.of(0, size == null ? DEFAULT_SIZE : size);
        if (RoleHomes.villager(actor)) {
            return new Home(actor.role(), actor.displayName(), Unit.of(orgUnits.byId(actor.orgUnitId())), null, null,
                    null, null, null, null, villager(actor, first));
        }
        Optional<OrgUnit> village = homes.village(actor);
        long[] waiting = actor.isStaff() ? homes.complaintsWaiting(actor) : new long[] {0, 0};
        boolean recorder = village.isPresent() && RoleHomes.recorder(actor);
        return new Home(actor.role(), actor.displayName(), Unit.of(orgUnits.byId(actor.orgUnitId())),
                new ComplaintsWaiting(waiting[0], waiting[1]),
                recorder ? homes.drafts(actor, first) : null,
                village.isPresent() && RoleHomes.reviewer(actor) ? reviewer(actor, village.get(), first) : null,
                village.isPresent() && actor.is(Role.GRID_WORKER) ? grid(actor, village.get(), first) : null,
                actor.is(Role.KEEPER) ? counters(actor, first) : null,
                homes.overseer(actor, village) ? attention(actor, first) : null, null);
    }

    private Reviewer reviewer(Actor actor, OrgUnit village, Paging first) {
        RoleHomes.ReviewerQueues q = homes.reviewerQueues(actor, village, first.size());
        Page<Claim> waiting = homes.claimsIn(actor, village, ClaimStatus.AWAITING_SECOND_APPROVAL, first);
        Page<VetoWaiting> vetoes = first.of(waiting.items().stream().map(c -> veto(c, q.villageAdmins())).toList(),
                waiting.total());
        return new Reviewer(Unit.of(village), homes.claimsIn(actor, village, ClaimStatus.RECORDED, first),
                homes.claimsIn(actor, village, ClaimStatus.OBJECTED, first), first.slice(q.appeals()), vetoes,
                homes.claimsIn(actor, village, ClaimStatus.IN_PUBLICITY, first), q.oldest(), q.singleAdmin());
    }

    /** The second approver must differ from the first: the village's other admins, else a town admin. */
    private static VetoWaiting veto(Claim c, List<UserAccount> villageAdmins) {
        List<String> others = villageAdmins.stream().filter(u -> !Objects.equals(u.id(), c.firstApprover()))
                .map(UserAccount::displayName).toList();
        return new VetoWaiting(c, others, others.isEmpty());
    }

    private Grid grid(Actor actor, OrgUnit village, Paging first) {
        RoleHomes.GridDay day = homes.gridDay(actor, village, first);
        return new Grid(Unit.of(village), Unit.of(day.grid()), homes.householdsOfGrid(actor, village, day.grid()),
                day.uninspected(), day.todaysActivities(), day.myRecords());
    }

    private List<Counter> counters(Actor actor, Paging first) {
        return homes.counterDays(actor, first).stream().map(d -> new Counter(d.supermarket(), d.today().redemptions(),
                d.today().points(), d.todaysRedemptions(), d.lowStock())).toList();
    }

    private Attention attention(Actor actor, Paging first) {
        RoleHomes.Attention a = homes.attention(actor, first.size());
        Map<Long, OrgUnit> villages = a.villages();
        RoleHomes.LastVerify lv = a.lastVerify();
        return new Attention(!actor.isAdmin(),
                first.of(a.quietVillages().stream().map(Unit::of).toList(), a.quietCount()),
                first.of(a.failing().stream().map(f -> new FailingSupermarket(f.supermarket(),
                        Unit.of(villages.get(f.supermarket().villageId())), f.standardsMet(), a.standards())).toList(),
                        a.failingCount()),
                first.of(a.closed().stream().map(s -> new ClosedSupermarket(s, Unit.of(villages.get(s.villageId()))))
                        .toList(), a.closedCount()),
                first.of(a.overdueObjections(), a.overdueCount()), first.of(a.vetoes(), a.vetoCount()),
                lv == null ? null : new LastVerify(lv.ranAt(), lv.intact(), Unit.of(lv.village()),
                        Unit.of(lv.brokenVillage()), lv.problem(), lv.brokenElsewhere(), lv.entriesChecked()));
    }

    private Villager villager(Actor actor, Paging first) {
        RoleHomes.VillagerDay d = homes.villagerDay(actor, first.size());
        RoleHomes.Since s = d.since();
        Since since = s == null ? null : new Since(s.at(), first.of(s.lines(), s.lineCount()),
                first.of(s.claimChanges(), s.claimChangeCount()));
        return new Villager(d.household().passbookNumber(),
                d.household().head() == null ? null : d.household().head().name(), d.balance(), d.held(),
                d.spendable(), d.year(), d.yearScore(), d.vetoed(), since, d.next(), d.openEveryDay(), d.objections());
    }
}
