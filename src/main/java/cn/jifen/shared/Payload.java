package cn.jifen.shared;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The canonical form of what a keyed request asks: its operation and its meaningful fields, not how they
 * were written. Fields are sorted by name; text is cleaned (trimmed, blank is none); numbers lose trailing
 * zeros (1.50 = 1.5); maps are sorted by key; lists keep their order. Two requests are "the same" exactly
 * when their hashes are equal.
 */
public final class Payload {
    private final String operation;
    private final TreeMap<String, String> fields = new TreeMap<>();

    private Payload(String operation) {
        this.operation = operation;
    }

    public static Payload of(String operation) {
        return new Payload(operation);
    }

    public Payload with(String name, Object value) {
        fields.put(name, canonical(value));
        return this;
    }

    public String operation() {
        return operation;
    }

    /** SHA-256 of the canonical text, each part length-prefixed so no two payloads share one text. */
    public String hash() {
        StringBuilder b = new StringBuilder();
        part(b, operation);
        fields.forEach((k, v) -> {
            part(b, k);
            part(b, v);
        });
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(b.toString().getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void part(StringBuilder b, String s) {
        if (s == null) {
            b.append("-;");
        } else {
            b.append(s.length()).append(':').append(s).append(';');
        }
    }

    private static String canonical(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof String s) {
            return Texts.clean(s);
        }
        if (v instanceof BigDecimal d) {
            return d.signum() == 0 ? "0" : d.stripTrailingZeros().toPlainString();
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder b = new StringBuilder("{");
            new TreeMap<>(m.entrySet().stream().collect(Collectors.toMap(
                    e -> String.valueOf(e.getKey()), e -> String.valueOf(canonical(e.getValue())))))
                    .forEach((k, x) -> part(b, k + "=" + x));
            return b.append('}').toString();
        }
        if (v instanceof Collection<?> c) {
            StringBuilder b = new StringBuilder("[");
            c.forEach(x -> part(b, canonical(x)));
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
