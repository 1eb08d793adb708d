package cn.jifen.claims.internal;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.ActivityDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.documents.QrCodes;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Volunteer activities for staff (/console/activities) and villagers (/me/activities). */
@Controller
class ActivityPages {
    private final Activities activities;
    private final Claims claims;
    private final ProblemMessages messages;
    private final FormRefusals forms;

    private static final int PAGE = 50;

    ActivityPages(Activities activities, Claims claims, ProblemMessages messages, FormRefusals forms) {
        this.activities = activities;
        this.claims = claims;
        this.messages = messages;
        this.forms = forms;
    }

    @GetMapping({"/console/activities", "/me/activities"})
    String list(Actor actor, @RequestParam(required = false) String village,
                @RequestParam(defaultValue = "0") int page, Model model) {
        fill(actor, village, page, model);
        model.addAttribute("form", Map.of());
        return "claim-activities";
    }

    private void fill(Actor actor, String village, int page, Model model) {
        Optional<OrgUnit> v = actor.is(Role.VILLAGER) || Texts.clean(village) != null
                ? Optional.of(claims.village(actor, village)) : claims.defaultVillage(actor);
        model.addAttribute("villages", v.isEmpty() ? claims.villages(actor) : List.of());
        model.addAttribute("village", v.orElse(null));
        Paging paging = new Paging(page, PAGE);
        Page<Activity> p = v.map(u -> activities.list(actor, u.code(), paging))
                .orElse(paging.of(List.of(), 0));
        model.addAttribute("activities", p.items());
        model.addAttribute("page", p);
        model.addAttribute("admin", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("base", actor.isStaff() ? "/console/activities" : "/me/activities");
        // an activity awards points under an earning item in force (no veto, no deduction), picked from a list
        model.addAttribute("items", actor.is(Role.VILLAGE_ADMIN) && v.isPresent() ? claims.itemsInForce(v.get()).stream()
                .filter(i -> !i.veto() && i.sign() == RuleSign.EARN).toList() : List.of());
    }

    @PostMapping("/console/activities")
    String publish(Actor actor, @RequestParam String village, @RequestParam(required = false) String title,
                   @RequestParam(required = false) String place,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime startsAt,
                   @RequestParam(required = false) String itemCode, @RequestParam(required = false) Integer points,
                   @RequestParam(required = false) Integer quota,
                   @RequestParam(required = false) Integer durationMinutes, Model model,
                   HttpServletResponse response) {
        try {
            Activity a = activities.publish(actor, new ActivityDraft(village, title, place, startsAt, itemCode, points,
                    quota, durationMinutes));
            return "redirect:/console/activities/" + a.villageId() + "/" + a.id();
        } catch (InvalidInput e) {
            return forms.again(e, FormRefusals.typed("title", title, "place", place, "startsAt", startsAt,
                    "itemCode", itemCode, "points", points, "quota", quota, "durationMinutes", durationMinutes),
                    model, response, () -> {
                        fill(actor, village, 0, model);
                        return "claim-activities";
                    });
        }
    }

    @GetMapping({"/console/activities/{villageId}/{id}", "/me/activities/{villageId}/{id}"})
    String detail(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        model.addAttribute("a", activities.get(actor, villageId, id));
        model.addAttribute("signups", activities.signups(actor, villageId, id));
        model.addAttribute("staff", actor.isStaff());
        model.addAttribute("admin", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("clerk", actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER));
        model.addAttribute("villager", actor.is(Role.VILLAGER));
        model.addAttribute("base", (actor.isStaff() ? "/console/activities/" : "/me/activities/") + villageId + "/" + id);
        return "claim-activity";
    }

    @GetMapping("/console/activities/{villageId}/{id}/qr.png")
    ResponseEntity<byte[]> qr(Actor actor, @PathVariable long villageId, @PathVariable long id, HttpServletRequest req) {
        String base = req.getScheme() + "://" + req.getServerName()
                + (req.getServerPort() == 80 || req.getServerPort() == 443 ? "" : ":" + req.getServerPort());
        return ResponseEntity.ok().contentType(MediaType.IMAGE_PNG)
                .body(QrCodes.png(base + activities.checkinPath(actor, villageId, id), 360));
    }

    @PostMapping({"/console/activities/{villageId}/{id}/signups", "/me/activities/{villageId}/{id}/signups"})
    String signup(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) Long residentId, @RequestParam(required = false) String passbook) {
        activities.signup(actor, villageId, id, residentId, passbook);
        return "redirect:" + (actor.isStaff() ? "/console/activities/" : "/me/activities/") + villageId + "/" + id;
    }

    /** Where the event's QR code leads a villager's phone: checks the household's signed-up members in. */
    @GetMapping("/me/activities/{villageId}/{id}/checkin")
    String checkinByCode(Actor actor, @PathVariable long villageId, @PathVariable long id,
                         @RequestParam(required = false) String token, RedirectAttributes flash) {
        activities.checkInByCode(actor, villageId, id, token);
        flash.addFlashAttribute("notice", messages.msg("activities.checkinDone"));
        return "redirect:/me/activities/" + villageId + "/" + id;
    }

    @PostMapping("/console/activities/{villageId}/{id}/checkins")
    String checkin(Actor actor, @PathVariable long villageId, @PathVariable long id, @RequestParam long residentId) {
        activities.checkIn(actor, villageId, id, residentId);
        return "redirect:/console/activities/" + villageId + "/" + id;
    }

    @PostMapping("/console/activities/{villageId}/{id}/checkouts")
    String checkout(Actor actor, @PathVariable long villageId, @PathVariable long id, @RequestParam long residentId,
                    @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) LocalDateTime at,
                    RedirectAttributes flash) {
        try {
            activities.checkOut(actor, villageId, id, residentId, at);
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", messages.of(e));
        }
        return "redirect:/console/activities/" + villageId + "/" + id;
    }

    @PostMapping("/console/activities/{villageId}/{id}/award")
    String award(Actor actor, @PathVariable long villageId, @PathVariable long id, RedirectAttributes flash) {
        List<String> lines = activities.award(actor, villageId, id).stream()
                .map(r -> r.residentName() + "：" + (r.claimId() != null ? "#" + r.claimId() : messages.msg(r.messageKey())))
                .toList();
        flash.addFlashAttribute("awarded", lines);
        return "redirect:/console/activities/" + villageId + "/" + id;
    }
}
