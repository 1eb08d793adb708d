package cn.jifen.shared;

import java.util.List;
import java.util.regex.Pattern;

/** Server-side checks for free text typed by people: trimmed, bounded, no markup or control characters. */
public final class Texts {
    private static final Pattern CODE = Pattern.compile("[A-Za-z0-9_-]{2,32}");
    private static final Pattern PHONE = Pattern.compile("1[3-9]\\d{9}|0\\d{2,3}-?\\d{7,8}");

    private Texts() { }

    /** Trims; null when blank. */
    public static String clean(String s) {
        if (s == null) {
            return null;
        }
        String t = s.strip();
        return t.isEmpty() ? null : t;
    }

    /** A required name-like text; adds a problem and returns null when it is missing or unsafe. */
    public static String name(String field, String raw, int max, List<InvalidInput.Problem> problems) {
        String s = clean(raw);
        if (s == null) {
            problems.add(new InvalidInput.Problem(field, "error.required"));
            return null;
        }
        return text(field, s, max, problems);
    }

    /** An optional text: null stays null. */
    public static String text(String field, String raw, int max, List<InvalidInput.Problem> problems) {
        String s = clean(raw);
        if (s == null) {
            return null;
        }
        if (s.length() > max) {
            problems.add(new InvalidInput.Problem(field, "error.tooLong", max));
            return null;
        }
        if (isUnstorable(s)) {
            problems.add(unstorable(field));
            return null;
        }
        for (char c : s.toCharArray()) {
            if (c == '<' || c == '>' || Character.isISOControl(c)) {
                problems.add(new InvalidInput.Problem(field, "error.markup"));
                return null;
            }
        }
        return s;
    }

    /**
     * True when {@code s} holds text no database column can hold: the NUL character (PostgreSQL refuses it in
     * text) or a UTF-16 surrogate without its pair (it cannot be encoded as UTF-8). The web layer refuses such
     * text on every request ({@code web.SafeText}); the checks above refuse it in services too.
     */
    public static boolean isUnstorable(CharSequence s) {
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

    /** The field message for unstorable text ({@code error.text.unsafe}, naming the field). */
    public static InvalidInput.Problem unstorable(String field) {
        return new InvalidInput.Problem(field, "error.text.unsafe", field);
    }

    public static String code(String field, String raw, List<InvalidInput.Problem> problems) {
        String s = clean(raw);
        if (s == null) {
            problems.add(new InvalidInput.Problem(field, "error.required"));
            return null;
        }
        if (!CODE.matcher(s).matches()) {
            problems.add(new InvalidInput.Problem(field, "error.code"));
            return null;
        }
        return s;
    }

    /** Mainland mobile (11 digits starting 13–19) or a landline with area code. */
    public static boolean isPhone(String s) {
        return s != null && PHONE.matcher(s).matches();
    }

    public static void throwIfAny(List<InvalidInput.Problem> problems) {
        if (!problems.isEmpty()) {
            throw new InvalidInput(problems);
        }
    }
}
