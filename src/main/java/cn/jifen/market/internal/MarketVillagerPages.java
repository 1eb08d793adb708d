package cn.jifen.market.internal;

import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Photo;
import cn.jifen.market.Redemption;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Reservation;
import cn.jifen.market.Reservations;
import cn.jifen.market.Supermarkets;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.web.ProblemMessages;
import java.util.UUID;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The villager's supermarket page (goods with points price and stock, the next redemption day, own
 * redemptions and receipts) and the public page of a village's supermarket (goods, funds, donors),
 * which needs no login.
 */
@Controller
public class MarketVillagerPages {
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final Funds funds;
    private final RedemptionWindows windows;
    private final Redemptions redemptions;
    private final Receipts receipts;
    private final Reservations reservations;
    private final ProblemMessages problems;
    private final OrgUnits orgUnits;

    public MarketVillagerPages(Supermarkets supermarkets, Goods goods, Funds funds, RedemptionWindows windows,
                        Redemptions redemptions, Receipts receipts, Reservations reservations,
                        ProblemMessages problems, OrgUnits orgUnits) {
        this.reservations = reservations;
        this.problems = problems;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.funds = funds;
        this.windows = windows;
        this.redemptions = redemptions;
        this.receipts = receipts;
        this.orgUnits = orgUnits;
    }

    private List<Map<String, Object>> shelves(long villageId, Actor actor) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Supermarkets.Supermarket s : supermarkets.servingVillage(villageId)) {
            if (!s.active()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("sm", s);
            m.put("products", actor == null ? goods.publicProducts(s.villageId(), s.id())
                    : goods.products(actor, s.villageId(), s.id()).stream().filter(p -> p.points() > 0).toList());
            out.add(m);
        }
        return out;
    }

    /** The htmx panel on the villager's home page: the next redemption day of the village. */
    @GetMapping("/me/market/next")
    public String next(Actor actor, Model model) {
        if (!actor.is(Role.VILLAGER)) {
            throw Forbidden.role();
        }
        model.addAttribute("next", windows.next(actor.orgUnitId()).orElse(null));
        model.addAttribute("openEveryDay", windows.openEveryDay(actor.orgUnitId()));
        return "market-fragments :: nextWindow";
    }

    @GetMapping("/me/market")
    public String mine(Actor actor, Model model) {
        if (!actor.is(Role.VILLAGER)) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        model.addAttribute("village", village);
        model.addAttribute("shelves", shelves(village.id(), actor));
        model.addAttribute("next", windows.next(village.id()).orElse(null));
        model.addAttribute("openEveryDay", windows.openEveryDay(village.id()));
        Page<Redemption> mine = redemptions.mine(actor, Paging.first(100));
        model.addAttribute("redemptions", mine.items());
        model.addAttribute("redemptionsPage", mine);
        Page<Reservation> held = reservations.mine(actor, Paging.first(50));
        model.addAttribute("reservations", held.items());
        model.addAttribute("reservationsPage", held);
        model.addAttribute("hours", reservations.reservationHours(village.id()));
        model.addAttribute("key", UUID.randomUUID().toString());
        return "market-mine";
    }

    @PostMapping("/me/market/{v}/{s}/reservations")
    public String reserve(Actor actor, @PathVariable long v, @PathVariable long s,
                   @RequestParam Map<String, String> form,
                   RedirectAttributes flash) {
        try {
            List<Redemptions.Item> items = new ArrayList<>();
            for (var e : form.entrySet()) {
                if (e.getKey().startsWith("q_") && e.getValue() != null && !e.getValue().isBlank()
                        && !e.getValue().strip().equals("0")) {
                    try {
                        items.add(new Redemptions.Item(Long.parseLong(e.getKey().substring(2)),
                                Integer.valueOf(e.getValue().strip())));
                    } catch (NumberFormatException x) {
                        throw InvalidInput.of("quantity", "error.market.wholeNumber");
                    }
                }
            }
            reservations.reserve(actor, v, s, items, form.get("key"));
            flash.addFlashAttribute("ok", problems.msg("mk.reserved"));
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        } catch (Conflict e) {
            flash.addFlashAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        }
        return "redirect:/me/market";
    }

    @PostMapping("/me/market/reservations/{v}/{id}/cancel")
    public String cancelReservation(Actor actor, @PathVariable long v, @PathVariable long id,
                             RedirectAttributes flash) {
        try {
            reservations.cancel(actor, v, id);
            flash.addFlashAttribute("ok", problems.msg("mk.saved"));
        } catch (Conflict e) {
            flash.addFlashAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        }
        return "redirect:/me/market";
    }

    @GetMapping("/me/market/redemptions/{v}/{rid}")
    public String myReceipt(Actor actor, @PathVariable long v, @PathVariable long rid, Model model) {
        if (!actor.is(Role.VILLAGER)) {
            throw Forbidden.role();
        }
        model.addAttribute("r", redemptions.get(actor, v, rid));
        return "market-my-receipt";
    }

    @GetMapping("/me/market/redemptions/{v}/{rid}/receipt.pdf")
    public ResponseEntity<byte[]> myReceiptPdf(Actor actor, @PathVariable long v, @PathVariable long rid,
                                        @RequestParam(defaultValue = "a5") String format) {
        if (!actor.is(Role.VILLAGER)) {
            throw Forbidden.role();
        }
        Redemption r = redemptions.get(actor, v, rid);
        return CounterApi.pdf(receipts.render(r, !"ticket".equalsIgnoreCase(format)), "receipt-" + r.id() + ".pdf");
    }

    // ---------------------------------------------------------------- public (no login)

    private OrgUnit publicVillage(String code) {
        return orgUnits.byCode(code == null ? "" : code.strip()).filter(OrgUnit::isVillage).filter(OrgUnit::active)
                .orElseThrow(() -> new NotFound("error.org.notFound"));
    }

    @GetMapping("/market/{code}")
    public String publicPage(@PathVariable String code, Model model) {
        OrgUnit village = publicVillage(code);
        model.addAttribute("village", village);
        model.addAttribute("shelves", shelves(village.id(), null));
        model.addAttribute("funds", funds.funds(village.id()).stream().filter(Fund::active).toList());
        model.addAttribute("donors", funds.donors(village.id()));
        model.addAttribute("next", windows.next(village.id()).orElse(null));
        model.addAttribute("openEveryDay", windows.openEveryDay(village.id()));
        return "market-public";
    }

    @GetMapping("/market/{code}/products/{v}/{pid}/photo")
    public ResponseEntity<byte[]> publicPhoto(@PathVariable String code, @PathVariable long v, @PathVariable long pid) {
        OrgUnit village = publicVillage(code);
        // only the goods of a supermarket serving this village, as listed on its public page
        if (supermarkets.servingVillage(village.id()).stream().noneMatch(s -> s.villageId() == v)) {
            throw new NotFound("error.market.photoNotFound");
        }
        Photo p = goods.publicProductPhoto(v, pid);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.type())).body(p.bytes());
    }
}
