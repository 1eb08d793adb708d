package cn.jifen.meetings;

/** A panel member on a meeting's attendance list, and whether they came. */
public record Attendee(long memberId, String name, String duty, boolean present) { }
