package cn.jifen.claims;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A draft of a record (草稿): what its author typed on the record form, saved before it was complete. Every field
 * but the household may be missing. {@code expired}: saved more than {@value SavedDrafts#EXPIRES_AFTER_DAYS} days
 * ago; it is shown so, and kept until its author deletes or submits it. {@code itemLabel} names the rule item when
 * the village's catalogue has the code, else repeats the code.
 */
public record SavedDraft(long villageId, long id, long householdId, String passbookNumber, String headName,
                         String itemCode, String itemLabel, Integer points, LocalDate occurredOn, Long residentId,
                         String note, boolean onBehalf, OffsetDateTime createdAt, OffsetDateTime savedAt,
                         boolean expired) { }
