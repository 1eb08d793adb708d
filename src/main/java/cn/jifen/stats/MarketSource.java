package cn.jifen.stats;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import org.springframework.stereotype.Component;

/**
 * Supermarket figures. Until the market module provides its own figures, supermarkets open are the
 * active rows of the supermarket table and redemptions are counted from the ledger: one REDEEM posting
 * is one redemption, one CANCEL posting takes one back (source "ledger"). Whether a supermarket meets
 * the six standards and the goods value are unknown here (null).
 */
@Component
class MarketSource {
    record Market(long supermarketsOpen, Long meetingStandard, long redemptions, BigDecimal goodsValueYuan,
                  String source) { }

    private final StatsSql sql;

    MarketSource(StatsSql sql) {
        this.sql = sql;
    }

    Market figures(Collection<Long> villages, LocalDate from, LocalDate to, OffsetDateTime start, OffsetDateTime end,
                   long ledgerRedemptions) {
        return new Market(sql.supermarkets(villages, end), null, ledgerRedemptions, null, "ledger");
    }
}
