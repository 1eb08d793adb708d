package cn.jifen.market;

import java.time.OffsetDateTime;

/**
 * Published inside a reservation's transaction: the goods are set aside (taken out of stock) and the points held,
 * so the reservation is ready to collect at once, until {@code expiresAt}. The household is told.
 *
 * @param householdVillageId the household's village (a household may reserve at another village's supermarket)
 * @param villageId          the supermarket's village, with {@code reservationId} the reservation's key
 */
public record ReservationReady(long householdVillageId, long householdId, long villageId, long supermarketId,
                               String supermarketName, long reservationId, long points, OffsetDateTime expiresAt) { }
