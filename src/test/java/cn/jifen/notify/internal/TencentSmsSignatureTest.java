package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Tencent Cloud's TC3-HMAC-SHA256 reproduces the worked example of its "签名方法 v3" documentation
 * (https://cloud.tencent.com/document/api/362/4208; in English https://tencentcloud.com/document/product/242/54220):
 * DescribeInstances on cvm.tencentcloudapi.com at timestamp 1551113065, SignedHeaders content-type;host.
 */
class TencentSmsSignatureTest {
    private static final String PAYLOAD =
            "{\"Limit\": 1, \"Filters\": [{\"Values\": [\"\\u672a\\u547d\\u540d\"], \"Name\": \"instance-name\"}]}";
    private static final long TIMESTAMP = 1551113065L;

    private static SortedMap<String, String> exampleHeaders() {
        SortedMap<String, String> h = new TreeMap<>();
        h.put("content-type", "application/json; charset=utf-8");
        h.put("host", "cvm.tencentcloudapi.com");
        return h;
    }

    @Test
    void thePayloadHashesToTheDocumentedValue() {
        assertThat(Hashes.sha256Hex(PAYLOAD))
                .isEqualTo("35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064");
    }

    @Test
    void theCanonicalRequestIsTheDocumentedOne() {
        assertThat(TencentSms.canonicalRequest(exampleHeaders(), PAYLOAD)).isEqualTo("""
                POST
                /

                content-type:application/json; charset=utf-8
                host:cvm.tencentcloudapi.com

                content-type;host
                35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064""");
    }

    @Test
    void theStringToSignUsesTheUtcDateAndTheDocumentedHash() {
        assertThat(TencentSms.stringToSign(TIMESTAMP, "cvm", TencentSms.canonicalRequest(exampleHeaders(), PAYLOAD)))
                .isEqualTo("TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n"
                        + "5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031");
    }

    @Test
    void theSignatureIsTheDocumentedOneForTheExampleKey() {
        assertThat(TencentSms.authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE", "Gu5t9xGARNpq86cd98joQYCN3EXAMPLE",
                "cvm", TIMESTAMP, exampleHeaders(), PAYLOAD))
                .isEqualTo("TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, "
                        + "SignedHeaders=content-type;host, "
                        + "Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168");
    }

    @Test
    void theSignatureIsTheDocumentedOneForTheMaskedKeyOfTheCurrentDocumentation() {
        assertThat(TencentSms.authorization("AKIDz8krbsJ5yKBZQpn74WFkmLPx3*******", "Gu5t9xGARNpq86cd98joQYCN3*******",
                "cvm", TIMESTAMP, exampleHeaders(), PAYLOAD))
                .endsWith("Signature=2230eefd229f582d8b1b891af7107b91597240707d778ab3738f756258d7652c");
    }
}
