package cn.jifen.workbench.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The staff home (工作台): each role lands on its own work. A keeper with one supermarket goes straight to
 * its counter; a village admin sees its review queues (待审核, 待第二人审批, 有异议, 申诉) and what is in
 * publicity; a grid worker its records and its grid; town and county admins (and auditors, read-only) what
 * needs attention in the villages they oversee, each item linking to the page that fixes it. What is shown is
 * gathered by {@link RoleHomes}, like the JSON home.
 */
@Controller
public class WorkbenchPages {
    /** Lines of each attention list shown; the count beside says how many there are. */
    public static final int SHOWN = 10;

    private final RoleHomes homes;
    private final OrgUnits orgUnits;
    private final Clock clock;

    public WorkbenchPages(RoleHomes homes, OrgUnits orgUnits, Clock clock) {
        this.homes = homes;
        this.orgUnits = orgUnits;
        this.clock = clock;
    }

    /** Where a staff member lands after logging in: a keeper of one open supermarket at its counter, others home. */
    @GetMapping("/console/start")
    public String start(Actor actor) {
        List<Supermarket> open = homes.workplaces(actor).stream().filter(Supermarket::active).toList();
        if (open.size() == 1) {
            Supermarket s = open.get(0);
            return "redirect:/console/market/" + s.villageId() + "/" + s.id() + "/counter";
        }
        return "redirect:/console";
    }

    @GetMapping("/console")
    public String home(Actor actor, Model model) {
        Optional<OrgUnit> village = homes.village(actor);
        model.addAttribute("actor", actor);
        model.addAttribute("own", orgUnits.byId(actor.orgUnitId()));
        model.addAttribute("village", village.orElse(null));
        model.addAttribute("villages", village.isPresent() && !actor.isAdmin() ? List.of(village.get())
                : orgUnits.villagesVisible(actor));
        model.addAttribute("workplaces", homes.workplaces(actor));
        model.addAttribute("recorder", RoleHomes.recorder(actor));
        model.addAttribute("complaintsWaiting", homes.complaintsWaiting(actor));
        if (village.isPresent() && RoleHomes.recorder(actor)) {
            model.addAttribute("myDrafts", homes.drafts(actor, Paging.first(SHOWN)));
            model.addAttribute("zone", clock.getZone());
        }
        if (village.isPresent() && RoleHomes.reviewer(actor)) {
            RoleHomes.ReviewerQueues q = homes.reviewerQueues(actor, village.get(), SHOWN);
            model.addAttribute("toReview", q.toReview());
            model.addAttribute("awaitingSecond", q.awaitingSecond());
            model.addAttribute("objected", q.objected());
            model.addAttribute("appeals", q.appeals());
            model.addAttribute("inPublicity", q.inPublicity());
            model.addAttribute("singleAdmin", q.singleAdmin());
            model.addAttribute("oldest", q.oldest());
        }
        if (village.isPresent() && actor.is(Role.GRID_WORKER)) {
            RoleHomes.GridDay day = homes.gridDay(actor, village.get(), Paging.first(SHOWN));
            model.addAttribute("myRecords", day.myRecords().items());
            model.addAttribute("grid", day.grid());
            model.addAttribute("todaysActivities", day.todaysActivities());
            model.addAttribute("zone", clock.getZone()); // the database may hand times back in UTC (PostgreSQL does)
            model.addAttribute("uninspected", day.uninspected());
        }
        if (homes.overseer(actor, village)) {
            model.addAttribute("attention", homes.attention(actor, SHOWN));
            model.addAttribute("readOnly", !actor.isAdmin());
        }
        return "console";
    }
}
