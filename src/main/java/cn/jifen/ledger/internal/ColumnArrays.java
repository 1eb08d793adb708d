package cn.jifen.ledger.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The rows of one PostgreSQL statement bound column by column, each column as one array parameter that the statement
 * turns back into rows with {@code unnest(?::type[], …)}. A batch award's 20,000 entries are then one statement with
 * 26 parameters, which PostgreSQL parses and plans once, instead of 50 multi-row VALUES statements of 10,400
 * parameters each (parsed, planned and bound value by value). Only standard JDBC ({@link Connection#createArrayOf}).
 */
final class ColumnArrays<R> {
    private record Column<R>(String type, Function<R, Object> value) { }

    private final List<Column<R>> columns = new ArrayList<>();

    /** Adds a column of the given PostgreSQL element type (int8, int2, uuid, varchar, date, timestamptz). */
    ColumnArrays<R> column(String type, Function<R, Object> value) {
        columns.add(new Column<>(type, value));
        return this;
    }

    /** {@code unnest(?::t1[], ?::t2[], …)}: the rows, for the FROM of an INSERT … SELECT or an UPDATE. */
    String unnest() {
        StringBuilder sb = new StringBuilder("unnest(");
        for (int i = 0; i < columns.size(); i++) {
            sb.append(i == 0 ? "" : ", ").append("CAST(? AS ").append(columns.get(i).type()).append("[])");
        }
        return sb.append(")").toString();
    }

    /**
     * Binds one array per column, from parameter {@code first} on; returns the next parameter's index. Numbers and
     * varchar go as typed Java arrays, which the driver sends in PostgreSQL's binary array format (no digits to print
     * here and parse there); uuid, date and timestamptz as text.
     */
    int bind(Connection con, PreparedStatement ps, int first, List<R> rows) throws SQLException {
        int p = first;
        for (Column<R> c : columns) {
            ps.setArray(p++, con.createArrayOf(c.type(), values(c, rows)));
        }
        return p;
    }

    private static <R> Object[] values(Column<R> c, List<R> rows) {
        Object[] values = switch (c.type()) {
            case "int8" -> new Long[rows.size()];
            case "int2" -> new Short[rows.size()];
            default -> new String[rows.size()];
        };
        Object last = null;
        Object lastValue = null;
        for (int i = 0; i < values.length; i++) {
            Object v = c.value().apply(rows.get(i));
            if (v == null) {
                continue;
            }
            if (!v.equals(last)) {   // a batch's rows share some values (its moment, its day): each is converted once
                last = v;
                lastValue = switch (c.type()) {
                    case "int8" -> ((Number) v).longValue();
                    case "int2" -> ((Number) v).shortValue();
                    default -> text(v);
                };
            }
            values[i] = lastValue;
        }
        return values;
    }

    /** The driver writes these array elements as text: a timestamp always with its seconds and offset. */
    private static String text(Object v) {
        return v instanceof OffsetDateTime t ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t) : v.toString();
    }
}
