package cn.jifen.meetings;

/** How a village reviews claims: one reviewer at a time (today's way, the default) or its 评议会 by vote. */
public enum ReviewMode {
    SINGLE_REVIEWER, MEETING;

    public String messageKey() { return "meetings.mode." + name(); }
}
