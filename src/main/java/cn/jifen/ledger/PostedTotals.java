package cn.jifen.ledger;

/** A village's postings in a period: score earned, score deducted (a positive number), number of postings. */
public record PostedTotals(long earned, long deducted, long postings) { }
