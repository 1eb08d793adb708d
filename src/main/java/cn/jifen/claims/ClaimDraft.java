package cn.jifen.claims;

import java.time.LocalDate;

/**
 * What a recorder (or declaring villager) submits. The household is named by id or by passbook number;
 * {@code onBehalf} marks a declaration made by a relative or clerk for an (elderly) villager.
 */
public record ClaimDraft(Long villageId, Long householdId, String passbookNumber, String itemCode, Integer points,
                         LocalDate occurredOn, Long residentId, String note, boolean onBehalf) { }
