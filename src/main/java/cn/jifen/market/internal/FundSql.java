package cn.jifen.market.internal;

import cn.jifen.market.Fund;
import cn.jifen.market.FundEntry;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The SQL of the village funds that buy goods and their entries: tables {@code fund}, {@code fund_entry}. */
@Repository
public class FundSql {
    private final JdbcClient jdbc;

    public FundSql(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The village's cash top-up fund (the first active CASH_TOPUP fund), made when missing. */
    public long topUpFund(long villageId, String by, OffsetDateTime at) {
        Optional<Long> id = jdbc.sql("SELECT MIN(id) FROM fund WHERE village_id = :v AND kind = 'CASH_TOPUP' AND active = TRUE")
                .param("v", villageId).query(Long.class).optional().filter(Objects::nonNull);
        if (id.isPresent()) {
            return id.get();
        }
        String name = fundNameTaken(villageId, "现金补差价") ? "现金补差价（柜台）" : "现金补差价";
        return insertFund(villageId, name, "CASH_TOPUP", by, at);
    }

    public long insertFund(long villageId, String name, String kind, String by, OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("INSERT INTO fund (village_id, name, kind, active, created_by, created_at) VALUES (:v, :n, :k, TRUE, :b, :t)")
                .param("v", villageId).param("n", name).param("k", kind).param("b", by).param("t", at));
    }

    public boolean fundNameTaken(long villageId, String name) {
        return jdbc.sql("SELECT COUNT(*) FROM fund WHERE village_id = :v AND name = :n").param("v", villageId)
                .param("n", name).query(Long.class).single() > 0;
    }

    // every use binds :v to the village; the subquery names it too, not f.village_id: Citus cannot route a scalar
    // subquery in the select list by the outer row, so it would run on every shard (docs/citus.md)
    private static final String FUND = """
            SELECT f.village_id, f.id, f.name, f.kind, f.active,
                   COALESCE((SELECT SUM(e.amount_cents) FROM fund_entry e WHERE e.village_id = :v AND e.fund_id = f.id), 0) AS balance
            FROM fund f""";

    public static Fund fund(ResultSet rs, int i) throws SQLException {
        return new Fund(rs.getLong("village_id"), rs.getLong("id"), rs.getString("name"), rs.getString("kind"),
                rs.getBoolean("active"), BigDecimal.valueOf(rs.getLong("balance"), 2));
    }

    public List<Fund> funds(long villageId) {
        return jdbc.sql(FUND + " WHERE f.village_id = :v ORDER BY f.id").param("v", villageId).query(FundSql::fund).list();
    }

    public Optional<Fund> fund(long villageId, long id) {
        return jdbc.sql(FUND + " WHERE f.village_id = :v AND f.id = :id").param("v", villageId).param("id", id)
                .query(FundSql::fund).optional();
    }

    /** Locks a fund row so its balance check and the debit are one step. */
    public void lockFund(long villageId, long id) {
        jdbc.sql("SELECT id FROM fund WHERE village_id = :v AND id = :id FOR UPDATE").param("v", villageId)
                .param("id", id).query(Long.class).list();
    }

    public long insertFundEntry(long villageId, long fundId, String kind, long cents, String donor, LocalDate on, String note,
                         Long movementId, Long redemptionId, String by, OffsetDateTime at) {
        return SqlInserts.id(jdbc.sql("""
                INSERT INTO fund_entry (village_id, fund_id, kind, amount_cents, donor, occurred_on, note, movement_id, redemption_id, created_by, created_at)
                VALUES (:v, :f, :k, :a, :d, :on, :n, :m, :r, :b, :t)""")
                .param("v", villageId).param("f", fundId).param("k", kind).param("a", cents).param("d", donor)
                .param("on", on).param("n", note).param("m", movementId).param("r", redemptionId).param("b", by)
                .param("t", at));
    }

    public long fundEntryCount(long villageId, long fundId) {
        return jdbc.sql("SELECT COUNT(*) FROM fund_entry WHERE village_id = :v AND fund_id = :f")
                .param("v", villageId).param("f", fundId).query(Long.class).single();
    }

    public Optional<FundEntry> fundEntry(long villageId, long fundId, long id) {
        return fundEntries(" AND id = :id", villageId, fundId, 1, 0, id).stream().findFirst();
    }

    public List<FundEntry> fundEntries(long villageId, long fundId, int limit, long offset) {
        return fundEntries("", villageId, fundId, limit, offset, 0);
    }

    private List<FundEntry> fundEntries(String and, long villageId, long fundId, int limit, long offset, long id) {
        return jdbc.sql("SELECT * FROM fund_entry WHERE village_id = :v AND fund_id = :f" + and
                        + " ORDER BY occurred_on DESC, id DESC LIMIT :lim OFFSET :off")
                .param("v", villageId).param("f", fundId).param("lim", limit).param("off", offset)
                .param("id", id)
                .query((rs, i) -> new FundEntry(rs.getLong("id"), rs.getLong("fund_id"), rs.getString("kind"),
                        BigDecimal.valueOf(rs.getLong("amount_cents"), 2), rs.getString("donor"),
                        rs.getObject("occurred_on", LocalDate.class), rs.getString("note"),
                        rs.getObject("movement_id", Long.class), rs.getString("created_by"))).list();
    }

    /** Money donations per donor: name, cents, last date. */
    public List<Object[]> moneyDonors(long villageId) {
        return jdbc.sql("""
                SELECT donor, SUM(amount_cents), MAX(occurred_on) FROM fund_entry
                WHERE village_id = :v AND kind = 'CONTRIBUTION' AND donor IS NOT NULL GROUP BY donor""")
                .param("v", villageId)
                .query((rs, i) -> new Object[] {rs.getString(1), rs.getLong(2), rs.getObject(3, LocalDate.class)}).list();
    }
}
