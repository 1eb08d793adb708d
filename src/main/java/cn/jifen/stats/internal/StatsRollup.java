package cn.jifen.stats.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Keeps stats_month: adds each month once it is complete (its last day at least two days ago, so no
 * transaction still in flight at midnight can post into it). Runs at start and every hour; takes the
 * stats_rollup_state row lock, so with several instances only one rolls up at a time and none twice.
 * The ledger is append-only and entries are dated by the day they were posted, so a rolled month never
 * changes; {@link #verify()} recomputes every rolled month from the raw legs and names any difference.
 */
@Component
public class StatsRollup {
    private static final Logger log = LoggerFactory.getLogger(StatsRollup.class);

    private final StatsSql sql;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final boolean enabled;

    public StatsRollup(StatsSql sql, TransactionTemplate tx, Clock clock, @Value("${jifen.stats.rollup:true}") boolean enabled) {
        this.sql = sql;
        this.tx = tx;
        this.clock = clock;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The last day in stats_month (empty before the first rollup). */
    public Optional<LocalDate> through() {
        return sql.rolledThrough();
    }

    @Scheduled(fixedDelayString = "${jifen.stats.rollup-interval-ms:3600000}",
            initialDelayString = "${jifen.stats.rollup-initial-delay-ms:60000}")
    public void scheduled() {
        if (enabled) {
            roll();
        }
    }

    /** Rolls up every complete month not yet rolled; returns how many months were added. */
    public int roll() {
        LocalDate lastComplete = LocalDate.now(clock).minusDays(2).withDayOfMonth(1).minusDays(1);
        int months = 0;
        while (true) {
            Integer added = tx.execute(s -> {
                OffsetDateTime now = OffsetDateTime.now(clock);
                LocalDate through = sql.lockRollup(now);
                LocalDate next;
                if (through == null) {
                    Optional<LocalDate> first = sql.firstPostingDay();
                    if (first.isEmpty() || first.get().isAfter(lastComplete)) {
                        return 0;
                    }
                    next = first.get().withDayOfMonth(1);
                } else {
                    next = through.plusDays(1);
                }
                if (next.plusMonths(1).minusDays(1).isAfter(lastComplete)) {
                    return 0;
                }
                int rows = sql.rollMonth(next);
                sql.setRolledThrough(next.plusMonths(1).minusDays(1), now);
                log.info("stats rollup: {} ({} rows)", next.toString().substring(0, 7), rows);
                return 1;
            });
            if (added == null || added == 0) {
                return months;
            }
            months++;
        }
    }

    /** Every rolled month recomputed from the raw legs: the differences (empty when the rollup is right). */
    public List<String> verify() {
        List<String> problems = new ArrayList<>();
        Optional<LocalDate> through = sql.rolledThrough();
        Optional<LocalDate> first = sql.firstPostingDay();
        if (through.isEmpty() || first.isEmpty()) {
            return problems;
        }
        List<Long> villages = sql.allVillageIds();
        Map<String, StatsSql.Fact> raw = index(sql.rawFacts(villages, first.get(), through.get()));
        Map<String, StatsSql.Fact> rolled = index(sql.rolledFacts(villages, first.get().withDayOfMonth(1),
                through.get().withDayOfMonth(1)));
        for (String k : raw.keySet()) {
            if (!raw.get(k).equals(rolled.get(k))) {
                problems.add(k + ": ledger " + raw.get(k) + " rollup " + rolled.get(k));
            }
        }
        for (String k : rolled.keySet()) {
            if (!raw.containsKey(k)) {
                problems.add(k + ": only in rollup " + rolled.get(k));
            }
        }
        return problems;
    }

    private static Map<String, StatsSql.Fact> index(List<StatsSql.Fact> facts) {
        Map<String, StatsSql.Fact> m = new HashMap<>();
        for (StatsSql.Fact f : facts) {
            m.put(f.villageId() + "|" + f.month() + "|" + f.kind() + "|" + f.label(), f);
        }
        return m;
    }
}
