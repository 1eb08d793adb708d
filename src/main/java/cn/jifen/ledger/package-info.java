/**
 * The points ledger (积分账本): double-entry postings between household passbook accounts and system accounts, hash-chained per village, sealed and verified.
 * <p>Owns {@code ledger_account}, {@code ledger_entry}, {@code ledger_village}, {@code ledger_veto}, {@code ledger_sealing_plan} and {@code ledger_verify_run}. Invariants (docs DESIGN.md): every posting balances to zero; an entry is never changed or deleted, a correction is a new reversing posting; each village's entries form one hash chain; a request key posts at most once. (identity is needed by the ledger's tests only.)
 * <p>Published API: {@link cn.jifen.ledger.Ledger}, {@link cn.jifen.ledger.LedgerVerifier}, {@link cn.jifen.ledger.PostingRequest}, {@link cn.jifen.ledger.Posting} and the events {@link cn.jifen.ledger.PostingCreated}, {@link cn.jifen.ledger.PostingsCreated}, {@link cn.jifen.ledger.LedgerVerifyFailed}.
 */
@ApplicationModule(displayName = "Ledger", allowedDependencies = {"directory", "documents", "identity"})
package cn.jifen.ledger;

import org.springframework.modulith.ApplicationModule;
