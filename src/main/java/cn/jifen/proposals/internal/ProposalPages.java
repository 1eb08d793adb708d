package cn.jifen.proposals.internal;

import cn.jifen.claims.Claims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.proposals.Proposal;
import cn.jifen.proposals.ProposalDraft;
import cn.jifen.proposals.Proposals;
import cn.jifen.rules.Recorder;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Village votes for staff (/console/proposals: write, publish, close, withdraw, paper ballots) and villagers (/me/proposals). */
@Controller
class ProposalPages {
    private static final int PAGE = 50;

    private final Proposals proposals;
    private final Claims claims;
    private final OrgUnits orgUnits;
    private final ProblemMessages messages;
    private final FormRefusals forms;
    private final Clock clock;

    ProposalPages(Proposals proposals, Claims claims, OrgUnits orgUnits, ProblemMessages messages, FormRefusals forms,
                  Clock clock) {
        this.proposals = proposals;
        this.claims = claims;
        this.orgUnits = orgUnits;
        this.messages = messages;
        this.forms = forms;
        this.clock = clock;
    }

    // ------------------------------------------------------------ staff

    @GetMapping("/console/proposals")
    String list(Actor actor, @RequestParam(required = false) String village, @RequestParam(defaultValue = "0") int page,
                Model model) {
        fillList(actor, village, page, model);
        model.addAttribute("form", Map.of());
        return "proposals";
    }

    private void fillList(Actor actor, String village, int page, Model model) {
        OrgUnit v = villageOf(actor, village);
        model.addAttribute("village", v);
        if (v == null) {
            model.addAttribute("villages", orgUnits.villagesVisible(actor));
            return;
        }
        var p = proposals.list(actor, v.code(), new Paging(page, PAGE));
        model.addAttribute("proposals", p.items());
        model.addAttribute("page", p);
        boolean admin = actor.is(Role.VILLAGE_ADMIN);
        model.addAttribute("admin", admin);
        model.addAttribute("items", admin ? claims.itemsInForce(v).stream()
                .filter(i -> !i.veto() && i.minPoints() > 0 && i.recorders().contains(Recorder.VILLAGE_ADMIN)).toList()
                : List.of());
        model.addAttribute("electorates", Electorate.values());
        LocalDate today = LocalDate.now(clock);
        model.addAttribute("today", today);
    }

    /** The chosen village; null when a town or county actor must first choose one. */
    private OrgUnit villageOf(Actor actor, String village) {
        if (village != null && !village.isBlank()) {
            return orgUnits.workingVillage(actor, village);
        }
        return orgUnits.ownVillage(actor).orElse(null);
    }

    @PostMapping("/console/proposals")
    String create(Actor actor, @RequestParam(required = false) String village, @RequestParam(required = false) String title,
                  @RequestParam(required = false) String description, @RequestParam(required = false) String options,
                  @RequestParam(required = false) String electorate,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate opensOn,
                  @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate closesOn,
                  @RequestParam(required = false) String itemCode, Model model, HttpServletResponse response) {
        List<String> lines = options == null ? List.of() : Arrays.asList(options.split("\\R"));
        Proposal p;
        try {
            p = proposals.create(actor, village, new ProposalDraft(title, description, lines, electorate, opensOn,
                    closesOn, itemCode));
        } catch (InvalidInput | Conflict e) {
            return forms.again(e, FormRefusals.typed("title", title, "description", description, "options", options,
                    "electorate", electorate, "opensOn", opensOn, "closesOn", closesOn, "itemCode", itemCode),
                    model, response, () -> {
                        fillList(actor, village, 0, model);
                        return "proposals";
                    });
        }
        return "redirect:/console/proposals/" + p.villageId() + "/" + p.id();
    }

    @GetMapping("/console/proposals/{villageId}/{id}")
    String detail(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model) {
        fillDetail(actor, villageId, id, model);
        model.addAttribute("form", Map.of());
        return "proposal";
    }

    private void fillDetail(Actor actor, long villageId, long id, Model model) {
        Results r = proposals.results(actor, villageId, id);
        model.addAttribute("r", r);
        model.addAttribute("p", r.proposal());
        model.addAttribute("voters", proposals.voters(actor, villageId, id));
        model.addAttribute("admin", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("entersPaper", actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER));
        model.addAttribute("today", LocalDate.now(clock));
        model.addAttribute("villageCode", orgUnits.byId(villageId).code());
    }

    @PostMapping("/console/proposals/{villageId}/{id}/{action:publish|close|withdraw}")
    String act(Actor actor, @PathVariable long villageId, @PathVariable long id, @PathVariable String action,
               @RequestParam(required = false) String reason, Model model, HttpServletResponse response,
               RedirectAttributes flash) {
        try {
            Proposal p = switch (action) {
                case "publish" -> proposals.publish(actor, villageId, id);
                case "close" -> proposals.close(actor, villageId, id);
                default -> proposals.withdraw(actor, villageId, id, reason);
            };
            flash.addFlashAttribute("notice", p.awarded() != null && "close".equals(action)
                    ? messages.msg("proposals.closedAwarded", p.awarded()) : messages.msg("proposals.done." + action));
        } catch (InvalidInput | Conflict e) {
            return forms.again(e, Map.of("reason", reason == null ? "" : reason), model, response, () -> {
                fillDetail(actor, villageId, id, model);
                return "proposal";
            });
        }
        return "redirect:/console/proposals/" + villageId + "/" + id;
    }

    @PostMapping("/console/proposals/{villageId}/{id}/paper")
    String paper(Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestParam(required = false) String passbook, @RequestParam(required = false) Integer option,
                 @RequestParam(required = false) String residentName, Model model, HttpServletResponse response,
                 RedirectAttributes flash) {
        try {
            proposals.enterPaper(actor, villageId, id, passbook, option, null, residentName);
            flash.addFlashAttribute("notice", messages.msg("proposals.paperEntered", passbook.strip()));
        } catch (InvalidInput | Conflict e) {
            return forms.again(e, Map.of("passbook", passbook == null ? "" : passbook), model, response, () -> {
                fillDetail(actor, villageId, id, model);
                return "proposal";
            });
        }
        return "redirect:/console/proposals/" + villageId + "/" + id;
    }

    // ------------------------------------------------------------ the villager's phone

    @GetMapping("/me/proposals")
    String mine(Actor actor, Model model) {
        fillMine(actor, model);
        return "me-proposals";
    }

    private void fillMine(Actor actor, Model model) {
        model.addAttribute("ballots", proposals.ballotsOfMine(actor));
        model.addAttribute("results", proposals.board(actor.orgUnitId()).stream().filter(Results::isFinal).toList());
    }

    @PostMapping("/me/proposals/{villageId}/{id}/vote")
    String vote(Actor actor, @PathVariable long villageId, @PathVariable long id,
                @RequestParam(required = false) Integer option, @RequestParam(required = false) Long residentId,
                Model model, HttpServletResponse response, RedirectAttributes flash) {
        try {
            proposals.vote(actor, villageId, id, option, residentId);
        } catch (InvalidInput | Conflict e) {
            forms.problems(e, model, response);
            fillMine(actor, model);
            return "me-proposals";
        }
        flash.addFlashAttribute("notice", messages.msg("proposals.voted"));
        return "redirect:/me/proposals";
    }
}
