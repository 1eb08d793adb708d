package cn.jifen.ledger;

/**
 * Published inside the transaction of every new posting (never for a replayed idempotency key), so a listener
 * that writes in the same transaction (the notification outbox) commits or rolls back with it.
 *
 * @param posting        the posting as made
 * @param idempotencyKey the request's key
 * @param itemLabel      the rule item (or goods) it is for, if any
 * @param sourceType     what made it ("claim", "redemption", ...), if known
 * @param sourceRef      that source's reference
 */
public record PostingCreated(Posting posting, String idempotencyKey, String itemLabel, String sourceType,
                             String sourceRef) { }
