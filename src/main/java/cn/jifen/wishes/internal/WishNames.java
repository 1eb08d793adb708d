package cn.jifen.wishes.internal;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How goods names compare: full-width and half-width forms alike (NFKC), letters in lower case, and spaces,
 * punctuation and symbols dropped, so "花生油（1.8升）", "花生油 (1.8升)" and "花生油1.8升" are one name.
 */
public final class WishNames {
    private WishNames() { }

    public static String key(String name) {
        if (name == null) {
            return "";
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(n.length());
        n.codePoints().filter(Character::isLetterOrDigit).forEach(b::appendCodePoint);
        return b.toString();
    }
}
