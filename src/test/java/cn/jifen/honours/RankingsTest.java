package cn.jifen.honours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class RankingsTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired Rankings rankings;

    private HonoursFixture fixture(int n) {
        return new HonoursFixture(orgUnits, households, ledger, jdbc, n);
    }

    private Period thisMonth(HonoursFixture f) {
        return Period.month(YearMonth.from(f.today));
    }

    @Test
    void tiesShareARankAndTheNextRankSkips() {
        HonoursFixture f = fixture(4);
        f.earn(0, 30);
        f.earn(1, 30);
        f.earn(2, 10);
        Ranking r = rankings.rank(f.admin, f.village.code(), Subject.HOUSEHOLD, thisMonth(f), null);
        assertThat(r.lines()).extracting(RankLine::rank).containsExactly(1, 1, 3, 4);
        assertThat(r.lines()).extracting(RankLine::score).containsExactly(30L, 30L, 10L, 0L);
        assertThat(r.lines().get(0).passbookNumber()).startsWith(f.village.code() + "-");
    }

    @Test
    void aVetoedHouseholdIsListedIneligibleAndNotRanked() {
        HonoursFixture f = fixture(3);
        f.earn(0, 50);
        f.earn(1, 20);
        f.veto(0);
        Ranking r = rankings.rank(f.admin, f.village.code(), Subject.HOUSEHOLD, thisMonth(f), null);
        RankLine last = r.lines().get(r.lines().size() - 1);
        assertThat(last.householdId()).isEqualTo(f.h(0).id());
        assertThat(last.ineligible()).isTrue();
        assertThat(last.rank()).isNull();
        assertThat(r.lines().get(0).householdId()).isEqualTo(f.h(1).id());
        assertThat(r.lines().get(0).rank()).isEqualTo(1);
    }

    @Test
    void theTopHouseholdsAreTheRankingsFirstLinesAboveZeroReadingOnlyTheLeaders() {
        HonoursFixture f = fixture(60);
        for (int i = 0; i < 60; i++) {
            f.earn(i, 200 - 3 * i);                      // distinct scores, highest first, beyond one batch of 50
        }
        f.earn(5, 3);                                     // h5 ties with h4 (200 - 12 = 188 = 185 + 3)
        f.veto(0);                                        // the leader is vetoed: not ranked
        jdbc.sql("UPDATE household SET status = 'MOVED_OUT' WHERE village_id = ? AND id = ?")
                .param(f.village.id()).param(f.h(2).id()).update();   // moved out: not listed
        f.deduct(59, 500);                                // below zero: never on a top list
        Period month = thisMonth(f);
        List<RankLine> expected = rankings.rank(f.village, Subject.HOUSEHOLD, month, null).lines().stream()
                .filter(l -> !l.ineligible() && l.score() > 0).toList();
        for (int n : List.of(1, 3, 4, 10, 55, 60)) {
            assertThat(rankings.topHouseholds(f.village, month, n)).as("top %d", n)
                    .isEqualTo(expected.stream().filter(l -> l.rank() <= n).toList());
        }
        List<RankLine> top4 = rankings.topHouseholds(f.village, month, 4);
        assertThat(top4).extracting(RankLine::rank).containsExactly(1, 2, 3, 3);
        assertThat(top4).extracting(RankLine::householdId)
                .containsExactly(f.h(1).id(), f.h(3).id(), f.h(4).id(), f.h(5).id());
        assertThat(top4.get(0).passbookNumber()).startsWith(f.village.code() + "-");
    }

    @Test
    void residentsAreRankedOnTheirOwnPostings() {
        HonoursFixture f = fixture(2);
        f.earnBy(0, f.spouse(0), 15);
        f.earnBy(1, f.head(1), 25);
        f.earn(0, 100); // household-level points do not count for a resident
        Ranking r = rankings.rank(f.admin, f.village.code(), Subject.RESIDENT, thisMonth(f), null);
        assertThat(r.lines()).hasSize(4);
        assertThat(r.lines().get(0).residentId()).isEqualTo(f.head(1));
        assertThat(r.lines().get(0).score()).isEqualTo(25);
        assertThat(r.lines().get(1).residentId()).isEqualTo(f.spouse(0));
    }

    @Test
    void partyMembersAreRankedOnThePartyCategoryOnly() {
        HonoursFixture f = fixture(3);
        f.inCategory(f.earnBy(0, f.head(0), 10), "DYZY");
        f.inCategory(f.earnBy(1, f.head(1), 20), "DYZY");
        f.inCategory(f.earnBy(2, f.head(2), 90), "ZYFW"); // volunteering does not count for 党员争优
        Ranking r = rankings.rank(f.admin, f.village.code(), Subject.PARTY, thisMonth(f), null);
        assertThat(r.lines()).extracting(RankLine::residentId).containsExactly(f.head(1), f.head(0), f.head(2));
        assertThat(r.lines()).extracting(RankLine::score).containsExactly(20L, 10L, 0L);
        assertThat(r.lines()).allMatch(l -> "第一支部".equals(l.branch()));
        assertThat(r.categoryName()).isEqualTo("党员争优");
    }

    @Test
    void aCategoryRankingCountsOnlyThatCategory() {
        HonoursFixture f = fixture(2);
        f.inCategory(f.earn(0, 10), "ZYFW");
        f.inCategory(f.earn(1, 40), "WMXF");
        Ranking r = rankings.rank(f.admin, f.village.code(), Subject.HOUSEHOLD, thisMonth(f), "ZYFW");
        assertThat(r.lines().get(0).householdId()).isEqualTo(f.h(0).id());
        assertThat(r.lines().get(0).score()).isEqualTo(10);
        assertThat(r.lines().get(1).score()).isZero();
        assertThat(r.categoryName()).isEqualTo("志愿服务");
    }

    @Test
    void aGridRankingHoldsOnlyThatGridsHouseholds() {
        HonoursFixture f = fixture(2);
        f.earn(0, 5);
        Ranking r = rankings.rank(f.admin, f.grid.code(), Subject.HOUSEHOLD, thisMonth(f), null);
        assertThat(r.lines()).hasSize(2);
        assertThat(r.scopeLevel()).isEqualTo("GRID");
    }

    @Test
    void aTownRankingSpansItsVillages() {
        HonoursFixture f = fixture(1);
        f.earn(0, 1_000_000 - 1);
        Ranking r = rankings.rank(Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow()), "441821100",
                Subject.HOUSEHOLD, Period.year(f.today.getYear()), null);
        assertThat(r.lines().get(0).householdId()).isEqualTo(f.h(0).id());
        assertThat(r.lines().stream().map(RankLine::villageId).distinct().count()).isGreaterThan(1);
    }

    @Test
    void aUnitOutsideTheActorsScopeIsNotFound() {
        HonoursFixture f = fixture(1);
        assertThatThrownBy(() -> rankings.rank(f.admin, "441821101201", Subject.HOUSEHOLD, thisMonth(f), null))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void anUnknownCategoryIsAClearInputError() {
        HonoursFixture f = fixture(1);
        assertThatThrownBy(() -> rankings.rank(f.admin, f.village.code(), Subject.HOUSEHOLD, thisMonth(f), "NOPE"))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void periodsParseMonthQuarterYearAndCustom() {
        LocalDate today = LocalDate.of(2026, 11, 27);
        assertThat(Periods.parse("MONTH", "", null, null, today)).isEqualTo(Period.month(YearMonth.of(2026, 11)));
        assertThat(Periods.parse("QUARTER", "2026-Q2", null, null, today)).isEqualTo(Period.quarter(2026, 2));
        assertThat(Periods.parse("YEAR", "2025", null, null, today)).isEqualTo(Period.year(2025));
        assertThat(Periods.parse("CUSTOM", null, LocalDate.of(2026, 1, 5), LocalDate.of(2026, 2, 1), today).to())
                .isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(Periods.label(Period.quarter(2026, 4))).isEqualTo("2026年第4季度");
        assertThat(Periods.label(Period.month(YearMonth.of(2026, 11)))).isEqualTo("2026年11月");
        assertThatThrownBy(() -> Periods.parse("QUARTER", "2026-Q7", null, null, today)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> Periods.parse("WEEK", null, null, null, today)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void honourRecordsAreEmptyForVillagesWithoutHonours(@Autowired HonourRecords records) {
        HonoursFixture f = fixture(1);
        List<HonourRecord> none = records.awarded(List.of(f.village.id()), f.today.minusYears(1), f.today);
        assertThat(none).isEmpty();
    }
}
