package cn.jifen.market;

import cn.jifen.market.internal.RedemptionSql;
import cn.jifen.market.internal.StandardCheckSql;
import cn.jifen.market.internal.SupermarketSql;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Supermarket figures for statistics, computed from the records each time (no counters that drift).
 */
@Service
public class MarketFigures {
    /**
     * supermarketsOpen: active supermarkets opened on or before {@code to} that run in or serve the
     * villages; supermarketsMeetingStandard: those whose latest check (on or before {@code to}) of each
     * of the six 六有 standards is "met"; redemptions: completed (not cancelled) redemptions by households
     * of the villages with county date in [from, to]; pointsRedeemed: their points; goodsValueYuan:
     * Σ quantity × reference price (at the time of sale; goods without one count 0).
     */
    public record Figures(long supermarketsOpen, long supermarketsMeetingStandard, long redemptions,
                          long pointsRedeemed, BigDecimal goodsValueYuan) { }

    private final SupermarketSql supermarketSql;
    private final StandardCheckSql checkSql;
    private final RedemptionSql redemptionSql;
    private final Clock clock;

    MarketFigures(SupermarketSql supermarketSql, StandardCheckSql checkSql, RedemptionSql redemptionSql, Clock clock) {
        this.supermarketSql = supermarketSql;
        this.checkSql = checkSql;
        this.redemptionSql = redemptionSql;
        this.clock = clock;
    }

    /**
     * Figures of one redemption day (集中兑换日): the village's supermarkets as of the day the window closes,
     * and the completed redemptions confirmed at them while the window was open (each redemption records
     * the window it was made in).
     */
    public Figures ofWindow(RedemptionWindow window) {
        Figures base = of(List.of(window.villageId()), window.closesAt().toLocalDate(), window.closesAt().toLocalDate());
        long[] t = redemptionSql.windowTotals(window.villageId(), window.id());
        return new Figures(base.supermarketsOpen(), base.supermarketsMeetingStandard(), t[0], t[1],
                BigDecimal.valueOf(t[2], 2));
    }

    public Figures of(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        if (villageIds == null || villageIds.isEmpty() || from == null || to == null || to.isBefore(from)) {
            return new Figures(0, 0, 0, 0, BigDecimal.ZERO.setScale(2));
        }
        List<Long> ids = List.copyOf(villageIds);
        var before = to.plusDays(1).atStartOfDay(clock.getZone()).toOffsetDateTime();
        List<long[]> markets = supermarketSql.supermarketKeysServing(ids, before);
        long meeting = 0;
        for (long[] m : markets) {
            if (checkSql.standardsMet(m[0], m[1], to).size() == Supermarkets.STANDARDS.size()) {
                meeting++;
            }
        }
        long[] totals = redemptionSql.redemptionTotals(ids, from, to);
        return new Figures(markets.size(), meeting, totals[0], totals[1], BigDecimal.valueOf(totals[2], 2));
    }
}
