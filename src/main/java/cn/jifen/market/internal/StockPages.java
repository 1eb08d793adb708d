package cn.jifen.market.internal;

import cn.jifen.market.Fund;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.market.Supermarkets;
import static cn.jifen.market.internal.MarketPageSupport.base;
import static cn.jifen.market.internal.MarketPageSupport.integer;
import static cn.jifen.market.internal.MarketPageSupport.money;
import static cn.jifen.market.internal.MarketPageSupport.id;
import static cn.jifen.market.internal.MarketPageSupport.productId;

import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.web.ProblemMessages;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import java.util.Collections;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;

/** Stock in and out for keepers: purchases, donations, losses, the stock-take and the stock ledger (台账) and its exports. */
@Controller
public class StockPages {
    private final MarketPageSupport pages;
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final Funds funds;
    private final LedgerExport export;
    private final ProblemMessages problems;
    private final Clock clock;

    public StockPages(MarketPageSupport pages, Supermarkets supermarkets, Goods goods, Funds funds, LedgerExport export, ProblemMessages problems, Clock clock) {
        this.pages = pages;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.funds = funds;
        this.export = export;
        this.problems = problems;
        this.clock = clock;
    }

    @GetMapping("/console/market/{v}/{s}/stock")
    public String stock(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        pages.common(actor, v, s, model);
        model.addAttribute("products", goods.products(actor, v, s));
        model.addAttribute("funds", funds.funds(v).stream().filter(Fund::active).toList());
        model.addAttribute("requestKey", UUID.randomUUID().toString());  // one booking per form shown
        return "market-stock";
    }

    @PostMapping("/console/market/{v}/{s}/stock/purchase")
    public String purchase(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                    RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/stock", "mk.saved", () -> goods.purchase(actor, v, productId(f.get("productId")),
                integer(f.get("quantity")), money("costYuan", f.get("costYuan")), f.get("supplier"), id(f.get("fundId")), null,
                f.get("requestKey")));
    }

    @PostMapping("/console/market/{v}/{s}/stock/donation")
    public String donation(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                    RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/stock", "mk.saved", () -> goods.donation(actor, v, productId(f.get("productId")),
                integer(f.get("quantity")), f.get("donor"), null, f.get("requestKey")));
    }

    @PostMapping("/console/market/{v}/{s}/stock/loss")
    public String loss(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/stock", "mk.submitted", () -> goods.reportLoss(actor, v,
                productId(f.get("productId")), integer(f.get("quantity")), f.get("reason")));
    }

    @PostMapping("/console/market/{v}/{s}/stock/take")
    public String take(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/stock", "mk.submitted", () -> goods.stockTake(actor, v,
                productId(f.get("productId")), integer(f.get("counted")), f.get("reason")));
    }

    @GetMapping("/console/market/{v}/{s}/ledger")
    public String ledger(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam(required = false) LocalDate from,
                  @RequestParam(required = false) LocalDate to, @RequestParam(required = false) Long product,
                  @RequestParam(defaultValue = "0") int page, Model model) {
        pages.common(actor, v, s, model);
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
        Collections.reverse(m);
        return m;
    }

    private String ledgerTitle(Supermarkets.Supermarket sm, LocalDate from, LocalDate to) {
        LocalDate t = to == null ? LocalDate.now(clock) : to;
        LocalDate f = from == null ? t.minusDays(30) : from;
        return sm.name() + " 台账（" + f + " 至 " + t + "）";
    }

    @GetMapping("/console/market/{v}/{s}/ledger.xlsx")
    public ResponseEntity<byte[]> ledgerXlsx(Actor actor, @PathVariable long v, @PathVariable long s,
                                      @RequestParam(required = false) LocalDate from,
                                      @RequestParam(required = false) LocalDate to) {
        Supermarkets.Supermarket sm = supermarkets.visible(actor, v, s);
        byte[] bytes = export.xlsx(ledgerTitle(sm, from, to), ledgerRange(actor, v, s, from, to), problems::msg);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition
                        .attachment().filename("ledger-" + v + "-" + s + ".xlsx").build().toString())
                .body(bytes);
    }

    @GetMapping("/console/market/{v}/{s}/ledger.pdf")
    public ResponseEntity<byte[]> ledgerPdf(Actor actor, @PathVariable long v, @PathVariable long s,
                                     @RequestParam(required = false) LocalDate from,
                                     @RequestParam(required = false) LocalDate to) {
        Supermarkets.Supermarket sm = supermarkets.visible(actor, v, s);
        return CounterApi.pdf(export.pdf(ledgerTitle(sm, from, to), ledgerRange(actor, v, s, from, to), problems::msg,
                LocalDate.now(clock)), "ledger-" + v + "-" + s + ".pdf");
    }
}
