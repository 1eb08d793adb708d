package cn.jifen.wishes.internal;

import cn.jifen.market.Supermarkets.Supermarket;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.web.FormRefusals;
import cn.jifen.web.ProblemMessages;
import cn.jifen.wishes.Wish;
import cn.jifen.wishes.Wishes;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The wish list on the phone: villagers propose, support and follow their wishes (/me/wishes); the keeper and village
 * staff see the list ranked by support, enter wishes at the counter, fulfil or decline them (/console/wishes); the
 * county's forbidden goods (/console/wishes/forbidden).
 */
@Controller
class WishPages {
    private static final int PAGE = 50;

    private final Wishes wishes;
    private final ForbiddenGoods forbidden;
    private final ProblemMessages messages;
    private final FormRefusals forms;

    WishPages(Wishes wishes, ForbiddenGoods forbidden, ProblemMessages messages, FormRefusals forms) {
        this.wishes = wishes;
        this.forbidden = forbidden;
        this.messages = messages;
        this.forms = forms;
    }

    /** The supermarket a page shows: "villageId-id" from the request, else the first the actor has. */
    private Supermarket chosen(Actor actor, String sm, List<Supermarket> boards) {
        if (sm != null && sm.matches("\\d{1,18}-\\d{1,18}")) {
            String[] p = sm.split("-");
            return wishes.supermarket(actor, Long.parseLong(p[0]), Long.parseLong(p[1]));
        }
        return boards.isEmpty() ? null : boards.get(0);
    }

    /** A refusal's status and reasons; a duplicate wish also shows the wish it duplicates. */
    private void failed(RuntimeException e, Model model, HttpServletResponse response) {
        forms.problems(e, model, response);
        if (e instanceof DuplicateWish d) {
            model.addAttribute("existing", d.existing());
        }
    }

    // ------------------------------------------------------------ villagers

    @GetMapping("/me/wishes")
    String mine(Actor actor, @RequestParam(required = false) String sm, @RequestParam(defaultValue = "0") int page,
                Model model) {
        fillMine(actor, sm, page, model);
        model.addAttribute("form", Map.of());
        return "wishes-mine";
    }

    private void fillMine(Actor actor, String sm, int page, Model model) {
        List<Supermarket> boards = wishes.boards(actor);
        Supermarket s = chosen(actor, sm, boards);
        model.addAttribute("boards", boards);
        model.addAttribute("sm", s);
        if (s != null) {
            Page<Wish> p = wishes.list(actor, s.villageId(), s.id(), null, new Paging(page, PAGE));
            model.addAttribute("wishes", p.items());
            model.addAttribute("page", p);
            model.addAttribute("supported", wishes.supportedByMe(actor, s.villageId(), s.id()));
        }
        model.addAttribute("mine", wishes.mine(actor));
    }

    @PostMapping("/me/wishes")
    String propose(Actor actor, @RequestParam(required = false) String sm, @RequestParam(required = false) String goodsName,
                   @RequestParam(required = false) String note, Model model, HttpServletResponse response,
                   RedirectAttributes flash) {
        Supermarket s = chosen(actor, sm, wishes.boards(actor));
        try {
            Wish w = wishes.propose(actor, s == null ? null : s.villageId(), s == null ? null : s.id(), null, goodsName, note);
            flash.addFlashAttribute("notice", messages.msg("wishes.proposed", w.goodsName()));
        } catch (InvalidInput | Conflict e) {
            failed(e, model, response);
            fillMine(actor, sm, 0, model);
            model.addAttribute("form", FormRefusals.typed("goodsName", goodsName, "note", note));
            return "wishes-mine";
        }
        return "redirect:/me/wishes" + (sm == null ? "" : "?sm=" + s.villageId() + "-" + s.id());
    }

    @PostMapping("/me/wishes/{villageId}/{id}/support")
    String support(Actor actor, @PathVariable long villageId, @PathVariable long id, Model model,
                   HttpServletResponse response, RedirectAttributes flash) {
        Wish w;
        try {
            w = wishes.support(actor, villageId, id, null);
        } catch (InvalidInput | Conflict e) {
            failed(e, model, response);
            fillMine(actor, supermarketOf(actor, villageId, id), 0, model);
            model.addAttribute("form", Map.of());
            return "wishes-mine";
        }
        flash.addFlashAttribute("notice", messages.msg("wishes.supported", w.goodsName(), w.supports()));
        return "redirect:/me/wishes?sm=" + w.villageId() + "-" + w.supermarketId();
    }

    // ------------------------------------------------------------ the village and the counter

    @GetMapping("/console/wishes")
    String staff(Actor actor, @RequestParam(required = false) String sm, @RequestParam(required = false) String status,
                 @RequestParam(defaultValue = "0") int page, Model model) {
        fillStaff(actor, sm, status, page, model);
        model.addAttribute("form", Map.of());
        return "wishes";
    }

    private void fillStaff(Actor actor, String sm, String status, int page, Model model) {
        List<Supermarket> boards = wishes.boards(actor);
        Supermarket s = chosen(actor, sm, boards);
        model.addAttribute("boards", boards);
        model.addAttribute("sm", s);
        model.addAttribute("status", WishApi.status(status));
        boolean decides = wishes.decides(actor);
        model.addAttribute("decides", decides);
        if (s != null) {
            Page<Wish> p = wishes.list(actor, s.villageId(), s.id(), WishApi.status(status), new Paging(page, PAGE));
            model.addAttribute("wishes", p.items());
            model.addAttribute("page", p);
            model.addAttribute("purchases", decides ? wishes.recentPurchases(actor, s.villageId(), s.id()) : List.of());
        }
    }

    private String staffAgain(Actor actor, String sm, RuntimeException e, Map<String, Object> form, Model model,
                              HttpServletResponse response) {
        failed(e, model, response);
        fillStaff(actor, sm, null, 0, model);
        model.addAttribute("form", form);
        return "wishes";
    }

    @PostMapping("/console/wishes")
    String counter(Actor actor, @RequestParam String sm, @RequestParam(required = false) String passbook,
                   @RequestParam(required = false) String goodsName, @RequestParam(required = false) String note,
                   Model model, HttpServletResponse response, RedirectAttributes flash) {
        Supermarket s = chosen(actor, sm, List.of());
        if (s == null) {
            throw Wishes.notFound();   // the form always names its supermarket; a mangled one names none
        }
        try {
            Wish w = wishes.propose(actor, s.villageId(), s.id(), passbook, goodsName, note);
            flash.addFlashAttribute("notice", messages.msg("wishes.proposed", w.goodsName()));
        } catch (InvalidInput | Conflict e) {
            return staffAgain(actor, sm, e,
                    FormRefusals.typed("passbook", passbook, "goodsName", goodsName, "note", note), model, response);
        }
        return "redirect:/console/wishes?sm=" + sm;
    }

    @PostMapping("/console/wishes/{villageId}/{id}/support")
    String counterSupport(Actor actor, @PathVariable long villageId, @PathVariable long id,
                          @RequestParam(required = false) String passbook, Model model, HttpServletResponse response,
                          RedirectAttributes flash) {
        String sm = supermarketOf(actor, villageId, id);
        try {
            Wish w = wishes.support(actor, villageId, id, passbook);
            flash.addFlashAttribute("notice", messages.msg("wishes.supported", w.goodsName(), w.supports()));
        } catch (InvalidInput | Conflict e) {
            return staffAgain(actor, sm, e, Map.of("wish", id, "passbook", passbook == null ? "" : passbook), model,
                    response);
        }
        return "redirect:/console/wishes?sm=" + sm;
    }

    @PostMapping("/console/wishes/{villageId}/{id}/fulfil")
    String fulfil(Actor actor, @PathVariable long villageId, @PathVariable long id,
                  @RequestParam(required = false) Long movementId, Model model, HttpServletResponse response,
                  RedirectAttributes flash) {
        String sm = supermarketOf(actor, villageId, id);
        try {
            Wish w = wishes.fulfil(actor, villageId, id, movementId);
            flash.addFlashAttribute("notice", messages.msg("wishes.fulfilledNotice", w.goodsName(), w.productName()));
        } catch (InvalidInput | Conflict e) {
            return staffAgain(actor, sm, e, Map.of("wish", id), model, response);
        }
        return "redirect:/console/wishes?sm=" + sm;
    }

    @PostMapping("/console/wishes/{villageId}/{id}/decline")
    String decline(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) String reason, Model model, HttpServletResponse response,
                   RedirectAttributes flash) {
        String sm = supermarketOf(actor, villageId, id);
        try {
            Wish w = wishes.decline(actor, villageId, id, reason);
            flash.addFlashAttribute("notice", messages.msg("wishes.declinedNotice", w.goodsName()));
        } catch (InvalidInput | Conflict e) {
            return staffAgain(actor, sm, e, Map.of("wish", id, "reason", reason == null ? "" : reason), model, response);
        }
        return "redirect:/console/wishes?sm=" + sm;
    }

    // ------------------------------------------------------------ the county's forbidden goods

    @GetMapping("/console/wishes/forbidden")
    String forbidden(Actor actor, Model model) {
        fillForbidden(actor, model);
        model.addAttribute("form", Map.of());
        return "wishes-forbidden";
    }

    private void fillForbidden(Actor actor, Model model) {
        model.addAttribute("terms", forbidden.list(actor));
        model.addAttribute("editor", forbidden.mayEdit(actor));
    }

    @PostMapping("/console/wishes/forbidden")
    String addForbidden(Actor actor, @RequestParam(required = false) String term, @RequestParam(required = false) String rule,
                        Model model, HttpServletResponse response) {
        try {
            forbidden.add(actor, term, rule);
        } catch (InvalidInput e) {
            failed(e, model, response);
            fillForbidden(actor, model);
            model.addAttribute("form", FormRefusals.typed("term", term, "rule", rule));
            return "wishes-forbidden";
        }
        return "redirect:/console/wishes/forbidden";
    }

    @PostMapping("/console/wishes/forbidden/{id}/remove")
    String removeForbidden(Actor actor, @PathVariable long id) {
        forbidden.remove(actor, id);
        return "redirect:/console/wishes/forbidden";
    }

    /** The key ("villageId-supermarketId") of the supermarket whose list holds the wish, as the pages select it. */
    private String supermarketOf(Actor actor, long villageId, long id) {
        Wish w = wishes.get(actor, villageId, id);
        return w.villageId() + "-" + w.supermarketId();
    }
}
