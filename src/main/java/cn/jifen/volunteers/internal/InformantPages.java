package cn.jifen.volunteers.internal;

import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.volunteers.InformantReport;
import cn.jifen.volunteers.Informants;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.FormValues;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Informants for staff (/console/informants: appointments, reports to confirm) and for villagers (/me/reports). */
@Controller
class InformantPages {
    private static final int PAGE = 50;

    private final Informants informants;
    private final Claims claims;
    private final OrgUnits orgUnits;
    private final ProblemMessages messages;
    private final FormRefusals forms;
    private final Clock clock;

    InformantPages(Informants informants, Claims claims, OrgUnits orgUnits, ProblemMessages messages, FormRefusals forms,
                   Clock clock) {
        this.informants = informants;
        this.claims = claims;
        this.orgUnits = orgUnits;
        this.messages = messages;
        this.forms = forms;
        this.clock = clock;
    }

    // ------------------------------------------------------------ staff

    @GetMapping("/console/informants")
    String staff(Actor actor, @RequestParam(required = false) String village, @RequestParam(defaultValue = "0") int page,
                 Model model) {
        if (!fill(actor, village, page, model)) {
            return "informants";
        }
        model.addAttribute("form", Map.of());
        return "informants";
    }

    /** False when a town or county actor must first choose a village. */
    private boolean fill(Actor actor, String village, int page, Model model) {
        OrgUnit v;
        try {
            v = villageOf(actor, village);
        } catch (InvalidInput e) {
            model.addAttribute("village", null);
            model.addAttribute("villages", orgUnits.villagesVisible(actor));
            model.addAttribute("form", Map.of());
            return false;
        }
        model.addAttribute("village", v);
        Page<InformantReport> p = informants.reports(actor, v.code(), new Paging(page, PAGE));
        model.addAttribute("reports", p.items());
        model.addAttribute("page", p);
        model.addAttribute("informants", informants.list(actor, v.code()));
        boolean admin = actor.is(Role.VILLAGE_ADMIN);
        model.addAttribute("admin", admin);
        model.addAttribute("decider", admin || actor.is(Role.GRID_WORKER));
        model.addAttribute("grids", admin ? orgUnits.gridsOf(v) : List.of());
        model.addAttribute("items", admin || actor.is(Role.GRID_WORKER) ? claims.itemsInForce(v).stream()
                .filter(i -> !i.veto()).toList() : List.of());
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("rewardItem", informants.rewardItem());
        return true;
    }

    private OrgUnit villageOf(Actor actor, String village) {
        return orgUnits.staffVillage(actor, village);
    }

    private String again(Actor actor, long villageId, RuntimeException e, Map<String, Object> form, Model model,
                         HttpServletResponse response) {
        return forms.again(e, form, model, response, () -> {
            fill(actor, orgUnits.byId(villageId).code(), 0, model);
            return "informants";
        });
    }

    @PostMapping("/console/informants")
    String appoint(Actor actor, @RequestParam String village, @RequestParam(required = false) String grid,
                   @RequestParam(required = false) String passbook,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate appointedOn,
                   Model model, HttpServletResponse response) {
        OrgUnit v = orgUnits.visibleVillage(actor, village);
        try {
            informants.appoint(actor, village, grid, passbook, null, appointedOn);
        } catch (InvalidInput | Conflict e) {
            Map<String, Object> form = new HashMap<>();
            form.put("grid", grid);
            form.put("passbook", passbook);
            form.put("appointedOn", appointedOn);
            return again(actor, v.id(), e, form, model, response);
        }
        return "redirect:/console/informants?village=" + v.code();
    }

    @PostMapping("/console/informants/{villageId}/{id}/end")
    String end(Actor actor, @PathVariable long villageId, @PathVariable long id,
               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate endedOn,
               @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        try {
            informants.end(actor, villageId, id, endedOn, reason);
        } catch (InvalidInput | Conflict e) {
            return again(actor, villageId, e, Map.of(), model, response);
        }
        return "redirect:/console/informants?village=" + orgUnits.byId(villageId).code();
    }

    @PostMapping("/console/informants/reports/{villageId}/{id}/confirm")
    String confirm(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) String itemCode, @RequestParam(required = false) Integer points,
                   @RequestParam(required = false) String subjectPassbook, Model model, HttpServletResponse response,
                   RedirectAttributes flash) {
        try {
            InformantReport r = informants.confirm(actor, villageId, id, itemCode, points, subjectPassbook, null);
            flash.addFlashAttribute("notice", messages.msg(r.rewardClaimId() == null
                    ? "informants.confirmedNoReward" : "informants.confirmed", r.claimId(), informants.rewardItem()));
        } catch (InvalidInput | Conflict e) {
            Map<String, Object> form = new HashMap<>();
            form.put("report", id);
            form.put("itemCode", itemCode);
            form.put("points", points);
            form.put("subjectPassbook", subjectPassbook);
            return again(actor, villageId, e, form, model, response);
        }
        return "redirect:/console/informants?village=" + orgUnits.byId(villageId).code();
    }

    @PostMapping("/console/informants/reports/{villageId}/{id}/dismiss")
    String dismiss(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) String reason, Model model, HttpServletResponse response) {
        try {
            informants.dismiss(actor, villageId, id, reason);
        } catch (InvalidInput | Conflict e) {
            Map<String, Object> form = new HashMap<>();
            form.put("report", id);
            form.put("reason", reason);
            return again(actor, villageId, e, form, model, response);
        }
        return "redirect:/console/informants?village=" + orgUnits.byId(villageId).code();
    }

    @GetMapping({"/console/informants/reports/{villageId}/{id}/photo", "/me/reports/{villageId}/{id}/photo"})
    ResponseEntity<byte[]> photo(Actor actor, @PathVariable long villageId, @PathVariable long id) {
        byte[][] p = informants.photo(actor, villageId, id).orElseThrow(() -> new NotFound("error.informants.noPhoto"));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Informants.photoType(p))).body(p[1]);
    }

    // ------------------------------------------------------------ the informant's phone

    @GetMapping("/me/reports")
    String mine(Actor actor, Model model) {
        fillMine(actor, model);
        model.addAttribute("form", Map.of());
        return "me-reports";
    }

    private void fillMine(Actor actor, Model model) {
        List<Informant> serving = informants.mine(actor);
        model.addAttribute("serving", serving.isEmpty() ? null : serving.get(0));
        model.addAttribute("reports", informants.myReports(actor));
        model.addAttribute("kinds", ReportKind.values());
    }

    @PostMapping("/me/reports")
    String report(Actor actor, @RequestParam(required = false) String kind, @RequestParam(required = false) String note,
                  @RequestParam(required = false) String subjectPassbook,
                  @RequestParam(required = false) MultipartFile photo, Model model, HttpServletResponse response,
                  RedirectAttributes flash) {
        try {
            informants.report(actor, kind, note, subjectPassbook, FormValues.photo(photo));
        } catch (InvalidInput e) {
            return forms.again(e, FormRefusals.typed("kind", kind, "note", note, "subjectPassbook", subjectPassbook),
                    model, response, () -> {
                        fillMine(actor, model);
                        return "me-reports";
                    });
        }
        flash.addFlashAttribute("notice", messages.msg("informants.reported"));
        return "redirect:/me/reports";
    }
}
