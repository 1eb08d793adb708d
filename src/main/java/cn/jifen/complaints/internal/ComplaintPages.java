package cn.jifen.complaints.internal;

import cn.jifen.complaints.ComplaintKind;
import cn.jifen.complaints.Complaint;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
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

/**
 * Complaints for villagers (/me/complaints: file, read the answers, rate), for staff (/console/complaints: the queue
 * with the overdue first, answer, enter one for a villager, the county's answer days) and the village board's public
 * replies (/board/{code}/complaints, no login).
 */
@Controller
class ComplaintPages {
    private static final int PAGE = 30;

    private final Complaints complaints;
    private final OrgUnits orgUnits;
    private final ProblemMessages messages;
    private final FormRefusals forms;
    private final Clock clock;

    ComplaintPages(Complaints complaints, OrgUnits orgUnits, ProblemMessages messages, FormRefusals forms,
                   Clock clock) {
        this.complaints = complaints;
        this.orgUnits = orgUnits;
        this.messages = messages;
        this.forms = forms;
        this.clock = clock;
    }

    // ------------------------------------------------------------ villager

    @GetMapping("/me/complaints")
    String mine(Actor actor, Model model) {
        fillMine(actor, model);
        model.addAttribute("form", Map.of());
        return "me-complaints";
    }

    private void fillMine(Actor actor, Model model) {
        model.addAttribute("complaints", complaints.mine(actor));
        model.addAttribute("kinds", ComplaintKind.values());
        model.addAttribute("answerDays", complaints.answerDays(orgUnits.byId(actor.orgUnitId())));
        model.addAttribute("zone", clock.getZone());
    }

    @PostMapping("/me/complaints")
    String file(Actor actor, @RequestParam(required = false) String kind, @RequestParam(required = false) String body,
                @RequestParam(defaultValue = "false") boolean anonymous,
                @RequestParam(required = false) List<MultipartFile> photos, Model model, HttpServletResponse response,
                RedirectAttributes flash) {
        try {
            complaints.file(actor, kind, body, anonymous, ComplaintsApi.bytes(photos));
        } catch (InvalidInput e) {
            return forms.again(e, FormRefusals.typed("kind", kind, "body", body, "anonymous", anonymous), model,
                    response, () -> {
                        fillMine(actor, model);
                        return "me-complaints";
                    });
        }
        flash.addFlashAttribute("notice", messages.msg("complaints.filed"));
        return "redirect:/me/complaints";
    }

    @PostMapping("/me/complaints/{villageId}/{id}/rating")
    String rate(Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestParam(required = false) Integer rating, @RequestParam(required = false) String comment,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            complaints.rate(actor, villageId, id, rating, comment);
        } catch (InvalidInput | Conflict e) {
            return forms.again(e, Map.of("rated", id, "comment", comment == null ? "" : comment), model, response,
                    () -> {
                        fillMine(actor, model);
                        return "me-complaints";
                    });
        }
        flash.addFlashAttribute("notice", messages.msg("complaints.thanks"));
        return "redirect:/me/complaints";
    }

    @GetMapping({"/me/complaints/{villageId}/{id}/photos/{photoId}", "/console/complaints/{villageId}/{id}/photos/{photoId}"})
    ResponseEntity<byte[]> photo(Actor actor, @PathVariable long villageId, @PathVariable long id,
                                 @PathVariable long photoId) {
        byte[][] p = complaints.photo(actor, villageId, id, photoId);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(Complaints.photoType(p)))
                .header("Cache-Control", "private, max-age=3600").body(p[1]);
    }

    // ------------------------------------------------------------ staff

    @GetMapping("/console/complaints")
    String staff(Actor actor, @RequestParam(required = false) String village,
                 @RequestParam(required = false) String filter, @RequestParam(defaultValue = "0") int page,
                 Model model) {
        fill(actor, village, filter, page, model);
        model.addAttribute("form", Map.of());
        return "complaints";
    }

    private void fill(Actor actor, String village, String filter, int page, Model model) {
        Complaints.Filter f = filter == null && actor.is(Role.TOWN_ADMIN) ? Complaints.Filter.ESCALATED
                : Complaints.filter(filter);
        Page<Complaint> p = complaints.list(actor, village, f, new Paging(Math.max(0, page), PAGE));
        OrgUnit chosen = village == null || village.isBlank() ? null : orgUnits.visibleVillage(actor, village);
        model.addAttribute("village", chosen);
        model.addAttribute("villages", orgUnits.villagesVisible(actor));
        model.addAttribute("filter", f.name());
        model.addAttribute("filters", Complaints.Filter.values());
        model.addAttribute("complaints", p.items());
        model.addAttribute("page", p);
        model.addAttribute("base", "/console/complaints?filter=" + f.name()
                + (chosen == null ? "" : "&village=" + chosen.code()));
        model.addAttribute("villageAdmin", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("townAdmin", actor.is(Role.TOWN_ADMIN));
        model.addAttribute("countyAdmin", actor.is(Role.COUNTY_ADMIN));
        model.addAttribute("kinds", ComplaintKind.values());
        model.addAttribute("answerDays", complaints.answerDays(orgUnits.byId(actor.orgUnitId())));
        model.addAttribute("zone", clock.getZone());
    }

    private String again(Actor actor, RuntimeException e, Map<String, Object> form, Model model,
                         HttpServletResponse response) {
        return forms.again(e, form, model, response, () -> {
            fill(actor, null, null, 0, model);
            return "complaints";
        });
    }

    @PostMapping("/console/complaints/{villageId}/{id}/reply")
    String reply(Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestParam(required = false) String reply,
                 @RequestParam(defaultValue = "false") boolean publicReply, Model model,
                 HttpServletResponse response, RedirectAttributes flash) {
        try {
            complaints.answer(actor, villageId, id, reply, publicReply);
        } catch (InvalidInput | Conflict e) {
            return again(actor, e, FormRefusals.typed("complaint", id, "reply", reply, "publicReply", publicReply), model,
                    response);
        }
        flash.addFlashAttribute("notice", messages.msg("complaints.answeredNotice"));
        return "redirect:/console/complaints";
    }

    @PostMapping("/console/complaints")
    String fileFor(Actor actor, @RequestParam(required = false) String passbookNumber,
                   @RequestParam(required = false) String kind, @RequestParam(required = false) String body,
                   @RequestParam(defaultValue = "false") boolean anonymous,
                   @RequestParam(required = false) List<MultipartFile> photos, Model model,
                   HttpServletResponse response, RedirectAttributes flash) {
        try {
            complaints.fileFor(actor, passbookNumber, kind, body, anonymous, ComplaintsApi.bytes(photos));
        } catch (InvalidInput | Conflict e) {
            return again(actor, e, FormRefusals.typed("passbookNumber", passbookNumber, "kind", kind, "body", body,
                    "anonymous", anonymous), model, response);
        }
        flash.addFlashAttribute("notice", messages.msg("complaints.filedFor"));
        return "redirect:/console/complaints";
    }

    @PostMapping("/console/complaints/settings")
    String settings(Actor actor, @RequestParam(required = false) Integer answerDays, Model model,
                    HttpServletResponse response, RedirectAttributes flash) {
        try {
            complaints.setAnswerDays(actor, answerDays);
        } catch (InvalidInput e) {
            return again(actor, e, Map.of("answerDays", answerDays == null ? "" : answerDays), model, response);
        }
        flash.addFlashAttribute("notice", messages.msg("complaints.daysSaved", answerDays));
        return "redirect:/console/complaints";
    }

    // ------------------------------------------------------------ the village board (public)

    @GetMapping("/board/{code}/complaints")
    String board(@PathVariable String code, Model model) {
        OrgUnit village = orgUnits.byCode(code).filter(OrgUnit::isVillage)
                .orElseThrow(() -> new NotFound("error.org.notFound"));
        model.addAttribute("replies", complaints.publicReplies(village));
        model.addAttribute("zone", clock.getZone());
        return "board-complaints :: replies";
    }
}
