package cn.jifen.stats;

import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.stats.internal.Sheets;
import cn.jifen.stats.internal.StatsSql;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Exports of a scope and date range — points ledger (积分台账), claims, households — as .xlsx or .csv,
 * written row by row while the database hands rows over in fetches of 1,000, one village after another,
 * inside one read-only transaction (so PostgreSQL uses a cursor). Memory stays flat for millions of rows.
 */
@Service
public class Exports {
    public static final Set<String> KINDS = Set.of("ledger", "claims", "households", "stock");
    public static final Set<String> FORMATS = Set.of("xlsx", "csv");

    /** A checked export, ready to write. */
    public record Job(OrgUnit unit, Period period, String kind, String format) {
        public String filename() {
            String name = switch (kind) {
                case "ledger" -> "积分台账";
                case "claims" -> "积分申报";
                case "stock" -> "库存台账";
                default -> "农户";
            };
            return unit.name() + "-" + name + "-" + period.from() + "-" + period.to() + "." + format;
        }

        public String contentType() {
            return "csv".equals(format) ? "text/csv;charset=UTF-8"
                    : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
        }
    }

    private final Stats stats;
    private final StatsSql sql;
    private final TransactionTemplate readOnly;
    private final Clock clock;

    Exports(Stats stats, StatsSql sql, TransactionTemplate tx, Clock clock) {
        this.stats = stats;
        this.sql = sql;
        this.readOnly = new TransactionTemplate(tx.getTransactionManager());
        this.readOnly.setReadOnly(true);
        this.clock = clock;
    }

    /** Checks role, scope, kind, format and period before anything is written. */
    public Job job(Actor actor, String kind, String format, String code, LocalDate from, LocalDate to) {
        OrgUnit unit = stats.unit(actor, code);
        if (!KINDS.contains(kind)) {
            throw InvalidInput.of("kind", "error.stats.badKind");
        }
        if (!FORMATS.contains(format)) {
            throw InvalidInput.of("format", "error.stats.badKind");
        }
        return new Job(unit, stats.period(from, to), kind, format);
    }

    /** Writes the export; returns the number of data rows. */
    public long write(Job job, OutputStream out) {
        List<Long> villages = stats.villageIds(job.unit());
        Period p = job.period();
        try (Sheets s = Sheets.of(job.format(), out, clock.getZone())) {
            readOnly.executeWithoutResult(st -> {
                try {
                    switch (job.kind()) {
                        case "ledger" -> ledger(s, villages, p);
                        case "claims" -> claims(s, villages, p);
                        case "stock" -> stock(s, villages, p);
                        default -> households(s, villages, p);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            s.finish();
            return s.rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String villageName(long id) {
        return sql.unit(id).map(StatsSql.Unit::name).orElse("");
    }

    private void ledger(Sheets s, List<Long> villages, Period p) throws IOException {
        s.sheet("积分台账", "村", "记账日期", "记账时间", "存折编号", "类型", "事项", "可用积分变动", "累计积分变动", "余额",
                "记录人", "原因", "记账编号", "冲正的记账", "来源");
        for (long v : villages) {
            String name = villageName(v);
            sql.streamLedger(v, p.from(), p.to(), rs -> {
                try {
                    s.row(name, rs.getObject(1, LocalDate.class), rs.getObject(2, OffsetDateTime.class),
                            rs.getString(3), kindName(rs.getString(4)), rs.getString(5), rs.getLong(6), rs.getLong(7),
                            rs.getObject(8, Long.class), rs.getString(9), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getString(13) == null ? null : rs.getString(13) + ":" + rs.getString(14));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void claims(Sheets s, List<Long> villages, Period p) throws IOException {
        s.sheet("积分申报", "村", "编号", "记录时间", "存折编号", "细则项目", "分值", "发生日期", "状态", "村民申报", "记录人",
                "审核人", "审核时间", "审核意见", "入账时间", "备注");
        for (long v : villages) {
            String name = villageName(v);
            sql.streamClaims(v, stats.start(p.from()), stats.start(p.to().plusDays(1)), rs -> {
                try {
                    s.row(name, rs.getLong(1), rs.getObject(2, OffsetDateTime.class), rs.getString(3),
                            rs.getString(4), rs.getInt(5), rs.getObject(6, LocalDate.class), rs.getString(7),
                            rs.getBoolean(8), rs.getString(9), rs.getString(10),
                            rs.getObject(11, OffsetDateTime.class), rs.getString(12),
                            rs.getObject(13, OffsetDateTime.class), rs.getString(14));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    private void stock(Sheets s, List<Long> villages, Period p) throws IOException {
        s.sheet("库存台账", "村", "超市", "日期", "商品", "单位", "类型", "数量变动", "状态", "变动后库存", "进价（元）",
                "供货方", "捐赠方", "原因", "兑换单号", "经办人", "登记时间", "审批人");
        for (long v : villages) {
            String name = villageName(v);
            sql.streamStock(v, p.from(), p.to(), rs -> {
                try {
                    long cents = rs.getLong(9);
                    s.row(name, rs.getString(1), rs.getObject(2, LocalDate.class), rs.getString(3),
                            rs.getString(4), movementName(rs.getString(5)), rs.getInt(6), rs.getString(7),
                            rs.getObject(8, Integer.class), rs.wasNull() && cents == 0 ? null
                                    : BigDecimal.valueOf(cents, 2), rs.getString(10), rs.getString(11),
                            rs.getString(12), rs.getObject(13, Long.class), rs.getString(14),
                            rs.getObject(15, OffsetDateTime.class), rs.getString(16));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static String movementName(String kind) {
        return switch (kind) {
            case "PURCHASE" -> "采购入库";
            case "DONATION" -> "捐赠入库";
            case "REDEMPTION" -> "兑换出库";
            case "CANCELLATION" -> "撤销兑换";
            case "LOSS" -> "报损";
            case "STOCKTAKE" -> "盘点";
            default -> kind;
        };
    }

    private void households(Sheets s, List<Long> villages, Period p) throws IOException {
        s.sheet("农户", "村", "户编号", "存折编号", "户主", "住址", "状态", "低收入户", "人数", "党员数",
                "期间累计积分", "期末可用积分");
        for (long v : villages) {
            String name = villageName(v);
            sql.streamHouseholds(v, p.from(), p.to(), rs -> {
                try {
                    s.row(name, rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getBoolean(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }

    static String kindName(String kind) {
        return switch (kind) {
            case "EARN" -> "加分";
            case "DEDUCT" -> "扣分";
            case "VETO" -> "一票否决";
            case "REDEEM" -> "兑换";
            case "CANCEL" -> "撤销兑换";
            case "EXPIRE" -> "清零";
            case "CORRECT" -> "冲正";
            default -> kind;
        };
    }
}
