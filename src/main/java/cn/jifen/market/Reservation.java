package cn.jifen.market;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * An online reservation (网上预订): goods set aside (out of stock) and points held (not spent) until the
 * keeper hands them over (COLLECTED, with the redemption made then), the villager cancels (CANCELLED) or
 * the time runs out (LAPSED: goods back, hold released).
 */
public record Reservation(long villageId, long id, long supermarketId, String supermarketName, long householdVillageId,
                          long householdId, String passbookNumber, long points, String status, OffsetDateTime expiresAt,
                          OffsetDateTime createdAt, String closedBy, OffsetDateTime closedAt, Long redemptionId,
                          List<Line> lines) {

    /** One line: quantity at the points price of the day it was reserved. */
    public record Line(long productId, String productName, String unit, int quantity, int unitPoints) { }

    public boolean held() { return "HELD".equals(status); }

    public String statusKey() { return "market.reservation." + status; }
}
