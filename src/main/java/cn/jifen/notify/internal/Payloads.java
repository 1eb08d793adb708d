package cn.jifen.notify.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** JSON in and out of the notify tables (event payloads, template parameters, CloudEvents bodies). */
final class Payloads {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Payloads() { }

    static String write(Object value) {
        return JSON.writeValueAsString(value);
    }

    static Map<String, Object> read(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    static String text(Map<String, Object> data, String key) {
        Object v = data.get(key);
        return v == null ? null : v.toString();
    }
}
