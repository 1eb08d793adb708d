package cn.jifen.market;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.ProblemMessages;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Supermarket pages for staff: the list of supermarkets, a supermarket's home, the counter (find a
 * passbook by typing or scanning, basket, confirm, receipt), stock in/out and stock-take, the stock
 * ledger, and for village admins products, approvals, funds, windows, 六有 and keepers.
 */
@Controller
class MarketPages {
    /** Rows a list on these pages shows before it says "仅显示前 N 条". */
    private static final int SHOWN = 500;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final Funds funds;
    private final RedemptionWindows windows;
    private final Redemptions redemptions;
    private final Receipts receipts;
    private final LedgerExport export;
    private final Reservations reservations;
    private final OrgUnits orgUnits;
    private final ProblemMessages problems;
    private final Clock clock;

    MarketPages(Supermarkets supermarkets, Goods goods, Funds funds, RedemptionWindows windows,
                Redemptions redemptions, Receipts receipts, LedgerExport export, Reservations reservations,
                OrgUnits orgUnits, ProblemMessages problems, Clock clock) {
        this.export = export;
        this.reservations = reservations;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.funds = funds;
        this.windows = windows;
        this.redemptions = redemptions;
        this.receipts = receipts;
        this.orgUnits = orgUnits;
        this.problems = problems;
        this.clock = clock;
    }

    private static String base(long v, long s) {
        return "/console/market/" + v + "/" + s;
    }

    /** Runs a change; bad input or a conflict becomes a message on the page it redirects to. */
    private String act(RedirectAttributes flash, String back, String okKey, Runnable change) {
        try {
            change.run();
            flash.addFlashAttribute("ok", problems.msg(okKey));
        } catch (InvalidInput e) {
            flash.addFlashAttribute("problems", problems.of(e));
        } catch (Conflict e) {
            flash.addFlashAttribute("problems", List.of(problems.msg(e.messageKey(), e.args())));
        }
        return "redirect:" + back;
    }

    private Supermarkets.Supermarket common(Actor actor, long v, long s, Model model) {
        Supermarkets.Supermarket sm = supermarkets.visible(actor, v, s);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(v);
        model.addAttribute("sm", sm);
        model.addAttribute("village", village);
        model.addAttribute("base", base(v, s));
        model.addAttribute("isAdmin", actor.isAdmin());
        model.addAttribute("canSell", actor.is(Role.KEEPER) || actor.isAdmin());
        model.addAttribute("today", LocalDate.now(clock));
        return sm;
    }

    // ---------------------------------------------------------------- list and home

    @GetMapping("/console/market")
    String list(Actor actor, Model model) {
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
    String home(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        common(actor, v, s, model);
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
    String collect(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid,
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
    String assignKeeper(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) String username,
                        RedirectAttributes flash) {
        return act(flash, base(v, s), "mk.saved", () -> supermarkets.assignKeeper(actor, v, s, username));
    }

    @PostMapping("/console/market/{v}/{s}/keepers/{userId}/remove")
    String removeKeeper(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long userId,
                        RedirectAttributes flash) {
        return act(flash, base(v, s), "mk.saved", () -> supermarkets.unassignKeeper(actor, v, s, userId));
    }

    // ---------------------------------------------------------------- counter

    @GetMapping("/console/market/{v}/{s}/counter")
    String counter(Actor actor, @PathVariable long v, @PathVariable long s,
                   @RequestParam(required = false) String passbook, Model model) {
        Supermarkets.Supermarket sm = common(actor, v, s, model);
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
    String basketSummary(Actor actor, @PathVariable long v, @PathVariable long s,
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
                    warnings.add(problems.msg("error.market.quantity", Redemptions.MAX_LINE_QUANTITY));
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
            long cash = priced && refCents > 0 ? Redemptions.cashFor(total - available, total, refCents) : 0;
            if (topUp && priced && available > 0 && cash > 0 && cash < refCents) {
                BigDecimal cashYuan = MarketSql.yuan(cash);
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
    String confirm(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> form,
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
        common(actor, v, s, model);
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
    String receipt(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid, Model model) {
        common(actor, v, s, model);
        Redemption r = redemptions.get(actor, v, rid);
        if (r.supermarketId() != s) {
            throw new NotFound("error.market.redemptionNotFound");
        }
        model.addAttribute("r", r);
        model.addAttribute("canCancel", actor.isAdmin() && !r.cancelled() && r.countyDate().equals(LocalDate.now(clock)));
        return "market-receipt";
    }

    @GetMapping("/console/market/{v}/{s}/redemptions/{rid}/receipt.pdf")
    ResponseEntity<byte[]> receiptPdf(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid,
                                      @RequestParam(defaultValue = "ticket") String format) {
        supermarkets.visible(actor, v, s);
        Redemption r = redemptions.get(actor, v, rid);
        return MarketApi.pdf(receipts.render(r, "a5".equalsIgnoreCase(format)), "receipt-" + r.id() + ".pdf");
    }

    @PostMapping("/console/market/{v}/{s}/redemptions/{rid}/cancel")
    String cancel(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long rid,
                  @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(flash, base(v, s) + "/redemptions/" + rid, "mk.cancelled", () -> redemptions.cancel(actor, v, rid, reason));
    }

    // ---------------------------------------------------------------- stock

    @GetMapping("/console/market/{v}/{s}/stock")
    String stock(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        common(actor, v, s, model);
        model.addAttribute("products", goods.products(actor, v, s));
        model.addAttribute("funds", funds.funds(v).stream().filter(Fund::active).toList());
        model.addAttribute("requestKey", java.util.UUID.randomUUID().toString());  // one booking per form shown
        return "market-stock";
    }

    private static Integer integer(String raw) {
        String s = Texts.clean(raw);
        if (s == null) {
            return null;
        }
        try {
            return Integer.valueOf(s);
        } catch (NumberFormatException e) {
            throw InvalidInput.of("quantity", "error.market.wholeNumber");
        }
    }

    private static BigDecimal money(String field, String raw) {
        List<InvalidInput.Problem> p = new ArrayList<>();
        BigDecimal b = Money.parse(field, raw, p);
        Texts.throwIfAny(p);
        return b;
    }

    private static Long id(String raw) {
        String s = Texts.clean(raw);
        try {
            return s == null ? null : Long.valueOf(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long productId(String raw) {
        Long id = id(raw);
        if (id == null) {
            throw InvalidInput.of("productId", "error.required");
        }
        return id;
    }

    @PostMapping("/console/market/{v}/{s}/stock/purchase")
    String purchase(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                    RedirectAttributes flash) {
        return act(flash, base(v, s) + "/stock", "mk.saved", () -> goods.purchase(actor, v, productId(f.get("productId")),
                integer(f.get("quantity")), money("costYuan", f.get("costYuan")), f.get("supplier"), id(f.get("fundId")), null,
                f.get("requestKey")));
    }

    @PostMapping("/console/market/{v}/{s}/stock/donation")
    String donation(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                    RedirectAttributes flash) {
        return act(flash, base(v, s) + "/stock", "mk.saved", () -> goods.donation(actor, v, productId(f.get("productId")),
                integer(f.get("quantity")), f.get("donor"), null, f.get("requestKey")));
    }

    @PostMapping("/console/market/{v}/{s}/stock/loss")
    String loss(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                RedirectAttributes flash) {
        return act(flash, base(v, s) + "/stock", "mk.submitted", () -> goods.reportLoss(actor, v,
                productId(f.get("productId")), integer(f.get("quantity")), f.get("reason")));
    }

    @PostMapping("/console/market/{v}/{s}/stock/take")
    String take(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                RedirectAttributes flash) {
        return act(flash, base(v, s) + "/stock", "mk.submitted", () -> goods.stockTake(actor, v,
                productId(f.get("productId")), integer(f.get("counted")), f.get("reason")));
    }

    @GetMapping("/console/market/{v}/{s}/ledger")
    String ledger(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) LocalDate from,
                  @RequestParam(required = false) LocalDate to, @RequestParam(required = false) Long product,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        common(actor, v, s, model);
        LocalDate t = to == null ? LocalDate.now(clock) : to;
        LocalDate f = from == null ? t.minusDays(30) : from;
        model.addAttribute("from", f);
        model.addAttribute("to", t);
        model.addAttribute("product", product);
        model.addAttribute("products", goods.products(actor, v, s));
        Page<Movement> movements = goods.ledger(actor, v, s, f, t, product, new Paging(page, Paging.MAX_SIZE));
        model.addAttribute("movements", movements.items());
        model.addAttribute("movementsPage", movements);
        model.addAttribute("pagerBase", base(v, s) + "/ledger?from=" + f + "&to=" + t
                + (product == null ? "" : "&product=" + product));
        return "market-ledger";
    }

    private List<Movement> ledgerRange(Actor actor, long v, long s, LocalDate from, LocalDate to) {
        LocalDate t = to == null ? LocalDate.now(clock) : to;
        LocalDate f = from == null ? t.minusDays(30) : from;
        // the export holds every movement of the range: walk all pages, no cut-off
        List<Movement> m = new ArrayList<>();
        for (int p = 0; ; p++) {
            Page<Movement> page = goods.ledger(actor, v, s, f, t, null, new Paging(p, Paging.MAX_SIZE));
            m.addAll(page.items());
            if (!page.hasNext()) {
                break;
            }
        }
        java.util.Collections.reverse(m);
        return m;
    }

    private String ledgerTitle(Supermarkets.Supermarket sm, LocalDate from, LocalDate to) {
        LocalDate t = to == null ? LocalDate.now(clock) : to;
        LocalDate f = from == null ? t.minusDays(30) : from;
        return sm.name() + " 台账（" + f + " 至 " + t + "）";
    }

    @GetMapping("/console/market/{v}/{s}/ledger.xlsx")
    ResponseEntity<byte[]> ledgerXlsx(Actor actor, @PathVariable long v, @PathVariable long s,
                                      @RequestParam(required = false) LocalDate from,
                                      @RequestParam(required = false) LocalDate to) {
        Supermarkets.Supermarket sm = supermarkets.visible(actor, v, s);
        byte[] bytes = export.xlsx(ledgerTitle(sm, from, to), ledgerRange(actor, v, s, from, to), problems::msg);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(org.springframework.http.HttpHeaders.CONTENT_DISPOSITION, org.springframework.http.ContentDisposition
                        .attachment().filename("ledger-" + v + "-" + s + ".xlsx").build().toString())
                .body(bytes);
    }

    @GetMapping("/console/market/{v}/{s}/ledger.pdf")
    ResponseEntity<byte[]> ledgerPdf(Actor actor, @PathVariable long v, @PathVariable long s,
                                     @RequestParam(required = false) LocalDate from,
                                     @RequestParam(required = false) LocalDate to) {
        Supermarkets.Supermarket sm = supermarkets.visible(actor, v, s);
        return MarketApi.pdf(export.pdf(ledgerTitle(sm, from, to), ledgerRange(actor, v, s, from, to), problems::msg,
                LocalDate.now(clock)), "ledger-" + v + "-" + s + ".pdf");
    }

    // ---------------------------------------------------------------- admin: products, approvals

    @GetMapping("/console/market/{v}/{s}/products")
    String products(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        common(actor, v, s, model);
        supermarkets.forAdmin(actor, v, s);
        model.addAttribute("products", goods.products(actor, v, s));
        return "market-products";
    }

    @PostMapping("/console/market/{v}/{s}/products")
    String createProduct(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                         RedirectAttributes flash) {
        return act(flash, base(v, s) + "/products", "mk.saved", () -> goods.create(actor, v, s, new Goods.ProductDraft(
                f.get("name"), f.get("unit"), f.get("category"), integer(f.get("lowStock")), integer(f.get("points")),
                money("referenceYuan", f.get("referenceYuan")))));
    }

    @PostMapping("/console/market/{v}/{s}/products/{pid}/price")
    String reprice(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid,
                   @RequestParam Map<String, String> f, RedirectAttributes flash) {
        return act(flash, base(v, s) + "/products", "mk.saved", () -> goods.reprice(actor, v, pid, integer(f.get("points")),
                money("referenceYuan", f.get("referenceYuan")),
                date("effectiveFrom", f.get("effectiveFrom"))));
    }

    @PostMapping("/console/market/{v}/{s}/products/{pid}/active")
    String activate(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid,
                    @RequestParam boolean active, RedirectAttributes flash) {
        return act(flash, base(v, s) + "/products", "mk.saved", () -> {
            Product p = goods.product(actor, v, pid);
            goods.update(actor, v, pid, p.name(), p.unit(), p.category(), p.lowStock(), active);
        });
    }

    @PostMapping("/console/market/{v}/{s}/products/{pid}/photo")
    String photo(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid,
                 @RequestParam(required = false) MultipartFile photo, RedirectAttributes flash) throws java.io.IOException {
        byte[] bytes = photo == null ? null : photo.getBytes();
        return act(flash, base(v, s) + "/products", "mk.saved", () -> goods.setPhoto(actor, v, pid, bytes));
    }

    @GetMapping("/console/market/{v}/{s}/products/{pid}/photo")
    ResponseEntity<byte[]> productPhoto(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid) {
        MarketSql.Photo p = goods.productPhoto(actor, v, pid);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.type())).body(p.bytes());
    }

    @GetMapping("/console/market/{v}/{s}/approvals")
    String approvals(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        common(actor, v, s, model);
        model.addAttribute("pending", goods.pending(actor, v, s));
        model.addAttribute("me", actor.username());
        return "market-approvals";
    }

    @PostMapping("/console/market/{v}/{s}/approvals/{mid}")
    String decide(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long mid,
                  @RequestParam boolean approve, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(flash, base(v, s) + "/approvals", approve ? "mk.approved" : "mk.rejected",
                () -> goods.decide(actor, v, mid, approve, reason));
    }

    // ---------------------------------------------------------------- admin: 六有

    @GetMapping("/console/market/{v}/{s}/standards")
    String standards(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        common(actor, v, s, model);
        model.addAttribute("standards", supermarkets.standards(actor, v, s));
        model.addAttribute("history", supermarkets.checkHistory(actor, v, s));
        model.addAttribute("names", Supermarkets.STANDARDS);
        return "market-standards";
    }

    @PostMapping("/console/market/{v}/{s}/standards")
    String check(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                 @RequestParam(required = false) MultipartFile photo, RedirectAttributes flash) throws java.io.IOException {
        byte[] bytes = photo == null || photo.isEmpty() ? null : photo.getBytes();
        return act(flash, base(v, s) + "/standards", "mk.saved", () -> supermarkets.check(actor, v, s, f.get("standard"),
                f.get("met") == null ? null : Boolean.valueOf(f.get("met")),
                date("checkedOn", f.get("checkedOn")),
                f.get("note"), bytes, null));
    }

    @GetMapping("/console/market/{v}/{s}/standards/{cid}/photo")
    ResponseEntity<byte[]> checkPhoto(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long cid) {
        MarketSql.Photo p = supermarkets.checkPhoto(actor, v, s, cid);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.type())).body(p.bytes());
    }

    // ---------------------------------------------------------------- admin: funds and windows (per village)

    @GetMapping("/console/market/village/{code}/funds")
    String funds(Actor actor, @PathVariable String code, @RequestParam(required = false) Long fund, Model model) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        model.addAttribute("village", v);
        model.addAttribute("funds", funds.funds(actor, code));
        model.addAttribute("donors", funds.donors(v.id()));
        model.addAttribute("requestKey", java.util.UUID.randomUUID().toString());  // one booking per form shown
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
    String createFund(Actor actor, @PathVariable String code, @RequestParam(required = false) String name,
                      @RequestParam(required = false) String kind, RedirectAttributes flash) {
        return act(flash, "/console/market/village/" + code + "/funds", "mk.saved", () -> funds.create(actor, code, name, kind));
    }

    @PostMapping("/console/market/village/{code}/funds/{fid}/contributions")
    String contribute(Actor actor, @PathVariable String code, @PathVariable long fid, @RequestParam Map<String, String> f,
                      RedirectAttributes flash) {
        return act(flash, "/console/market/village/" + code + "/funds", "mk.saved", () -> funds.contribute(actor, code, fid,
                money("amountYuan", f.get("amountYuan")), f.get("donor"), null, f.get("note"), f.get("requestKey")));
    }

    @GetMapping("/console/market/village/{code}/windows")
    String windows(Actor actor, @PathVariable String code, Model model) {
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
    String schedule(Actor actor, @PathVariable String code, @RequestParam Map<String, String> f, RedirectAttributes flash) {
        return act(flash, "/console/market/village/" + code + "/windows", "mk.saved", () -> windows.schedule(actor, code,
                f.get("title"), dateTime("opensAt", f.get("opensAt")), dateTime("closesAt", f.get("closesAt"))));
    }

    @PostMapping("/console/market/village/{code}/windows/{wid}/cancel")
    String cancelWindow(Actor actor, @PathVariable String code, @PathVariable long wid,
                        @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return act(flash, "/console/market/village/" + code + "/windows", "mk.saved",
                () -> windows.cancel(actor, code, wid, reason));
    }

    @PostMapping("/console/market/village/{code}/cash-top-up")
    String cashTopUp(Actor actor, @PathVariable String code, @RequestParam boolean allow, RedirectAttributes flash) {
        return act(flash, "/console/market/village/" + code + "/windows", "mk.saved",
                () -> windows.setAllowCashTopUp(actor, code, allow));
    }

    @PostMapping("/console/market/village/{code}/open-every-day")
    String openEveryDay(Actor actor, @PathVariable String code, @RequestParam boolean open, RedirectAttributes flash) {
        return act(flash, "/console/market/village/" + code + "/windows", "mk.saved",
                () -> windows.setOpenEveryDay(actor, code, open));
    }

    private static LocalDate date(String field, String raw) {
        String s = Texts.clean(raw);
        if (s == null) {
            return null;
        }
        try {
            return LocalDate.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw InvalidInput.of(field, "error.market.date");
        }
    }

    private static LocalDateTime dateTime(String field, String raw) {
        String s = Texts.clean(raw);
        if (s == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(s);
        } catch (java.time.format.DateTimeParseException e) {
            throw InvalidInput.of(field, "error.market.dateTime");
        }
    }
}
