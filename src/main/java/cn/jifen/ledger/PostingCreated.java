package cn.jifen.ledger;

/**
 * One new posting of a {@link PostingsCreated} event (never a replayed idempotency key).
 *
 * @param posting        the posting as made
 * @param itemLabel      the rule item (or goods) it is for, if any
 * @param sourceType     what made it ("claim", "redemption", ...), if known
 * @param sourceRef      that source's reference
 */
public record PostingCreated(Posting posting, String itemLabel, String sourceType, String sourceRef) { }
