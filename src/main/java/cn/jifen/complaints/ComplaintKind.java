package cn.jifen.complaints;

/** 投诉 (something went wrong) or 建议 (an idea); both are routed, answered and rated the same way. */
public enum ComplaintKind {
    COMPLAINT, SUGGESTION;

    public String messageKey() { return "complaints.kind." + name(); }
}
