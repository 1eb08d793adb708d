package cn.jifen.market.internal;

import cn.jifen.market.Goods;
import cn.jifen.market.Photo;
import cn.jifen.market.Product;
import cn.jifen.market.Supermarkets;
import static cn.jifen.market.internal.MarketPageSupport.base;
import static cn.jifen.market.internal.MarketPageSupport.integer;
import static cn.jifen.market.internal.MarketPageSupport.money;
import static cn.jifen.market.internal.MarketPageSupport.date;

import cn.jifen.shared.Actor;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import java.io.IOException;
import org.springframework.stereotype.Controller;

/** A village admin's pages of a supermarket: its products and prices, the approvals of pending movements, the 六有 checklist. */
@Controller
public class ProductPages {
    private final MarketPageSupport pages;
    private final Supermarkets supermarkets;
    private final Goods goods;

    public ProductPages(MarketPageSupport pages, Supermarkets supermarkets, Goods goods) {
        this.pages = pages;
        this.supermarkets = supermarkets;
        this.goods = goods;
    }

    @GetMapping("/console/market/{v}/{s}/products")
    public String products(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        pages.common(actor, v, s, model);
        supermarkets.forAdmin(actor, v, s);
        model.addAttribute("products", goods.products(actor, v, s));
        return "market-products";
    }

    @PostMapping("/console/market/{v}/{s}/products")
    public String createProduct(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                         RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/products", "mk.saved", () -> goods.create(actor, v, s, new Goods.ProductDraft(
                f.get("name"), f.get("unit"), f.get("category"), integer(f.get("lowStock")), integer(f.get("points")),
                money("referenceYuan", f.get("referenceYuan")))));
    }

    @PostMapping("/console/market/{v}/{s}/products/{pid}/price")
    public String reprice(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid,
                   @RequestParam Map<String, String> f, RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/products", "mk.saved", () -> goods.reprice(actor, v, pid, integer(f.get("points")),
                money("referenceYuan", f.get("referenceYuan")),
                date("effectiveFrom", f.get("effectiveFrom"))));
    }

    @PostMapping("/console/market/{v}/{s}/products/{pid}/active")
    public String activate(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid,
                    @RequestParam boolean active, RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/products", "mk.saved", () -> {
            Product p = goods.product(actor, v, pid);
            goods.update(actor, v, pid, p.name(), p.unit(), p.category(), p.lowStock(), active);
        });
    }

    @PostMapping("/console/market/{v}/{s}/products/{pid}/photo")
    public String photo(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid,
                 @RequestParam(required = false) MultipartFile photo, RedirectAttributes flash) throws IOException {
        byte[] bytes = photo == null ? null : photo.getBytes();
        return pages.act(flash, base(v, s) + "/products", "mk.saved", () -> goods.setPhoto(actor, v, pid, bytes));
    }

    @GetMapping("/console/market/{v}/{s}/products/{pid}/photo")
    public ResponseEntity<byte[]> productPhoto(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long pid) {
        Photo p = goods.productPhoto(actor, v, pid);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.type())).body(p.bytes());
    }

    @GetMapping("/console/market/{v}/{s}/approvals")
    public String approvals(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        pages.common(actor, v, s, model);
        model.addAttribute("pending", goods.pending(actor, v, s));
        model.addAttribute("me", actor.username());
        return "market-approvals";
    }

    @PostMapping("/console/market/{v}/{s}/approvals/{mid}")
    public String decide(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long mid,
                  @RequestParam boolean approve, @RequestParam(required = false) String reason, RedirectAttributes flash) {
        return pages.act(flash, base(v, s) + "/approvals", approve ? "mk.approved" : "mk.rejected",
                () -> goods.decide(actor, v, mid, approve, reason));
    }

    @GetMapping("/console/market/{v}/{s}/standards")
    public String standards(Actor actor, @PathVariable long v, @PathVariable long s, Model model) {
        pages.common(actor, v, s, model);
        model.addAttribute("standards", supermarkets.standards(actor, v, s));
        model.addAttribute("history", supermarkets.checkHistory(actor, v, s));
        model.addAttribute("names", Supermarkets.STANDARDS);
        return "market-standards";
    }

    @PostMapping("/console/market/{v}/{s}/standards")
    public String check(Actor actor, @PathVariable long v, @PathVariable long s, @RequestParam Map<String, String> f,
                 @RequestParam(required = false) MultipartFile photo, RedirectAttributes flash) throws IOException {
        byte[] bytes = photo == null || photo.isEmpty() ? null : photo.getBytes();
        return pages.act(flash, base(v, s) + "/standards", "mk.saved", () -> supermarkets.check(actor, v, s, f.get("standard"),
                f.get("met") == null ? null : Boolean.valueOf(f.get("met")),
                date("checkedOn", f.get("checkedOn")),
                f.get("note"), bytes, null));
    }

    @GetMapping("/console/market/{v}/{s}/standards/{cid}/photo")
    public ResponseEntity<byte[]> checkPhoto(Actor actor, @PathVariable long v, @PathVariable long s, @PathVariable long cid) {
        Photo p = supermarkets.checkPhoto(actor, v, s, cid);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(p.type())).body(p.bytes());
    }
}
