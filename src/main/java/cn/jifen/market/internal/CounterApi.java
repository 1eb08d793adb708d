package cn.jifen.market.internal;

import cn.jifen.market.Redemption;
import cn.jifen.market.Redemptions;
import cn.jifen.market.Reservation;
import cn.jifen.market.Reservations;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The counter in JSON: the passbook look-up, redemptions and their receipts, online reservations. */
@RestController
@RequestMapping("/api/v1")
@Tag(name = "market", description = "积分超市：物品、台账、资金、兑换时段、柜台兑换")
public class CounterApi {
    public record RedeemBody(String passbookNumber, List<MarketApi.ItemBody> items, BigDecimal cashYuan) { }

    public record ReserveBody(List<MarketApi.ItemBody> items) { }
    private final Redemptions redemptions;
    private final Receipts receipts;
    private final Reservations reservations;

    public CounterApi(Redemptions redemptions, Receipts receipts, Reservations reservations) {
        this.redemptions = redemptions;
        this.receipts = receipts;
        this.reservations = reservations;
    }

    @GetMapping("/supermarkets/{villageId}/{id}/passbooks/{number}")
    @Operation(summary = "柜台查存折：户主、可用积分、能否兑换（兑换时段、一票否决）")
    public Redemptions.Customer customer(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long id, @PathVariable String number) {
        return redemptions.lookup(actor, villageId, id, number);
    }

    @PostMapping("/supermarkets/{villageId}/{id}/redemptions")
    @Operation(summary = "确认兑换（须带 Idempotency-Key 请求头；同一个键重复提交返回第一次的结果，不重复扣分）；"
            + "cashYuan：积分不足时收取的现金补差价（本村允许时）")
    public ResponseEntity<Redemption> redeem(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                      @PathVariable long id,
                                      @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                      @RequestBody RedeemBody b) {
        Redemption r = redemptions.redeem(actor, villageId, id, b.passbookNumber(), MarketApi.items(b.items()), key, b.cashYuan());
        return ResponseEntity.status(r.replayed() ? HttpStatus.OK : HttpStatus.CREATED).body(r);
    }

    @GetMapping("/supermarkets/{villageId}/{id}/redemptions")
    @Operation(summary = "本超市某段日期（默认今天）的兑换记录，新的在前；分页（page、size），附总数 total")
    public Page<Redemption> redemptions(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                 @PathVariable long id, @RequestParam(required = false) LocalDate from,
                                 @RequestParam(required = false) LocalDate to,
                                 @RequestParam(required = false) Integer page,
                                 @RequestParam(required = false) Integer size) {
        return redemptions.ofSupermarket(actor, villageId, id, from, to, Paging.of(page, size));
    }

    @GetMapping("/redemptions/{villageId}/{redemptionId}")
    public Redemption redemption(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                          @PathVariable long redemptionId) {
        return redemptions.get(actor, villageId, redemptionId);
    }

    @PostMapping("/redemptions/{villageId}/{redemptionId}/cancel")
    @Operation(summary = "撤销当天的兑换（村级管理员，须写原因）：积分冲回、物品退回库存")
    public Redemption cancel(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                      @PathVariable long redemptionId, @RequestBody(required = false) MarketApi.ReasonBody b) {
        return redemptions.cancel(actor, villageId, redemptionId, b == null ? null : b.reason());
    }

    @GetMapping("/redemptions/{villageId}/{redemptionId}/receipt.pdf")
    @Operation(summary = "兑换小票 PDF：format=ticket（80 毫米小票）或 a5")
    public ResponseEntity<byte[]> receipt(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                   @PathVariable long redemptionId,
                                   @RequestParam(defaultValue = "ticket") String format) {
        Redemption r = redemptions.get(actor, villageId, redemptionId);
        return pdf(receipts.render(r, "a5".equalsIgnoreCase(format)), "receipt-" + r.id() + ".pdf");
    }

    @PostMapping("/supermarkets/{villageId}/{id}/reservations")
    @Operation(summary = "村民网上预订（须带 Idempotency-Key）：物品留出、积分冻结，领取时才扣分，过期自动退回")
    public ResponseEntity<Reservation> reserve(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                        @PathVariable long id,
                                        @RequestHeader(value = "Idempotency-Key", required = false) String key,
                                        @RequestBody ReserveBody b) {
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(reservations.reserve(actor, villageId, id, MarketApi.items(b.items()), key));
    }

    @GetMapping("/supermarkets/{villageId}/{id}/reservations")
    @Operation(summary = "本超市待领取的预订，快过期的在前；分页（page、size），附总数 total")
    public Page<Reservation> heldReservations(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                       @PathVariable long id, @RequestParam(required = false) Integer page,
                                       @RequestParam(required = false) Integer size) {
        return reservations.held(actor, villageId, id, Paging.of(page, size));
    }

    @PostMapping("/reservations/{villageId}/{reservationId}/collect")
    @Operation(summary = "交付预订的物品（超市管理员）：这时才扣积分，生成兑换记录")
    public Redemption collect(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                       @PathVariable long reservationId) {
        return reservations.collect(actor, villageId, reservationId);
    }

    @PostMapping("/reservations/{villageId}/{reservationId}/cancel")
    @Operation(summary = "取消预订（村民本人或村级管理员）：物品退回库存，冻结的积分释放")
    public Reservation cancelReservation(@Parameter(hidden = true) Actor actor, @PathVariable long villageId,
                                  @PathVariable long reservationId) {
        return reservations.cancel(actor, villageId, reservationId);
    }

    @GetMapping("/me/reservations")
    @Operation(summary = "村民：本户的预订，新的在前；分页（page、size），附总数 total")
    public Page<Reservation> myReservations(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                                     @RequestParam(required = false) Integer size) {
        return reservations.mine(actor, Paging.of(page, size));
    }

    @GetMapping("/me/redemptions")
    @Operation(summary = "村民：本户的兑换记录，新的在前；分页（page、size），附总数 total")
    public Page<Redemption> myRedemptions(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                                   @RequestParam(required = false) Integer size) {
        return redemptions.mine(actor, Paging.of(page, size));
    }

    public static ResponseEntity<byte[]> pdf(byte[] bytes, String filename) {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.inline().filename(filename).build().toString())
                .body(bytes);
    }
}
