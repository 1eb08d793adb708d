package cn.jifen.proposals.internal;

import java.time.LocalDate;

/**
 * Who has voted on a proposal — for the staff entering paper ballots, so nobody votes twice. It never says how:
 * the choice is not stored with the voter. {@code residentName} is the adult who voted (PER_ADULT) or the head.
 */
public record Voter(long householdId, String passbookNumber, Long residentId, String residentName, String channel,
                    LocalDate castOn, String enteredBy, Long claimId) { }
