package cn.jifen.rules;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** One saved change of the county's points policy, with who made it and why. */
public record CountyPolicyChange(int basePoints, String expiryDate, int vetoBlockMonths, LocalDate closedThrough,
                                 int localAdjustPercent, OffsetDateTime changedAt, String changedBy, String reason) { }
