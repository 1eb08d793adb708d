package cn.jifen.stats;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.MonthSpan;
import cn.jifen.ledger.TotalsReading;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.stats.internal.MarketSource;
import cn.jifen.stats.internal.StatsRollup;
import cn.jifen.stats.internal.StatsSql;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Statistics of an org unit (county, town or village) for a period, computed from the ledger's
 * passbook legs (whole months from the ledger's month totals) and the records every time (no counters of its own that
 * can drift). Readable by county, town and
 * village admins and auditors, within their scope; a unit outside the scope is NotFound.
 * <p>Why one class of about 490 lines: One service for all figures of a unit and period: every figure shares the
 * scope check, the period's month/edge split and the read-replica choice, and the report, the export and the
 * dashboard ask for them together; split by figure, each part would repeat those three.
 */
@Service
@Transactional(readOnly = true)
public class Stats {
    static final Set<Role> READERS = Set.of(Role.COUNTY_ADMIN, Role.TOWN_ADMIN, Role.VILLAGE_ADMIN, Role.AUDITOR);
    static final int MAX_DAYS = 3700;

    private final StatsSql sql;
    private final OrgUnits orgUnits;
    private final Clock clock;
    private final MarketSource market;
    private final StatsRollup rollup;
    private final TotalsReading totals;
    private volatile boolean useRollup;
    static final LocalDate EPOCH = LocalDate.of(1970, 1, 1);

    Stats(StatsSql sql, OrgUnits orgUnits, Clock clock, MarketSource market, StatsRollup rollup, TotalsReading totals) {
        this.sql = sql;
        this.totals = totals;
        this.orgUnits = orgUnits;
        this.clock = clock;
        this.market = market;
        this.rollup = rollup;
        this.useRollup = rollup.enabled();
    }

    /** Adds every complete month not yet in the monthly rollup (the job does this hourly); returns months added. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public int rollUp() {
        return rollup.roll();
    }

    /** Recomputes every rolled month from the ledger: the differences, empty when the rollup is right. */
    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public List<String> verifyRollup() {
        return rollup.verify();
    }

    /** The rollup's state for county admins and auditors: the last rolled day and its check against the ledger. */
    public record RollupState(boolean used, LocalDate rolledThrough, List<String> differences) { }

    @Transactional(propagation = Propagation.NOT_SUPPORTED)
    public RollupState rollupState(Actor actor) {
        if (!(actor.is(Role.COUNTY_ADMIN) || actor.is(Role.AUDITOR))
                || orgUnits.byId(actor.orgUnitId()).level() != OrgLevel.COUNTY) {
            throw Forbidden.role();
        }
        return new RollupState(useRollup, rollup.through().orElse(null), rollup.verify());
    }

    /** Whether figures read the monthly rollup for whole months (jifen.stats.rollup). */
    public boolean usesRollup() {
        return useRollup;
    }

    /** Tests compare the rolled-up answers with the raw ones. */
    public void useRollup(boolean use) {
        this.useRollup = use;
        rolledCache.clear();
    }

    /**
     * Monthly sums of the passbook legs posted in [from, to], at least at the grain asked (a reader sums over the
     * dimensions it does not use). Normally the whole months come from the ledger's month totals (kept with every
     * posting, so this year to date too), summed to the grain in the database, and the days of a period that are
     * not whole months are read as {@link #edge}. With the totals switched off (jifen.ledger.totals-reads=false):
     * whole months up to the rollup's watermark from stats_month, the days outside them from the postings themselves.
     */
    List<StatsSql.Fact> facts(List<Long> vs, LocalDate from, LocalDate to, StatsSql.Grain grain) {
        if (totals.used()) {
            MonthSpan span = MonthSpan.of(new Period(from, to));
            List<StatsSql.Fact> out = new ArrayList<>();
            if (span.hasMonths()) {
                out.addAll(sql.totalFacts(vs, span.firstMonth(), span.lastMonth(), grain));
            }
            for (Period edge : span.edges()) {
                out.addAll(edge(vs, edge));
            }
            return out;
        }
        Optional<LocalDate> through = useRollup ? rollup.through() : Optional.empty();
        if (through.isEmpty()) {
            return sql.rawFacts(vs, from, to);
        }
        LocalDate rollFrom = from.getDayOfMonth() == 1 ? from : from.withDayOfMonth(1).plusMonths(1);
        LocalDate end = to.isBefore(through.get()) ? to : through.get();
        LocalDate rollTo = end.getDayOfMonth() == end.lengthOfMonth() ? end : end.withDayOfMonth(1).minusDays(1);
        if (rollTo.isBefore(rollFrom)) {
            return sql.rawFacts(vs, from, to);
        }
        List<StatsSql.Fact> out = new ArrayList<>(rolled(vs, rollFrom, rollTo.withDayOfMonth(1), through.get()));
        if (from.isBefore(rollFrom)) {
            out.addAll(sql.rawFacts(vs, from, rollFrom.minusDays(1)));
        }
        if (rollTo.isBefore(to)) {
            out.addAll(sql.rawFacts(vs, rollTo.plusDays(1), to));
        }
        return out;
    }

    /**
     * The days of a period inside one month that are not the whole month. When they run to the month's end or
     * from its start, the rest of the month may be cheaper: if no leg is dated in the rest (a period that ends
     * today: the month so far), the month's total is the answer; if the rest is the shorter part, the month's
     * total less the rest. Otherwise (or for days in the middle of a month) the postings of the days themselves.
     * Every way gives the same sums as the postings.
     */
    private List<StatsSql.Fact> edge(List<Long> vs, Period edge) {
        LocalDate monthStart = edge.from().withDayOfMonth(1);
        LocalDate monthEnd = edge.from().withDayOfMonth(edge.from().lengthOfMonth());
        Period rest;
        if (edge.from().equals(monthStart) && edge.to().isBefore(monthEnd)) {
            rest = new Period(edge.to().plusDays(1), monthEnd);
        } else if (edge.to().equals(monthEnd) && edge.from().isAfter(monthStart)) {
            rest = new Period(monthStart, edge.from().minusDays(1));
        } else {
            return sql.rawFacts(vs, edge.from(), edge.to());
        }
        boolean restEmpty = !sql.anyPosting(vs, rest.from(), rest.to());
        if (!restEmpty && ChronoUnit.DAYS.between(rest.from(), rest.to()) >= ChronoUnit.DAYS.between(edge.from(), edge.to())) {
            return sql.rawFacts(vs, edge.from(), edge.to());
        }
        List<StatsSql.Fact> month = sql.totalFacts(vs, monthStart, monthStart, StatsSql.Grain.ALL);
        if (restEmpty) {
            return month;
        }
        // group by group, so each group's sums are those of its days in the period, as read from the postings
        Map<String, StatsSql.Fact> groups = new LinkedHashMap<>();
        month.forEach(f -> groups.put(f.group(), f));
        for (StatsSql.Fact r : sql.rawFacts(vs, rest.from(), rest.to())) {
            groups.computeIfPresent(r.group(), (k, f) -> f.minus(r));
        }
        return groups.values().stream().filter(f -> f.count() != 0).toList();
    }

    /**
     * Rolled-up months never change (the rollup only adds whole past months), so their facts are kept in
     * memory, keyed by villages, months and watermark: a warm dashboard reads only the days after the rollup.
     */
    private final Map<String, List<StatsSql.Fact>> rolledCache = Collections.synchronizedMap(
            new LinkedHashMap<>(64, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, List<StatsSql.Fact>> e) {
                    return size() > 200;
                }
            });
    private volatile boolean cacheRolled = true;

    /** The benchmark measures with and without the in-memory copy of rolled-up months. */
    public void cacheRolledMonths(boolean cache) {
        cacheRolled = cache;
        rolledCache.clear();
    }

    private List<StatsSql.Fact> rolled(List<Long> vs, LocalDate fromMonth, LocalDate toMonth, LocalDate through) {
        if (!cacheRolled) {
            return sql.rolledFacts(vs, fromMonth, toMonth);
        }
        String key = vs + ":" + fromMonth + ":" + toMonth + ":" + through;
        List<StatsSql.Fact> hit = rolledCache.get(key);
        if (hit == null) {
            hit = List.copyOf(sql.rolledFacts(vs, fromMonth, toMonth));
            rolledCache.put(key, hit);
        }
        return hit;
    }

    /** Points outstanding per village at the end of a day: Σ amount of every passbook leg up to it. */
    Map<Long, Long> outstanding(List<Long> vs, LocalDate asOf) {
        Map<Long, Long> m = new HashMap<>();
        if (asOf.isBefore(EPOCH)) {
            return m;
        }
        for (StatsSql.Fact f : facts(vs, EPOCH, asOf, StatsSql.Grain.VILLAGE)) {
            m.merge(f.villageId(), f.amount(), Long::sum);
        }
        return m;
    }

    /** The unit the actor asks about, after the role and scope checks (grids are not a statistics scope). */
    public OrgUnit unit(Actor actor, String code) {
        if (!READERS.contains(actor.role())) {
            throw Forbidden.role();
        }
        String c = code == null || code.isBlank() ? orgUnits.byId(actor.orgUnitId()).code() : code.strip();
        OrgUnit unit = orgUnits.visible(actor, c);
        if (unit.level() == OrgLevel.GRID) {
            throw InvalidInput.of("orgUnit", "error.stats.grid");
        }
        return unit;
    }

    /** The period asked, defaulting to this year up to today; at most ten years. */
    public Period period(LocalDate from, LocalDate to) {
        LocalDate today = LocalDate.now(clock);
        LocalDate f = from == null ? LocalDate.of(today.getYear(), 1, 1) : from;
        LocalDate t = to == null ? (f.getYear() == today.getYear() ? today : LocalDate.of(f.getYear(), 12, 31)) : to;
        if (t.isBefore(f)) {
            throw InvalidInput.of("to", "error.stats.period");
        }
        if (ChronoUnit.DAYS.between(f, t) > MAX_DAYS) {
            throw InvalidInput.of("from", "error.stats.tooLong");
        }
        return new Period(f, t);
    }

    public Figures summary(Actor actor, String code, LocalDate from, LocalDate to) {
        return figures(unit(actor, code), period(from, to));
    }

    public LocalDate today() {
        return LocalDate.now(clock);
    }

    public List<Long> villageIds(OrgUnit unit) {
        return unit.level() == OrgLevel.VILLAGE ? List.of(unit.id())
                : sql.villagesUnder(unit.path()).stream().map(StatsSql.Unit::id).toList();
    }

    OffsetDateTime start(LocalDate day) {
        return day.atStartOfDay(clock.getZone()).toOffsetDateTime();
    }

    /** The figures of a unit whose scope was checked. */
    public Figures figures(OrgUnit unit, Period p) {
        List<Long> vs = villageIds(unit);
        OffsetDateTime s = start(p.from());
        OffsetDateTime e = start(p.to().plusDays(1));
        Map<String, long[]> k = new HashMap<>();   // kind → {count, amount, score}
        long deeds = 0;
        for (StatsSql.Fact r : facts(vs, p.from(), p.to(), StatsSql.Grain.KIND)) {
            long[] a = k.computeIfAbsent(r.kind(), x -> new long[3]);
            a[0] += r.count();
            a[1] += r.amount();
            a[2] += r.score();
            deeds += r.deeds();
        }
        long[] zero = new long[3];
        long postings = k.values().stream().mapToLong(a -> a[0]).sum();
        long issued = k.getOrDefault("EARN", zero)[1];
        long deducted = -k.getOrDefault("DEDUCT", zero)[1];
        long scoreDeducted = -k.getOrDefault("DEDUCT", zero)[2];
        long forfeited = -k.getOrDefault("VETO", zero)[1];
        long expired = -k.getOrDefault("EXPIRE", zero)[1];
        long redeemed = -k.getOrDefault("REDEEM", zero)[1] - k.getOrDefault("CANCEL", zero)[1];
        long corrected = k.getOrDefault("CORRECT", zero)[1];
        long vetoes = k.getOrDefault("VETO", zero)[0];
        long atStart = outstanding(vs, p.from().minusDays(1)).values().stream().mapToLong(Long::longValue).sum();
        long outstanding = atStart + postingsNet(k);

        MarketSource.Market m = market.figures(vs, p.from(), p.to(), s, e,
                k.getOrDefault("REDEEM", zero)[0] - k.getOrDefault("CANCEL", zero)[0]);

        long attend = sql.attendances(vs, s, e);
        Map<String, Long> ev = sql.claimEvents(vs, s, e);
        long approved = sum(ev, "APPROVE>");
        long rejected = sum(ev, ">REJECTED");
        long posted = sum(ev, "POST>");
        List<Long> secs = new ArrayList<>(sql.secondsToPost(vs, s, e));
        long[] cover = sql.coverage(vs, p.from(), p.to(), e);
        Double avg = null;
        Double median = null;
        if (!secs.isEmpty()) {
            secs.sort(null);
            avg = round(secs.stream().mapToLong(Long::longValue).average().orElse(0) / 3600.0);
            int n = secs.size();
            median = round((n % 2 == 1 ? secs.get(n / 2) : (secs.get(n / 2 - 1) + secs.get(n / 2)) / 2.0) / 3600.0);
        }
        return new Figures(unit.code(), unit.name(), unit.level().name(), p.from(), p.to(), p.to().isBefore(today()),
                vs.size(),
                cover[0], cover[1], cover[3], cover[2], cover[4], cover[5],
                m.supermarketsOpen(), m.meetingStandard(), m.redemptions(), m.goodsValueYuan(), m.source(),
                attend + deeds, attend, deeds, postings,
                issued, deducted, scoreDeducted, forfeited, expired, redeemed, corrected, atStart, outstanding,
                sql.claimsRecorded(vs, s, e), approved, rejected, sql.objections(vs, s, e), sql.appeals(vs, s, e), posted,
                vetoes, avg, median);
    }

    private static long postingsNet(Map<String, long[]> k) {
        return k.values().stream().mapToLong(a -> a[1]).sum();
    }

    private static double round(double d) {
        return Math.round(d * 100) / 100.0;
    }

    private static long sum(Map<?, Long> m) {
        return m.values().stream().mapToLong(Long::longValue).sum();
    }

    private static long sum(Map<String, Long> ev, String part) {
        return ev.entrySet().stream().filter(x -> part.endsWith(">") ? x.getKey().startsWith(part) : x.getKey().endsWith(part))
                .mapToLong(Map.Entry::getValue).sum();
    }

    // ------------------------------------------------------------------ breakdowns

    /** One line of the breakdown by category or rule item (the posted item label). */
    public record Line(String category, String item, long postings, long earned, long deducted, long score) { }

    /** Breakdown of the period's EARN and DEDUCT postings (and their corrections) by rule item, category first. */
    public List<Line> byItem(OrgUnit unit, Period p) {
        Map<String, long[]> m = new TreeMap<>();
        for (StatsSql.Fact r : facts(villageIds(unit), p.from(), p.to(), StatsSql.Grain.LABEL)) {
            if (!Set.of("EARN", "DEDUCT", "VETO", "CORRECT").contains(r.kind())) {
                continue;
            }
            String label = r.label().isEmpty() ? "（无事项）" : r.label();
            long[] a = m.computeIfAbsent(label, x -> new long[4]);
            a[0] += r.count();
            a[1] += r.scoreUp();
            a[2] += r.scoreDown();
            a[3] += r.score();
        }
        List<Line> out = new ArrayList<>();
        m.forEach((label, a) -> out.add(new Line(category(label), label, a[0], a[1], a[2], a[3])));
        return out;
    }

    public List<Line> byCategory(OrgUnit unit, Period p) {
        return categoriesOf(byItem(unit, p));
    }

    /** The breakdown by category of a breakdown by item (a page showing both reads the items once). */
    public static List<Line> categoriesOf(List<Line> items) {
        Map<String, long[]> m = new TreeMap<>();
        for (Line l : items) {
            long[] a = m.computeIfAbsent(l.category(), x -> new long[4]);
            a[0] += l.postings();
            a[1] += l.earned();
            a[2] += l.deducted();
            a[3] += l.score();
        }
        List<Line> out = new ArrayList<>();
        m.forEach((c, a) -> out.add(new Line(c, c, a[0], a[1], a[2], a[3])));
        return out;
    }

    /** Claim postings are labelled "类别：项目"; other postings fall in 其他. */
    static String category(String label) {
        int i = label.indexOf('：');
        return i > 0 ? label.substring(0, i) : "其他";
    }

    /** One month of the time series. */
    public record Month(String month, long postings, long issued, long deducted, long redeemed, long score) { }

    public List<Month> monthly(OrgUnit unit, Period p) {
        Map<String, long[]> m = new TreeMap<>();
        for (YearMonth ym = YearMonth.from(p.from()); !ym.isAfter(YearMonth.from(p.to()));
             ym = ym.plusMonths(1)) {
            m.put(ym.toString(), new long[5]);
        }
        for (StatsSql.Fact r : facts(villageIds(unit), p.from(), p.to(), StatsSql.Grain.MONTH)) {
            long[] a = m.get(r.month().toString());
            a[0] += r.count();
            switch (r.kind()) {
                case "EARN" -> a[1] += r.amount();
                case "DEDUCT" -> a[2] += -r.amount();
                case "REDEEM", "CANCEL" -> a[3] += -r.amount();
                default -> { }
            }
            a[4] += r.score();
        }
        List<Month> out = new ArrayList<>();
        m.forEach((k, a) -> out.add(new Month(k, a[0], a[1], a[2], a[3], a[4])));
        return out;
    }

    /** One row of the side-by-side comparison of a unit's towns or villages. */
    public record Row(String code, String name, String level, long households, long passbooks, long postings,
                      long issued, long deducted, long redeemed, long outstanding) { }

    /** The towns of a county or the villages of a town (a village compares with nothing: empty). */
    public List<Row> compare(OrgUnit unit, Period p) {
        if (unit.level() == OrgLevel.VILLAGE) {
            return List.of();
        }
        List<StatsSql.Unit> villages = sql.villagesUnder(unit.path());
        List<Long> vs = villages.stream().map(StatsSql.Unit::id).toList();
        Map<Long, long[]> perVillage = new HashMap<>();   // postings, issued, deducted, redeemed, net
        for (StatsSql.Fact r : facts(vs, p.from(), p.to(), StatsSql.Grain.VILLAGE)) {
            long[] a = perVillage.computeIfAbsent(r.villageId(), x -> new long[5]);
            a[0] += r.count();
            a[4] += r.amount();
            switch (r.kind()) {
                case "EARN" -> a[1] += r.amount();
                case "DEDUCT" -> a[2] += -r.amount();
                case "REDEEM", "CANCEL" -> a[3] += -r.amount();
                default -> { }
            }
        }
        // outstanding at the end = at the start + the period's net: the period's facts are read already, so only
        // the months before the period are read again (not every month up to its end)
        Map<Long, Long> atStart = outstanding(vs, p.from().minusDays(1));
        Map<Long, Long> books = sql.passbooks(vs, p.from(), p.to(), false);
        OffsetDateTime end = start(p.to().plusDays(1));
        Map<Long, Long> hh = sql.householdsByVillage(vs, end);
        List<Row> rows = new ArrayList<>();
        for (StatsSql.Unit child : sql.children(unit.id())) {
            List<Long> mine = villages.stream().filter(v -> v.path().startsWith(child.path())).map(StatsSql.Unit::id).toList();
            long[] t = new long[4];
            long o = 0;
            long b = 0;
            long n = 0;
            for (Long v : mine) {
                long[] a = perVillage.getOrDefault(v, new long[5]);
                for (int i = 0; i < 4; i++) {
                    t[i] += a[i];
                }
                o += atStart.getOrDefault(v, 0L) + a[4];
                b += books.getOrDefault(v, 0L);
                n += hh.getOrDefault(v, 0L);
            }
            rows.add(new Row(child.code(), child.name(), child.level(), n, b, t[0], t[1], t[2],
                    t[3], o));
        }
        return rows;
    }

    /** The households of a village with their period's figures, highest score first. */
    public List<StatsSql.HouseholdLine> households(OrgUnit village, Period p) {
        if (village.level() != OrgLevel.VILLAGE) {
            throw InvalidInput.of("orgUnit", "error.org.notVillage");
        }
        return sql.households(village.id(), p.from(), p.to());
    }

    /** Top households of any unit by score in the period (the village name is in the line's ref field). */
    public List<Top> top(OrgUnit unit, Period p, int limit) {
        return sql.top(villageIds(unit), p.from(), p.to(), limit).stream()
                .map(h -> new Top(h.ref(), h.passbook(), h.head(), h.score(), h.balance())).toList();
    }

    public record Top(String village, String passbook, String head, long score, long balance) { }

    public List<StatsSql.VetoLine> vetoes(OrgUnit unit, Period p) {
        return sql.vetoes(villageIds(unit), p.from(), p.to());
    }

    /** The chain of units from the county down to this one, for breadcrumbs. */
    public List<OrgUnit> lineage(OrgUnit unit) {
        return orgUnits.lineage(unit);
    }

    /** Children (towns or villages) a reader may drill into. */
    public List<OrgUnit> drillable(Actor actor, OrgUnit unit) {
        if (unit.level() == OrgLevel.VILLAGE) {
            return List.of();
        }
        return orgUnits.children(actor, unit.code()).stream()
                .filter(u -> u.level() == OrgLevel.TOWN || u.level() == OrgLevel.VILLAGE).toList();
    }
}
