package cn.jifen.notify.internal;

import java.util.Locale;
import org.springframework.core.env.PropertyResolver;

/**
 * The county's SMS configuration (docs/notify-channels.md). Every value comes from {@code jifen.notify.sms.*}
 * (environment variables {@code JIFEN_NOTIFY_SMS_*}); the secret never appears in {@link #toString()}.
 *
 * @param provider        {@code aliyun} or {@code tencent}; blank: SMS is not configured
 * @param signName        the approved 短信签名, without 【】
 * @param accessKeyId     Alibaba AccessKey ID, or Tencent SecretId
 * @param accessKeySecret Alibaba AccessKey Secret, or Tencent SecretKey
 * @param endpoint        base URL; blank: the provider's public endpoint
 * @param region          Tencent's X-TC-Region (default ap-guangzhou)
 * @param sdkAppId        Tencent's SmsSdkAppId
 */
record SmsSettings(String provider, String signName, String accessKeyId, String accessKeySecret, String endpoint,
                   String region, String sdkAppId) {
    static final String PREFIX = "jifen.notify.sms.";

    static SmsSettings from(PropertyResolver env) {
        return new SmsSettings(
                get(env, "provider").toLowerCase(Locale.ROOT),
                get(env, "sign-name"),
                get(env, "access-key-id"),
                get(env, "access-key-secret"),
                get(env, "endpoint"),
                get(env, "region").isEmpty() ? "ap-guangzhou" : get(env, "region"),
                get(env, "sdk-app-id"));
    }

    private static String get(PropertyResolver env, String key) {
        String value = env.getProperty(PREFIX + key);
        return value == null ? "" : value.trim();
    }

    String endpointOr(String publicEndpoint) {
        String base = endpoint.isEmpty() ? publicEndpoint : endpoint;
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public String toString() {
        return "SmsSettings[provider=" + provider + ", signName=" + signName + ", accessKeyId=" + accessKeyId
                + ", accessKeySecret=" + (accessKeySecret.isEmpty() ? "" : "******") + ", endpoint=" + endpoint
                + ", region=" + region + ", sdkAppId=" + sdkAppId + "]";
    }
}
