package cn.jifen.notify.internal;

import java.util.LinkedHashMap;

/** One SMS provider's send API, reached over HTTP at a configurable endpoint. */
interface SmsProvider {

    /** The name a county puts in {@code jifen.notify.sms.provider}. */
    String name();

    /** Whether the keys this provider needs are all set. */
    boolean configured();

    /**
     * Sends one templated SMS.
     *
     * @param phone          an 11-digit Chinese mainland mobile number
     * @param templateId     the provider's template (Alibaba TemplateCode, Tencent TemplateId)
     * @param vars           the template's variables in order, the village first
     * @param idempotencyKey passed on where the provider echoes it (Alibaba OutId, Tencent SessionContext)
     */
    SmsReply send(String phone, String templateId, LinkedHashMap<String, String> vars, String idempotencyKey);

    /**
     * What the provider answered: accepted, or refused with its own code and message (retryable when it throttled,
     * failed inside, or could not be reached).
     */
    record SmsReply(boolean ok, boolean retryable, String code, String message) {
        static SmsReply accepted(String requestId) {
            return new SmsReply(true, false, "OK", requestId);
        }

        static SmsReply refused(String code, String message, boolean retryable) {
            return new SmsReply(false, retryable, code, message);
        }
    }
}
