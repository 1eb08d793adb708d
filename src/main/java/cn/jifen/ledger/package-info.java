/**
 * The points ledger (积分账本): double-entry postings between household passbook accounts and system accounts, hash-chained per village, sealed and verified.
 * <p>Owns {@code ledger_account}, {@code ledger_entry}, {@code ledger_village}, {@code ledger_veto}, {@code ledger_sealing_plan}, {@code ledger_verify_run} and {@code ledger_period_total} (month totals per household, resident and village, kept with each posting and checked by verify; published as {@code ledger_period_total_v}). Invariants (docs DESIGN.md): every posting balances to zero; an entry is never changed or deleted, a correction is a new reversing posting; each village's entries form one hash chain; a request key posts at most once. (identity is needed by the ledger's tests only.)
 * <p>Published API: {@link cn.jifen.ledger.Ledger}, {@link cn.jifen.ledger.LedgerVerifier}, {@link cn.jifen.ledger.PostingRequest}, {@link cn.jifen.ledger.Posting}, {@link cn.jifen.ledger.MonthSpan}, {@link cn.jifen.ledger.TotalsReading} and the events {@link cn.jifen.ledger.PostingCreated}, {@link cn.jifen.ledger.PostingsCreated}, {@link cn.jifen.ledger.LedgerVerifyFailed}.
 */
@ApplicationModule(displayName = "Ledger", allowedDependencies = {"directory", "documents", "identity"})
package cn.jifen.ledger;

import org.springframework.modulith.ApplicationModule;
