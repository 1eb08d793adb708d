package cn.jifen.volunteers.internal;

/** What a team does; the Chinese names are in the message bundle (volunteers.type.*). */
public enum ServiceType {
    ENVIRONMENT,   // 环境整治
    ELDERLY,       // 关爱老人
    PATROL,        // 治安巡逻
    CIVILITY,      // 文明宣传
    OTHER;         // 其他

    public String messageKey() { return "volunteers.type." + name(); }
}
