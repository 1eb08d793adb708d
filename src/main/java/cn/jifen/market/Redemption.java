package cn.jifen.market;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * A redemption (兑换) at the counter: goods out of stock, points out of the passbook, in one
 * transaction. {@code points} is what the passbook paid; {@code cashYuan} what was paid in cash instead
 * (补差价, zero unless the village allows it). {@code replayed} is true when this is the first result returned again for a repeated
 * idempotency key.
 */
public record Redemption(long villageId, long id, long supermarketId, String supermarketName,
                         long householdVillageId, long householdId, String passbookNumber, String householdName,
                         long points, BigDecimal cashYuan, long balanceAfter, String status, String keeperName, LocalDate countyDate,
                         OffsetDateTime createdAt, UUID postingId, String cancelledBy, OffsetDateTime cancelledAt,
                         String cancelReason, List<Line> lines, boolean replayed) {

    /** One line of goods, at the price of the day of sale. */
    public record Line(long productId, String productName, String unit, int quantity, int unitPoints,
                       BigDecimal referenceYuan) {
        public long points() { return (long) quantity * unitPoints; }
    }

    public boolean cancelled() { return "CANCELLED".equals(status); }

    /** The goods' points at the day's prices; more than {@link #points()} when cash topped up the difference. */
    public long goodsPoints() { return lines.stream().mapToLong(Line::points).sum(); }

    public boolean toppedUp() { return cashYuan != null && cashYuan.signum() > 0; }

    Redemption asReplay() {
        return new Redemption(villageId, id, supermarketId, supermarketName, householdVillageId, householdId,
                passbookNumber, householdName, points, cashYuan, balanceAfter, status, keeperName, countyDate, createdAt,
                postingId, cancelledBy, cancelledAt, cancelReason, lines, true);
    }
}
