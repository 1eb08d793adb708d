package cn.jifen.meetings;

import cn.jifen.meetings.internal.Choice;
import cn.jifen.meetings.internal.Vote;
import java.util.List;

/**
 * One item of a meeting's agenda: a claim awaiting review (CLAIM), a veto awaiting its second approval (VETO), an open
 * objection (OBJECTION) or an open appeal (APPEAL) on claim {@code claimId}. Once the meeting closed: the outcome
 * (APPROVE, ADJUST, REJECT, or UNDECIDED when no choice had a majority of the votes cast), whether it was applied to
 * the claim and by whom, else why not ({@code noteKey}, a message key). While the meeting is open,
 * {@code abstaining} names the members present who must abstain on it (recorder, kin, own household).
 */
public record AgendaItem(long id, int seq, String kind, long claimId, Long objectionId, Long appealId, long householdId,
                         String label, int points, String detail, String outcome, Integer outcomePoints, boolean applied,
                         String appliedBy, String noteKey, List<Vote> votes,
                         List<Long> abstaining) {
    public boolean adjustable() { return "CLAIM".equals(kind); }

    public String kindKey() { return "meetings.kind." + kind; }

    public long count(Choice c) { return votes.stream().filter(v -> v.choice() == c).count(); }
}
