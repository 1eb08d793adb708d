package cn.jifen.ledger;

import java.time.LocalDate;
import java.util.Optional;

/**
 * A passbook as a single posting sees it while it holds the account's row lock: what a caller's condition on the
 * posting ({@link Ledger#post(cn.jifen.shared.Actor, PostingRequest, java.util.function.Consumer)}) may decide on, so
 * that condition holds at the commit (no other posting of the household can run between the check and the write).
 *
 * @param balance    the available balance before this posting
 * @param lastVetoOn the posting day of the household's latest veto still in force (not reversed), if any
 */
public record PassbookUnderLock(long villageId, long householdId, long balance, Optional<LocalDate> lastVetoOn) { }
