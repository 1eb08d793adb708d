package cn.jifen.notify.internal;

import org.springframework.core.env.PropertyResolver;

/** The provider template of a notice kind: {@code <prefix>template.<kind>}, else {@code <prefix>template.default}. */
final class Templates {
    private Templates() {
    }

    /** The configured template id, or null when neither the kind's nor the default one is set. */
    static String of(PropertyResolver env, String prefix, String kind) {
        if (kind != null && !kind.isBlank()) {
            String specific = env.getProperty(prefix + "template." + kind);
            if (specific != null && !specific.isBlank()) {
                return specific.trim();
            }
        }
        String fallback = env.getProperty(prefix + "template.default");
        return fallback == null || fallback.isBlank() ? null : fallback.trim();
    }
}
