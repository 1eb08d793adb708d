package cn.jifen.notify.internal;

import cn.jifen.directory.OrgUnit;
import cn.jifen.notify.internal.OutboxSql.EventRow;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 in structured JSON mode (what a webhook POST carries) and its signature:
 * X-Jifen-Signature: sha256=&lt;hex of HMAC-SHA256 of the exact body under the subscription's secret&gt;.
 */
final class CloudEvents {
    static final String CONTENT_TYPE = "application/cloudevents+json";

    private CloudEvents() { }

    static String body(String id, String type, OrgUnit village, EventRow e, Map<String, Object> data,
                       Fanout.Rendered r) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("specversion", "1.0");
        event.put("id", id);
        event.put("source", "/jifen/" + (village == null ? "county/" + r.countyId() : "village/" + village.code()));
        event.put("type", type);
        event.put("time", e.occurredAt().toInstant().toString());
        event.put("subject", subject(e, data));
        event.put("datacontenttype", "application/json");
        Map<String, Object> d = new LinkedHashMap<>(data);
        if (village != null) {
            d.put("villageCode", village.code());
            d.put("villageName", village.name());
        }
        if (e.householdId() != null) {
            d.put("householdId", e.householdId());
        }
        d.put("text", r.text());
        event.put("data", d);
        return Payloads.write(event);
    }

    private static String subject(EventRow e, Map<String, Object> data) {
        if (data.get("postingId") != null) {
            return "posting/" + data.get("postingId");
        }
        if (data.get("claimId") != null) {
            return "claim/" + e.villageId() + "/" + data.get("claimId");
        }
        return e.key();
    }

    static String signature(String secret, String body) {
        return "sha256=" + Hashes.hmacSha256Hex(secret, body);
    }
}
