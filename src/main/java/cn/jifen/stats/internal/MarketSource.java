package cn.jifen.stats.internal;

import cn.jifen.market.MarketFigures;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.Collection;
import org.springframework.stereotype.Component;
import cn.jifen.stats.Figures;

/**
 * Supermarket figures from the market module ({@link MarketFigures}, source "market"): supermarkets open
 * and meeting all six 六有 standards, redemptions completed at a counter and not cancelled, and the goods'
 * reference value. Points redeemed stay a ledger figure (REDEEM less CANCEL postings), so the flow identity
 * of the outstanding points holds whatever the source of a REDEEM posting.
 */
@Component
public class MarketSource {
    public record Market(long supermarketsOpen, Long meetingStandard, long redemptions, BigDecimal goodsValueYuan,
                  String source) { }

    private final MarketFigures market;

    public MarketSource(MarketFigures market) {
        this.market = market;
    }

    public Market figures(Collection<Long> villages, LocalDate from, LocalDate to, OffsetDateTime start, OffsetDateTime end,
                   long ledgerRedemptions) {
        MarketFigures.Figures f = market.of(villages, from, to);
        return new Market(f.supermarketsOpen(), f.supermarketsMeetingStandard(), f.redemptions(), f.goodsValueYuan(),
                "market");
    }
}
