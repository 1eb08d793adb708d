package cn.jifen.directory.internal;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.documents.QrCodes;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Year;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Staff pages for households, residents and passbooks; and the villager's own passbook page. */
@Controller
class HouseholdPages {
    static final int MEMBER_ROWS = 6;
    private final Households households;
    private final OrgUnits orgUnits;
    private final PassbookCovers covers;
    private final ProblemMessages problems;

    HouseholdPages(Households households, OrgUnits orgUnits, PassbookCovers covers, ProblemMessages problems) {
        this.households = households;
        this.orgUnits = orgUnits;
        this.covers = covers;
        this.problems = problems;
    }

    @GetMapping("/console/households")
    String chooseVillage(Actor actor, Model model) {
        households.requireMayBrowse(actor);
        Optional<OrgUnit> own = orgUnits.ownVillage(actor);
        if (own.isPresent()) {
            return "redirect:/console/villages/" + own.get().code() + "/households";
        }
        model.addAttribute("villages", orgUnits.villagesVisible(actor));
        return "village-choose";
    }

    @GetMapping("/console/villages/{code}/households")
    String list(Actor actor, @PathVariable String code, @RequestParam(required = false) String q,
                @RequestParam(required = false) String grid, @RequestParam(defaultValue = "0") int page, Model model) {
        OrgUnit village = orgUnits.workingVillage(actor, code);
        model.addAttribute("village", village);
        model.addAttribute("grids", orgUnits.gridsOf(village).stream().filter(g -> actor.covers(g.path())).toList());
        model.addAttribute("q", q);
        model.addAttribute("grid", grid);
        model.addAttribute("page", households.list(actor, code, grid, q, page, 30));
        model.addAttribute("canWrite", actor.isAdmin());
        String base = "/console/villages/" + village.code() + "/households?q=" + (q == null ? "" : URLEncoder.encode(q, StandardCharsets.UTF_8))
                + "&grid=" + (grid == null ? "" : grid);
        model.addAttribute("base", base);
        return "households";
    }

    @GetMapping("/console/villages/{code}/households/new")
    String newForm(Actor actor, @PathVariable String code, Model model) {
        OrgUnit village = households.writableVillage(actor, code);
        model.addAttribute("village", village);
        model.addAttribute("grids", orgUnits.gridsOf(village).stream().filter(OrgUnit::active).toList());
        model.addAttribute("rows", MEMBER_ROWS);
        model.addAttribute("relations", ResidentRules.RELATIONS);
        return "household-new";
    }

    @PostMapping("/console/villages/{code}/households")
    String create(Actor actor, @PathVariable String code, @RequestParam MultiValueMap<String, String> form, Model model,
                  HttpServletResponse response) {
        HouseholdDraft draft = draft(form);
        try {
            Household h = households.create(actor, code, draft);
            return "redirect:/console/households/" + h.villageId() + "/" + h.id();
        } catch (InvalidInput e) {
            response.setStatus(422);
            model.addAttribute("problems", problems.of(e));
            model.addAttribute("form", form.toSingleValueMap());
            return newForm(actor, code, model);
        }
    }

    static HouseholdDraft draft(MultiValueMap<String, String> form) {
        List<ResidentDraft> members = new ArrayList<>();
        for (int i = 0; i < MEMBER_ROWS; i++) {
            String p = "m" + i + ".";
            String name = form.getFirst(p + "name");
            if (i > 0 && (name == null || name.isBlank())) {
                continue;
            }
            members.add(new ResidentDraft(name, i == 0 ? ResidentRules.HEAD : form.getFirst(p + "relation"),
                    form.getFirst(p + "gender"), form.getFirst(p + "birthYear"), form.getFirst(p + "phone"),
                    form.getFirst(p + "idCard"), form.containsKey(p + "partyMember"), form.getFirst(p + "partyBranch"),
                    form.containsKey(p + "disabled")));
        }
        return new HouseholdDraft(form.getFirst("householdRef"), form.getFirst("gridCode"), form.getFirst("address"),
                form.containsKey("lowIncome"), members);
    }

    @GetMapping("/console/households/{villageId}/{id}")
    String detail(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        Household h = households.get(actor, villageId, id);
        OrgUnit village = orgUnits.byId(villageId);
        model.addAttribute("h", h);
        model.addAttribute("village", village);
        model.addAttribute("lineage", orgUnits.lineage(village));
        model.addAttribute("grids", orgUnits.gridsOf(village).stream().filter(OrgUnit::active).toList());
        model.addAttribute("qr", qrDataUri(h.passbookNumber()));
        model.addAttribute("canWrite", actor.isAdmin());
        model.addAttribute("relations", ResidentRules.RELATIONS.stream().filter(r -> !r.equals(ResidentRules.HEAD)).toList());
        model.addAttribute("year", Year.now().getValue());
        return "household";
    }

    @PostMapping("/console/households/{villageId}/{id}")
    String update(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) String gridCode, @RequestParam(required = false) String address,
                  @RequestParam(required = false) String lowIncome, @RequestParam(required = false) String status,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        households.update(actor, villageId, id, gridCode, address, lowIncome != null, status, reason);
        return "redirect:/console/households/" + villageId + "/" + id;
    }

    @PostMapping("/console/households/{villageId}/{id}/members")
    String addMember(Actor actor, @PathVariable long villageId, @PathVariable long id,
                     @RequestParam MultiValueMap<String, String> f, RedirectAttributes flash) {
        households.addResident(actor, villageId, id, new ResidentDraft(f.getFirst("name"), f.getFirst("relation"),
                f.getFirst("gender"), f.getFirst("birthYear"), f.getFirst("phone"), f.getFirst("idCard"),
                f.containsKey("partyMember"), f.getFirst("partyBranch"), f.containsKey("disabled")));
        return "redirect:/console/households/" + villageId + "/" + id;
    }

    @PostMapping("/console/households/{villageId}/{id}/members/{residentId}/status")
    String memberStatus(Actor actor, @PathVariable long villageId, @PathVariable long id, @PathVariable long residentId,
                        @RequestParam(required = false) String status, @RequestParam(required = false) String reason,
                        RedirectAttributes flash) {
        households.setResidentStatus(actor, villageId, id, residentId, status, reason);
        return "redirect:/console/households/" + villageId + "/" + id;
    }

    @GetMapping("/console/households/{villageId}/{id}/cover.pdf")
    ResponseEntity<byte[]> cover(Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return pdf(covers.pdf(actor, villageId, id), "passbook-" + villageId + "-" + id + ".pdf");
    }

    @GetMapping("/console/passbooks/{number}")
    String byNumber(Actor actor, @PathVariable String number) {
        households.requireMayBrowse(actor);
        Household h = households.byPassbook(actor, number);
        return "redirect:/console/households/" + h.villageId() + "/" + h.id();
    }

    @GetMapping("/console/passbooks")
    String find(Actor actor, @RequestParam(required = false) String number) {
        return byNumber(actor, number == null ? "" : number.strip());
    }

    @GetMapping("/me/cover.pdf")
    ResponseEntity<byte[]> myCover(Actor actor) {
        return pdf(covers.pdf(actor, actor.orgUnitId(), actor.householdId() == null ? -1 : actor.householdId()),
                "passbook.pdf");
    }

    static String qrDataUri(String text) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(QrCodes.png(text, 240));
    }

    static ResponseEntity<byte[]> pdf(byte[] bytes, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(bytes);
    }
}
