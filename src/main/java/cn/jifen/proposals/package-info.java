/**
 * Proposals put to the villagers' vote (村务提案): options, the electorate and the results.
 * <p>Owns {@code proposal}, {@code proposal_option} and {@code proposal_voter}. Invariant: one vote per voter and proposal; results are counted only after the vote closes.
 * <p>Published API: {@link cn.jifen.proposals.Proposals} and its records.
 */
@ApplicationModule(displayName = "Proposals", allowedDependencies = {"audit", "claims", "directory", "rules"})
package cn.jifen.proposals;

import org.springframework.modulith.ApplicationModule;
