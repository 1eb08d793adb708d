package cn.jifen.honours;

import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.internal.HonoursSql;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Rankings of households, residents and party members by score. Ties share a rank (1, 1, 3); a household
 * (or person) vetoed in a year the period touches is listed as ineligible, unranked, after the others.
 * Party members are ranked on the 党员争优 category within their branch.
 */
@Service
public class Rankings {
    /** The rule category party members are ranked on (党员争优). */
    public static final String PARTY_CATEGORY_CODE = "DYZY";
    static final String PARTY_CATEGORY_NAME = "党员争优";

    private final HonoursSql sql;
    private final OrgUnits orgUnits;
    private final Consents consents;

    Rankings(HonoursSql sql, OrgUnits orgUnits, Consents consents) {
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.consents = consents;
    }

    /**
     * A ranking the actor may see: the scope unit must be in the actor's scope (else NotFound). A villager
     * sees its own village. A partner-bank auditor sees only the lines of consenting households.
     */
    public Ranking rank(Actor actor, String scopeCode, Subject subject, Period period, String categoryCode) {
        OrgUnit scope;
        if (actor.is(Role.VILLAGER)) {
            scope = orgUnits.byId(actor.orgUnitId());
            if (scopeCode != null && !scopeCode.isBlank() && !scopeCode.strip().equals(scope.code())) {
                throw new NotFound("error.org.notFound");
            }
        } else {
            scope = orgUnits.visible(actor, scopeCode == null || scopeCode.isBlank()
                    ? orgUnits.byId(actor.orgUnitId()).code() : scopeCode);
        }
        if (actor.is(Role.VILLAGER) && (subject == Subject.PARTY || !calendarPeriod(period))) {
            throw new Forbidden("error.honours.villagerRanking");
        }
        Ranking r = rank(scope, subject, period, categoryCode);
        if (actor.is(Role.VILLAGER)) {
            r = forVillager(r, actor.householdId());
        }
        Set<Long> consenting = consents.partnerFilter(actor);
        if (consenting != null) {
            r = new Ranking(r.scopeCode(), r.scopeName(), r.scopeLevel(), r.subject(), r.period(), r.categoryCode(),
                    r.categoryName(), r.lines().stream().filter(l -> consenting.contains(l.householdId())).toList());
        }
        return r;
    }

    /**
     * What a villager sees of the village's ranking: other households by surname + 某 without passbook
     * numbers, and no line of the negative list (vetoed households are not named to neighbours).
     */
    static Ranking forVillager(Ranking r, Long ownHousehold) {
        List<RankLine> lines = r.lines().stream().filter(l -> !l.ineligible()).map(l -> {
            boolean own = ownHousehold != null && l.householdId() == ownHousehold;
            return own ? l : new RankLine(l.rank(), l.villageId(), l.householdId(), l.residentId(), surname(l.name()), null,
                    l.villageName(), l.gridName(), null, l.score(), false);
        }).toList();
        return new Ranking(r.scopeCode(), r.scopeName(), r.scopeLevel(), r.subject(), r.period(), r.categoryCode(),
                r.categoryName(), lines);
    }

    /** A whole month, quarter or year (a villager may not narrow a ranking to single days). */
    static boolean calendarPeriod(Period p) {
        LocalDate f = p.from();
        return f.getDayOfMonth() == 1 && (p.equals(Period.month(YearMonth.from(f)))
                || (f.getMonthValue() % 3 == 1 && p.equals(Period.quarterOf(f)))
                || (f.getMonthValue() == 1 && p.equals(Period.year(f.getYear()))));
    }

    static String surname(String name) {
        return name == null || name.isBlank() ? "" : name.strip().codePoints().limit(1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + "某";
    }

    /** A ranking without a scope check, for the public board and the honours workflow (callers check). */
    public Ranking rank(OrgUnit scope, Subject subject, Period period, String categoryCode) {
        List<Long> villages = villagesOf(scope);
        Subject s = subject == null ? Subject.HOUSEHOLD : subject;
        String catCode = s == Subject.PARTY ? PARTY_CATEGORY_CODE
                : (categoryCode == null || categoryCode.isBlank() ? null : categoryCode.strip());
        Long categoryId = null;
        String categoryName = null;
        if (catCode != null) {
            categoryId = sql.categoryIdByCode(catCode)
                    .or(() -> s == Subject.PARTY ? sql.categoryIdByName(PARTY_CATEGORY_NAME) : Optional.empty())
                    .orElseThrow(() -> InvalidInput.of("category", "error.honours.category"));
            categoryName = sql.categoryName(categoryId).orElse(catCode);
        }
        List<RankLine> raw = s == Subject.HOUSEHOLD
                ? sql.householdLines(villages, scope.path(), period.from(), period.to(), categoryId)
                : sql.residentLines(villages, scope.path(), period.from(), period.to(), categoryId, s == Subject.PARTY);
        List<RankLine> lines = s == Subject.PARTY ? rankByBranch(raw) : competitionRank(raw);
        return new Ranking(scope.code(), scope.name(), scope.level().name(), s, period, catCode, categoryName, lines);
    }

    /**
     * The households ranked 1 to n of a unit's ranking of all categories that score above zero (the public
     * board's top ten): the same lines, ranks and names as {@link #rank(OrgUnit, Subject, Period, String)} gives
     * them, without reading every household. Callers check the scope.
     */
    public List<RankLine> topHouseholds(OrgUnit scope, Period period, int n) {
        return sql.topHouseholds(villagesOf(scope), scope.path(), period.from(), period.to(), n);
    }

    /** The villages a ranking of this unit reads (a grid's is its village; the county needs its code). */
    private List<Long> villagesOf(OrgUnit scope) {
        if (scope.level() == OrgLevel.COUNTY && scope.code() == null) {
            throw InvalidInput.of("scope", "error.honours.scope");
        }
        return scope.level() == OrgLevel.GRID ? List.of(scope.parentId()) : sql.villagesUnder(scope.path());
    }

    /** 1, 1, 3: eligible lines by score (already sorted by the query), then the ineligible ones unranked. */
    static List<RankLine> competitionRank(List<RankLine> sorted) {
        List<RankLine> eligible = new ArrayList<>();
        List<RankLine> out = new ArrayList<>();
        for (RankLine l : sorted) {
            if (!l.ineligible()) {
                eligible.add(l);
            }
        }
        eligible.sort(Comparator.comparingLong(RankLine::score).reversed());
        int rank = 0;
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < eligible.size(); i++) {
            RankLine l = eligible.get(i);
            if (i == 0 || l.score() != previous) {
                rank = i + 1;
                previous = l.score();
            }
            out.add(new RankLine(rank, l.villageId(), l.householdId(), l.residentId(), l.name(), l.passbookNumber(),
                    l.villageName(), l.gridName(), l.branch(), l.score(), false));
        }
        for (RankLine l : sorted) {
            if (l.ineligible()) {
                out.add(l);
            }
        }
        return out;
    }

    /** Party members: ranks restart in each branch (支部); branches in name order. */
    static List<RankLine> rankByBranch(List<RankLine> sorted) {
        Map<String, List<RankLine>> byBranch = new LinkedHashMap<>();
        sorted.stream().sorted(Comparator.comparing((RankLine l) -> l.branch() == null ? "" : l.branch()))
                .forEach(l -> byBranch.computeIfAbsent(l.branch() == null ? "" : l.branch(), k -> new ArrayList<>()).add(l));
        List<RankLine> out = new ArrayList<>();
        byBranch.values().forEach(group -> {
            group.sort(Comparator.comparingLong(RankLine::score).reversed());
            out.addAll(competitionRank(group));
        });
        return out;
    }
}
