package cn.jifen.market;

import java.math.BigDecimal;
import java.time.LocalDate;

/** A donor to a village's supermarket: money and goods (at their reference price) summed. */
public record Donor(String name, BigDecimal amountYuan, LocalDate lastDonatedOn) { }
