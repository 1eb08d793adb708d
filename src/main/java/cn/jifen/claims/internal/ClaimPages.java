package cn.jifen.claims.internal;

import cn.jifen.claims.Appeal;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDetail;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.claims.ReviewsInMeetings;
import cn.jifen.claims.SavedDraft;
import cn.jifen.claims.SavedDrafts;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.FormValues;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Claim pages: the review queue (admins) or own records (grid workers), the phone-friendly record form
 * (finds the household by passbook number) and its saved drafts, the claim page with its history and the actions it
 * offers, and the villager's own claims, declaration form and the village's publicity list. The actions themselves
 * are {@link ClaimDecisionPages}'s and {@link ClaimPhotoPages}'s.
 */
@Controller
public class ClaimPages {
    private final Claims claims;
    private final SavedDrafts drafts;
    private final Households households;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final Clock clock;

    private static final int QUEUE_PAGE = 100;
    private static final int MINE_SHOWN = 200;

    private final ObjectProvider<ReviewsInMeetings> meetings;

    ClaimPages(Claims claims, SavedDrafts drafts, Households households, OrgUnits orgUnits, ProblemMessages problems,
               Clock clock, ObjectProvider<ReviewsInMeetings> meetings) {
        this.meetings = meetings;
        this.claims = claims;
        this.drafts = drafts;
        this.households = households;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/console/claims")
    String queue(Actor actor, @RequestParam(required = false) String village,
                 @RequestParam(defaultValue = "0") int page, @RequestParam(required = false) String status,
                 @RequestParam(required = false) String passbook, Model model) {
        Optional<OrgUnit> v = Texts.clean(village) != null ? Optional.of(claims.village(actor, village))
                : claims.defaultVillage(actor);
        model.addAttribute("villages", v.isEmpty() ? claims.villages(actor) : List.of());
        model.addAttribute("village", v.orElse(null));
        Paging paging = new Paging(page, QUEUE_PAGE);
        // a status or a passbook asked for: the history of the village, searched; else the queue
        boolean history = Texts.clean(status) != null || Texts.clean(passbook) != null;
        model.addAttribute("history", history);
        model.addAttribute("status", Texts.clean(status));
        model.addAttribute("passbook", Texts.clean(passbook));
        model.addAttribute("statuses", ClaimStatus.values());
        Page<Claim> p;
        try {
            String only = "ALL".equals(Texts.clean(status)) ? null : status;
            p = v.map(u -> history ? claims.history(actor, u, only, passbook, paging) : claims.queue(actor, u, paging))
                    .orElse(paging.of(List.of(), 0));
        } catch (NotFound e) {
            model.addAttribute("problems", List.of(problems.msg(e.messageKey())));
            p = paging.of(List.of(), 0);
        }
        model.addAttribute("claims", p.items());
        model.addAttribute("page", p);
        model.addAttribute("reviewer", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("recorder", actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER));
        model.addAttribute("gridWorker", actor.is(Role.GRID_WORKER));
        boolean admin = actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.TOWN_ADMIN) || actor.is(Role.COUNTY_ADMIN);
        // run-now of the posting: the chosen village, else the admin's own town or county
        model.addAttribute("postDueScope", !admin ? null : v.orElseGet(() -> orgUnits.byId(actor.orgUnitId())));
        return "claims";
    }

    @GetMapping("/console/claims/new")
    String form(Actor actor, @RequestParam(required = false) String passbook,
                @RequestParam(defaultValue = "false") boolean onBehalf, @RequestParam(required = false) Long draft,
                Model model) {
        if (!(actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        if (draft != null) {
            // 继续 a draft: the form of its household, filled with what was saved (someone else's draft: 404)
            SavedDraft d = drafts.get(actor, draft);
            Household h = households.get(actor, d.villageId(), d.householdId());
            fillForm(actor, h, d.onBehalf(), model);
            model.addAttribute("draftId", d.id());
            model.addAttribute("draft", d);
            model.addAttribute("form", formOf(d.itemCode(), d.points(), d.occurredOn(), d.residentId(), d.note()));
            return "claim-new";
        }
        String typed = Texts.clean(passbook);
        if (typed != null && !typed.matches("\\d{6,}-\\d+")) {
            // a name, household number or part of a passbook number: list the matches in the actor's scope
            OrgUnit village = claims.defaultVillage(actor).orElseThrow(() -> InvalidInput.of("village", "error.required"));
            model.addAttribute("matches", households.list(actor, village.code(), null, typed, 0, 20).items());
            passbook = null;
            model.addAttribute("typed", typed);
        }
        if (Texts.clean(passbook) != null) {
            fillForm(actor, households.byPassbook(actor, passbook), onBehalf, model);
        } else {
            model.addAttribute("passbook", passbook);
            model.addAttribute("onBehalf", onBehalf);
            model.addAttribute("today", LocalDate.now(clock));
        }
        model.addAttribute("form", Map.of());
        return "claim-new";
    }

    /** The record form of one household: its rule items, family members and today's date. */
    private void fillForm(Actor actor, Household h, boolean onBehalf, Model model) {
        OrgUnit village = orgUnits.byId(h.villageId());
        model.addAttribute("h", h);
        model.addAttribute("village", village);
        model.addAttribute("items", claims.itemsFor(actor, village, onBehalf));
        model.addAttribute("passbook", h.passbookNumber());
        model.addAttribute("onBehalf", onBehalf);
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("zone", clock.getZone()); // saved times shown in the county's zone
    }

    /**
     * 存为草稿 on the record form: saves what the form holds (a new draft, or the one the form was opened from),
     * however incomplete, and goes home, where the draft is listed. The photo is not kept in a draft: it is added
     * when the record is submitted (the page says so). Unsafe text is refused with what was typed kept.
     */
    @PostMapping("/console/claims/drafts")
    String saveDraft(Actor actor, @RequestParam(required = false) String passbook,
                     @RequestParam(required = false) String itemCode, @RequestParam(required = false) Integer points,
                     @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate occurredOn,
                     @RequestParam(required = false) Long residentId, @RequestParam(required = false) String note,
                     @RequestParam(defaultValue = "false") boolean onBehalf, @RequestParam(required = false) Long draftId,
                     @RequestParam(required = false) MultipartFile photo, Model model,
                     HttpServletResponse response, RedirectAttributes flash) {
        ClaimDraft typed = new ClaimDraft(null, null, passbook, itemCode, points, occurredOn, residentId, note, onBehalf);
        try {
            if (draftId == null) {
                drafts.create(actor, typed);
            } else {
                drafts.update(actor, draftId, typed);
            }
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return refused(actor, passbook, onBehalf, draftId, e, typed, model);
        }
        flash.addFlashAttribute("notice", problems.msg(photo == null || photo.isEmpty() ? "drafts.saved"
                : "drafts.savedWithoutPhoto"));
        return "redirect:/console";
    }

    /** 删除 on the home's list of drafts. */
    @PostMapping("/console/claims/drafts/{id}/delete")
    String deleteDraft(Actor actor, @PathVariable long id, RedirectAttributes flash) {
        drafts.delete(actor, id);
        flash.addFlashAttribute("notice", problems.msg("drafts.deleted"));
        return "redirect:/console";
    }

    /** The form again, with the problems, what was typed, and the draft it came from (if any). */
    private String refused(Actor actor, String passbook, boolean onBehalf, Long draftId, InvalidInput e,
                           ClaimDraft typed, Model model) {
        form(actor, passbook, onBehalf, null, model);
        if (draftId != null) {
            model.addAttribute("draftId", draftId);
        }
        refill(model, e, typed);
        return "claim-new";
    }

    @PostMapping("/console/claims")
    public String record(Actor actor, @RequestParam String passbook, @RequestParam(required = false) String itemCode,
                  @RequestParam(required = false) Integer points,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate occurredOn,
                  @RequestParam(required = false) Long residentId, @RequestParam(required = false) String note,
                  @RequestParam(defaultValue = "false") boolean onBehalf, @RequestParam(required = false) Long draftId,
                  @RequestParam(required = false) MultipartFile photo, Model model,
                  HttpServletResponse response) {
        ClaimDraft draft = new ClaimDraft(null, null, passbook, itemCode, points, occurredOn, residentId, note, onBehalf);
        try {
            Claim c = draftId == null ? recordWithPhoto(actor, draft, photo)
                    : submitDraftWithPhoto(actor, draftId, draft, photo);
            return "redirect:/console/claims/" + c.villageId() + "/" + c.id();
        } catch (InvalidInput e) {
            // refused: nothing recorded; a draft the form came from is kept as it was, the form keeps what was typed
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return refused(actor, passbook, onBehalf, draftId, e, draft, model);
        }
    }

    /** Records the claim typed on a form opened from a draft, deleting the draft in the same transaction. */
    private Claim submitDraftWithPhoto(Actor actor, long draftId, ClaimDraft typed, MultipartFile photo) {
        byte[] bytes = FormValues.photo(photo);
        if (bytes != null) {
            claims.checkPhoto(bytes);
        }
        Claim c = drafts.submit(actor, draftId, typed);
        if (bytes != null) {
            claims.addPhoto(actor, c.villageId(), c.id(), bytes);
        }
        return c;
    }

    @GetMapping("/console/claims/{villageId}/{id}")
    String detail(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        fillDetail(actor, villageId, id, model);
        model.addAttribute("base", "/console/claims/" + villageId + "/" + id);
        return "claim";
    }

    // ------------------------------------------------------------ villager

    @GetMapping("/me/claims")
    String mine(Actor actor, Model model) {
        fillMine(actor, model);
        model.addAttribute("form", Map.of());
        return "claim-mine";
    }

    @PostMapping("/me/claims")
    String declare(Actor actor, @RequestParam(required = false) String itemCode,
                   @RequestParam(required = false) Integer points,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate occurredOn,
                   @RequestParam(required = false) Long residentId, @RequestParam(required = false) String note,
                   @RequestParam(defaultValue = "false") boolean onBehalf,
                   @RequestParam(required = false) MultipartFile photo, Model model,
                   HttpServletResponse response) {
        ClaimDraft draft = new ClaimDraft(null, null, null, itemCode, points, occurredOn, residentId, note, onBehalf);
        try {
            recordWithPhoto(actor, draft, photo);
            return "redirect:/me/claims";
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            fillMine(actor, model);
            refill(model, e, draft);
            return "claim-mine";
        }
    }

    /** Records the claim; a photo is checked (decoded) before anything is saved, then attached. */
    private Claim recordWithPhoto(Actor actor, ClaimDraft draft, MultipartFile photo) {
        byte[] bytes = FormValues.photo(photo);
        if (bytes != null) {
            claims.checkPhoto(bytes);
        }
        Claim c = claims.record(actor, draft);
        if (bytes != null) {
            claims.addPhoto(actor, c.villageId(), c.id(), bytes);
        }
        return c;
    }

    /** Puts the problems and what was typed back on the form. */
    private void refill(Model model, InvalidInput e, ClaimDraft d) {
        model.addAttribute("problems", problems.of(e));
        model.addAttribute("form", formOf(d.itemCode(), d.points(), d.occurredOn(), d.residentId(), d.note()));
    }

    private static Map<String, Object> formOf(String itemCode, Integer points, LocalDate occurredOn, Long residentId,
                                              String note) {
        HashMap<String, Object> form = new HashMap<>();
        form.put("itemCode", itemCode);
        form.put("points", points);
        form.put("occurredOn", occurredOn);
        form.put("residentId", residentId);
        form.put("note", note);
        return form;
    }

    @GetMapping("/me/claims/{villageId}/{id}")
    String myDetail(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        fillDetail(actor, villageId, id, model);
        model.addAttribute("base", "/me/claims/" + villageId + "/" + id);
        return "claim";
    }

    private void fillMine(Actor actor, Model model) {
        Page<Claim> mine = claims.mine(actor, Paging.first(MINE_SHOWN));
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        Household h = households.get(actor, actor.orgUnitId(), actor.householdId());
        model.addAttribute("claims", mine.items());
        model.addAttribute("claimsPage", mine);
        Page<Claim> board = claims.inPublicity(actor, village, Paging.first(MINE_SHOWN));
        model.addAttribute("board", board.items());
        model.addAttribute("boardPage", board);
        model.addAttribute("items", claims.itemsFor(actor, village, true));
        model.addAttribute("h", h);
        model.addAttribute("village", village);
        model.addAttribute("today", LocalDate.now(clock));
    }

    private void fillDetail(Actor actor, long villageId, long id, Model model) {
        ClaimDetail d = claims.detail(actor, villageId, id);
        Claim c = d.claim();
        model.addAttribute("c", c);
        model.addAttribute("d", d);
        model.addAttribute("village", orgUnits.byId(villageId));
        boolean reviewer = actor.is(Role.VILLAGE_ADMIN);
        boolean pending = c.status() == ClaimStatus.RECORDED || c.status() == ClaimStatus.AWAITING_SECOND_APPROVAL;
        // a town admin gives a veto's second approval (a village with one admin cannot)
        boolean secondByTown = actor.is(Role.TOWN_ADMIN) && c.status() == ClaimStatus.AWAITING_SECOND_APPROVAL;
        model.addAttribute("canReview", (reviewer && pending || secondByTown) && c.recordedBy() != actor.userId()
                && (c.firstApprover() == null || c.firstApprover() != actor.userId()));
        model.addAttribute("isRecorder", c.recordedBy() == actor.userId());
        // a village reviewing in meetings: the page says so; the admin may still decide here (docs/meetings.md)
        ReviewsInMeetings m = meetings.getIfAvailable();
        model.addAttribute("reviewsInMeetings", m != null && m.reviewsInMeetings(villageId));
        model.addAttribute("canDecideObjections", reviewer && c.status() == ClaimStatus.OBJECTED);
        model.addAttribute("canObject", ClaimAccess.PUBLIC.contains(c.status()));
        model.addAttribute("staff", actor.isStaff());
        boolean ownClaim = actor.is(Role.VILLAGER) && actor.householdId() != null && actor.householdId() == c.householdId();
        model.addAttribute("canAddPhoto", pending && d.photos().size() < ClaimPhotos.MAX_PHOTOS
                && (ownClaim || actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER)));
        boolean appealable = c.status() == ClaimStatus.POSTED
                && (d.item().veto() || d.item().sign() == RuleSign.DEDUCT);
        boolean openAppeal = d.appeals().stream().anyMatch(Appeal::open);
        boolean ownHousehold = actor.is(Role.VILLAGER) && actor.householdId() != null && actor.householdId() == c.householdId();
        model.addAttribute("canAppeal", appealable && !openAppeal
                && (ownHousehold || actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER)));
        model.addAttribute("canDecideAppeals", reviewer && appealable && openAppeal && c.recordedBy() != actor.userId());
    }
}
