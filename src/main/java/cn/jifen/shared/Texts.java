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
        return checked(textProblem(field, raw, max, true), clean(raw), problems);
    }

    /** An optional text: null stays null. */
    public static String text(String field, String raw, int max, List<InvalidInput.Problem> problems) {
        return checked(textProblem(field, raw, max, false), clean(raw), problems);
    }

    /**
     * What is wrong with a typed text, or null when nothing is: missing (when required), longer than {@code max}
     * once trimmed, unstorable, or holding markup or control characters. The one rule behind {@link #name},
     * {@link #text} and the {@code @PlainText} constraint.
     */
    public static InvalidInput.Problem textProblem(String field, String raw, int max, boolean required) {
        String s = clean(raw);
        if (s == null) {
            return required ? new InvalidInput.Problem(field, "error.required") : null;
        }
        if (s.length() > max) {
            return new InvalidInput.Problem(field, "error.tooLong", max);
        }
        if (isUnstorable(s)) {
            return unstorable(field);
        }
        for (char c : s.toCharArray()) {
            if (c == '<' || c == '>' || Character.isISOControl(c)) {
                return new InvalidInput.Problem(field, "error.markup");
            }
        }
        return null;
    }

    private static String checked(InvalidInput.Problem problem, String cleaned, List<InvalidInput.Problem> problems) {
        if (problem != null) {
            problems.add(problem);
            return null;
        }
        return cleaned;
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
        return checked(codeProblem(field, raw), clean(raw), problems);
    }

    /** What is wrong with a code (2–32 letters, digits, - or _), or null; behind {@link #code} and {@code @Code}. */
    public static InvalidInput.Problem codeProblem(String field, String raw) {
        String s = clean(raw);
        if (s == null) {
            return new InvalidInput.Problem(field, "error.required");
        }
        return CODE.matcher(s).matches() ? null : new InvalidInput.Problem(field, "error.code");
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
