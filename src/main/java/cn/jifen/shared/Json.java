package cn.jifen.shared;

import java.util.Map;
import java.util.StringJoiner;

/** A tiny JSON writer for audit before/after snapshots (flat maps of simple values). */
public final class Json {
    private Json() { }

    public static String of(Map<String, ?> fields) {
        if (fields == null) {
            return null;
        }
        StringJoiner j = new StringJoiner(",", "{", "}");
        fields.forEach((k, v) -> j.add(quote(k) + ":" + value(v)));
        return j.toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Number || v instanceof Boolean) {
            return v.toString();
        }
        return quote(v.toString());
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
