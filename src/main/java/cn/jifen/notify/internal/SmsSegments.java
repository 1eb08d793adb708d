package cn.jifen.notify.internal;

/**
 * The 70-character rule of Chinese mainland SMS, as both providers bill it.
 *
 * <p>A message is the 【签名】 the provider prepends plus the text. Up to 70 characters it is one segment; longer, it is
 * a long message split and billed in segments of 67 characters (the other 3 carry the concatenation header).
 * Alibaba Cloud, "SMS sending rules": https://help.aliyun.com/en/sms/user-guide/sms-sending-rules-intl (message length
 * = signature + template, the 【】 the system adds counted; ≤70 one message, else 67 per message) and
 * https://alibabacloud.com/help/tc/sms/user-guide/limitations (UCS-2: 70 units, 67 per part of a long message).
 * Tencent Cloud, https://www.tencentcloud.com/document/product/382/34671 (non-English SMS: ≤70 one, else 67 each).
 *
 * <p>Characters are counted as the carriers carry them: a Chinese message travels in UCS-2/UTF-16, 70 sixteen-bit
 * units to a single message and 67 to each part of a long one, so a character outside the Basic Multilingual Plane
 * (most emoji, some rare Han characters of names) is a surrogate pair and takes two of them ("emoji 表情按2个字计算",
 * as resellers of both providers state it). That is Java's {@link String#length()}. Counting an emoji as one would
 * promise one segment where the county is billed two.
 */
public final class SmsSegments {
    /** One segment holds this many characters when the whole message fits in one. */
    public static final int SINGLE = 70;
    /** Each segment of a long message holds this many. */
    public static final int PART = 67;

    private SmsSegments() {
    }

    /** The characters the recipient's phone shows: 【signName】 and the text. */
    public static int length(String signName, String text) {
        int sign = signName == null || signName.isBlank() ? 0 : signName.length() + 2; // 【 and 】
        return sign + (text == null ? 0 : text.length());
    }

    /** Billable segments of the text under the given 短信签名. */
    public static int count(String signName, String text) {
        int length = length(signName, text);
        if (length <= SINGLE) {
            return 1;
        }
        return (length + PART - 1) / PART;
    }

    /**
     * The text as sent: it must name the village, so a text that does not contain the village's name gets
     * "村名：" in front. A county-wide notice (no village) is left as it is.
     */
    public static String withVillage(String villageName, String text) {
        String body = text == null ? "" : text;
        if (villageName == null || villageName.isBlank() || body.contains(villageName)) {
            return body;
        }
        return villageName + "：" + body;
    }
}
