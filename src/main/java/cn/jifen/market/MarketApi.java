package cn.jifen.market;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The supermarket in JSON: goods, stock, funds, windows and redemption at the counter. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "market", description = "积分超市：物品、台账、资金、兑换时段、柜台兑换")
class MarketApi {
    record SupermarketView(long villageId, long id, String name, String address, boolean active,
                           boolean meetsStandard, Map<String, Supermarkets.StandardCheck> standards,
                           List<Supermarkets.Keeper> keepers) { }

    record KeeperBody(String username) { }

    record CheckBody(String standard, Boolean met, LocalDate checkedOn, String note) { }

    record ProductBody(String name, String unit, String category, Integer lowStock, Integer points,
                       BigDecimal referenceYuan, Boolean active) { }

    record PriceBody(Integer points, BigDecimal referenceYuan, LocalDate effectiveFrom) { }

    record PurchaseBody(BigDecimal quantity, BigDecimal costYuan, String supplier, Long fundId, LocalDate occurredOn) { }

    record DonationBody(BigDecimal quantity, String donor, LocalDate occurredOn) { }

    record LossBody(BigDecimal quantity, String reason) { }

    record StockTakeBody(BigDecimal counted, String reason) { }

    record ReasonBody(String reason) { }

    record FundBody(String name, String kind) { }

    record ContributionBody(BigDecimal amountYuan, String donor, LocalDate occurredOn, String note) { }

    record WindowBody(String title, LocalDateTime opensAt, LocalDateTime closesAt) { }

    record SettingsBody(Boolean openEveryDay, Boolean allowCashTopUp) { }

    record Settings(String villageCode, boolean openEveryDay, boolean allowCashTopUp, RedemptionWindow next) { }

    record ItemBody(Long productId, BigDecimal quantity) { }

    record RedeemBody(String passbookNumber, List<ItemBody> items, BigDecimal cashYuan) { }

    /** Quantities arrive as numbers: 1.5 must be refused, not silently truncated to 1. */
    static Integer whole(String field, BigDecimal v) {
        if (v == null) {
            return null;
        }
        BigDecimal s = v.stripTrailingZeros();
        if (s.scale() > 0) {
            throw cn.jifen.shared.InvalidInput.of(field, "error.market.wholeNumber");
        }
        if (s.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0 || s.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0) {
            return Integer.MAX_VALUE;
        }
        return s.intValueExact();
    }

    static List<Redemptions.Item> items(List<ItemBody> items) {
        if (items == null) {
            return null;
        }
        List<Redemptions.Item> out = new java.util.ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            ItemBody b = items.get(i);
            out.add(b == null ? null : new Redemptions.Item(b.productId(), whole("items[" + i + "].quantity", b.quantity())));
        }
        return out;
    }

    record ReserveBody(List<ItemBody> items) { }

    record Reconciliation(String villageCode, long products, List<String> mismatches, boolean intact) { }

    private final Supermarkets supermarkets;
    private final Goods goods;
    private final Funds funds;
    private final RedemptionWindows windows;
    private final Redemptions redemptions;
    private final Receipts receipts;
    private final Reservations reservations;
    private final OrgUnits orgUnits;
    private final MarketSql sql;
    private final SupermarketAdmin supermarketAdmin;

    MarketApi(SupermarketAdmin supermarketAdmin, Supermarkets supermarkets, Goods goods, Funds funds, RedemptionWindows windows, Redemptions redemptions,
              Receipts receipts, Reservations reservations, OrgUnits orgUnits, MarketSql sql) {
        this.supermarketAdmin = supermarketAdmin;
        this.reservations = reservations;
        this.supermarkets = supermarkets;
        this.goods = goods;
        this.funds = funds;
        this.windows = windows;
        this.redemptions = redemptions;
        this.receipts = receipts;
        this.orgUnits = orgUnits;
        this.sql = sql;
    }

    // ---------------------------------------------------------------- supermarkets

    @GetMapping("/supermarkets")
    @Operation(summary = "我管理或服务我的积分超市（超市管理员：指派给自己的；村民：本村的）")
    List<SupermarketAdmin.Info> mine(@Parameter(hidden = true) Actor actor) {
        return supermarketAdmin.list(actor);
    }

    @GetMapping("/supermarkets/{villageId}/{id}")
    SupermarketView supermarket(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
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
    ResponseEntity<List<Supermarkets.Keeper>> assign(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                                     @PathVariable long id, @RequestBody KeeperBody body) {
        supermarkets.assignKeeper(actor, villageId, id, body.username());
        return ResponseEntity.status(HttpStatus.CREATED).body(supermarkets.keepers(actor, villageId, id));
    }

    @DeleteMapping("/supermarkets/{villageId}/{id}/keepers/{userId}")
    ResponseEntity<Void> unassign(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long id, @PathVariable long userId) {
        supermarkets.unassignKeeper(actor, villageId, id, userId);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/supermarkets/{villageId}/{id}/standards")
    @Operation(summary = "记录“六有”某一项的检查结果（SITE 场地、SIGN 牌子、GOODS 货品、RULES 制度、LEDGER 台账、MANAGEMENT 管理）")
    ResponseEntity<Map<String, Supermarkets.StandardCheck>> check(@Parameter(hidden = true) Actor actor,
                                                                  @PathVariable long villageId, @PathVariable long id,
                                                                  @RequestBody CheckBody b) {
        supermarkets.check(actor, villageId, id, b.standard(), b.met(), b.checkedOn(), b.note(), null, null);
        return ResponseEntity.status(HttpStatus.CREATED).body(supermarkets.standards(actor, villageId, id));
    }

    // ---------------------------------------------------------------- products

    @GetMapping("/supermarkets/{villageId}/{id}/products")
    @Operation(summary = "物品、今天的积分价格和库存（村民只看到在架的）")
    List<Product> products(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id) {
        return goods.products(actor, villageId, id);
    }

    @PostMapping("/supermarkets/{villageId}/{id}/products")
    @Operation(summary = "新增物品（村级管理员），带第一个积分价格（今天起生效）")
    ResponseEntity<Product> createProduct(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                          @PathVariable long id, @RequestBody ProductBody b) {
        return ResponseEntity.status(HttpStatus.CREATED).body(goods.create(actor, villageId, id,
                new Goods.ProductDraft(b.name(), b.unit(), b.category(), b.lowStock(), b.points(), b.referenceYuan())));
    }

    @GetMapping("/products/{villageId}/{productId}")
    Product product(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long productId) {
        return goods.product(actor, villageId, productId);
    }

    @PatchMapping("/products/{villageId}/{productId}")
    @Operation(summary = "修改物品名称、单位、类别、预警数、上下架（价格另行调整）")
    Product updateProduct(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                          @PathVariable long productId, @RequestBody ProductBody b) {
        return goods.update(actor, villageId, productId, b.name(), b.unit(), b.category(), b.lowStock(), b.active());
    }

    @GetMapping("/products/{villageId}/{productId}/prices")
    List<Price> prices(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long productId) {
        return goods.priceHistory(actor, villageId, productId);
    }

    @PostMapping("/products/{villageId}/{productId}/prices")
    @Operation(summary = "调整价格：从某天（今天或以后）起生效，以前的兑换保持原价")
    ResponseEntity<Price> reprice(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long productId, @RequestBody PriceBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.reprice(actor, villageId, productId, b.points(), b.referenceYuan(), b.effectiveFrom()));
    }

    // ---------------------------------------------------------------- stock

    @PostMapping("/products/{villageId}/{productId}/purchases")
    @Operation(summary = "采购入库：数量、金额、供货商、付款的资金来源")
    ResponseEntity<Movement> purchase(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                      @PathVariable long productId, @RequestBody PurchaseBody b,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(HttpStatus.CREATED).body(goods.purchase(actor, villageId, productId, whole("quantity", b.quantity()),
                b.costYuan(), b.supplier(), b.fundId(), b.occurredOn(), key));
    }

    @PostMapping("/products/{villageId}/{productId}/donations")
    @Operation(summary = "捐赠入库：数量、捐赠人")
    ResponseEntity<Movement> donation(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                      @PathVariable long productId, @RequestBody DonationBody b,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.donation(actor, villageId, productId, whole("quantity", b.quantity()), b.donor(), b.occurredOn(),
                        key));
    }

    @PostMapping("/products/{villageId}/{productId}/losses")
    @Operation(summary = "报损（损坏、过期、丢失）：待村级管理员审批后出库")
    ResponseEntity<Movement> loss(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long productId, @RequestBody LossBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.reportLoss(actor, villageId, productId, whole("quantity", b.quantity()), b.reason()));
    }

    @PostMapping("/products/{villageId}/{productId}/stock-takes")
    @Operation(summary = "盘点：实盘数与账面数不符时待村级管理员审批后调整")
    ResponseEntity<Movement> stockTake(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                       @PathVariable long productId, @RequestBody StockTakeBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.stockTake(actor, villageId, productId, whole("counted", b.counted()), b.reason()));
    }

    @PostMapping("/stock-movements/{villageId}/{movementId}/approve")
    Movement approve(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long movementId,
                     @RequestBody(required = false) ReasonBody b) {
        return goods.decide(actor, villageId, movementId, true, b == null ? null : b.reason());
    }

    @PostMapping("/stock-movements/{villageId}/{movementId}/reject")
    Movement reject(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long movementId,
                    @RequestBody(required = false) ReasonBody b) {
        return goods.decide(actor, villageId, movementId, false, b == null ? null : b.reason());
    }

    @GetMapping("/supermarkets/{villageId}/{id}/stock-movements")
    @Operation(summary = "台账：某段日期（默认最近 30 天）的库存变动，新的在前（pending=true 只看待审批的，早的在前）；"
            + "分页（page、size），附总数 total")
    Page<Movement> movements(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
                             @RequestParam(required = false) LocalDate from, @RequestParam(required = false) LocalDate to,
                             @RequestParam(required = false) Long product,
                             @RequestParam(defaultValue = "false") boolean pending,
                             @RequestParam(required = false) Integer page,
                             @RequestParam(required = false) Integer size) {
        Paging paging = Paging.of(page, size);
        if (pending) {
            return goods.pending(actor, villageId, id, paging);
        }
        return goods.ledger(actor, villageId, id, from, to, product, paging);
    }

    // ---------------------------------------------------------------- funds

    @GetMapping("/villages/{code}/funds")
    List<Fund> funds(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return funds.funds(actor, code);
    }

    @PostMapping("/villages/{code}/funds")
    ResponseEntity<Fund> createFund(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                    @RequestBody FundBody b) {
        return ResponseEntity.status(HttpStatus.CREATED).body(funds.create(actor, code, b.name(), b.kind()));
    }

    @PostMapping("/villages/{code}/funds/{fundId}/contributions")
    @Operation(summary = "资金入账：村集体拨款、镇补助、捐赠（须填捐赠人）")
    ResponseEntity<FundEntry> contribute(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                         @PathVariable long fundId, @RequestBody ContributionBody b,
                                         @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(HttpStatus.CREATED).body(funds.contribute(actor, code, fundId, b.amountYuan(),
                b.donor(), b.occurredOn(), b.note(), key));
    }

    @GetMapping("/villages/{code}/funds/{fundId}/entries")
    @Operation(summary = "资金的收支明细，新的在前；分页（page、size），附总数 total")
    Page<FundEntry> entries(@Parameter(hidden = true) Actor actor, @PathVariable String code, @PathVariable long fundId,
                            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        return funds.entries(actor, v.id(), fundId, Paging.of(page, size));
    }

    @GetMapping("/villages/{code}/donors")
    List<Donor> donors(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return funds.donors(orgUnits.workingVillage(actor, code).id());
    }

    // ---------------------------------------------------------------- windows

    @GetMapping("/villages/{code}/redemption-windows")
    List<RedemptionWindow> windows(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return windows.list(actor, code);
    }

    @PostMapping("/villages/{code}/redemption-windows")
    @Operation(summary = "安排集中兑换日（县时区的本地时间，如 2026-12-05T09:00）")
    ResponseEntity<RedemptionWindow> schedule(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                              @RequestBody WindowBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(windows.schedule(actor, code, b.title(), b.opensAt(), b.closesAt()));
    }

    @PostMapping("/villages/{code}/redemption-windows/{windowId}/cancel")
    ResponseEntity<Void> cancelWindow(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                      @PathVariable long windowId, @RequestBody(required = false) ReasonBody b) {
        windows.cancel(actor, code, windowId, b == null ? null : b.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/villages/{code}/market-settings")
    Settings settings(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        OrgUnit v = orgUnits.workingVillage(actor, code);
        return new Settings(v.code(), windows.openEveryDay(v.id()), windows.allowCashTopUp(v.id()),
                windows.next(v.id()).orElse(null));
    }

    @PutMapping("/villages/{code}/market-settings")
    @Operation(summary = "设置本村是否每天开放兑换（否则只在集中兑换日开放）、是否允许现金补差价")
    Settings setSettings(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody SettingsBody b) {
        if (b.openEveryDay() == null && b.allowCashTopUp() == null) {
            throw cn.jifen.shared.InvalidInput.of("openEveryDay", "error.required");
        }
        if (b.openEveryDay() != null) {
            windows.setOpenEveryDay(actor, code, b.openEveryDay());
        }
        if (b.allowCashTopUp() != null) {
            windows.setAllowCashTopUp(actor, code, b.allowCashTopUp());
        }
        return settings(actor, code);
    }

    @GetMapping("/villages/{code}/market/reconciliation")
    @Operation(summary = "库存核对：每个物品的库存是否等于台账变动之和、是否有负数")
    Reconciliation reconcile(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        List<String> m = goods.reconcile(v.id());
        return new Reconciliation(v.code(), sql.productCount(v.id()), m, m.isEmpty());
    }

    // ---------------------------------------------------------------- counter

    @GetMapping("/supermarkets/{villageId}/{id}/passbooks/{number}")
    @Operation(summary = "柜台查存折：户主、可用积分、能否兑换（兑换时段、一票否决）")
    Redemptions.Customer customer(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long id, @PathVariable String number) {
        return redemptions.lookup(actor, villageId, id, number);
    }

    @PostMapping("/supermarkets/{villageId}/{id}/redemptions")
    @Operation(summary = "确认兑换（须带 Idempotency-Key 请求头；同一个键重复提交返回第一次的结果，不重复扣分）；"
            + "cashYuan：积分不足时收取的现金补差价（本村允许时）")
    ResponseEntity<Redemption> redeem(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                      @PathVariable long id,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                      @RequestBody RedeemBody b) {
        Redemption r = redemptions.redeem(actor, villageId, id, b.passbookNumber(), items(b.items()), key, b.cashYuan());
        return ResponseEntity.status(r.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(r);
    }

    @GetMapping("/supermarkets/{villageId}/{id}/redemptions")
    @Operation(summary = "本超市某段日期（默认今天）的兑换记录，新的在前；分页（page、size），附总数 total")
    Page<Redemption> redemptions(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                 @PathVariable long id, @RequestParam(required = false) LocalDate from,
                                 @RequestParam(required = false) LocalDate to,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        return redemptions.ofSupermarket(actor, villageId, id, from, to, Paging.of(page, size));
    }

    @GetMapping("/redemptions/{villageId}/{redemptionId}")
    Redemption redemption(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                          @PathVariable long redemptionId) {
        return redemptions.get(actor, villageId, redemptionId);
    }

    @PostMapping("/redemptions/{villageId}/{redemptionId}/cancel")
    @Operation(summary = "撤销当天的兑换（村级管理员，须写原因）：积分冲回、物品退回库存")
    Redemption cancel(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                      @PathVariable long redemptionId, @RequestBody(required = false) ReasonBody b) {
        return redemptions.cancel(actor, villageId, redemptionId, b == null ? null : b.reason());
    }

    @GetMapping("/redemptions/{villageId}/{redemptionId}/receipt.pdf")
    @Operation(summary = "兑换小票 PDF：format=ticket（80 毫米小票）或 a5")
    ResponseEntity<byte[]> receipt(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                   @PathVariable long redemptionId,
                                   @RequestParam(defaultValue = "ticket") String format) {
        Redemption r = redemptions.get(actor, villageId, redemptionId);
        return pdf(receipts.render(r, "a5".equalsIgnoreCase(format)), "receipt-" + r.id() + ".pdf");
    }

    // ---------------------------------------------------------------- reservations

    @PostMapping("/supermarkets/{villageId}/{id}/reservations")
    @Operation(summary = "村民网上预订（须带 Idempotency-Key）：物品留出、积分冻结，领取时才扣分，过期自动退回")
    ResponseEntity<Reservation> reserve(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                        @PathVariable long id,
                                        @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                        @RequestBody ReserveBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(reservations.reserve(actor, villageId, id, items(b.items()), key));
    }

    @GetMapping("/supermarkets/{villageId}/{id}/reservations")
    @Operation(summary = "本超市待领取的预订，快过期的在前；分页（page、size），附总数 total")
    Page<Reservation> heldReservations(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                       @PathVariable long id, @RequestParam(required = false) Integer page,
                                       @RequestParam(required = false) Integer size) {
        return reservations.held(actor, villageId, id, Paging.of(page, size));
    }

    @PostMapping("/reservations/{villageId}/{reservationId}/collect")
    @Operation(summary = "交付预订的物品（超市管理员）：这时才扣积分，生成兑换记录")
    Redemption collect(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                       @PathVariable long reservationId) {
        return reservations.collect(actor, villageId, reservationId);
    }

    @PostMapping("/reservations/{villageId}/{reservationId}/cancel")
    @Operation(summary = "取消预订（村民本人或村级管理员）：物品退回库存，冻结的积分释放")
    Reservation cancelReservation(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long reservationId) {
        return reservations.cancel(actor, villageId, reservationId);
    }

    @GetMapping("/me/reservations")
    @Operation(summary = "村民：本户的预订，新的在前；分页（page、size），附总数 total")
    Page<Reservation> myReservations(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer size) {
        return reservations.mine(actor, Paging.of(page, size));
    }

    @GetMapping("/me/redemptions")
    @Operation(summary = "村民：本户的兑换记录，新的在前；分页（page、size），附总数 total")
    Page<Redemption> myRedemptions(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                                   @RequestParam(required = false) Integer size) {
        return redemptions.mine(actor, Paging.of(page, size));
    }

    static ResponseEntity<byte[]> pdf(byte[] bytes, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(bytes);
    }
}
