package cn.jifen.workbench.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.claims.ResponsibilityPost;
import cn.jifen.claims.ResponsibilityPosts;
import cn.jifen.claims.SavedDrafts;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.VerifyRun;
import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The staff home (工作台): each role lands on its own work. A keeper with one supermarket goes straight to
 * its counter; a village admin sees its review queues (待审核, 待第二人审批, 有异议, 申诉) and what is in
 * publicity; a grid worker its records and its grid; town and county admins (and auditors, read-only) what
 * needs attention in the villages they oversee, each item linking to the page that fixes it.
 */
@Controller
public class WorkbenchPages {
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
    private final Clock clock;

    /** Lines of each attention list shown; the count beside says how many there are. */
    public static final int SHOWN = 10;

    public WorkbenchPages(OrgUnits orgUnits, Claims claims, Supermarkets supermarkets, Users users, Ledger ledger,
                   LedgerVerifier verifier, Clock clock, Activities activities,
                   ResponsibilityPosts posts, SavedDrafts drafts,
                   Complaints complaints) {
        this.complaints = complaints;
        this.drafts = drafts;
        this.activities = activities;
        this.posts = posts;
        this.users = users;
        this.ledger = ledger;
        this.verifier = verifier;
        this.clock = clock;
        this.orgUnits = orgUnits;
        this.claims = claims;
        this.supermarkets = supermarkets;
    }

    /** Where a staff member lands after logging in: a keeper of one open supermarket at its counter, others home. */
    @GetMapping("/console/start")
    public String start(Actor actor) {
        List<Supermarket> open = actor.is(Role.KEEPER)
                ? supermarkets.workplaces(actor).stream().filter(Supermarket::active).toList() : List.of();
        if (open.size() == 1) {
            Supermarket s = open.get(0);
            return "redirect:/console/market/" + s.villageId() + "/" + s.id() + "/counter";
        }
        return "redirect:/console";
    }

    @GetMapping("/console")
    public String home(Actor actor, Model model) {
        List<Supermarket> workplaces = actor.is(Role.KEEPER) ? supermarkets.workplaces(actor) : List.of();
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        Optional<OrgUnit> village = claims.defaultVillage(actor);
        model.addAttribute("actor", actor);
        model.addAttribute("own", own);
        model.addAttribute("village", village.orElse(null));
        model.addAttribute("villages", village.isPresent() && !actor.isAdmin() ? List.of(village.get())
                : orgUnits.villagesVisible(actor));
        model.addAttribute("workplaces", workplaces);
        model.addAttribute("recorder", actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER));
        // complaints waiting for an answer (the town: those escalated to it) and how many are overdue
        model.addAttribute("complaintsWaiting", complaints.waitingAndOverdue(actor));
        if (village.isPresent() && (actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            // the recorder's own drafts (草稿), newest first; an expired one is flagged, not dropped
            model.addAttribute("myDrafts", drafts.mine(actor, Paging.first(SHOWN)));
            model.addAttribute("zone", clock.getZone());
        }
        if (village.isPresent() && actor.is(Role.VILLAGE_ADMIN)) {
            reviewerQueues(actor, village.get(), model);
        }
        if (village.isPresent() && actor.is(Role.GRID_WORKER)) {
            model.addAttribute("myRecords", claims.queue(actor, village.get(), Paging.first(10)).items());
            model.addAttribute("grid", own);
            gridDay(actor, village.get(), model);
        }
        if (village.isEmpty() && (actor.isAdmin() || actor.is(Role.AUDITOR))) {
            model.addAttribute("attention", attention(actor));
            model.addAttribute("readOnly", !actor.isAdmin());
        }
        return "console";
    }

    /** The grid worker's day: the village's activities today and the posts nobody has inspected this month. */
    private void gridDay(Actor actor, OrgUnit village, Model model) {
        model.addAttribute("todaysActivities", activities.on(actor, village.code(), LocalDate.now(clock)));
        model.addAttribute("zone", clock.getZone()); // the database may hand times back in UTC (PostgreSQL does)
        Page<ResponsibilityPost> due =
                posts.uninspected(actor, village.code(), null, Paging.first(SHOWN));
        model.addAttribute("uninspected", due);
    }

    /** Counts per queue, so a reviewer sees at a glance what waits, and the oldest items of each. */
    private void reviewerQueues(Actor actor, OrgUnit village, Model model) {
        // counted in the database: the lists are capped for display
        Map<ClaimStatus, Long> counts = claims.countsByStatus(actor, village);
        model.addAttribute("toReview", counts.getOrDefault(ClaimStatus.RECORDED, 0L));
        model.addAttribute("awaitingSecond", counts.getOrDefault(ClaimStatus.AWAITING_SECOND_APPROVAL, 0L));
        model.addAttribute("objected", counts.getOrDefault(ClaimStatus.OBJECTED, 0L));
        model.addAttribute("appeals", claims.withOpenAppeal(actor, village));
        model.addAttribute("inPublicity", counts.getOrDefault(ClaimStatus.IN_PUBLICITY, 0L));
        // A veto needs two different approvers: where the village has one admin, a town admin completes it.
        long admins = users.list(actor, false).stream()
                .filter(u -> u.active() && u.role() == Role.VILLAGE_ADMIN && u.orgUnitId() == village.id()).count();
        model.addAttribute("singleAdmin", admins <= 1);
        model.addAttribute("oldest", claims.longestWaiting(actor, village, 10));
    }

    /** How the last verify over the scope ended: intact, broken in a village of the scope, or broken outside it. */
    public record LastVerify(LocalDateTime ranAt, boolean intact, OrgUnit village, OrgUnit brokenVillage,
                             String problem, boolean brokenElsewhere, long entriesChecked) { }

    /** What needs attention in a town or county: each list capped at {@link #SHOWN}, each count from the database. */
    public record Attention(List<OrgUnit> quietVillages, long quietCount, List<Supermarkets.Standing> failing,
                            long failingCount, List<Supermarket> closed, long closedCount, List<Claim> overdueObjections,
                            long overdueCount, List<Claim> vetoes, long vetoCount, LastVerify lastVerify,
                            Map<Long, OrgUnit> villages, int standards) {
        public boolean nothing() {
            return quietCount + failingCount + closedCount + overdueCount + vetoCount == 0;
        }
    }

    private Attention attention(Actor actor) {
        List<OrgUnit> villages = orgUnits.villagesVisible(actor).stream().filter(v -> actor.covers(v.path())).toList();
        Map<Long, OrgUnit> byId = villages.stream().collect(Collectors.toMap(OrgUnit::id, Function.identity()));
        List<OrgUnit> active = villages.stream().filter(OrgUnit::active).toList();
        // one grouped query for the villages that have postings this month; the rest are quiet
        Set<Long> posted = ledger.villagesWithPostings(active.stream().map(OrgUnit::id).toList(),
                Period.month(YearMonth.now(clock)));
        List<OrgUnit> quiet = active.stream().filter(v -> !posted.contains(v.id()))
                .sorted(Comparator.comparing(OrgUnit::code)).toList();
        return new Attention(quiet.stream().limit(SHOWN).toList(), quiet.size(),
                supermarkets.failingStandards(actor, villages, SHOWN), supermarkets.countFailingStandards(actor, villages),
                supermarkets.closedIn(actor, villages, SHOWN), supermarkets.countClosedIn(actor, villages),
                claims.overdueObjections(actor, villages, SHOWN), claims.countOverdueObjections(actor, villages),
                claims.vetoesAwaitingSecond(actor, villages, SHOWN), claims.countVetoesAwaitingSecond(actor, villages),
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
}
