package cn.jifen.stats.internal;

import cn.jifen.honours.HonourRecord;
import cn.jifen.honours.HonourRecords;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Honours awarded in a scope and period, from the honours module ({@link HonourRecords}). */
@Component
public class HonoursSource {
    /** One honour as the report shows it. */
    public record Honour(String village, String kind, String periodLabel, String holderName, LocalDate awardedOn) { }

    private final HonourRecords records;
    private final StatsSql sql;

    public HonoursSource(HonourRecords records, StatsSql sql) {
        this.records = records;
        this.sql = sql;
    }

    public List<Honour> awarded(Collection<Long> villageIds, LocalDate from, LocalDate to) {
        Map<Long, String> names = new HashMap<>();
        return records.awarded(villageIds, from, to).stream().map((HonourRecord r) -> new Honour(
                names.computeIfAbsent(r.villageId(), id -> sql.unit(id).map(StatsSql.Unit::name).orElse("")),
                kindName(r.kind()), r.periodLabel(), r.holderName(), r.awardedOn())).toList();
    }

    public static String kindName(String kind) {
        return switch (kind) {
            case "RED_FLAG" -> "流动红旗";
            case "STAR_PERSON" -> "正能量红人";
            case "STAR_PARTY_MEMBER" -> "星级党员";
            case "AWARD_CANDIDATE_CHOSEN" -> "评选表彰";
            default -> kind;
        };
    }
}
