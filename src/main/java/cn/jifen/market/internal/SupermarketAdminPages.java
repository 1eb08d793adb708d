package cn.jifen.market.internal;

import cn.jifen.market.SupermarketAdmin;
import cn.jifen.market.Supermarkets;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import java.util.function.Supplier;

/**
 * Pages to open a supermarket and to set it up: name, address, served villages, close and reopen.
 * A refused form is shown again with what was typed and what to fix.
 */
@Controller
public class SupermarketAdminPages {
    private final SupermarketAdmin admin;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;

    public SupermarketAdminPages(SupermarketAdmin admin, OrgUnits orgUnits, ProblemMessages problems) {
        this.admin = admin;
        this.orgUnits = orgUnits;
        this.problems = problems;
    }

    private static void requireAdmin(Actor actor) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
    }

    private static String settings(SupermarketAdmin.Info i) {
        return "/console/market/" + i.villageId() + "/" + i.id() + "/settings";
    }

    @GetMapping("/console/market/manage")
    public String manage(Actor actor, Model model) {
        requireAdmin(actor);
        model.addAttribute("villages", orgUnits.villagesVisible(actor).stream().filter(OrgUnit::active).toList());
        model.addAttribute("markets", admin.list(actor));
        return "market-manage";
    }

    @PostMapping("/console/market/manage")
    public String open(Actor actor, @RequestParam(required = false) String villageCode, @RequestParam(required = false) String name,
                @RequestParam(required = false) String address, Model model, HttpServletResponse response,
                RedirectAttributes flash) {
        requireAdmin(actor);
        try {
            SupermarketAdmin.Info i = admin.open(actor, villageCode, name, address, List.of());
            flash.addFlashAttribute("ok", problems.msg("sma.opened"));
            return "redirect:" + settings(i);
        } catch (InvalidInput e) {
            response.setStatus(422);
            model.addAttribute("problems", problems.of(e));
            model.addAttribute("typed", new SupermarketAdmin.Info(0, 0, villageCode, null, name, address, true, null, List.of()));
            return manage(actor, model);
        }
    }

    @GetMapping("/console/market/{v}/{s}/settings")
    public String settings(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        requireAdmin(actor);
        SupermarketAdmin.Info i = admin.get(actor, s);
        if (i.villageId() != v) {
            throw Supermarkets.notFound();
        }
        model.addAttribute("info", i);
        model.addAttribute("base", "/console/market/" + v + "/" + s);
        model.addAttribute("servable", admin.servable(actor, v));
        return "market-settings";
    }

    @PostMapping("/console/market/{v}/{s}/settings")
    public String save(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) String name,
                @RequestParam(required = false) String address,
                @RequestParam(name = "serves", required = false) List<String> serves,
                @RequestParam(defaultValue = "false") boolean servesShown, Model model,
                HttpServletResponse response, RedirectAttributes flash) {
        // no ticked box means "serves none" only where the boxes were on the form; otherwise keep them as they are
        List<String> served = servesShown ? (serves == null ? List.of() : serves) : null;
        return change(actor, v, s, model, response, flash, "sma.saved",
                () -> admin.update(actor, s, name == null ? "" : name, address == null ? "" : address, served));
    }

    @PostMapping("/console/market/{v}/{s}/close")
    public String close(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) String reason,
                 Model model, HttpServletResponse response, RedirectAttributes flash) {
        return change(actor, v, s, model, response, flash, "sma.closed", () -> admin.close(actor, s, reason));
    }

    @PostMapping("/console/market/{v}/{s}/reopen")
    public String reopen(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) String reason,
                  Model model, HttpServletResponse response, RedirectAttributes flash) {
        return change(actor, v, s, model, response, flash, "sma.reopened", () -> admin.reopen(actor, s, reason));
    }

    private String change(Actor actor, long v, long s, Model model, HttpServletResponse response,
                          RedirectAttributes flash, String okKey, Supplier<SupermarketAdmin.Info> change) {
        requireAdmin(actor);
        if (admin.get(actor, s).villageId() != v) {
            throw Supermarkets.notFound();
        }
        try {
            SupermarketAdmin.Info i = change.get();
            flash.addFlashAttribute("ok", problems.msg(okKey));
            return "redirect:" + settings(i);
        } catch (InvalidInput e) {
            response.setStatus(422);
            model.addAttribute("problems", problems.of(e));
        } catch (Conflict e) {
            response.setStatus(409);
            model.addAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        }
        return settings(actor, v, s, model);
    }
}
