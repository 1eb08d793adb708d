package cn.jifen.shared;

/**
 * Text no database column can hold: the NUL character (PostgreSQL refuses it in text) and UTF-16
 * surrogates without their pair (they cannot be encoded as UTF-8). Such text is refused at the edge of
 * the application with a field message, so it never reaches a query.
 */
public final class UnsafeText {
    /** The message key of the field message for unsafe text; its argument is the field's name. */
    public static final String MESSAGE_KEY = "error.text.unsafe";

    private UnsafeText() { }

    /** True when {@code s} holds a NUL or an unpaired surrogate. */
    public static boolean isUnsafe(CharSequence s) {
        if (s == null) {
            return false;
        }
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return true;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return true;
            }
            if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** The problem to report for a field holding unsafe text. */
    public static InvalidInput.Problem problem(String field) {
        return new InvalidInput.Problem(field, MESSAGE_KEY, field);
    }
}
