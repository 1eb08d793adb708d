/**
 * Party members' points (党员积分): the yearly rating, classes, posts and the branch's formula.
 * <p>Owns {@code party_year}, {@code party_rating}, {@code party_class}, {@code party_post}, {@code party_formula}, {@code party_meeting}, {@code party_ballot}, {@code party_reopening} and {@code party_representative}. Invariant: a frozen year's ratings do not change unless the year is reopened with a reason. (ledger and honours are needed by the party's tests only: the test that a frozen rating is the source of the honours' stars.)
 * <p>Published API: {@link cn.jifen.party.Party} and its records.
 */
@ApplicationModule(displayName = "Party members", allowedDependencies = {"audit", "claims", "directory", "documents", "identity", "ledger", "honours"})
package cn.jifen.party;

import org.springframework.modulith.ApplicationModule;
