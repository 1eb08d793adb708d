package cn.jifen.wishes;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * A wish for goods in a supermarket (identified by the supermarket's village and the wish's id). {@code supports}
 * counts the households that want it, the proposer's included. A fulfilled wish names the purchase (the market's stock
 * movement) and what was bought with which fund; a declined one the reason, shown publicly. {@code proposerName} and
 * {@code passbookNumber} are empty for readers who are not staff.
 */
public record Wish(long villageId, long id, long supermarketId, String supermarketName, long householdVillageId,
                   long householdId, String passbookNumber, String proposerName, String goodsName, String note,
                   WishStatus status, int supports, LocalDate createdOn, String createdBy, LocalDate decidedOn,
                   String decidedBy, String declineReason, Long movementId, String productName, Integer quantity,
                   String fundName, LocalDate purchasedOn, OffsetDateTime createdAt) {

    public boolean open() { return status == WishStatus.OPEN; }

    public boolean fulfilled() { return status == WishStatus.FULFILLED; }

    /** The same wish without who proposed it: what a villager or the public sees. */
    Wish anonymous() {
        return new Wish(villageId, id, supermarketId, supermarketName, householdVillageId, 0, null, null, goodsName,
                note, status, supports, createdOn, null, decidedOn, null, declineReason, movementId, productName,
                quantity, fundName, purchasedOn, createdAt);
    }
}
