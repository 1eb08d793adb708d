package cn.jifen.market;

import java.math.BigDecimal;
import java.time.LocalDate;

/** Money into (+) or out of (−) a fund: a contribution, a purchase of goods or a cash top-up. */
public record FundEntry(long id, long fundId, String kind, BigDecimal amountYuan, String donor, LocalDate occurredOn,
                        String note, Long movementId, String createdBy) {

    public String kindKey() { return "market.fundEntry." + kind; }
}
