package cn.jifen.rules;

import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The catalogue in force (public, printable) and the staff catalogue editor with versions. */
@Controller
class RulePages {
    private final RuleCatalogue catalogue;
    private final OrgUnits orgUnits;
    private final Clock clock;

    RulePages(RuleCatalogue catalogue, OrgUnits orgUnits, Clock clock) {
        this.catalogue = catalogue;
        this.orgUnits = orgUnits;
        this.clock = clock;
    }

    /** Public: the catalogue in force on a day, for anyone (and for printing). */
    @GetMapping("/rules")
    String published(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                     Model model) {
        fill(date, model);
        model.addAttribute("staff", false);
        return "rules";
    }

    @GetMapping("/console/rules")
    String console(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                   Model model) {
        fill(date, model);
        model.addAttribute("staff", true);
        model.addAttribute("canEdit", actor.isAdmin());
        model.addAttribute("ownUnit", orgUnits.byId(actor.orgUnitId()));
        return "rules";
    }

    @GetMapping("/console/rules/{code}")
    String item(Actor actor, @PathVariable String code, Model model) {
        var history = catalogue.history(code);
        model.addAttribute("versions", history);
        model.addAttribute("current", history.get(0));
        model.addAttribute("owner", orgUnits.byId(history.get(0).ownerOrgId()));
        model.addAttribute("canEdit", actor.isAdmin() && orgUnits.byId(history.get(0).ownerOrgId()).path().equals(actor.orgPath()));
        model.addAttribute("categories", catalogue.categories());
        return "rule-item";
    }

    @PostMapping("/console/rules")
    String create(Actor actor, @RequestParam MultiValueMap<String, String> form) {
        RuleItem created = catalogue.create(actor, orgUnits.byId(actor.orgUnitId()).code(), draft(form));
        return "redirect:/console/rules/" + created.code();
    }

    @PostMapping("/console/rules/{code}/versions")
    String revise(Actor actor, @PathVariable String code, @RequestParam MultiValueMap<String, String> form) {
        catalogue.revise(actor, code, draft(form), form.getFirst("reason"));
        return "redirect:/console/rules/" + code;
    }

    @PostMapping("/console/rules/{code}/retire")
    String retire(Actor actor, @PathVariable String code, @RequestParam(required = false) String reason) {
        catalogue.retire(actor, code, null, reason);
        return "redirect:/console/rules";
    }

    private void fill(LocalDate date, Model model) {
        LocalDate day = date == null ? LocalDate.now(clock) : date;
        model.addAttribute("day", day);
        model.addAttribute("categories", catalogue.categories());
        model.addAttribute("byCategory", catalogue.inForce(day).stream()
                .collect(Collectors.groupingBy(RuleItem::categoryId, java.util.LinkedHashMap::new, Collectors.toList())));
    }

    static ItemDraft draft(MultiValueMap<String, String> f) {
        Set<String> recorders = f.containsKey("recorders") ? Set.copyOf(f.get("recorders")) : Set.of();
        return new ItemDraft(f.getFirst("code"), f.getFirst("categoryCode"), f.getFirst("name"), f.getFirst("description"),
                f.getFirst("sign"), integer(f.getFirst("minPoints")), integer(f.getFirst("maxPoints")), f.getFirst("unit"),
                integer(f.getFirst("householdCap")), integer(f.getFirst("residentCap")), f.getFirst("capPeriod"),
                f.containsKey("evidenceRequired"), recorders, f.containsKey("partyOnly"), f.containsKey("veto"),
                !f.containsKey("noPublicity"), date(f.getFirst("validFrom")), date(f.getFirst("validTo")));
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw cn.jifen.shared.InvalidInput.of("minPoints", "error.rules.points");
        }
    }

    private static LocalDate date(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return LocalDate.parse(s.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw cn.jifen.shared.InvalidInput.of("validFrom", "error.wrongType");
        }
    }

    static String[] units() {
        return Arrays.stream(RuleUnit.values()).map(Enum::name).toArray(String[]::new);
    }
}
