package cn.jifen.market;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One line of the stock ledger (台账). {@code quantity} is the signed change; PENDING movements (loss,
 * stock-take) change nothing until a village admin approves them; REJECTED ones never do.
 */
public record Movement(long villageId, long id, long supermarketId, long productId, String productName, String unit,
                       String kind, int quantity, String status, Integer stockAfter, BigDecimal costYuan,
                       String supplier, Long fundId, String fundName, String donor, String reason, Integer counted,
                       Integer expected, Long redemptionId, LocalDate occurredOn, String createdBy,
                       OffsetDateTime createdAt, String decidedBy, OffsetDateTime decidedAt, String decisionReason) {

    public String kindKey() { return "market.movement." + kind; }

    public String statusKey() { return "market.movement.status." + status; }
}
