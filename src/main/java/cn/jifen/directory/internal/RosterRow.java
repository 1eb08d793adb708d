package cn.jifen.directory.internal;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/** One data row of a roster: its row number as Excel shows it, the text of each known column, and which held formulas. */
public record RosterRow(int number, Map<RosterColumn, String> values, Set<RosterColumn> formulas) {

    public RosterRow {
        values = values.isEmpty() ? new EnumMap<>(RosterColumn.class) : new EnumMap<>(values);
        formulas = formulas.isEmpty() ? EnumSet.noneOf(RosterColumn.class) : EnumSet.copyOf(formulas);
    }

    /** The raw text of a column (null when the column is absent or the cell empty). */
    public String get(RosterColumn column) {
        return values.get(column);
    }
}
