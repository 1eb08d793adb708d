package cn.jifen.notify.internal;

/** The ways Jifen reaches a person or a partner system. */
public enum Channel {
    /** 站内信: always on, shown on every home. */
    INBOX,
    /** 短信 through the configured provider (one of several adapters). */
    SMS,
    /** 微信公众号 subscribe/template message to a bound openid. */
    WECHAT,
    /** E-mail over SMTP, for staff. */
    EMAIL,
    /** A signed CloudEvents POST to a partner's subscription. */
    WEBHOOK
}
