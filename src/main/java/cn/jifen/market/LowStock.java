package cn.jifen.market;

import java.time.LocalDate;

/**
 * Published inside a redemption's transaction for each product it left at or below its low-stock threshold:
 * the supermarket's keepers are told (once per product and day, by the notice's key).
 */
public record LowStock(long villageId, long supermarketId, long productId, String productName, String unit, int left,
                       LocalDate on) { }
