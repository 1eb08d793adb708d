package cn.jifen.market.internal;

import cn.jifen.market.FundEntry;
import cn.jifen.market.Funds;
import cn.jifen.market.RedemptionWindows;
import static cn.jifen.market.internal.MarketPageSupport.money;
import static cn.jifen.market.internal.MarketPageSupport.dateTime;
import static cn.jifen.market.internal.MarketPageSupport.SHOWN;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Forbidden;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.stereotype.Controller;

/** A village admin's market pages of the village: funds, redemption windows, cash top-up and opening every day. */
@Controller
public class VillageMarketPages {
    private final MarketPageSupport pages;
    private final Funds funds;
    private final RedemptionWindows windows;
    private final OrgUnits orgUnits;
    private final Clock clock;

    public VillageMarketPages(MarketPageSupport pages, Funds funds, RedemptionWindows windows, OrgUnits orgUnits, Clock clock) {
        this.pages = pages;
        this.funds = funds;
        this.windows = windows;
        this.orgUnits = orgUnits;
        this.clock = clock;
    }

    @GetMapping("/console/market/village/{code}/funds")
    public String funds(Actor actor, @PathVariable String code, @RequestParam(required = false) Long fund, Model model) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        model.addAttribute("village", v);
        model.addAttribute("funds", funds.funds(actor, code));
        model.addAttribute("donors", funds.donors(v.id()));
        model.addAttribute("requestKey", UUID.randomUUID().toString());  // one booking per form shown
        model.addAttribute("isAdmin", actor.isAdmin());
        model.addAttribute("kinds", List.of("COLLECTIVE", "TOWN_SUBSIDY", "DONATION", "CASH_TOPUP", "OTHER"));
        if (fund != null) {
            model.addAttribute("fund", fund);
            Page<FundEntry> entries = funds.entries(actor, v.id(), fund, Paging.first(SHOWN));
            model.addAttribute("entries", entries.items());
            model.addAttribute("entriesPage", entries);
        }
        return "market-funds";
    }

    @PostMapping("/console/market/village/{code}/funds")
    public String createFund(Actor actor, @PathVariable String code, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String kind, RedirectAttributes flash) {
        return pages.act(flash, "/console/market/village/" + code + "/funds", "mk.saved", () -> funds.create(actor, code, name, kind));
    }

    @PostMapping("/console/market/village/{code}/funds/{fid}/contributions")
    public String contribute(Actor actor, @PathVariable String code, @PathVariable long fid, @RequestParam Map<String, String> f,
                      RedirectAttributes flash) {
        return pages.act(flash, "/console/market/village/" + code + "/funds", "mk.saved", () -> funds.contribute(actor, code, fid,
                money("amountYuan", f.get("amountYuan")), f.get("donor"), null, f.get("note"), f.get("requestKey")));
    }

    @GetMapping("/console/market/village/{code}/windows")
    public String windows(Actor actor, @PathVariable String code, Model model) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        model.addAttribute("village", v);
        model.addAttribute("windows", windows.list(actor, code));
        model.addAttribute("openEveryDay", windows.openEveryDay(v.id()));
        model.addAttribute("cashTopUp", windows.allowCashTopUp(v.id()));
        model.addAttribute("next", windows.next(v.id()).orElse(null));
        model.addAttribute("isAdmin", actor.isAdmin());
        model.addAttribute("now", LocalDateTime.now(clock).withSecond(0).withNano(0));
        return "market-windows";
    }

    @PostMapping("/console/market/village/{code}/windows")
    public String schedule(Actor actor, @PathVariable String code, @RequestParam Map<String, String> f, RedirectAttributes flash) {
        return pages.act(flash, "/console/market/village/" + code + "/windows", "mk.saved", () -> windows.schedule(actor, code,
                f.get("title"), dateTime("opensAt", f.get("opensAt")), dateTime("closesAt", f.get("closesAt"))));
    }

    @PostMapping("/console/market/village/{code}/windows/{wid}/cancel")
    public String cancelWindow(Actor actor, @PathVariable String code, @PathVariable long wid,
                        @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return pages.act(flash, "/console/market/village/" + code + "/windows", "mk.saved",
                () -> windows.cancel(actor, code, wid, reason));
    }

    @PostMapping("/console/market/village/{code}/cash-top-up")
    public String cashTopUp(Actor actor, @PathVariable String code, @RequestParam boolean allow, RedirectAttributes flash) {
        return pages.act(flash, "/console/market/village/" + code + "/windows", "mk.saved",
                () -> windows.setAllowCashTopUp(actor, code, allow));
    }

    @PostMapping("/console/market/village/{code}/open-every-day")
    public String openEveryDay(Actor actor, @PathVariable String code, @RequestParam boolean open, RedirectAttributes flash) {
        return pages.act(flash, "/console/market/village/" + code + "/windows", "mk.saved",
                () -> windows.setOpenEveryDay(actor, code, open));
    }
}
