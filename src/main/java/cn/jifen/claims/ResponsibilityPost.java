package cn.jifen.claims;

import java.time.LocalDate;

/**
 * A responsibility post (责任岗) of a village with its current adopter, if any, and the date of its
 * latest inspection (a claim not rejected).
 */
public record ResponsibilityPost(long villageId, long id, String name, String itemCode, String description,
                                 boolean active, Long householdId, String passbookNumber, String headName,
                                 LocalDate adoptedOn, LocalDate lastInspectedOn) { }
