package cn.jifen.complaints;

/**
 * OPEN → ANSWERED → RATED; OPEN → ESCALATED when the deadline passed unanswered (the town may answer then, the
 * village still may), and ESCALATED → ANSWERED → RATED.
 */
public enum ComplaintStatus {
    OPEN, ESCALATED, ANSWERED, RATED;

    /** Still waiting for an answer. */
    public boolean waiting() { return this == OPEN || this == ESCALATED; }

    public String messageKey() { return "complaints.status." + name(); }
}
