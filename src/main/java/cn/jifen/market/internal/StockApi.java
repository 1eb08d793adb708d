package cn.jifen.market.internal;

import cn.jifen.market.Goods;
import cn.jifen.market.Movement;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The stock in JSON: purchases, donations, losses, stock-takes, approvals and the stock ledger. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "market", description = "积分超市：物品、台账、资金、兑换时段、柜台兑换")
public class StockApi {
    public record PurchaseBody(BigDecimal quantity, BigDecimal costYuan, String supplier, Long fundId, LocalDate occurredOn) { }

    public record DonationBody(BigDecimal quantity, String donor, LocalDate occurredOn) { }

    public record LossBody(BigDecimal quantity, String reason) { }

    public record StockTakeBody(BigDecimal counted, String reason) { }
    private final Goods goods;

    public StockApi(Goods goods) {
        this.goods = goods;
    }

    @PostMapping("/products/{villageId}/{productId}/purchases")
    @Operation(summary = "采购入库：数量、金额、供货商、付款的资金来源")
    public ResponseEntity<Movement> purchase(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                      @PathVariable long productId, @RequestBody PurchaseBody b,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(HttpStatus.CREATED).body(goods.purchase(actor, villageId, productId, MarketApi.whole("quantity", b.quantity()),
                b.costYuan(), b.supplier(), b.fundId(), b.occurredOn(), key));
    }

    @PostMapping("/products/{villageId}/{productId}/donations")
    @Operation(summary = "捐赠入库：数量、捐赠人")
    public ResponseEntity<Movement> donation(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                      @PathVariable long productId, @RequestBody DonationBody b,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.donation(actor, villageId, productId, MarketApi.whole("quantity", b.quantity()), b.donor(), b.occurredOn(),
                        key));
    }

    @PostMapping("/products/{villageId}/{productId}/losses")
    @Operation(summary = "报损（损坏、过期、丢失）：待村级管理员审批后出库")
    public ResponseEntity<Movement> loss(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long productId, @RequestBody LossBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.reportLoss(actor, villageId, productId, MarketApi.whole("quantity", b.quantity()), b.reason()));
    }

    @PostMapping("/products/{villageId}/{productId}/stock-takes")
    @Operation(summary = "盘点：实盘数与账面数不符时待村级管理员审批后调整")
    public ResponseEntity<Movement> stockTake(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                       @PathVariable long productId, @RequestBody StockTakeBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(goods.stockTake(actor, villageId, productId, MarketApi.whole("counted", b.counted()), b.reason()));
    }

    @PostMapping("/stock-movements/{villageId}/{movementId}/approve")
    public Movement approve(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long movementId,
                     @RequestBody(required = false) MarketApi.ReasonBody b) {
        return goods.decide(actor, villageId, movementId, true, b == null ? null : b.reason());
    }

    @PostMapping("/stock-movements/{villageId}/{movementId}/reject")
    public Movement reject(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long movementId,
                    @RequestBody(required = false) MarketApi.ReasonBody b) {
        return goods.decide(actor, villageId, movementId, false, b == null ? null : b.reason());
    }

    @GetMapping("/supermarkets/{villageId}/{id}/stock-movements")
    @Operation(summary = "台账：某段日期（默认最近 30 天）的库存变动，新的在前（pending=true 只看待审批的，早的在前）；"
            + "分页（page、size），附总数 total")
    public Page<Movement> movements(@Parameter(hidden = true) Actor actor, @PathVariable long villageId, @PathVariable long id,
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
}
