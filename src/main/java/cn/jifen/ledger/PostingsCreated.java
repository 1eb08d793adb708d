package cn.jifen.ledger;

import java.util.List;

/**
 * Published once per ledger transaction that made new postings (a batch award: all of them; replayed keys are not
 * in it), inside that transaction, so a listener that writes in it (the notification outbox) commits or rolls
 * back with them.
 */
public record PostingsCreated(List<PostingCreated> postings) { }
