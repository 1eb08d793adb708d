package cn.jifen.noticeboard;

import cn.jifen.ledger.PostedTotals;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Everything the public board and its poster show, with people already shown as the village's privacy
 * mode allows (no ID numbers, no phone numbers, ever).
 */
public record BoardView(long villageId, String villageCode, String villageName, String townName, String countyName,
                        LocalDate today, Privacy privacy, boolean negativeByName,
                        List<PublicityLine> publicity, long publicityTotal,
                        String monthLabel, PostedTotals month, String quarterLabel, PostedTotals quarter,
                        List<PostingLine> recent,
                        List<RankRow> monthTop, String yearLabel, List<RankRow> yearTop,
                        List<HonourRow> honours, List<CatalogueGroup> catalogue,
                        RedemptionDay redemption, boolean openEveryDay, List<DonorRow> donors) {

    /** The supermarket's next (or current) redemption day (集中兑换日), in county local time. */
    public record RedemptionDay(String title, LocalDateTime opensAt, LocalDateTime closesAt,
                                boolean openNow) { }

    /** A donor to the village's supermarket, thanked on the board by the name the donation was recorded under. */
    public record DonorRow(String name, BigDecimal amountYuan, LocalDate lastDonatedOn) { }

    /** A claim in publicity (or held by an objection): objections go through the claim's own page. */
    public record PublicityLine(long villageId, long claimId, String who, String item, int points, boolean deduct,
                                LocalDate occurredOn, OffsetDateTime publicityEndsAt, boolean objected, int objections) { }

    public record PostingLine(LocalDate postedOn, String who, String item, long scoreDelta) { }

    public record RankRow(Integer rank, String who, long score, boolean ineligible) { }

    public record HonourRow(String kind, String periodLabel, String who, Integer stars) { }

    public record CatalogueGroup(String category, List<CatalogueItem> items) { }

    public record CatalogueItem(String code, String name, String points, boolean deduct) { }
}
