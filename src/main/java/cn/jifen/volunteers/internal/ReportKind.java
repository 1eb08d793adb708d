package cn.jifen.volunteers.internal;

/** What an informant saw; the Chinese names are in the message bundle (informants.kind.*). */
public enum ReportKind {
    LIVESTOCK,   // 禽畜散养
    CLUTTER,     // 乱堆乱放
    SAFETY,      // 安全隐患
    GOOD_DEED,   // 好人好事
    OTHER;       // 其他

    public String messageKey() { return "informants.kind." + name(); }
}
