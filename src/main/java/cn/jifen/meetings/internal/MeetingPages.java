package cn.jifen.meetings.internal;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.MeetingDetail;
import cn.jifen.meetings.Meetings;
import cn.jifen.meetings.VoteDraft;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.FormValues;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The meetings pages (phone first): the village's meetings with the schedule form (/console/meetings), a meeting's
 * page (open, attendance ticks, each item's votes, close, minutes PDF), and the panel page with the review mode.
 * A refused form shows the page again with what was typed and why.
 */
@Controller
class MeetingPages {
    private final Meetings meetings;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final FormRefusals forms;
    private final Clock clock;

    MeetingPages(Meetings meetings, OrgUnits orgUnits, ProblemMessages problems, FormRefusals forms, Clock clock) {
        this.meetings = meetings;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.forms = forms;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ list and schedule

    @GetMapping("/console/meetings")
    String list(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Integer page,
                Model model) {
        OrgUnit v = villageOf(actor, village);
        model.addAttribute("village", v);
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("heldOn", LocalDate.now(clock).toString()));
        }
        if (v == null) {
            model.addAttribute("villages", orgUnits.villagesVisible(actor));
            return "meetings";
        }
        model.addAttribute("page", meetings.list(actor, v.code(), Paging.of(page, 20)));
        model.addAttribute("mode", meetings.mode(v.id()));
        return "meetings";
    }

    @PostMapping("/console/meetings")
    String schedule(Actor actor, @RequestParam(required = false) String village,
                    @RequestParam(required = false) String heldOn, @RequestParam(required = false) String place,
                    @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response) {
        return forms.act(() -> {
            Meeting m = meetings.schedule(actor, village, date("heldOn", heldOn), place);
            return "redirect:/console/meetings/" + m.id() + "?village=" + village;
        }, form, model, response, () -> list(actor, village, null, model));
    }

    // ------------------------------------------------------------------ a meeting

    @GetMapping("/console/meetings/{id}")
    String meeting(Actor actor, @PathVariable long id, @RequestParam(required = false) String village, Model model) {
        OrgUnit v = requireVillage(actor, village);
        MeetingDetail d = meetings.get(actor, v.code(), id);
        model.addAttribute("village", v);
        model.addAttribute("d", d);
        model.addAttribute("m", d.meeting());
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("choices", Choice.values());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        return "meeting";
    }

    @PostMapping("/console/meetings/{id}/open")
    String open(Actor actor, @PathVariable long id, @RequestParam(required = false) String village,
                @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response) {
        return forms.act(() -> {
            meetings.open(actor, village, id);
            return "redirect:/console/meetings/" + id + "?village=" + village;
        }, form, model, response, () -> meeting(actor, id, village, model));
    }

    @PostMapping("/console/meetings/{id}/attendance")
    String attendance(Actor actor, @PathVariable long id, @RequestParam(required = false) String village,
                      @RequestParam(required = false) List<Long> present, @RequestParam MultiValueMap<String, String> form,
                      Model model, HttpServletResponse response, RedirectAttributes flash) {
        return forms.act(() -> {
            meetings.attendance(actor, village, id, present == null ? List.of() : present);
            flash.addFlashAttribute("notice", problems.msg("meetings.attendanceSaved"));
            return "redirect:/console/meetings/" + id + "?village=" + village;
        }, form, model, response, () -> meeting(actor, id, village, model));
    }

    /** One item's votes: choice-{memberId}, points-{memberId}, reason-{memberId}; members left blank are skipped. */
    @PostMapping("/console/meetings/{id}/votes")
    String votes(Actor actor, @PathVariable long id, @RequestParam(required = false) String village,
                 @RequestParam(required = false) Long itemId, @RequestParam MultiValueMap<String, String> form,
                 Model model, HttpServletResponse response, RedirectAttributes flash) {
        return forms.act(() -> {
            meetings.vote(actor, village, id, itemId, drafts(form));
            flash.addFlashAttribute("notice", problems.msg("meetings.votesSaved"));
            return "redirect:/console/meetings/" + id + "?village=" + village + "#item-" + itemId;
        }, form, model, response, () -> meeting(actor, id, village, model));
    }

    @PostMapping("/console/meetings/{id}/close")
    String close(Actor actor, @PathVariable long id, @RequestParam(required = false) String village,
                 @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
                 RedirectAttributes flash) {
        return forms.act(() -> {
            meetings.close(actor, village, id);
            flash.addFlashAttribute("notice", problems.msg("meetings.closed"));
            return "redirect:/console/meetings/" + id + "?village=" + village;
        }, form, model, response, () -> meeting(actor, id, village, model));
    }

    @GetMapping("/console/meetings/{id}/minutes.pdf")
    ResponseEntity<byte[]> minutes(Actor actor, @PathVariable long id, @RequestParam(required = false) String village) {
        OrgUnit v = requireVillage(actor, village);
        return MeetingApi.pdf(meetings.get(actor, v.code(), id), problems);
    }

    // ------------------------------------------------------------------ panel and review mode

    @GetMapping("/console/meetings/panel")
    String panel(Actor actor, @RequestParam(required = false) String village, Model model) {
        OrgUnit v = requireVillage(actor, village);
        model.addAttribute("village", v);
        model.addAttribute("panel", meetings.panel(actor, v.code()));
        model.addAttribute("modes", meetings.modeHistory(actor, v.code()));
        model.addAttribute("mode", meetings.mode(v.id()));
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("staff", actor.is(Role.VILLAGE_ADMIN) ? meetings.staffCandidates(actor, v.code()) : List.of());
        model.addAttribute("today", LocalDate.now(clock));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        return "meetings-panel";
    }

    @PostMapping("/console/meetings/panel/staff")
    String addStaff(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Long userId,
                    @RequestParam(required = false) String duty, @RequestParam(required = false) String joinedOn,
                    @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response) {
        return forms.act(() -> {
            meetings.addStaff(actor, village, userId, duty, date("joinedOn", joinedOn));
            return "redirect:/console/meetings/panel?village=" + village;
        }, form, model, response, () -> panel(actor, village, model));
    }

    @PostMapping("/console/meetings/panel/resident")
    String addResident(Actor actor, @RequestParam(required = false) String village,
                       @RequestParam(required = false) String passbook, @RequestParam(required = false) String name,
                       @RequestParam(required = false) String duty, @RequestParam(required = false) String joinedOn,
                       @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response) {
        return forms.act(() -> {
            long residentId = meetings.residentByPassbook(actor, village, passbook, name);
            meetings.addResident(actor, village, residentId, duty, date("joinedOn", joinedOn));
            return "redirect:/console/meetings/panel?village=" + village;
        }, form, model, response, () -> panel(actor, village, model));
    }

    @PostMapping("/console/meetings/panel/{memberId}/leave")
    String leave(Actor actor, @PathVariable long memberId, @RequestParam(required = false) String village,
                 @RequestParam(required = false) String leftOn, @RequestParam MultiValueMap<String, String> form,
                 Model model, HttpServletResponse response) {
        return forms.act(() -> {
            meetings.removeMember(actor, village, memberId, date("leftOn", leftOn));
            return "redirect:/console/meetings/panel?village=" + village;
        }, form, model, response, () -> panel(actor, village, model));
    }

    @PostMapping("/console/meetings/mode")
    String mode(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) String mode,
                @RequestParam(required = false) String reason, @RequestParam MultiValueMap<String, String> form,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        return forms.act(() -> {
            meetings.setMode(actor, village, mode, reason);
            flash.addFlashAttribute("notice", problems.msg("meetings.modeSaved"));
            return "redirect:/console/meetings/panel?village=" + village;
        }, form, model, response, () -> panel(actor, village, model));
    }

    // ------------------------------------------------------------------ helpers

    static List<VoteDraft> drafts(MultiValueMap<String, String> form) {
        List<VoteDraft> out = new ArrayList<>();
        form.forEach((k, v) -> {
            if (!k.startsWith("choice-") || v == null || v.isEmpty() || v.get(0) == null || v.get(0).isBlank()) {
                return;
            }
            String member = k.substring(7);
            long memberId;
            try {
                memberId = Long.parseLong(member);
            } catch (NumberFormatException e) {
                throw InvalidInput.of("memberId", "error.meetings.notPresent");
            }
            String pts = form.getFirst("points-" + member);
            Integer points = null;
            if (pts != null && !pts.isBlank()) {
                try {
                    points = Integer.valueOf(pts.strip());
                } catch (NumberFormatException e) {
                    throw InvalidInput.of("points", "error.meetings.adjustPoints", member);
                }
            }
            out.add(new VoteDraft(memberId, v.get(0), points, form.getFirst("reason-" + member)));
        });
        return out;
    }

    private static LocalDate date(String field, String raw) {
        return FormValues.date(field, raw, "error.meetings.dateFormat");
    }

    private OrgUnit villageOf(Actor actor, String village) {
        meetings.requireReader(actor);
        if (village != null && !village.isBlank()) {
            return meetings.readable(actor, village);
        }
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        return own.level() == OrgLevel.VILLAGE ? own : null;
    }

    private OrgUnit requireVillage(Actor actor, String village) {
        OrgUnit v = villageOf(actor, village);
        if (v == null) {
            throw new NotFound("error.org.notFound");
        }
        return v;
    }
}
