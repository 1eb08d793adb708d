package cn.jifen.meetings;

/** A vote as the chair enters it: the member, the choice (APPROVE|ADJUST|REJECT), for ADJUST the points and reason. */
public record VoteDraft(Long memberId, String choice, Integer points, String reason) { }
