package cn.jifen.meetings;

import cn.jifen.shared.PlainText;

/**
 * A vote as the chair enters it: the member, the choice (APPROVE|ADJUST|REJECT), for ADJUST the points and reason.
 * <p>The reason is plain text of at most 200 characters; a vote that adjusts the points must give it
 * ({@link Adjusting}: validate with that group alone for such a vote, with the default group for the others). Whether
 * the member is present and free of a conflict of interest, the choice (the {@code Choice} enum's names) and the
 * adjusted points (their message names the member) are checked by {@link Meetings}.
 */
public record VoteDraft(Long memberId, String choice, Integer points,
                        @PlainText(max = 200)
                        @PlainText(max = 200, required = true, groups = VoteDraft.Adjusting.class) String reason) {

    /** The rules of a vote that adjusts the points: it must say why. */
    public interface Adjusting { }
}
