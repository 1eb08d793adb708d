package cn.jifen.ledger;

/**
 * Published inside the transaction that keeps the outcome of a verify that found the ledger not intact:
 * the village (and household, if known) where the first problem is, and the problem in Chinese.
 */
public record LedgerVerifyFailed(Long villageId, Long householdId, String problem) { }
