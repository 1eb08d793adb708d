package cn.jifen.directory.internal;

/**
 * One problem found in a roster, before it is put into words: the row as the clerk sees it in
 * Excel (header = row 1; 0 = the file as a whole), the column's label ("" when none), and a message
 * key with arguments.
 */
public record RosterIssue(int row, String column, String key, Object... args) {

    public static RosterIssue file(String key, Object... args) {
        return new RosterIssue(0, "", key, args);
    }

    public static RosterIssue at(int row, RosterColumn column, String key, Object... args) {
        return new RosterIssue(row, column == null ? "" : column.label(), key, args);
    }
}
