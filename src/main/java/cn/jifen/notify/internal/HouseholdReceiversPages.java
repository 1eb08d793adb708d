package cn.jifen.notify.internal;

import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages for household members who receive the household's notices: the head's own (under /me, reached from
 * the notification settings) and the panel on the household's page for the village clerk.
 */
@Controller
class HouseholdReceiversPages {
    private final HouseholdReceivers receivers;
    private final ProblemMessages problems;

    HouseholdReceiversPages(HouseholdReceivers receivers, ProblemMessages problems) {
        this.receivers = receivers;
        this.problems = problems;
    }

    @GetMapping("/me/notify/members")
    String mine(Actor actor, Model model) {
        return page(model, receivers.mine(actor), "/me/notify/members", "/inbox/settings");
    }

    @PostMapping("/me/notify/members/{residentId}")
    String changeMine(Actor actor, @PathVariable long residentId, @RequestParam(defaultValue = "false") boolean on,
                      @RequestParam(defaultValue = "false") boolean consent,
                      @RequestParam(required = false) String wechatOpenid,
                      @RequestParam(required = false) String consentNote, Model model, HttpServletResponse response) {
        try {
            if (on) {
                receivers.signUpMine(actor, residentId, new HouseholdReceivers.SignUp(consent, wechatOpenid, consentNote));
            } else {
                receivers.stopMine(actor, residentId);
            }
            return "redirect:/me/notify/members?saved";
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("problems", problems.of(e));
            return page(model, receivers.mine(actor), "/me/notify/members", "/inbox/settings");
        }
    }

    /** htmx panel on the household page. */
    @GetMapping("/console/households/{villageId}/{id}/notify-members")
    String panel(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        model.addAttribute("receivers", receivers.list(actor, villageId, id));
        model.addAttribute("base", "/console/households/" + villageId + "/" + id + "/notify-members");
        return "notify-members-panel :: panel";
    }

    @PostMapping("/console/households/{villageId}/{id}/notify-members/{residentId}")
    String change(Actor actor, @PathVariable long villageId, @PathVariable long id, @PathVariable long residentId,
                  @RequestParam(defaultValue = "false") boolean on, @RequestParam(defaultValue = "false") boolean consent,
                  @RequestParam(required = false) String wechatOpenid, @RequestParam(required = false) String consentNote,
                  Model model, HttpServletResponse response) {
        String household = "/console/households/" + villageId + "/" + id;
        try {
            if (on) {
                receivers.signUp(actor, villageId, id, residentId,
                        new HouseholdReceivers.SignUp(consent, wechatOpenid, consentNote));
            } else {
                receivers.stop(actor, villageId, id, residentId);
            }
            return "redirect:" + household;
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("problems", problems.of(e));
            return page(model, receivers.list(actor, villageId, id), household + "/notify-members", household);
        }
    }

    private static String page(Model model, List<HouseholdReceivers.Receiver> list, String base, String back) {
        model.addAttribute("receivers", list);
        model.addAttribute("base", base);
        model.addAttribute("back", back);
        return "notify-members";
    }
}
