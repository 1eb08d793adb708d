package cn.jifen.identity;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.web.ProblemMessages;
import java.util.Arrays;
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

    UserPages(Users users, ProblemMessages problems) {
        this.users = users;
        this.problems = problems;
    }

    @GetMapping("/console/users")
    String list(Actor actor, Model model) {
        model.addAttribute("users", users.list(actor, false));
        model.addAttribute("roles", Arrays.stream(Role.values())
                .filter(r -> r != Role.VILLAGER && (r.rank() < actor.role().rank()
                        || (r == Role.COUNTY_ADMIN && actor.is(Role.COUNTY_ADMIN)))).toList());
        model.addAttribute("canWrite", actor.isAdmin());
        return "users";
    }

    @PostMapping("/console/users")
    String create(Actor actor, @RequestParam(required = false) String username,
                  @RequestParam(required = false) String displayName, @RequestParam(required = false) String role,
                  @RequestParam(required = false) String orgCode, @RequestParam(required = false) String password,
                  RedirectAttributes flash) {
        try {
            users.createStaff(actor, username, displayName, role, orgCode, password);
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        }
        return "redirect:/console/users";
    }

    @PostMapping("/console/users/{id}/active")
    String active(Actor actor, @PathVariable long id, @RequestParam boolean active,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        try {
            users.setActive(actor, id, active, reason);
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        }
        return "redirect:/console/users";
    }

    @PostMapping("/console/users/{id}/password")
    String reset(Actor actor, @PathVariable long id, @RequestParam(required = false) String password,
                 @RequestParam(required = false) String reason, RedirectAttributes flash) {
        try {
            users.resetPassword(actor, id, password, reason);
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        }
        return "redirect:/console/users";
    }

    /** htmx panel on the household page: the villager's login, or a form to open one. */
    @GetMapping("/console/households/{villageId}/{id}/account")
    String account(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        model.addAttribute("villageId", villageId);
        model.addAttribute("householdId", id);
        model.addAttribute("account", actor.isAdmin() ? users.villagerOf(villageId, id).orElse(null) : null);
        return "villager-account :: panel";
    }

    @PostMapping("/console/households/{villageId}/{id}/account")
    String openAccount(Actor actor, @PathVariable long villageId, @PathVariable long id,
                       @RequestParam(required = false) String password, RedirectAttributes flash) {
        try {
            users.createVillager(actor, villageId, id, password);
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        } catch (Conflict e) {
            flash.addFlashAttribute("problems", java.util.List.of(problems.msg(e.messageKey())));
        }
        return "redirect:/console/households/" + villageId + "/" + id;
    }
}
