package cn.jifen.market.internal;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The goods side of a counter sale, written after its posting (issue #17): the stock taken (one conditional UPDATE
 * per product, in the basket's id order, that refuses to go below zero under the row's lock), the redemption, its
 * lines and its stock movements. On PostgreSQL the redemption, lines and movements are one statement (data-modifying
 * CTEs: the lines and movements read the new redemption's id from it), and a one-product sale takes its stock in that
 * statement too; a basket of several products takes its stock first, one product at a time, so the rows are always
 * locked in id order (the order of a CTE's sub-statements is not defined). H2 has no data-modifying CTE and sends
 * one statement each (stock per product, redemption, lines, movements).
 */
@Repository
public class SaleSql {
    private final JdbcClient jdbc;
    private final SqlDialect dialect;
    private final ProductSql productSql;
    private final RedemptionSql redemptionSql;
    private final MovementSql movementSql;

    public SaleSql(JdbcClient jdbc, SqlDialect dialect, ProductSql productSql, RedemptionSql redemptionSql,
                   MovementSql movementSql) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.productSql = productSql;
        this.redemptionSql = redemptionSql;
        this.movementSql = movementSql;
    }

    /** The redemption row of a sale. */
    public record Sale(long villageId, long supermarketId, long householdVillageId, long householdId, String number,
                       String householdName, String key, String requestHash, UUID postingId, long points,
                       long cashCents, long balanceAfter, Long windowId, Long keeperId, String keeperName,
                       LocalDate countyDate, OffsetDateTime at, String movedBy) { }

    /**
     * What a sale wrote: the redemption's id and each line's stock left (in the lines' order); or, when a product's
     * stock was short, the index of its line and nothing written ({@code redemptionId} 0).
     */
    public record Written(long redemptionId, int[] stockAfter, int shortLine) {
        public boolean sold() {
            return shortLine < 0;
        }
    }

    /** Takes the lines' goods out of stock and writes the redemption with its lines and movements. */
    public Written write(Sale sale, List<RedemptionSql.NewLine> lines) {
        if (!dialect.h2() && lines.size() == 1) {
            return takeOneAndWrite(sale, lines.get(0));
        }
        int[] after = new int[lines.size()];
        for (int i = 0; i < lines.size(); i++) {
            RedemptionSql.NewLine l = lines.get(i);
            after[i] = productSql.applyStock(sale.villageId(), l.productId(), -l.quantity());
            if (after[i] < 0) {
                return new Written(0, null, i);
            }
        }
        if (dialect.h2()) {
            long id = redemptionSql.insertRedemption(sale.villageId(), sale.supermarketId(), sale.householdVillageId(),
                    sale.householdId(), sale.number(), sale.householdName(), sale.key(), sale.requestHash(),
                    sale.postingId(), sale.points(), sale.cashCents(), sale.balanceAfter(), sale.windowId(),
                    sale.keeperId(), sale.keeperName(), sale.countyDate(), sale.at());
            redemptionSql.insertLines(sale.villageId(), id, lines);
            List<MovementSql.Out> out = new ArrayList<>(lines.size());
            for (int i = 0; i < lines.size(); i++) {
                out.add(new MovementSql.Out(lines.get(i).productId(), lines.get(i).quantity(), after[i]));
            }
            movementSql.insertRedemptionMovements(sale.villageId(), sale.supermarketId(), id, out, sale.countyDate(),
                    sale.movedBy(), sale.at());
            return new Written(id, after, -1);
        }
        long id = spec(sql(lines.size(), false), sale, lines, after).query(Long.class).single();
        return new Written(id, after, -1);
    }

    /** PostgreSQL, one product: its stock taken and the sale written in one statement; nothing written if short. */
    private Written takeOneAndWrite(Sale sale, RedemptionSql.NewLine line) {
        return spec(sql(1, true), sale, List.of(line), null)
                .query((rs, i) -> new Written(rs.getLong(1), new int[] {rs.getInt(2)}, -1)).optional()
                .orElseGet(() -> new Written(0, null, 0));
    }

    /**
     * The one statement: {@code taken} (one product's stock, only when {@code take}), the redemption (written only if
     * the stock was taken), its lines and movements, answering the redemption's id (and the stock left).
     */
    private static String sql(int lines, boolean take) {
        StringBuilder x = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            x.append(i == 0 ? "" : ", ").append('(').append(i + 1).append(", CAST(:p").append(i)
                    .append(" AS BIGINT), CAST(:n").append(i).append(" AS VARCHAR(100)), CAST(:u").append(i)
                    .append(" AS VARCHAR(16)), CAST(:q").append(i).append(" AS INT), CAST(:up").append(i)
                    .append(" AS INT), CAST(:rc").append(i).append(" AS BIGINT), ")
                    .append(take ? "NULL" : "CAST(:sa" + i + " AS INT)").append(')');
        }
        String basket = "(VALUES " + x + ") AS x (line_no, product_id, product_name, unit, quantity, unit_points, "
                + "reference_cents, stock_after)";
        return (take ? """
                WITH taken AS (UPDATE product SET stock = stock - :q0
                  WHERE village_id = :v AND id = :p0 AND stock - :q0 >= 0 RETURNING stock),
                """ : "WITH ") + """
                red AS (INSERT INTO redemption (village_id, supermarket_id, household_village_id, household_id,
                  passbook_number, household_name, idempotency_key, request_hash, posting_id, points, cash_cents,
                  balance_after, status, window_id, keeper_id, keeper_name, county_date, created_at)
                  SELECT CAST(:v AS BIGINT), CAST(:s AS BIGINT), CAST(:hv AS BIGINT), CAST(:h AS BIGINT),
                    CAST(:n AS VARCHAR(40)), CAST(:hn AS VARCHAR(50)), CAST(:k AS VARCHAR(100)),
                    CAST(:rh AS VARCHAR(64)), CAST(:p AS UUID), CAST(:pts AS INT), CAST(:cash AS BIGINT),
                    CAST(:b AS BIGINT), 'COMPLETED', CAST(:w AS BIGINT), CAST(:kid AS BIGINT), CAST(:kn AS VARCHAR(64)),
                    CAST(:d AS DATE), CAST(:t AS TIMESTAMP WITH TIME ZONE)""" + (take ? " FROM taken" : "") + """
                   RETURNING village_id, id),
                lines AS (INSERT INTO redemption_line (village_id, redemption_id, line_no, product_id, product_name, unit,
                  quantity, unit_points, reference_cents)
                  SELECT red.village_id, red.id, x.line_no, x.product_id, x.product_name, x.unit, x.quantity,
                    x.unit_points, x.reference_cents FROM red, """ + basket + """
                ),
                moves AS (INSERT INTO stock_movement (village_id, supermarket_id, product_id, kind, quantity, status,
                  stock_after, redemption_id, occurred_on, created_by, created_at)
                  SELECT red.village_id, CAST(:s AS BIGINT), x.product_id, 'REDEMPTION', -x.quantity, 'APPLIED', """
                + (take ? "taken.stock" : "x.stock_after") + """
                , red.id, CAST(:d AS DATE), CAST(:by AS VARCHAR(64)), CAST(:t AS TIMESTAMP WITH TIME ZONE)
                  FROM red, """ + (take ? "taken, " : "") + basket + """
                )
                SELECT red.id""" + (take ? ", taken.stock FROM red, taken" : " FROM red");
    }

    private JdbcClient.StatementSpec spec(String sql, Sale sale, List<RedemptionSql.NewLine> lines, int[] after) {
        JdbcClient.StatementSpec spec = jdbc.sql(sql).param("v", sale.villageId()).param("s", sale.supermarketId())
                .param("hv", sale.householdVillageId()).param("h", sale.householdId()).param("n", sale.number())
                .param("hn", sale.householdName()).param("k", sale.key()).param("rh", sale.requestHash())
                .param("p", sale.postingId()).param("pts", sale.points()).param("cash", sale.cashCents())
                .param("b", sale.balanceAfter()).param("w", sale.windowId()).param("kid", sale.keeperId())
                .param("kn", sale.keeperName()).param("d", sale.countyDate()).param("t", sale.at())
                .param("by", sale.movedBy());
        for (int i = 0; i < lines.size(); i++) {
            RedemptionSql.NewLine l = lines.get(i);
            spec = spec.param("p" + i, l.productId()).param("n" + i, l.name()).param("u" + i, l.unit())
                    .param("q" + i, l.quantity()).param("up" + i, l.unitPoints()).param("rc" + i, l.referenceCents());
            if (after != null) {
                spec = spec.param("sa" + i, after[i]);
            }
        }
        return spec;
    }
}
