package cn.jifen.noticeboard;

/**
 * What the public board and poster show of a person: the full name, the surname followed by 某, or only
 * the passbook number. ID numbers and phone numbers never appear in any mode.
 */
public enum Privacy {
    FULL, SURNAME, PASSBOOK;

    public String show(String name, String passbookNumber) {
        String n = name == null ? "" : name.strip();
        return switch (this) {
            case FULL -> n.isEmpty() ? nz(passbookNumber) : n;
            case SURNAME -> n.isEmpty() ? nz(passbookNumber) : n.substring(0, n.offsetByCodePoints(0, 1)) + "某";
            case PASSBOOK -> nz(passbookNumber);
        };
    }

    public String messageKey() {
        return "board.privacy." + name();
    }

    private static String nz(String s) {
        return s == null || s.isBlank() ? "—" : s;
    }
}
