package cn.jifen.proposals.internal;

import cn.jifen.proposals.Proposal;

import java.math.BigDecimal;
import java.util.List;

/**
 * The counts of a proposal: votes per option (never who chose what), all votes, and turnout in percent of the
 * electorate fixed at publishing (null for a draft). {@code counts} is empty while voting is still open, so a running
 * count cannot sway those who have not voted yet; {@code isFinal} once the proposal is closed.
 */
public record Results(Proposal proposal, List<OptionCount> counts, long votes, BigDecimal turnout, boolean isFinal) {
    public record OptionCount(int position, String label, long votes, BigDecimal share, boolean leading) { }
}
