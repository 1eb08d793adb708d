package cn.jifen.party.internal;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.party.Party;
import cn.jifen.party.PartyClass;
import cn.jifen.party.PartyPost;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.FormValues;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

/**
 * The party pages: the members list (/console/party), a member's page, the rating page with the formula and each
 * component, paper-ballot entry, and the villager's ballot page (/me/party). A refused form shows the page again
 * with what was typed and why.
 */
@Controller
class PartyPages {
    private final Party party;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final FormRefusals forms;
    private final Clock clock;

    PartyPages(Party party, OrgUnits orgUnits, ProblemMessages problems, FormRefusals forms, Clock clock) {
        this.party = party;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.forms = forms;
        this.clock = clock;
    }

    // ------------------------------------------------------------------ members list

    @GetMapping("/console/party")
    String members(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Integer year,
                   @RequestParam(required = false) Integer page, Model model) {
        OrgUnit v = villageOf(actor, village);
        int y = year == null ? thisYear() : year;
        model.addAttribute("village", v);
        model.addAttribute("year", y);
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        if (v == null) {
            model.addAttribute("villages", orgUnits.villagesVisible(actor));
            return "party-members";
        }
        model.addAttribute("page", party.members(actor, v.code(), y, Paging.of(page, 100)));
        model.addAttribute("representatives", party.representatives(actor, v.code()));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        return "party-members";
    }

    @PostMapping("/console/party/representatives")
    String addRepresentative(Actor actor, @RequestParam(required = false) String village,
                             @RequestParam(required = false) Long residentId, Model model, HttpServletResponse response,
                             RedirectAttributes flash, @RequestParam MultiValueMap<String, String> form) {
        return forms.act(() -> {
            party.addRepresentative(actor, village, residentId == null ? -1 : residentId);
            flash.addFlashAttribute("notice", problems.msg("party.representativeAdded"));
            return "redirect:/console/party?village=" + village;
        }, form, model, response, () -> members(actor, village, null, null, model));
    }

    @PostMapping("/console/party/representatives/remove")
    String removeRepresentative(Actor actor, @RequestParam String village, @RequestParam long residentId) {
        party.removeRepresentative(actor, village, residentId);
        return "redirect:/console/party?village=" + village;
    }

    // ------------------------------------------------------------------ a member

    @GetMapping("/console/party/{residentId}")
    String member(Actor actor, @PathVariable long residentId, @RequestParam(required = false) String village, Model model) {
        OrgUnit v = villageOf(actor, village);
        if (v == null) {
            throw new NotFound("error.party.notMember");
        }
        model.addAttribute("m", party.member(actor, v.code(), residentId));
        model.addAttribute("village", v);
        model.addAttribute("year", thisYear());
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("classes", PartyClass.values());
        model.addAttribute("posts", PartyPost.values());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        return "party-member";
    }

    @PostMapping("/console/party/{residentId}/class")
    String setClass(Actor actor, @PathVariable long residentId, @RequestParam(required = false) String village,
                    @RequestParam(required = false) String classCode, @RequestParam(required = false) String worksAt,
                    @RequestParam(required = false) String effectiveOn, @RequestParam(required = false) String reason,
                    @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
                    RedirectAttributes flash) {
        return forms.act(() -> {
            party.setClass(actor, village, residentId, classCode, worksAt, date("effectiveOn", effectiveOn), reason);
            flash.addFlashAttribute("notice", problems.msg("party.classSaved"));
            return "redirect:/console/party/" + residentId + "?village=" + village;
        }, form, model, response, () -> member(actor, residentId, village, model));
    }

    @PostMapping("/console/party/{residentId}/post")
    String setPost(Actor actor, @PathVariable long residentId, @RequestParam(required = false) String village,
                   @RequestParam(required = false) Integer year, @RequestParam(required = false) String postCode,
                   @RequestParam(required = false) String duty, @RequestParam MultiValueMap<String, String> form,
                   Model model, HttpServletResponse response, RedirectAttributes flash) {
        return forms.act(() -> {
            party.setPost(actor, village, residentId, year, postCode, duty);
            flash.addFlashAttribute("notice", problems.msg("party.postSaved"));
            return "redirect:/console/party/" + residentId + "?village=" + village;
        }, form, model, response, () -> member(actor, residentId, village, model));
    }

    // ------------------------------------------------------------------ rating

    @GetMapping("/console/party/rating")
    String rating(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Integer year,
                  Model model) {
        OrgUnit v = villageOf(actor, village);
        int y = year == null ? thisYear() : year;
        model.addAttribute("village", v);
        model.addAttribute("year", y);
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("county", actor.is(Role.COUNTY_ADMIN));
        model.addAttribute("formula", party.formulaOf(actor));
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        if (v == null) {
            model.addAttribute("villages", orgUnits.villagesVisible(actor));
            return "party-rating";
        }
        model.addAttribute("state", party.rating(actor, v.code(), y));
        model.addAttribute("reserve", party.reserveCadres(actor, v.code()));
        return "party-rating";
    }

    @PostMapping("/console/party/rating/{action}")
    String ratingAction(Actor actor, @PathVariable String action, @RequestParam(required = false) String village,
                        @RequestParam(required = false) Integer year, @RequestParam(required = false) Long residentId,
                        @RequestParam(required = false) Integer stars, @RequestParam(required = false) String reason,
                        @RequestParam(required = false) Long activityId, @RequestParam(required = false) String kind,
                        @RequestParam(required = false) String opens, @RequestParam(required = false) String closes,
                        @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
                        RedirectAttributes flash) {
        int y = year == null ? thisYear() : year;
        return forms.act(() -> {
            switch (action) {
                case "compute" -> party.compute(actor, village, y);
                case "override" -> party.override(actor, village, y, residentId == null ? -1 : residentId, stars, reason);
                case "freeze" -> party.freeze(actor, village, y);
                case "reopen" -> party.reopen(actor, village, y, reason);
                case "meeting" -> party.markMeeting(actor, village, activityId == null ? -1 : activityId, kind);
                case "window" -> party.setReviewWindow(actor, village, y, date("opens", opens), date("closes", closes));
                default -> throw new NotFound("error.party.notMember");
            }
            flash.addFlashAttribute("notice", problems.msg("party.done." + action));
            return "redirect:/console/party/rating?village=" + village + "&year=" + y;
        }, form, model, response, () -> rating(actor, village, y, model));
    }

    @PostMapping("/console/party/formula")
    String formula(Actor actor, @RequestParam(required = false) Integer wPartyPoints,
                   @RequestParam(required = false) Integer partyPointsFull, @RequestParam(required = false) Integer wOtherPoints,
                   @RequestParam(required = false) Integer otherPointsFull, @RequestParam(required = false) Integer wMeetings,
                   @RequestParam(required = false) Integer wReview, @RequestParam(required = false) Integer star2,
                   @RequestParam(required = false) Integer star3, @RequestParam(required = false) Integer star4,
                   @RequestParam(required = false) Integer star5, @RequestParam(defaultValue = "false") boolean boardStars,
                   @RequestParam(required = false) Integer reserveStars, @RequestParam(required = false) Integer reserveYears,
                   @RequestParam(required = false) String reason, @RequestParam(required = false) String village,
                   @RequestParam MultiValueMap<String, String> form, Model model, HttpServletResponse response,
                   RedirectAttributes flash) {
        return forms.act(() -> {
            party.saveFormula(actor, wPartyPoints, partyPointsFull, wOtherPoints, otherPointsFull, wMeetings, wReview,
                    Arrays.asList(star2, star3, star4, star5), boardStars, reserveStars, reserveYears, reason);
            flash.addFlashAttribute("notice", problems.msg("party.formulaSaved"));
            return "redirect:/console/party/rating" + (village == null || village.isBlank() ? "" : "?village=" + village);
        }, form, model, response, () -> rating(actor, village, null, model));
    }

    // ------------------------------------------------------------------ paper ballots

    @GetMapping("/console/party/ballots")
    String paper(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Integer year,
                 Model model) {
        OrgUnit v = villageOf(actor, village);
        int y = year == null ? thisYear() : year;
        model.addAttribute("village", v);
        model.addAttribute("year", y);
        model.addAttribute("marks", ReviewMark.values());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        if (v == null) {
            model.addAttribute("villages", orgUnits.villagesVisible(actor));
            return "party-ballots";
        }
        List<Party.MemberLine> members = party.members(actor, v.code(), y, Paging.of(0, 500)).items();
        model.addAttribute("members", members);
        model.addAttribute("representatives", party.representatives(actor, v.code()));
        model.addAttribute("state", party.rating(actor, v.code(), y));
        model.addAttribute("canEdit", actor.is(Role.VILLAGE_ADMIN));
        return "party-ballots";
    }

    /** The printable blank ballot with the village's members (A4 PDF). */
    @GetMapping("/console/party/ballot.pdf")
    ResponseEntity<byte[]> ballotPdf(Actor actor, @RequestParam(required = false) String village,
                                                             @RequestParam(required = false) Integer year) {
        OrgUnit v = villageOf(actor, village);
        if (v == null) {
            throw new NotFound("error.org.notFound");
        }
        int y = year == null ? thisYear() : year;
        List<BallotPdf.Member> members = party.members(actor, v.code(), y, Paging.of(0, 500)).items().stream()
                .map(m -> new BallotPdf.Member(m.name(), m.branch())).toList();
        byte[] pdf = BallotPdf.render(v.name(), y, members, (k, a) -> problems.msg(k, a));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition
                        .inline().filename("民主评议表-" + v.code() + "-" + y + ".pdf", StandardCharsets.UTF_8)
                        .build().toString())
                .body(pdf);
    }

    @PostMapping("/console/party/ballots")
    String enterPaper(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) Integer year,
                      @RequestParam(required = false) Long voterId, @RequestParam MultiValueMap<String, String> form,
                      Model model, HttpServletResponse response, RedirectAttributes flash) {
        int y = year == null ? thisYear() : year;
        return forms.act(() -> {
            int n = party.enterPaper(actor, village, y, voterId, marks(form));
            flash.addFlashAttribute("notice", problems.msg("party.ballotsEntered", n));
            return "redirect:/console/party/ballots?village=" + village + "&year=" + y;
        }, form, model, response, () -> paper(actor, village, y, model));
    }

    // ------------------------------------------------------------------ the villager's ballot

    @GetMapping("/me/party")
    String ballot(Actor actor, Model model) {
        model.addAttribute("ballot", party.ballotForm(actor));
        model.addAttribute("mine", party.ownRatings(actor));
        model.addAttribute("marks", ReviewMark.values());
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of());
        }
        return "party-ballot";
    }

    @PostMapping("/me/party/ballot")
    String cast(Actor actor, @RequestParam(required = false) Long voterId, @RequestParam MultiValueMap<String, String> form,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        return forms.act(() -> {
            int n = party.castOnline(actor, voterId == null ? -1 : voterId, marks(form));
            flash.addFlashAttribute("notice", problems.msg("party.ballotsCast", n));
            return "redirect:/me/party";
        }, form, model, response, () -> ballot(actor, model));
    }

    // ------------------------------------------------------------------ helpers

    /** mark-{memberId}=GOOD … → {memberId: GOOD}; empty choices are left out. */
    static Map<Long, String> marks(MultiValueMap<String, String> form) {
        Map<Long, String> out = new LinkedHashMap<>();
        form.forEach((k, v) -> {
            if (k.startsWith("mark-") && v != null && !v.isEmpty() && v.get(0) != null && !v.get(0).isBlank()) {
                try {
                    out.put(Long.parseLong(k.substring(5)), v.get(0));
                } catch (NumberFormatException e) {
                    throw InvalidInput.of("marks", "error.party.notMember");
                }
            }
        });
        return out;
    }

    private static LocalDate date(String field, String raw) {
        return FormValues.date(field, raw, "error.party.date");
    }

    private OrgUnit villageOf(Actor actor, String village) {
        party.requireReader(actor);
        if (village != null && !village.isBlank()) {
            return party.readable(actor, village);
        }
        OrgUnit own = orgUnits.byId(actor.orgUnitId());
        return own.level() == OrgLevel.VILLAGE ? own : null;
    }

    private int thisYear() {
        return LocalDate.now(clock).getYear();
    }
}
