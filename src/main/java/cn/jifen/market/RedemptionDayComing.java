package cn.jifen.market;

import java.time.LocalDateTime;

/**
 * Published by the hourly scan for a redemption window (集中兑换日) that opens within the notice lead time: one event
 * per village whose households shop at the window's supermarkets (its own village and the villages it serves). The
 * scan may publish the same window again in a later run; listeners key it by village and window.
 *
 * @param villageId       the village whose households are told
 * @param windowVillageId the supermarket's village, with {@code windowId} the window's key
 */
public record RedemptionDayComing(long villageId, long windowVillageId, long windowId, LocalDateTime opensAt,
                                  LocalDateTime closesAt, String title) { }
