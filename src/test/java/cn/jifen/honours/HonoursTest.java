package cn.jifen.honours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.internal.HonoursSql;
import cn.jifen.ledger.Ledger;
import cn.jifen.party.Party;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.Clock;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class HonoursTest extends Db {
    @Autowired CountyPolicies policies;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired Honours honours;
    @Autowired HonourRecords records;
    @Autowired HonoursSql sql;
    @Autowired Rankings rankings;
    @Autowired Consents consents;
    @Autowired AuditLog audit;
    @Autowired Party party;
    @Autowired RequestValidation validation;

    private HonoursFixture fixture(int n) {
        return new HonoursFixture(orgUnits, households, ledger, jdbc, n);
    }

    @Test
    void theFlagGoesToTheProposedTopHouseholdWhenConfirmed() {
        HonoursFixture f = fixture(3);
        f.earn(0, 10);
        f.earn(1, 30);
        Honours.FlagState state = honours.flag(f.admin, f.village.code(), null);
        assertThat(state.proposed().householdId()).isEqualTo(f.h(1).id());
        Honour h = honours.confirmFlag(f.admin, f.village.code(), null, null, null);
        assertThat(h.householdId()).isEqualTo(f.h(1).id());
        assertThat(h.overridden()).isFalse();
        assertThat(honours.flag(f.admin, f.village.code(), null).holder().id()).isEqualTo(h.id());
        List<HonourRecord> awarded = records.awarded(List.of(f.village.id()), f.today, f.today);
        assertThat(awarded).singleElement().satisfies(r -> {
            assertThat(r.kind()).isEqualTo("RED_FLAG");
            assertThat(r.householdId()).isEqualTo(f.h(1).id());
            assertThat(r.holderName()).isEqualTo(f.h(1).headName());
        });
    }

    @Test
    void choosingAnotherHouseholdNeedsAReasonAndIsKeptAsAnOverride() {
        HonoursFixture f = fixture(3);
        f.earn(0, 10);
        f.earn(1, 30);
        assertThatThrownBy(() -> honours.confirmFlag(f.admin, f.village.code(), null, f.h(0).id(), " "))
                .isInstanceOf(InvalidInput.class);
        Honour h = honours.confirmFlag(f.admin, f.village.code(), null, f.h(0).id(), "第一名户本月有邻里纠纷未调解");
        assertThat(h.householdId()).isEqualTo(f.h(0).id());
        assertThat(h.proposedHouseholdId()).isEqualTo(f.h(1).id());
        assertThat(h.overridden()).isTrue();
        assertThat(h.overrideReason()).contains("邻里纠纷");
    }

    @Test
    void anOverrideReasonLongerThanItsColumnIsRefusedNamingTheReasonAndNoFlagIsAwarded() {
        HonoursFixture f = fixture(2);
        f.earn(0, 10);
        f.earn(1, 30);
        assertThatThrownBy(() -> honours.confirmFlag(f.admin, f.village.code(), null, f.h(0).id(), "纠".repeat(501)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.problems()).hasSize(1);
                    assertThat(e.problems().get(0).field()).isEqualTo("reason");
                    assertThat(e.problems().get(0).messageKey()).isEqualTo("error.tooLong");
                });
        assertThat(honours.flag(f.admin, f.village.code(), null).holder()).isNull();
    }

    @Test
    void aBadOverrideReasonFromAGridWorkerIsRefusedForTheRole() {
        HonoursFixture f = fixture(2);
        f.earn(0, 10);
        f.earn(1, 30);
        assertThatThrownBy(() -> honours.confirmFlag(Actors.of(Role.GRID_WORKER, f.grid), f.village.code(), null,
                f.h(0).id(), "<b>x</b>")).isInstanceOf(Forbidden.class);
    }

    @Test
    void aVetoedHouseholdIsNeitherProposedNorAwardable() {
        HonoursFixture f = fixture(2);
        f.earn(0, 90);
        f.earn(1, 5);
        f.veto(0);
        assertThat(honours.flag(f.admin, f.village.code(), null).proposed().householdId()).isEqualTo(f.h(1).id());
        assertThatThrownBy(() -> honours.confirmFlag(f.admin, f.village.code(), null, f.h(0).id(), "理由"))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void aPeriodsFlagIsDecidedOnlyOnce() {
        HonoursFixture f = fixture(2);
        f.earn(0, 10);
        honours.confirmFlag(f.admin, f.village.code(), null, null, null);
        assertThatThrownBy(() -> honours.confirmFlag(f.admin, f.village.code(), null, null, null))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void aGridWorkerMayNotConfirmTheFlag() {
        HonoursFixture f = fixture(1);
        f.earn(0, 10);
        assertThatThrownBy(() -> honours.confirmFlag(Actors.of(Role.GRID_WORKER, f.grid), f.village.code(), null, null, null))
                .isInstanceOf(Forbidden.class);
    }

    @Test
    void aFuturePeriodCannotBeDecided() {
        HonoursFixture f = fixture(1);
        f.earn(0, 10);
        String next = f.today.plusMonths(2).toString().substring(0, 7);
        assertThatThrownBy(() -> honours.confirmFlag(f.admin, f.village.code(), next, null, null))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void starPersonsAreChosenFromTheProposedTopResidentsAndGetSerialAndCode() {
        HonoursFixture f = fixture(2);
        f.earnBy(0, f.spouse(0), 12);
        f.earnBy(1, f.head(1), 8);
        Honours.StarPersonState s = honours.starPersons(f.admin, f.village.code(), null);
        assertThat(s.proposed()).extracting(RankLine::residentId).containsExactly(f.spouse(0), f.head(1));
        List<Honour> made = honours.awardStarPersons(f.admin, f.village.code(), null, List.of(f.spouse(0)));
        assertThat(made).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo("STAR_PERSON");
            assertThat(h.serial()).startsWith("ZNLHR-" + f.village.code());
            assertThat(h.verifyCode()).matches("[0-9a-f]{32}");
            assertThat(h.residentId()).isEqualTo(f.spouse(0));
        });
        assertThat(honours.byCode(made.get(0).verifyCode())).isPresent();
        assertThatThrownBy(() -> honours.awardStarPersons(f.admin, f.village.code(), null, List.of(f.spouse(1))))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void starsFollowTheCountyThresholdsAndAreComputedOnDemand() {
        HonoursFixture f = fixture(3);
        f.inCategory(f.earnBy(0, f.head(0), 35), "DYZY"); // 30..49 → 2 stars with 10,30,50,80,120
        f.inCategory(f.earnBy(1, f.head(1), 130), "DYZY"); // 5 stars
        Honours.StarState s = honours.stars(f.admin, f.village.code(), f.today.getYear());
        assertThat(s.frozen()).isFalse();
        assertThat(s.canFreeze()).isFalse();
        assertThat(s.ratings()).extracting(Honours.StarRating::residentId, Honours.StarRating::stars)
                .contains(Tuple.tuple(f.head(0), 2), Tuple.tuple(f.head(1), 5),
                        Tuple.tuple(f.head(2), 0));
        assertThat(honours.starsFor(f.village, 9)).isZero();
        assertThat(honours.starsFor(f.village, 10)).isEqualTo(1);
        assertThat(honours.starsFor(f.village, 120)).isEqualTo(5);
    }

    @Test
    void theYearsStarsFreezeOnlyAfterTheYearEndsAndOnlyOnce() {
        HonoursFixture f = fixture(2);
        f.inCategory(f.earnBy(0, f.head(0), 55), "DYZY");
        int year = f.today.getYear();
        assertThatThrownBy(() -> honours.freezeStars(f.admin, f.village.code(), year)).isInstanceOf(Conflict.class);
        Clock nextYear = Clock.fixed(ZonedDateTime.of(year + 1, 1, 2, 10, 0, 0, 0, ZoneId.of("Asia/Shanghai")).toInstant(),
                ZoneId.of("Asia/Shanghai"));
        Honours later = new Honours(sql, rankings, orgUnits, consents, audit, nextYear, policies, party,
                validation);
        List<Honour> frozen = later.freezeStars(f.admin, f.village.code(), year);
        assertThat(frozen).singleElement().satisfies(h -> {
            assertThat(h.residentId()).isEqualTo(f.head(0));
            assertThat(h.stars()).isEqualTo(3);
            assertThat(h.periodLabel()).isEqualTo(year + "年");
        });
        f.inCategory(f.earnBy(1, f.head(1), 500), "DYZY"); // later points do not change a frozen year
        Honours.StarState s = later.stars(f.admin, f.village.code(), year);
        assertThat(s.frozen()).isTrue();
        assertThat(s.ratings()).extracting(Honours.StarRating::residentId).containsExactly(f.head(0));
        assertThatThrownBy(() -> later.freezeStars(f.admin, f.village.code(), year)).isInstanceOf(Conflict.class);
    }

    @Test
    void onlyTheCountyDefinesAwards() {
        HonoursFixture f = fixture(1);
        assertThatThrownBy(() -> honours.defineAward(f.admin, "ZMJT", "最美家庭", 3, 10L, true)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> honours.defineAward(f.countyAdmin, "ZMJT", "最美家庭", 0, 10L, true))
                .isInstanceOf(InvalidInput.class);
    }

    @Test
    void awardCandidatesFollowTheRuleAndTheCommitteesChoiceIsRecorded() {
        HonoursFixture f = fixture(5);
        String code = Actors.code("AW");
        honours.defineAward(f.countyAdmin, code, "最美家庭", 2, 20L, true);
        f.earn(0, 100);
        f.veto(0);          // vetoed: out
        f.earn(1, 50);
        f.earn(2, 40);
        f.earn(3, 30);      // third eligible: beyond top 2
        f.earn(4, 10);      // below the minimum
        int year = f.today.getYear();
        Honours.Candidates c = honours.candidates(f.admin, f.village.code(), code, year);
        assertThat(c.candidates()).extracting(RankLine::householdId).containsExactly(f.h(1).id(), f.h(2).id());
        assertThatThrownBy(() -> honours.decide(f.admin, f.village.code(), code, year, List.of(f.h(3).id()), null))
                .isInstanceOf(InvalidInput.class);
        List<Honour> chosen = honours.decide(f.admin, f.village.code(), code, year, List.of(f.h(2).id()), "评审会 2026-12-20 决定");
        assertThat(chosen).singleElement().satisfies(h -> {
            assertThat(h.kind()).isEqualTo("AWARD_CANDIDATE_CHOSEN");
            assertThat(h.householdId()).isEqualTo(f.h(2).id());
            assertThat(h.periodLabel()).isEqualTo(year + "年最美家庭");
        });
        assertThat(honours.candidates(f.admin, f.village.code(), code, year).chosen()).hasSize(1);
        assertThatThrownBy(() -> honours.decide(f.admin, f.village.code(), code, year, List.of(f.h(1).id()), null))
                .isInstanceOf(Conflict.class);
    }
}
