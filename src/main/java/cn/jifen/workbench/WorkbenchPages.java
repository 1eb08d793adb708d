package cn.jifen.workbench;

import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.market.Supermarkets;
import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The staff home (工作台): each role lands on its own work. A keeper with one supermarket goes straight to
 * its counter; a village admin sees its review queues (待审核, 待第二人审批, 有异议, 申诉) and what is in
 * publicity; a grid worker its records and its grid; town and county the villages they oversee.
 */
@Controller
class WorkbenchPages {
    private final OrgUnits orgUnits;
    private final Claims claims;
    private final Supermarkets supermarkets;
    private final Users users;

    WorkbenchPages(OrgUnits orgUnits, Claims claims, Supermarkets supermarkets, Users users) {
        this.users = users;
        this.orgUnits = orgUnits;
        this.claims = claims;
        this.supermarkets = supermarkets;
    }

    /** Where a staff member lands after logging in: a keeper of one open supermarket at its counter, others home. */
    @GetMapping("/console/start")
    String start(Actor actor) {
        List<Supermarket> open = actor.is(Role.KEEPER)
                ? supermarkets.workplaces(actor).stream().filter(Supermarket::active).toList() : List.of();
        if (open.size() == 1) {
            Supermarket s = open.get(0);
            return "redirect:/console/market/" + s.villageId() + "/" + s.id() + "/counter";
        }
        return "redirect:/console";
    }

    @GetMapping("/console")
    String home(Actor actor, Model model) {
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
        if (village.isPresent() && actor.is(Role.VILLAGE_ADMIN)) {
            reviewerQueues(actor, village.get(), model);
        }
        if (village.isPresent() && actor.is(Role.GRID_WORKER)) {
            model.addAttribute("myRecords", claims.queue(actor, village.get(), cn.jifen.shared.Paging.first(10)).items());
            model.addAttribute("grid", own);
        }
        return "console";
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
}
