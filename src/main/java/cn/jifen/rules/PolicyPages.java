package cn.jifen.rules;

import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The county's points policy: read by admins and auditors, changed by the county admin with a reason. */
@Controller
class PolicyPages {
    private final CountyPolicies policies;
    private final OrgUnits orgUnits;

    PolicyPages(CountyPolicies policies, OrgUnits orgUnits) {
        this.policies = policies;
        this.orgUnits = orgUnits;
    }

    @GetMapping("/console/policy")
    String show(Actor actor, Model model) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        model.addAttribute("policy", policies.of(orgUnits.byId(actor.orgUnitId())));
        model.addAttribute("history", policies.history(actor));
        model.addAttribute("canEdit", actor.is(Role.COUNTY_ADMIN));
        return "policy";
    }

    @PostMapping("/console/policy")
    String save(Actor actor, @RequestParam(required = false) Integer basePoints,
                @RequestParam(required = false) String expiryDate,
                @RequestParam(required = false) Integer vetoBlockMonths,
                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closedThrough,
                @RequestParam(required = false) Integer localAdjustPercent,
                @RequestParam(required = false) String reason) {
        policies.update(actor, new CountyPolicies.Draft(basePoints, expiryDate, vetoBlockMonths, closedThrough,
                localAdjustPercent, reason));
        return "redirect:/console/policy";
    }
}
