package cn.jifen.market;

import java.time.OffsetDateTime;

/**
 * Published by the hourly scan for a reservation still held whose hold ends within a day (and that was made more
 * than a day before its end, so the "ready" notice did not already say so): the household is reminded to collect.
 * The scan may publish the same reservation again in a later run; listeners key it by reservation.
 *
 * @param householdVillageId the household's village
 * @param villageId          the supermarket's village, with {@code reservationId} the reservation's key
 */
public record ReservationEndingSoon(long householdVillageId, long householdId, long villageId, long supermarketId,
                                    long reservationId, long points, OffsetDateTime expiresAt) { }
