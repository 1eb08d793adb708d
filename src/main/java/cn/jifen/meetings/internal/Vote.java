package cn.jifen.meetings.internal;

/** A member's recorded vote on an item. */
public record Vote(long itemId, long memberId, String memberName, Choice choice, Integer points, String reason) { }
