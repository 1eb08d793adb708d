package cn.jifen.rules.internal;

import java.time.LocalDate;

/** A town's or village's own points range for a county item, in force from a date. */
public record LocalPoints(long itemId, long orgId, int minPoints, int maxPoints, LocalDate validFrom, String setBy,
                          String reason) { }
