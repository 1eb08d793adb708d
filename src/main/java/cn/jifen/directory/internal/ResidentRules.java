package cn.jifen.directory.internal;

import cn.jifen.directory.ResidentDraft;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Texts;
import java.util.List;
import java.util.Set;

/** Validation of one resident's fields, shared by the form, the API and the roster import. */
public final class ResidentRules {
    public static final String HEAD = "户主";
    public static final Set<String> RELATIONS = Set.of(HEAD, "配偶", "子女", "父母", "孙子女", "兄弟姐妹", "儿媳", "女婿", "其他");

    /** A resident that passed validation, with its ID card normalised (or null). */
    public record Valid(String name, String relation, String gender, int birthYear, String phone, String idCard,
                 boolean partyMember, String partyBranch, boolean disabled) {
        public boolean head() { return HEAD.equals(relation); }
    }

    private ResidentRules() { }

    /** Adds a problem per bad field (field names prefixed) and returns null if any. */
    public static Valid check(ResidentDraft d, String prefix, int currentYear, List<Problem> problems) {
        int before = problems.size();
        String name = Texts.name(prefix + "name", d.name(), 50, problems);
        String relation = Texts.clean(d.relation());
        if (relation == null) {
            problems.add(new Problem(prefix + "relation", "error.required"));
        } else if (!RELATIONS.contains(relation)) {
            problems.add(new Problem(prefix + "relation", "error.resident.relation", String.join("、", RELATIONS)));
        }
        String gender = gender(d.gender());
        if (gender == null) {
            problems.add(new Problem(prefix + "gender", "error.resident.gender"));
        }
        Integer birthYear = null;
        String by = Texts.clean(d.birthYear());
        if (by == null) {
            problems.add(new Problem(prefix + "birthYear", "error.required"));
        } else {
            try {
                birthYear = Integer.parseInt(by.endsWith(".0") ? by.substring(0, by.length() - 2) : by);
                if (birthYear < 1900 || birthYear > currentYear) {
                    problems.add(new Problem(prefix + "birthYear", "error.resident.birthYear", String.valueOf(currentYear)));
                }
            } catch (NumberFormatException e) {
                problems.add(new Problem(prefix + "birthYear", "error.resident.birthYear", String.valueOf(currentYear)));
            }
        }
        String phone = Texts.clean(d.phone());
        if (phone != null && phone.matches("(\\+|00)86[ -]?1[3-9]\\d{9}")) {
            phone = phone.substring(phone.length() - 11);   // +8613800138000: the mobile without the country code
        }
        if (phone != null && !Texts.isPhone(phone)) {
            problems.add(new Problem(prefix + "phone", "error.resident.phone"));
        }
        String idRaw = Texts.clean(d.idCard());
        String idCard = null;
        if (idRaw != null) {
            idCard = IdCards.normalise(idRaw);
            if (idCard == null) {
                problems.add(new Problem(prefix + "idCard", "error.resident.idCard"));
            }
        }
        String branch = Texts.text(prefix + "partyBranch", d.partyBranch(), 100, problems);
        if (d.partyMember() && branch == null && problems.size() == before) {
            problems.add(new Problem(prefix + "partyBranch", "error.resident.partyBranch"));
        }
        if (problems.size() > before) {
            return null;
        }
        return new Valid(name, relation, gender, birthYear, phone, idCard, d.partyMember(),
                d.partyMember() ? branch : null, d.disabled());
    }

    static String gender(String raw) {
        String g = Texts.clean(raw);
        if (g == null) {
            return null;
        }
        return switch (g) {
            case "男", "M", "m" -> "M";
            case "女", "F", "f" -> "F";
            default -> null;
        };
    }

    /** 是/否 style flags in forms and spreadsheets. */
    public static Boolean flag(String raw) {
        String s = Texts.clean(raw);
        if (s == null) {
            return false;
        }
        return switch (s) {
            case "是", "Y", "y", "1", "true", "TRUE", "on" -> true;
            case "否", "N", "n", "0", "false", "FALSE", "off" -> false;
            default -> null;
        };
    }
}
