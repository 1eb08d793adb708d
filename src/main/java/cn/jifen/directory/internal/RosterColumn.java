package cn.jifen.directory.internal;

import java.util.List;
import java.util.Locale;

/**
 * The columns of a roster file, matched by header text (order does not matter). A header cell
 * matches when, after removing spaces, a trailing "*" and a bracketed hint such as "(是/否)", it
 * equals the label or one of the aliases clerks commonly use.
 */
public enum RosterColumn {
    REF("户编号", true, "户号", "户编码"),
    GRID("网格", true, "所属网格", "网格编码", "网格名称"),
    ADDRESS("家庭住址", true, "住址", "地址", "家庭地址"),
    LOW_INCOME("低收入户", false, "是否低收入户"),
    NAME("姓名", true),
    RELATION("与户主关系", true, "关系"),
    GENDER("性别", true),
    BIRTH_YEAR("出生年份", true, "出生年"),
    PHONE("手机号", false, "手机", "手机号码", "电话", "联系电话"),
    ID_CARD("身份证号", false, "身份证", "身份证号码"),
    PARTY("党员", false, "是否党员"),
    BRANCH("所在党支部", false, "党支部"),
    DISABLED("残疾人", false, "是否残疾人");

    private final String label;
    private final boolean required;
    private final List<String> aliases;

    RosterColumn(String label, boolean required, String... aliases) {
        this.label = label;
        this.required = required;
        this.aliases = List.of(aliases);
    }

    /** The column's name as the clerk sees it in the template (without the required mark). */
    public String label() { return label; }

    boolean required() { return required; }

    /** The template's header text: required columns carry a "*". */
    String header() { return required ? label + "*" : label; }

    static RosterColumn byHeader(String header) {
        String h = normalise(header);
        if (h.isEmpty()) {
            return null;
        }
        for (RosterColumn c : values()) {
            if (c.label.equals(h) || c.aliases.contains(h)) {
                return c;
            }
        }
        return null;
    }

    static String normalise(String header) {
        if (header == null) {
            return "";
        }
        String h = header.replaceAll("[\\s\\u3000]+", "");
        h = h.replaceAll("[(（\\[【].*$", "");
        h = h.replaceAll("[*＊]+", "");
        return h.toLowerCase(Locale.ROOT);
    }
}
