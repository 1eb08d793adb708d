package cn.jifen.market.internal;

import cn.jifen.market.Goods;
import cn.jifen.market.Product;
import cn.jifen.market.Redemption;
import cn.jifen.market.RedemptionWindows;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Reservations;
import cn.jifen.market.Supermarkets;
import static cn.jifen.market.internal.MarketPageSupport.base;
import static cn.jifen.market.internal.MarketPageSupport.money;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Texts;
import cn.jifen.web.ProblemMessages;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.stereotype.Controller;

/**
 * The counter (柜台) for keepers: find a passbook by typing or scanning, the basket and its summary, confirm,
 * the receipt, and a same-day cancellation by a village admin.
 */
@Controller
public class CounterPages {
    private final MarketPageSupport pages;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final RedemptionWindows windows;
    private final Redemptions redemptions;
    private final Receipts receipts;
    private final Reservations reservations;
    private final ProblemMessages problems;
    private final Clock clock;

    public CounterPages(MarketPageSupport pages, Supermarkets supermarkets, Goods goods, RedemptionWindows windows, Redemptions redemptions, Receipts receipts, Reservations reservations, ProblemMessages problems, Clock clock) {
        this.pages = pages;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.windows = windows;
        this.redemptions = redemptions;
        this.receipts = receipts;
        this.reservations = reservations;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/console/market/{v}/{s}/counter")
    public String counter(Actor actor, @PathVariable long v, @PathVariable long s,
                   @RequestParam(required = false) String passbook, Model model) {
        Supermarkets.Supermarket sm = pages.common(actor, v, s, model);
        supermarkets.forCounter(actor, v, s);
        model.addAttribute("passbook", Texts.clean(passbook));
        model.addAttribute("key", UUID.randomUUID().toString());
        model.addAttribute("quantities", Map.of());
        List<Product> goodsOfTheShop = goods.products(actor, v, s); // read once: the basket and the low-stock line
        if (Texts.clean(passbook) != null) {
            try {
                Redemptions.Customer c = redemptions.lookup(actor, v, s, passbook);
                model.addAttribute("customer", c);
                model.addAttribute("products", goodsOfTheShop.stream().filter(Product::sellable).toList());
                model.addAttribute("reservations", reservations.held(actor, v, s).stream()
                        .filter(r -> r.householdId() == c.householdId() && r.householdVillageId() == c.villageId()).toList());
            } catch (NotFound e) {
                model.addAttribute("problems", List.of(problems.msg(e.messageKey())));
            }
        }
        model.addAttribute("next", windows.next(v).orElse(null));
        counterDay(actor, v, s, goodsOfTheShop, model);
        return "market-counter";
    }

    /** What the keeper sees on landing: today's redemptions so far and the goods running low. */
    private void counterDay(Actor actor, long v, long s, List<Product> goodsOfTheShop, Model model) {
        model.addAttribute("counterToday", redemptions.today(actor, v, s));
        model.addAttribute("lowStock", goodsOfTheShop.stream().filter(p -> p.active() && p.low()).toList());
    }

    /** Reads the basket from the form: fields q_{productId} with a quantity. */
    private static List<Redemptions.Item> basket(Map<String, String> form) {
        List<Redemptions.Item> items = new ArrayList<>();
        for (Map.Entry<String, String> e : form.entrySet()) {
            if (!e.getKey().startsWith("q_")) {
                continue;
            }
            String raw = Texts.clean(e.getValue());
            if (raw == null || raw.equals("0")) {
                continue;
            }
            long id;
            try {
                id = Long.parseLong(e.getKey().substring(2));
            } catch (NumberFormatException x) {
                continue;
            }
            Integer q;
            try {
                q = Integer.valueOf(raw);
            } catch (NumberFormatException x) {
                throw InvalidInput.of("quantity", "error.market.wholeNumber");
            }
            items.add(new Redemptions.Item(id, q));
        }
        return items;
    }

    /** The htmx basket summary: goods, total points, balance after. */
    @PostMapping("/console/market/{v}/{s}/counter/basket")
    public String basketSummary(Actor actor, @PathVariable long v, @PathVariable long s,
                         @RequestParam Map<String, String> form, Model model) {
        supermarkets.forCounter(actor, v, s);
        Map<Long, Product> byId = new LinkedHashMap<>();
        for (Product p : goods.products(actor, v, s)) {
            byId.put(p.id(), p);
        }
        List<Map<String, Object>> lines = new ArrayList<>();
        long total = 0;
        List<String> warnings = new ArrayList<>();
        try {
            for (Redemptions.Item it : basket(form)) {
                Product p = byId.get(it.productId());
                if (p == null) {
                    continue;
                }
                if (it.quantity() <= 0) {
                    warnings.add(problems.msg("error.market.quantity", 1, BasketPricer.MAX_LINE_QUANTITY));
                    continue;
                }
                if (it.quantity() > p.stock()) {
                    warnings.add(problems.msg("error.market.outOfStock", p.name(), p.stock(), p.unit()));
                }
                long pts = (long) p.points() * it.quantity();
                total += pts;
                lines.add(Map.of("name", p.name(), "unit", p.unit(), "quantity", it.quantity(), "points", pts));
            }
        } catch (InvalidInput e) {
            warnings.addAll(problems.of(e));
        }
        long available = 0;
        boolean topUp = false;
        String passbook = form.get("passbook");
        if (Texts.clean(passbook) != null) {
            Redemptions.Customer c = redemptions.lookup(actor, v, s, passbook);
            available = c.available();
            topUp = c.cashTopUp();
        }
        if (total > available) {
            long refCents = 0;
            boolean priced = true;
            try {
                for (Redemptions.Item it : basket(form)) {
                    Product p = byId.get(it.productId());
                    if (p == null || p.referenceYuan() == null) {
                        priced = false;
                    } else {
                        refCents += p.referenceYuan().movePointRight(2).longValueExact() * it.quantity();
                    }
                }
            } catch (InvalidInput e) {
                priced = false;
            }
            long cash = priced && refCents > 0 ? BasketPricer.cashFor(total - available, total, refCents) : 0;
            if (topUp && priced && available > 0 && cash > 0 && cash < refCents) {
                BigDecimal cashYuan = Money.yuan(cash);
                model.addAttribute("cashYuan", cashYuan);
                model.addAttribute("shortPoints", total - available);
                // the summary is re-rendered on every change, the tick included: keep the keeper's tick
                // as long as it was given for this very amount (a changed basket asks again)
                model.addAttribute("cashTicked", cashYuan.toPlainString().equals(Texts.clean(form.get("cashYuan"))));
            } else {
                warnings.add(problems.msg("error.ledger.insufficient", available, total));
            }
        }
        model.addAttribute("lines", lines);
        model.addAttribute("total", total);
        model.addAttribute("available", available);
        model.addAttribute("after", available - total);
        model.addAttribute("warnings", warnings);
        return "market-counter :: summary";
    }

    @PostMapping("/console/market/{v}/{s}/counter/confirm")
    public String confirm(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> form,
                   Model model) {
        String passbook = form.get("passbook");
        String key = form.get("key");
        try {
            Redemption r = redemptions.redeem(actor, v, s, passbook, basket(form), key,
                    money("cashYuan", form.get("cashYuan")));
            return "redirect:" + base(v, s) + "/redemptions/" + r.id();
        } catch (InvalidInput e) {
            model.addAttribute("problems", problems.of(e));
        } catch (Conflict e) {
            model.addAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        }
        // back to the counter with the basket as typed and the same key (nothing was recorded)
        pages.common(actor, v, s, model);
        model.addAttribute("passbook", passbook);
        model.addAttribute("key", key == null ? UUID.randomUUID().toString() : key);
        Map<Long, String> quantities = new LinkedHashMap<>();
        form.forEach((k, val) -> {
            if (k.startsWith("q_")) {
                try {
                    quantities.put(Long.parseLong(k.substring(2)), val);
                } catch (NumberFormatException ignored) {
                    // not a product field
                }
            }
        });
        model.addAttribute("quantities", quantities);
        List<Product> goodsOfTheShop = goods.products(actor, v, s);
        try {
            model.addAttribute("customer", redemptions.lookup(actor, v, s, passbook));
            model.addAttribute("products", goodsOfTheShop.stream().filter(Product::sellable).toList());
        } catch (NotFound e) {
            model.addAttribute("passbook", null);
        }
        model.addAttribute("next", windows.next(v).orElse(null));
        counterDay(actor, v, s, goodsOfTheShop, model);
        return "market-counter";
    }

    @GetMapping("/console/market/{v}/{s}/redemptions/{rid}")
    public String receipt(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid, Model model) {
        pages.common(actor, v, s, model);
        Redemption r = redemptions.get(actor, v, rid);
        if (r.supermarketId() != s) {
            throw new NotFound("error.market.redemptionNotFound");
        }
        model.addAttribute("r", r);
        model.addAttribute("canCancel", actor.isAdmin() && !r.cancelled() && r.countyDate().equals(LocalDate.now(clock)));
        return "market-receipt";
    }

    @GetMapping("/console/market/{v}/{s}/redemptions/{rid}/receipt.pdf")
    public ResponseEntity<byte[]> receiptPdf(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid,
                                      @RequestParam(defaultValue = "ticket") String format) {
        supermarkets.visible(actor, v, s);
        Redemption r = redemptions.get(actor, v, rid);
        return CounterApi.pdf(receipts.render(r, "a5".equalsIgnoreCase(format)), "receipt-" + r.id() + ".pdf");
    }

    @PostMapping("/console/market/{v}/{s}/redemptions/{rid}/cancel")
    public String cancel(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/redemptions/" + rid, "mk.cancelled", () -> redemptions.cancel(actor, v, rid, reason));
    }
}
