package cn.jifen.identity.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.web.ProblemMessages;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff account pages, and the villager-account panel on a household page. */
@Controller
class UserPages {
    private final Users users;
    private final ProblemMessages problems;
    private final OrgUnits orgUnits;

    UserPages(Users users, ProblemMessages problems, OrgUnits orgUnits) {
        this.users = users;
        this.problems = problems;
        this.orgUnits = orgUnits;
    }

    @GetMapping("/console/users")
    String list(Actor actor, Model model) {
        model.addAttribute("users", users.list(actor, false));
        model.addAttribute("roles", Arrays.stream(Role.values())
                .filter(r -> r != Role.VILLAGER && (r.rank() < actor.role().rank()
                        || (r == Role.COUNTY_ADMIN && actor.is(Role.COUNTY_ADMIN)))).toList());
        model.addAttribute("canWrite", actor.isAdmin());
        // the units a new account may be bound to: the active units in scope, offered as a searchable list
        model.addAttribute("units", actor.isAdmin()
                ? orgUnits.tree(actor).stream().filter(OrgUnit::active).toList() : List.of());
        return "users";
    }

    @PostMapping("/console/users")
    String create(Actor actor, @RequestParam(required = false) String username,
                  @RequestParam(required = false) String displayName, @RequestParam(required = false) String role,
                  @RequestParam(required = false) String orgCode, @RequestParam(required = false) String password,
                  RedirectAttributes flash) {
        users.createStaff(actor, username, displayName, role, orgCode, password);
        return "redirect:/console/users";
    }

    @PostMapping("/console/users/{id}/active")
    String active(Actor actor, @PathVariable long id, @RequestParam boolean active,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        users.setActive(actor, id, active, reason);
        return "redirect:/console/users";
    }

    @PostMapping("/console/users/{id}/password")
    String reset(Actor actor, @PathVariable long id, @RequestParam(required = false) String password,
                 @RequestParam(required = false) String reason, RedirectAttributes flash) {
        users.resetPassword(actor, id, password, reason);
        return "redirect:/console/users";
    }

    /** htmx panel on the household page: the villager's login, or a form to open one. */
    @GetMapping("/console/households/{villageId}/{id}/account")
    String account(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        model.addAttribute("villageId", villageId);
        model.addAttribute("householdId", id);
        model.addAttribute("account", users.villagerOf(actor, villageId, id).orElse(null));
        return "villager-account :: panel";
    }

    @PostMapping("/console/households/{villageId}/{id}/account")
    String openAccount(Actor actor, @PathVariable long villageId, @PathVariable long id,
                       @RequestParam(required = false) String password, RedirectAttributes flash) {
        users.createVillager(actor, villageId, id, password);
        return "redirect:/console/households/" + villageId + "/" + id;
    }
}
