package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Alibaba Cloud's V3 signature reproduces the worked example of its documentation ("固定参数示例",
 * https://help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature): RunInstances on
 * ecs.cn-shanghai.aliyuncs.com, AccessKey YourAccessKeyId / YourAccessKeySecret, empty body.
 */
class AliyunSmsSignatureTest {
    private static final String EMPTY_BODY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private static SortedMap<String, String> exampleHeaders() {
        SortedMap<String, String> h = new TreeMap<>();
        h.put("host", "ecs.cn-shanghai.aliyuncs.com");
        h.put("x-acs-action", "RunInstances");
        h.put("x-acs-content-sha256", EMPTY_BODY_SHA256);
        h.put("x-acs-date", "2023-10-26T10:22:32Z");
        h.put("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d");
        h.put("x-acs-version", "2014-05-26");
        return h;
    }

    private static String exampleQuery() {
        return AliyunSms.canonicalQuery(Map.of("RegionId", "cn-shanghai",
                "ImageId", "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd"));
    }

    @Test
    void theEmptyBodyHashesAsTheDocumentationShows() {
        assertThat(Hashes.sha256Hex("")).isEqualTo(EMPTY_BODY_SHA256);
    }

    @Test
    void theCanonicalQuerySortsParametersByName() {
        assertThat(exampleQuery())
                .isEqualTo("ImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai");
    }

    @Test
    void theCanonicalRequestHashesToTheDocumentedValue() {
        String canonical = AliyunSms.canonicalRequest("POST", "/", exampleQuery(), exampleHeaders(), EMPTY_BODY_SHA256);
        assertThat(Hashes.sha256Hex(canonical))
                .isEqualTo("7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259");
    }

    @Test
    void theAuthorizationHeaderIsTheDocumentedOne() {
        assertThat(AliyunSms.authorization("POST", "/", exampleQuery(), exampleHeaders(), EMPTY_BODY_SHA256,
                "YourAccessKeyId", "YourAccessKeySecret"))
                .isEqualTo("ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;"
                        + "x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,"
                        + "Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0");
    }

    @Test
    void percentEncodingFollowsRfc3986AsTheDocumentationAsks() {
        assertThat(AliyunSms.percentEncode("a b*c~d-_.")).isEqualTo("a%20b%2Ac~d-_.");
        assertThat(AliyunSms.percentEncode("积分")).isEqualTo("%E7%A7%AF%E5%88%86");
        assertThat(AliyunSms.percentEncode("{\"v\":\"1+1\"}")).isEqualTo("%7B%22v%22%3A%221%2B1%22%7D");
    }
}
