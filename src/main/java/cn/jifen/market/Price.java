package cn.jifen.market;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A product's price from a day on: points, and optionally a reference price in yuan. */
public record Price(long productId, long id, int points, BigDecimal referenceYuan, LocalDate effectiveFrom,
                    String createdBy) { }
