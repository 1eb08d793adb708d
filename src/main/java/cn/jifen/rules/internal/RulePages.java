package cn.jifen.rules.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.ItemDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.FormValues;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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

    /** Public: the catalogue in force on a day, for anyone (and for printing); for one village with its own points. */
    @GetMapping("/rules")
    String published(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                     @RequestParam(required = false) String village, Model model) {
        OrgUnit v = publicVillage(village);
        fill(date, v, model);
        model.addAttribute("staff", false);
        model.addAttribute("village", v);
        return "rules";
    }

    /** Public: the same catalogue as an A4 PDF with the bundled Chinese font. */
    @GetMapping(value = "/rules.pdf", produces = MediaType.APPLICATION_PDF_VALUE)
    ResponseEntity<byte[]> pdf(@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                               @RequestParam(required = false) String village) {
        OrgUnit v = publicVillage(village);
        LocalDate day = date == null ? LocalDate.now(clock) : date;
        List<RuleItem> items = v == null ? catalogue.inForce(day) : catalogue.inForceFor(v, day);
        String scope = v == null ? orgUnits.counties().stream().findFirst().map(OrgUnit::name).orElse("") : v.name();
        byte[] pdf = CataloguePdf.render(scope, day, catalogue.categories(), byCategory(items), LocalDate.now(clock));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline()
                        .filename("catalogue-" + day + ".pdf").build().toString())
                .body(pdf);
    }

    private OrgUnit publicVillage(String code) {
        if (Texts.clean(code) == null) {
            return null;
        }
        return orgUnits.byCode(code.strip()).filter(u -> u.isVillage() && u.active())
                .orElseThrow(() -> new NotFound("error.org.notFound"));
    }

    /** A town or village admin sets its own points for a county item, within the county's bounds. */
    @PostMapping("/console/rules/{code}/local")
    String local(Actor actor, @PathVariable String code, @RequestParam(required = false) String minPoints,
                 @RequestParam(required = false) String maxPoints, @RequestParam(required = false) String validFrom,
                 @RequestParam(required = false) String reason) {
        catalogue.adjustPoints(actor, orgUnits.byId(actor.orgUnitId()).code(), code, integer(minPoints),
                integer(maxPoints), date("validFrom", validFrom), reason);
        return "redirect:/console/rules/" + code;
    }

    @GetMapping("/console/rules")
    String console(Actor actor, @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate date,
                   Model model) {
        fill(date, null, model);
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
        RuleItem current = history.get(0);
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        boolean countyItem = orgUnits.lineage(own).get(0).id() == current.ownerOrgId();
        boolean adjustable = countyItem && !current.veto() && (actor.is(Role.TOWN_ADMIN) || actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("adjustable", adjustable);
        if (adjustable) {
            model.addAttribute("bounds", catalogue.localBounds(own, current));
            model.addAttribute("ownLocal", catalogue.ownLocal(own, current.itemId()).orElse(null));
            model.addAttribute("ownUnit", own);
        }
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

    private void fill(LocalDate date, OrgUnit village, Model model) {
        LocalDate day = date == null ? LocalDate.now(clock) : date;
        model.addAttribute("day", day);
        model.addAttribute("categories", catalogue.categories());
        model.addAttribute("byCategory", byCategory(village == null ? catalogue.inForce(day) : catalogue.inForceFor(village, day)));
    }

    private static Map<Long, List<RuleItem>> byCategory(List<RuleItem> items) {
        return items.stream()
                .collect(Collectors.groupingBy(RuleItem::categoryId, LinkedHashMap::new, Collectors.toList()));
    }

    static ItemDraft draft(MultiValueMap<String, String> f) {
        Set<String> recorders = f.containsKey("recorders") ? Set.copyOf(f.get("recorders")) : Set.of();
        return new ItemDraft(f.getFirst("code"), f.getFirst("categoryCode"), f.getFirst("name"), f.getFirst("description"),
                f.getFirst("sign"), integer(f.getFirst("minPoints")), integer(f.getFirst("maxPoints")), f.getFirst("unit"),
                integer(f.getFirst("householdCap")), integer(f.getFirst("residentCap")), f.getFirst("capPeriod"),
                f.containsKey("evidenceRequired"), recorders, f.containsKey("partyOnly"), f.containsKey("veto"),
                !f.containsKey("noPublicity"), date("validFrom", f.getFirst("validFrom")),
                date("validTo", f.getFirst("validTo")));
    }

    private static Integer integer(String s) {
        if (s == null || s.isBlank()) {
            return null;
        }
        try {
            return Integer.valueOf(s.strip());
        } catch (NumberFormatException e) {
            throw InvalidInput.of("minPoints", "error.rules.points");
        }
    }

    private static LocalDate date(String field, String raw) {
        return FormValues.date(field, raw, "error.wrongType");
    }

    static String[] units() {
        return Arrays.stream(RuleUnit.values()).map(Enum::name).toArray(String[]::new);
    }
}
