package cn.jifen.market.internal;

import cn.jifen.market.Goods;
import cn.jifen.market.Price;
import cn.jifen.market.Product;
import cn.jifen.market.Redemptions;
import cn.jifen.market.SupermarketAdmin;
import cn.jifen.market.Supermarkets;
import cn.jifen.shared.Actor;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import cn.jifen.shared.InvalidInput;
import java.util.ArrayList;

/** The supermarket in JSON: supermarkets, their keepers and 六有 checks, goods and prices. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "market", description = "积分超市：物品、台账、资金、兑换时段、柜台兑换")
public class MarketApi {
    public record SupermarketView(long villageId, long id, String name, String address, boolean active,
                           boolean meetsStandard, Map<String, Supermarkets.StandardCheck> standards,
                           List<Supermarkets.Keeper> keepers) { }

    public record KeeperBody(String username) { }

    public record CheckBody(String standard, Boolean met, LocalDate checkedOn, String note) { }

    public record ProductBody(String name, String unit, String category, Integer lowStock, Integer points,
                       BigDecimal referenceYuan, Boolean active) { }

    public record PriceBody(Integer points, BigDecimal referenceYuan, LocalDate effectiveFrom) { }

    public record ReasonBody(String reason) { }

    public record ItemBody(Long productId, BigDecimal quantity) { }

    /** Quantities arrive as numbers: 1.5 must be refused, not silently truncated to 1. */
    public static Integer whole(String field, BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() > 0) {
            throw InvalidInput.of(field, "error.market.wholeNumber");
        }
        if (s.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 || s.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            return Integer.MAX_VALUE;
        }
        return s.intValueExact();
    }

    public static List<Redemptions.Item> items(List<ItemBody> items) {
        if (items == null) {
            return null;
        }
        List<Redemptions.Item> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ItemBody b = items.get(i);
            out.add(b == null ? null : new Redemptions.Item(b.productId(), whole("items[" + i + "].quantity", b.quantity())));
        }
        return out;
    }
    private final Supermarkets supermarkets;
    private final Goods goods;
    private final SupermarketAdmin supermarketAdmin;

    public MarketApi(Supermarkets supermarkets, Goods goods, SupermarketAdmin supermarketAdmin) {
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.supermarketAdmin = supermarketAdmin;
    }

    @GetMapping("/supermarkets")
    @Operation(summary = "我管理或服务我的积分超市（超市管理员：指派给自己的；村民：本村的）")
    public List<SupermarketAdmin.Info> mine(@Parameter(hidden = true) Actor actor) {
        return supermarketAdmin.list(actor);
    }

    @GetMapping("/supermarkets/{villageId}/{id}")
    public SupermarketView supermarket(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        Supermarkets.Supermarket s = supermarkets.visible(actor, villageId, id);
        if (!actor.isStaff()) {
            return new SupermarketView(s.villageId(), s.id(), s.name(), s.address(), s.active(), false, Map.of(), List.of());
        }
        Map<String, Supermarkets.StandardCheck> st = supermarkets.standards(actor, villageId, id);
        return new SupermarketView(s.villageId(), s.id(), s.name(), s.address(), s.active(),
                st.values().stream().allMatch(c -> c != null && c.met()), st, supermarkets.keepers(actor, villageId, id));
    }

    @PostMapping("/supermarkets/{villageId}/{id}/keepers")
    @Operation(summary = "指派超市管理员（村级及以上管理员）")
    public ResponseEntity<List<Supermarkets.Keeper>> assign(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                                     @PathVariable long id, @RequestBody KeeperBody body) {
        supermarkets.assignKeeper(actor, villageId, id, body.username());
        return ResponseEntity.status(HttpStatus.CREATED).body(supermarkets.keepers(actor, villageId, id));
    }

    @DeleteMapping("/supermarkets/{villageId}/{id}/keepers/{userId}")
    public ResponseEntity<Void> unassign(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long id, @PathVariable long userId) {
        supermarkets.unassignKeeper(actor, villageId, id, userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/supermarkets/{villageId}/{id}/standards")
    @Operation(summary = "记录“六有”某一项的检查结果（SITE 场地、SIGN 牌子、GOODS 货品、RULES 制度、LEDGER 台账、MANAGEMENT 管理）")
    public ResponseEntity<Map<String, Supermarkets.StandardCheck>> check(@Parameter(hidden = true) Actor actor,
                                                                  @PathVariable long villageId, @PathVariable long id,
                                                                  @RequestBody CheckBody b) {
        supermarkets.check(actor, villageId, id, b.standard(), b.met(), b.checkedOn(), b.note(), null, null);
        return ResponseEntity.status(HttpStatus.CREATED).body(supermarkets.standards(actor, villageId, id));
    }

    @GetMapping("/supermarkets/{villageId}/{id}/products")
    @Operation(summary = "物品、今天的积分价格和库存（村民只看到在架的）")
    public List<Product> products(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return goods.products(actor, villageId, id);
    }

    @PostMapping("/supermarkets/{villageId}/{id}/products")
    @Operation(summary = "新增物品（村级管理员），带第一个积分价格（今天起生效）")
    public ResponseEntity<Product> createProduct(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                          @PathVariable long id, @RequestBody ProductBody b) {
        return ResponseEntity.status(HttpStatus.CREATED).body(goods.create(actor, villageId, id,
                new Goods.ProductDraft(b.name(), b.unit(), b.category(), b.lowStock(), b.points(), b.referenceYuan())));
    }

    @GetMapping("/products/{villageId}/{productId}")
    public Product product(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long productId) {
        return goods.product(actor, villageId, productId);
    }

    @PatchMapping("/products/{villageId}/{productId}")
    @Operation(summary = "修改物品名称、单位、类别、预警数、上下架（价格另行调整）")
    public Product updateProduct(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                          @PathVariable long productId, @RequestBody ProductBody b) {
        return goods.update(actor, villageId, productId, b.name(), b.unit(), b.category(), b.lowStock(), b.active());
    }

    @GetMapping("/products/{villageId}/{productId}/prices")
    public List<Price> prices(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long productId) {
        return goods.priceHistory(actor, villageId, productId);
    }

    @PostMapping("/products/{villageId}/{productId}/prices")
    @Operation(summary = "调整价格：从某天（今天或以后）起生效，以前的兑换保持原价")
    public ResponseEntity<Price> reprice(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long productId, @RequestBody PriceBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.reprice(actor, villageId, productId, b.points(), b.referenceYuan(), b.effectiveFrom()));
    }
}
