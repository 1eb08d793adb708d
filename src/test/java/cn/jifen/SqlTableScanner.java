package cn.jifen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the names a Java source uses as tables in its SQL: in its string literals and text blocks (a literal
 * continued by {@code + "..."} is read as one), the name after FROM, JOIN, INTO, UPDATE, TABLE or USING, and the
 * further names of a comma-separated FROM list. A qualified column ({@code FROM e.posted_on} inside EXTRACT) and
 * a function call ({@code FROM f(...)}) are not table names. Comments are skipped, so prose naming a table in a
 * Javadoc is no reference; the caller keeps only the names that are tables of the schema.
 */
final class SqlTableScanner {
    /** One name used as a table: the source line of the literal it is in, and the name in lower case. */
    record Use(int line, String name) { }

    private static final Pattern LEAD = Pattern.compile("(?i)\\b(?:FROM|JOIN|INTO|UPDATE|TABLE|USING)\\s+");
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    // words that end a table name's place: never taken for its alias
    private static final Set<String> KEYWORDS = Set.of("where", "on", "join", "left", "right", "inner", "outer", "cross",
            "full", "natural", "group", "order", "limit", "offset", "set", "values", "using", "for", "union", "except",
            "intersect", "having", "window", "fetch", "returning", "select", "and", "or", "lateral", "default", "when",
            "then", "else", "end", "as");

    private SqlTableScanner() { }

    /** The names used as tables in the SQL of one Java source. */
    static List<Use> uses(String javaSource) {
        List<Use> out = new ArrayList<>();
        for (Literal l : literals(javaSource)) {
            for (Found f : found(l.text())) {
                out.add(new Use(l.line() + count(l.text(), 0, f.offset()), f.name()));
            }
        }
        return out;
    }

    /** The names used as tables in one piece of SQL. */
    static List<String> tableNames(String sql) {
        return found(sql).stream().map(Found::name).toList();
    }

    private record Found(int offset, String name) { }

    private static List<Found> found(String sql) {
        List<Found> out = new ArrayList<>();
        Matcher lead = LEAD.matcher(sql);
        int from = 0;
        while (lead.find(from)) {
            int at = lead.end();
            boolean first = true;
            while (true) {
                Matcher n = NAME.matcher(sql).region(at, sql.length());
                if (!n.lookingAt()) {
                    break;
                }
                int after = n.end();
                char next = after < sql.length() ? sql.charAt(after) : ' ';
                String name = n.group().toLowerCase(Locale.ROOT);
                if (next == '.' || next == '(' || (first && KEYWORDS.contains(name))) {
                    break; // a qualified column, a function, or no name at all (e.g. "DO UPDATE SET")
                }
                out.add(new Found(n.start(), name));
                first = false;
                at = skipAlias(sql, after);
                int comma = skipSpaces(sql, at);
                if (comma >= sql.length() || sql.charAt(comma) != ',') {
                    break;
                }
                at = skipSpaces(sql, comma + 1); // FROM a x, b y: b is a table too
            }
            from = Math.max(at, lead.end());
        }
        return out;
    }

    private static int skipAlias(String sql, int at) {
        int i = skipSpaces(sql, at);
        Matcher a = NAME.matcher(sql).region(i, sql.length());
        if (!a.lookingAt()) {
            return at;
        }
        String word = a.group().toLowerCase(Locale.ROOT);
        if (word.equals("as")) {
            Matcher b = NAME.matcher(sql).region(skipSpaces(sql, a.end()), sql.length());
            return b.lookingAt() ? b.end() : a.end();
        }
        return KEYWORDS.contains(word) ? at : a.end();
    }

    private static int skipSpaces(String s, int i) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** A string literal or text block (or several joined by +), with the line it starts on. */
    record Literal(int line, String text) { }

    /** The string literals and text blocks of a Java source, comments and char literals skipped. */
    static List<Literal> literals(String src) {
        List<Literal> out = new ArrayList<>();
        int i = 0;
        int line = 1;
        Literal open = null; // the literal a following "+ literal" continues
        int gapFrom = 0; // the line the continued literal ended on
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\n') {
                line++;
                i++;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (src.startsWith("//", i)) {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (src.startsWith("/*", i)) {
                int end = src.indexOf("*/", i + 2);
                end = end < 0 ? src.length() : end + 2;
                line += count(src, i, end);
                i = end;
            } else if (c == '\'') {
                int end = i + 1;
                while (end < src.length() && src.charAt(end) != '\'') {
                    end += src.charAt(end) == '\\' ? 2 : 1;
                }
                i = end + 1;
                open = null;
            } else if (c == '"') {
                boolean block = src.startsWith("\"\"\"", i);
                int start = i + (block ? 3 : 1);
                int end = start;
                while (end < src.length() && !(block ? src.startsWith("\"\"\"", end) : src.charAt(end) == '"')) {
                    end += src.charAt(end) == '\\' ? 2 : 1;
                }
                end = Math.min(end, src.length());
                String text = src.substring(start, end);
                int startLine = line;
                line += count(src, i, end);
                i = end + (block ? 3 : 1);
                if (open != null) {
                    // the lines between the two literals are kept, so a name's line can be counted in the text
                    Literal joined = new Literal(open.line(), open.text() + "\n".repeat(startLine - gapFrom) + text);
                    out.set(out.size() - 1, joined);
                    open = joined;
                } else {
                    open = new Literal(startLine, text);
                    out.add(open);
                }
                int next = skipSpaces(src, i);
                if (next < src.length() && src.charAt(next) == '+') {
                    int after = skipSpaces(src, next + 1);
                    if (after < src.length() && src.charAt(after) == '"') {
                        gapFrom = line;
                        line += count(src, i, after);
                        i = after;
                        continue; // the next literal continues this one
                    }
                }
                open = null;
            } else {
                open = null;
                i++;
            }
        }
        return out;
    }

    private static int count(String s, int from, int to) {
        int n = 0;
        for (int k = from; k < to && k < s.length(); k++) {
            if (s.charAt(k) == '\n') {
                n++;
            }
        }
        return n;
    }
}
