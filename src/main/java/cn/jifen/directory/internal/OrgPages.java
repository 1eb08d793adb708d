package cn.jifen.directory.internal;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.web.ProblemMessages;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The org tree pages (the staff home is the workbench module's). */
@Controller
class OrgPages {
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;

    OrgPages(OrgUnits orgUnits, ProblemMessages problems) {
        this.orgUnits = orgUnits;
        this.problems = problems;
    }

    @GetMapping("/console/org")
    String tree(Actor actor, Model model) {
        model.addAttribute("units", orgUnits.tree(actor));
        return "org-tree";
    }

    @GetMapping("/console/org/{code}")
    String unit(Actor actor, @PathVariable String code, Model model) {
        OrgUnit unit = orgUnits.visible(actor, code);
        model.addAttribute("unit", unit);
        model.addAttribute("lineage", orgUnits.lineage(unit));
        model.addAttribute("children", orgUnits.children(actor, code));
        model.addAttribute("canManage", actor.isAdmin());
        // where a grid may move: the other active villages in the actor's scope, picked from a list
        model.addAttribute("moveTargets", actor.isAdmin() && unit.level() == OrgLevel.GRID
                ? orgUnits.villagesVisible(actor).stream().filter(v -> v.active() && v.id() != unit.parentId()).toList()
                : List.of());
        return "org-unit";
    }

    @PostMapping("/console/org/{code}/children")
    String create(Actor actor, @PathVariable String code, @RequestParam(required = false) String childCode,
                  @RequestParam(required = false) String name, @RequestParam(required = false) String villageKind,
                  RedirectAttributes flash) {
        orgUnits.create(actor, code, childCode, name, villageKind);
        return "redirect:/console/org/" + code;
    }

    @PostMapping("/console/org/{code}/rename")
    String rename(Actor actor, @PathVariable String code, @RequestParam(required = false) String name,
                  RedirectAttributes flash) {
        orgUnits.rename(actor, code, name);
        return "redirect:/console/org/" + code;
    }

    @PostMapping("/console/org/{code}/move")
    String move(Actor actor, @PathVariable String code, @RequestParam(required = false) String village,
                RedirectAttributes flash) {
        orgUnits.moveGrid(actor, code, village);
        return "redirect:/console/org/" + code;
    }

    @PostMapping("/console/org/{code}/active")
    String active(Actor actor, @PathVariable String code, @RequestParam boolean active,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        orgUnits.setActive(actor, code, active, reason);
        return "redirect:/console/org/" + code;
    }
}
