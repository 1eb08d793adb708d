package cn.jifen.market.internal;

import cn.jifen.market.Donor;
import cn.jifen.market.Fund;
import cn.jifen.market.FundEntry;
import cn.jifen.market.Funds;
import cn.jifen.market.Goods;
import cn.jifen.market.RedemptionWindow;
import cn.jifen.market.RedemptionWindows;
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
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import cn.jifen.shared.InvalidInput;

/** A village's market in JSON: funds and donors, redemption windows, market settings, the stock reconciliation. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "market", description = "积分超市：物品、台账、资金、兑换时段、柜台兑换")
public class VillageMarketApi {
    public record FundBody(String name, String kind) { }

    public record ContributionBody(BigDecimal amountYuan, String donor, LocalDate occurredOn, String note) { }

    public record WindowBody(String title, LocalDateTime opensAt, LocalDateTime closesAt) { }

    public record SettingsBody(Boolean openEveryDay, Boolean allowCashTopUp) { }

    public record Settings(String villageCode, boolean openEveryDay, boolean allowCashTopUp, RedemptionWindow next) { }

    public record Reconciliation(String villageCode, long products, List<String> mismatches, boolean intact) { }
    private final Goods goods;
    private final Funds funds;
    private final RedemptionWindows windows;
    private final OrgUnits orgUnits;
    private final ProductSql productSql;

    public VillageMarketApi(Goods goods, Funds funds, RedemptionWindows windows, OrgUnits orgUnits, ProductSql productSql) {
        this.goods = goods;
        this.funds = funds;
        this.windows = windows;
        this.orgUnits = orgUnits;
        this.productSql = productSql;
    }

    @GetMapping("/villages/{code}/funds")
    public List<Fund> funds(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return funds.funds(actor, code);
    }

    @PostMapping("/villages/{code}/funds")
    public ResponseEntity<Fund> createFund(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                    @RequestBody FundBody b) {
        return ResponseEntity.status(HttpStatus.CREATED).body(funds.create(actor, code, b.name(), b.kind()));
    }

    @PostMapping("/villages/{code}/funds/{fundId}/contributions")
    @Operation(summary = "资金入账：村集体拨款、镇补助、捐赠（须填捐赠人）")
    public ResponseEntity<FundEntry> contribute(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                         @PathVariable long fundId, @RequestBody ContributionBody b,
                                         @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(HttpStatus.CREATED).body(funds.contribute(actor, code, fundId, b.amountYuan(),
                b.donor(), b.occurredOn(), b.note(), key));
    }

    @GetMapping("/villages/{code}/funds/{fundId}/entries")
    @Operation(summary = "资金的收支明细，新的在前；分页（page、size），附总数 total")
    public Page<FundEntry> entries(@Parameter(hidden = true) Actor actor, @PathVariable String code, @PathVariable long fundId,
                            @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        return funds.entries(actor, v.id(), fundId, Paging.of(page, size));
    }

    @GetMapping("/villages/{code}/donors")
    public List<Donor> donors(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return funds.donors(orgUnits.workingVillage(actor, code).id());
    }

    @GetMapping("/villages/{code}/redemption-windows")
    public List<RedemptionWindow> windows(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        return windows.list(actor, code);
    }

    @PostMapping("/villages/{code}/redemption-windows")
    @Operation(summary = "安排集中兑换日（县时区的本地时间，如 2026-12-05T09:00）")
    public ResponseEntity<RedemptionWindow> schedule(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                              @RequestBody WindowBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(windows.schedule(actor, code, b.title(), b.opensAt(), b.closesAt()));
    }

    @PostMapping("/villages/{code}/redemption-windows/{windowId}/cancel")
    public ResponseEntity<Void> cancelWindow(@Parameter(hidden = true) Actor actor, @PathVariable String code,
                                      @PathVariable long windowId, @RequestBody(required = false) MarketApi.ReasonBody b) {
        windows.cancel(actor, code, windowId, b == null ? null : b.reason());
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/villages/{code}/market-settings")
    public Settings settings(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        OrgUnit v = orgUnits.workingVillage(actor, code);
        return new Settings(v.code(), windows.openEveryDay(v.id()), windows.allowCashTopUp(v.id()),
                windows.next(v.id()).orElse(null));
    }

    @PutMapping("/villages/{code}/market-settings")
    @Operation(summary = "设置本村是否每天开放兑换（否则只在集中兑换日开放）、是否允许现金补差价")
    public Settings setSettings(@Parameter(hidden = true) Actor actor, @PathVariable String code, @RequestBody SettingsBody b) {
        if (b.openEveryDay() == null && b.allowCashTopUp() == null) {
            throw InvalidInput.of("openEveryDay", "error.required");
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
    public Reconciliation reconcile(@Parameter(hidden = true) Actor actor, @PathVariable String code) {
        OrgUnit v = orgUnits.visibleVillage(actor, code);
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        List<String> m = goods.reconcile(v.id());
        return new Reconciliation(v.code(), productSql.productCount(v.id()), m, m.isEmpty());
    }
}
