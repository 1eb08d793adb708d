package cn.jifen.market.internal;

import cn.jifen.market.Goods;
import cn.jifen.market.Redemption;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Reservations;
import cn.jifen.market.Supermarkets;
import static cn.jifen.market.internal.MarketPageSupport.base;
import static cn.jifen.market.internal.MarketPageSupport.SHOWN;

import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.web.ProblemMessages;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.stereotype.Controller;

/**
 * Supermarket pages for staff: the list of supermarkets, a supermarket's home (held reservations collected there)
 * and its keepers. The counter, the stock, the goods and the village's funds and windows have pages of their own.
 */
@Controller
public class MarketPages {
    private final MarketPageSupport pages;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final RedemptionWindows windows;
    private final Redemptions redemptions;
    private final Reservations reservations;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;

    public MarketPages(MarketPageSupport pages, Supermarkets supermarkets, Goods goods, RedemptionWindows windows, Redemptions redemptions, Reservations reservations, OrgUnits orgUnits, ProblemMessages problems) {
        this.pages = pages;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.windows = windows;
        this.redemptions = redemptions;
        this.reservations = reservations;
        this.orgUnits = orgUnits;
        this.problems = problems;
    }

    @GetMapping("/console/market")
    public String list(Actor actor, Model model) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Supermarkets.Supermarket s : supermarkets.workplaces(actor)) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sm", s);
            m.put("village", orgUnits.byId(s.villageId()));
            m.put("meets", supermarkets.meetsStandard(actor, s.villageId(), s.id()));
            rows.add(m);
        }
        model.addAttribute("rows", rows);
        model.addAttribute("isAdmin", actor.isAdmin());
        return "market-list";
    }

    @GetMapping("/console/market/{v}/{s}")
    public String home(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        pages.common(actor, v, s, model);
        model.addAttribute("products", goods.products(actor, v, s));
        model.addAttribute("standards", supermarkets.standards(actor, v, s));
        model.addAttribute("keepers", supermarkets.keepers(actor, v, s));
        // the keeper accounts that may be assigned, picked from a list instead of typing a login name
        model.addAttribute("keeperCandidates", actor.isAdmin() ? supermarkets.keeperCandidates(actor, v, s) : List.of());
        model.addAttribute("openEveryDay", windows.openEveryDay(v));
        model.addAttribute("next", windows.next(v).orElse(null));
        model.addAttribute("open", windows.isOpenNow(v));
        Page<Redemption> today = redemptions.ofSupermarket(actor, v, s, null, null, Paging.first(SHOWN));
        model.addAttribute("redemptions", today.items());
        model.addAttribute("redemptionsPage", today);
        model.addAttribute("pending", goods.pending(actor, v, s).size());
        model.addAttribute("reservations", reservations.held(actor, v, s));
        return "market-home";
    }

    @PostMapping("/console/market/{v}/{s}/reservations/{rid}/collect")
    public String collect(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid,
                   RedirectAttributes flash) {
        try {
            Redemption r = reservations.collect(actor, v, rid);
            return "redirect:" + base(v, s) + "/redemptions/" + r.id();
        } catch (Conflict e) {
            flash.addFlashAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
            return "redirect:" + base(v, s);
        }
    }

    @PostMapping("/console/market/{v}/{s}/keepers")
    public String assignKeeper(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) String username,
                        RedirectAttributes flash) {
        return pages.act(flash, base(v, s), "mk.saved", () -> supermarkets.assignKeeper(actor, v, s, username));
    }

    @PostMapping("/console/market/{v}/{s}/keepers/{userId}/remove")
    public String removeKeeper(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long userId,
                        RedirectAttributes flash) {
        return pages.act(flash, base(v, s), "mk.saved", () -> supermarkets.unassignKeeper(actor, v, s, userId));
    }
}
