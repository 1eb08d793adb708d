package cn.jifen.meetings.internal;

/**
 * A member's vote on an agenda item: 通过, 调整分值 (with points and a reason; claims and vetoes only) or 不通过. On an
 * objection 通过 means the record stands (the objection is dismissed); on an appeal it means the deduction stands.
 */
public enum Choice {
    APPROVE, ADJUST, REJECT;

    public String messageKey() { return "meetings.choice." + name(); }
}
