package cn.jifen.wishes;

/**
 * A wish came true: a purchase brought in what a household asked for. Published inside the transaction that marks
 * the wish fulfilled, so a listener that records it (the notifications' outbox) commits or rolls back with it.
 * {@code villageId} is the supermarket's village (the wish's key), {@code householdVillageId} the proposer's.
 */
public record WishFulfilled(long villageId, long wishId, long supermarketId, long householdVillageId,
                            long householdId, String goodsName, String productName) { }
