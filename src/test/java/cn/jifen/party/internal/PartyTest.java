package cn.jifen.party.internal;

import cn.jifen.party.Rating;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.Honours;
import cn.jifen.honours.HonoursFixture;
import cn.jifen.ledger.Ledger;
import cn.jifen.party.Party;
import cn.jifen.party.PartyClass;
import cn.jifen.party.PartyPost;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Party members' classification, posts, democratic review, star rating, freezing and reserve cadres. */
@IntegrationTest
class PartyTest extends Db {
    @Autowired Party party;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired Activities activities;
    @Autowired JdbcClient jdbc;
    @Autowired Honours honours;
    @Autowired PartyFigures practiceFigures;

    HonoursFixture f;
    int year;
    LocalDate today;

    @BeforeEach
    void village() {
        f = new HonoursFixture(orgUnits, households, ledger, jdbc, 3);
        today = f.today;
        year = today.getYear();
        // the county's formula is shared by every test: each test starts from the documented default
        party.saveFormula(f.countyAdmin, 30, 100, 10, 100, 30, 30, List.of(40, 60, 75, 90), true, 4, 2, "测试：默认公式");
    }

    private String v() {
        return f.village.code();
    }

    private long count(String table) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE village_id = :v").param("v", f.village.id())
                .query(Long.class).single();
    }

    private void openReview(int y, LocalDate opens, LocalDate closes) {
        party.setReviewWindow(f.admin, v(), y, opens, closes);
    }

    private Actor villagerOf(int i) {
        return Actors.villager(f.village, f.h(i).id());
    }

    @Test
    void aClassIsKeptWithHistoryAndTheLatestEffectiveOneIsInForce() {
        party.setClass(f.admin, v(), f.head(0), "AT_HOME", null, today.minusYears(1), "常住本村");
        party.setClass(f.admin, v(), f.head(0), "MOBILE", "广州市白云区", today.minusDays(10), "外出务工");
        Party.MemberDetail d = party.member(f.admin, v(), f.head(0));
        assertThat(d.classes()).extracting(PartyClassRecord::partyClass).containsExactly(PartyClass.MOBILE, PartyClass.AT_HOME);
        assertThat(d.classes().get(0).worksAt()).isEqualTo("广州市白云区");
        Party.MemberLine line = party.members(f.admin, v(), null, Paging.of(0, 50)).items().stream()
                .filter(l -> l.residentId() == f.head(0)).findFirst().orElseThrow();
        assertThat(line.partyClass()).isEqualTo(PartyClass.MOBILE);
        assertThat(line.worksAt()).isEqualTo("广州市白云区");
    }

    @Test
    void theListHasOnlyTheVillagesPartyMembers() {
        assertThat(party.members(f.admin, v(), null, Paging.of(0, 50)).items()).extracting(Party.MemberLine::residentId)
                .containsExactlyInAnyOrder(f.head(0), f.head(1), f.head(2));
        assertThatThrownBy(() -> party.setClass(f.admin, v(), f.spouse(0), "AT_HOME", null, today, "不是党员"))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void thePracticeFiguresCountMembersByTheClassInForceOnTheLastDayAndByThatYearsStars() {
        party.setClass(f.admin, v(), f.head(0), "AT_HOME", null, today.minusYears(1), "常住本村");
        party.setClass(f.admin, v(), f.head(1), "MOBILE", "广州市白云区", today.minusDays(10), "外出务工");
        party.setClass(f.admin, v(), f.head(2), "ELDERLY", null, today.plusDays(5), "年满七十");   // not yet in force
        party.compute(f.admin, v(), year);   // nothing recorded: one star each
        party.override(f.admin, v(), year, f.head(0), 5, "抗洪抢险表现突出");
        party.override(f.admin, v(), year, f.head(1), 4, "带头调解纠纷");

        List<PracticeFigures.Figure> now = practiceFigures.figures(List.of(f.village.id()), today.minusDays(30), today);
        assertThat(now).extracting(PracticeFigures.Figure::labelKey).containsExactly(
                "party.class.AT_HOME", "party.class.MOBILE", "party.class.ELDERLY", "party.class.EMPLOYED",
                "party.class.PROBATIONARY", "party.figures.stars5", "party.figures.stars4", "party.figures.stars3",
                "party.figures.stars2", "party.figures.stars1");
        assertThat(now).extracting(x -> x.value().longValue()).containsExactly(1L, 1L, 0L, 0L, 0L, 1L, 1L, 0L, 0L, 1L);
        assertThat(now).allSatisfy(x -> assertThat(x.unitKey()).isEqualTo("stats.unit.people"));

        // twenty days ago member 1 was not yet mobile (no class at all)
        assertThat(practiceFigures.figures(List.of(f.village.id()), today.minusDays(40), today.minusDays(20)).subList(0, 5))
                .extracting(x -> x.value().longValue()).containsExactly(1L, 0L, 0L, 0L, 0L);
        // a period ending last year counts last year's stars: none were rated
        assertThat(practiceFigures.figures(List.of(f.village.id()), LocalDate.of(year - 1, 1, 1), LocalDate.of(year - 1, 12, 31))
                .subList(5, 10)).allSatisfy(x -> assertThat(x.value().longValue()).isZero());
    }

    @Test
    void aMobileMemberNeedsWhereTheyWorkAndNothingIsSavedWithoutIt() {
        assertThatThrownBy(() -> party.setClass(f.admin, v(), f.head(0), "MOBILE", " ", today, "外出务工"))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(((InvalidInput) e).problems()).extracting(InvalidInput.Problem::field)
                        .containsExactly("worksAt"));
        assertThatThrownBy(() -> party.setClass(f.admin, v(), f.head(0), "AT_HOME", null, today, " "))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> party.setClass(f.admin, v(), f.head(0), "RETIRED", null, today, "x"))
                .isInstanceOf(InvalidInput.class);
        assertThat(count("party_class")).isZero();
    }

    @Test
    void aMemberHasOnePostAYearAndChangingItReplacesTheYearsPost() {
        party.setPost(f.admin, v(), f.head(0), year, "POLICY", "宣讲惠农政策");
        party.setPost(f.admin, v(), f.head(0), year, "MEDIATION", "调解邻里纠纷");
        party.setPost(f.admin, v(), f.head(0), year - 1, "PATROL", null);
        Party.MemberDetail d = party.member(f.admin, v(), f.head(0));
        assertThat(d.posts()).extracting(PartySql.PostRow::year, PartySql.PostRow::post)
                .containsExactly(Tuple.tuple(year, PartyPost.MEDIATION),
                        Tuple.tuple(year - 1, PartyPost.PATROL));
        assertThatThrownBy(() -> party.setPost(f.admin, v(), f.head(0), year, "NOPE", null)).isInstanceOf(InvalidInput.class);
    }

    @Test
    void onlyTheVillageAdminActsForTheBranchAndOthersOnlyRead() {
        Actor town = Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow());
        assertThatThrownBy(() -> party.setClass(town, v(), f.head(0), "AT_HOME", null, today, "x")).isInstanceOf(Forbidden.class);
        assertThat(party.members(town, v(), null, Paging.of(0, 10)).total()).isEqualTo(3);
        Actor grid = Actors.of(Role.GRID_WORKER, f.grid);
        assertThatThrownBy(() -> party.members(grid, v(), null, Paging.of(0, 10))).isInstanceOf(Forbidden.class);
        Actor other = Actors.of(Role.VILLAGE_ADMIN, orgUnits.byCode("441821100205").orElseThrow());
        assertThatThrownBy(() -> party.setClass(other, v(), f.head(0), "AT_HOME", null, today, "x"))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> party.members(villagerOf(0), v(), null, Paging.of(0, 10))).isInstanceOf(Forbidden.class);
    }

    @Test
    void theRatingCombinesPointsAttendanceAndReviewByTheCountyFormula() {
        // (a) 50 points on 党员争优 for member 0
        f.inCategory(f.earnBy(0, f.head(0), 50), "DYZY");
        // (b) one 三会一课: member 0 attended, member 1 did not
        LocalDateTime anHourAgo = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(1);
        Activity meeting = activities.publish(f.admin, v(), "三会一课：支部党员大会", "村委会", anHourAgo, "DY01", 5, 20);
        activities.signup(f.admin, f.village.id(), meeting.id(), f.head(0), f.h(0).passbookNumber());
        activities.signup(f.admin, f.village.id(), meeting.id(), f.head(1), f.h(1).passbookNumber());
        activities.checkIn(f.admin, f.village.id(), meeting.id(), f.head(0));
        party.markMeeting(f.admin, v(), meeting.id(), "SANHUI");
        // (c) ballots: member 1 marks member 0 优秀, member 2 marks 合格 → average 90
        openReview(year, today.minusDays(1), today.plusDays(5));
        party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(0), "EXCELLENT"));
        party.castOnline(villagerOf(2), f.head(2), Map.of(f.head(0), "GOOD", f.head(1), "POOR"));

        List<Rating> ratings = party.compute(f.admin, v(), year);
        Rating zero = ratings.stream().filter(r -> r.residentId() == f.head(0)).findFirst().orElseThrow();
        assertThat(zero.partyPoints()).isEqualTo(50);
        assertThat(zero.meetings()).isEqualTo(1);
        assertThat(zero.attended()).isEqualTo(1);
        assertThat(zero.ballots()).isEqualTo(2);
        assertThat(zero.reviewPercent()).isEqualTo(90);
        // 30 × 50/100 + 10 × 0 + 30 × 1/1 + 30 × 0.9 = 15 + 0 + 30 + 27 = 72 → three stars (60 ≤ 72 < 75)
        assertThat(zero.total()).isEqualTo(72);
        assertThat(zero.stars()).isEqualTo(3);
        Rating one = ratings.stream().filter(r -> r.residentId() == f.head(1)).findFirst().orElseThrow();
        assertThat(one.total()).isZero();   // absent, marked 不合格 once
        assertThat(one.stars()).isEqualTo(1);
    }

    @Test
    void theBranchMayOverrideOnlyWithAReasonAndWithinOneToFiveStars() {
        party.compute(f.admin, v(), year);
        assertThatThrownBy(() -> party.override(f.admin, v(), year, f.head(0), 4, "  "))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> party.override(f.admin, v(), year, f.head(0), 6, "表现突出"))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> party.override(f.admin, v(), year, f.head(0), 0, "表现突出"))
                .isInstanceOf(InvalidInput.class);
        assertThat(party.rating(f.admin, v(), year).ratings()).noneMatch(Rating::overridden);

        Rating r = party.override(f.admin, v(), year, f.head(0), 4, "抗洪抢险表现突出，支部委员会决定");
        assertThat(r.stars()).isEqualTo(4);
        assertThat(r.computedStars()).isEqualTo(1);
        // recomputing keeps the branch's decision
        party.compute(f.admin, v(), year);
        Rating again = party.rating(f.admin, v(), year).ratings().stream().filter(x -> x.residentId() == f.head(0))
                .findFirst().orElseThrow();
        assertThat(again.stars()).isEqualTo(4);
        assertThat(again.overrideReason()).contains("抗洪抢险");
    }

    @Test
    void aVoterMarksEachMemberOnceAYearAndASecondBallotChangesNothing() {
        openReview(year, today.minusDays(1), today.plusDays(5));
        party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(0), "GOOD"));
        assertThatThrownBy(() -> party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(0), "EXCELLENT", f.head(2), "GOOD")))
                .isInstanceOf(Conflict.class).hasMessage("error.party.alreadyVoted");
        assertThatThrownBy(() -> party.enterPaper(f.admin, v(), year, f.head(1), Map.of(f.head(0), "POOR")))
                .isInstanceOf(Conflict.class);
        assertThat(count("party_ballot")).isEqualTo(1);
    }

    @Test
    void onlineBallotsAreTakenOnlyInsideTheWindowAndPaperOnesAfterItOpens() {
        assertThatThrownBy(() -> party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(0), "GOOD")))
                .isInstanceOf(Conflict.class).hasMessage("error.party.noWindow");
        openReview(year, today.plusDays(1), today.plusDays(5));
        assertThatThrownBy(() -> party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(0), "GOOD")))
                .isInstanceOf(Conflict.class).hasMessage("error.party.outsideWindow");
        assertThatThrownBy(() -> party.enterPaper(f.admin, v(), year, f.head(1), Map.of(f.head(0), "GOOD")))
                .isInstanceOf(Conflict.class).hasMessage("error.party.outsideWindow");
        openReview(year, today.minusDays(10), today.minusDays(2));
        assertThatThrownBy(() -> party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(0), "GOOD")))
                .isInstanceOf(Conflict.class).hasMessage("error.party.outsideWindow");
        // a printed ballot collected in the window is entered after it closed
        assertThat(party.enterPaper(f.admin, v(), year, f.head(1), Map.of(f.head(0), "GOOD"))).isEqualTo(1);
        assertThat(count("party_ballot")).isEqualTo(1);
    }

    @Test
    void onlyMembersAndRepresentativesOfTheVillageVoteAndNeverForThemselves() {
        openReview(year, today.minusDays(1), today.plusDays(5));
        // the spouse is not a party member
        assertThatThrownBy(() -> party.castOnline(villagerOf(0), f.spouse(0), Map.of(f.head(1), "GOOD")))
                .isInstanceOf(InvalidInput.class).hasMessage("error.party.notVoter");
        // a villager votes only as a member of their own household
        assertThatThrownBy(() -> party.castOnline(villagerOf(0), f.head(1), Map.of(f.head(2), "GOOD")))
                .isInstanceOf(InvalidInput.class).hasMessage("error.party.notVoter");
        assertThatThrownBy(() -> party.castOnline(villagerOf(1), f.head(1), Map.of(f.head(1), "EXCELLENT")))
                .isInstanceOf(InvalidInput.class).hasMessage("error.party.selfBallot");
        assertThatThrownBy(() -> party.castOnline(villagerOf(1), f.head(1), Map.of(f.spouse(2), "GOOD")))
                .isInstanceOf(InvalidInput.class).hasMessage("error.party.notMember");
        assertThat(count("party_ballot")).isZero();
        // once the spouse is a villager representative, she votes
        party.addRepresentative(f.admin, v(), f.spouse(0));
        assertThat(party.castOnline(villagerOf(0), f.spouse(0), Map.of(f.head(1), "GOOD", f.head(0), "EXCELLENT"))).isEqualTo(2);
        assertThat(party.ballotForm(villagerOf(0)).voters()).extracting(p -> p.id())
                .containsExactlyInAnyOrder(f.head(0), f.spouse(0));
    }

    @Test
    void aYearFreezesOnlyWhenOverAndThenChangesOnlyAfterACountyAdminReopensIt() {
        assertThatThrownBy(() -> party.freeze(f.admin, v(), year)).isInstanceOf(Conflict.class)
                .hasMessage("error.party.yearNotOver");
        int last = year - 1;
        openReview(last, LocalDate.of(last, 12, 1), LocalDate.of(last, 12, 20));
        party.enterPaper(f.admin, v(), last, f.head(1), Map.of(f.head(0), "EXCELLENT"));
        party.compute(f.admin, v(), last);
        party.override(f.admin, v(), last, f.head(2), 2, "支部决定");
        List<Rating> frozen = party.freeze(f.admin, v(), last);
        assertThat(frozen).hasSize(3);
        assertThat(party.frozenStars(f.village.id(), last)).hasSize(3);

        long ballots = count("party_ballot");
        assertThatThrownBy(() -> party.override(f.admin, v(), last, f.head(0), 5, "再改")).isInstanceOf(Conflict.class)
                .hasMessage("error.party.frozen");
        assertThatThrownBy(() -> party.compute(f.admin, v(), last)).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> party.enterPaper(f.admin, v(), last, f.head(2), Map.of(f.head(0), "GOOD")))
                .isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> party.setPost(f.admin, v(), f.head(0), last, "CARE", null)).isInstanceOf(Conflict.class);
        assertThat(count("party_ballot")).isEqualTo(ballots);

        assertThatThrownBy(() -> party.reopen(f.admin, v(), last, "补录")).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> party.reopen(f.countyAdmin, v(), last, " ")).isInstanceOf(InvalidInput.class);
        party.reopen(f.countyAdmin, v(), last, "漏录一张纸质选票，经县委组织部同意重新打开");
        assertThat(party.rating(f.admin, v(), last).reopenings()).singleElement()
                .satisfies(o -> assertThat(o.reason()).contains("漏录"));
        assertThat(party.frozenStars(f.village.id(), last)).isEmpty();
        assertThat(party.override(f.admin, v(), last, f.head(0), 5, "补录后支部决定").stars()).isEqualTo(5);
    }

    @Test
    void reserveCadresAreMembersRatedFourStarsOrMoreInEachOfTheLastTwoFrozenYears() {
        for (int y : new int[] {year - 2, year - 1}) {
            party.compute(f.admin, v(), y);
            party.override(f.admin, v(), y, f.head(0), 4, "支部决定");
            party.override(f.admin, v(), y, f.head(1), y == year - 1 ? 5 : 3, "支部决定");
            party.freeze(f.admin, v(), y);
        }
        assertThat(party.reserveCadres(f.admin, v())).extracting(Party.ReserveCandidate::residentId)
                .containsExactly(f.head(0));
    }

    @Test
    void aFrozenRatingIsTheSourceOfTheYearsStarPartyMembersHonours() {
        int last = year - 1;
        party.compute(f.admin, v(), last);
        party.override(f.admin, v(), last, f.head(1), 5, "支部委员会决定");
        // before the branch freezes, honours compute from the 党员争优 score (none last year: no stars)
        assertThat(honours.stars(f.admin, v(), last).ratings()).allMatch(r -> r.stars() == 0);
        party.freeze(f.admin, v(), last);
        assertThat(honours.stars(f.admin, v(), last).ratings())
                .filteredOn(r -> r.residentId() == f.head(1)).singleElement()
                .satisfies(r -> assertThat(r.stars()).isEqualTo(5));
        assertThat(honours.freezeStars(f.admin, v(), last)).extracting(h -> h.stars()).containsExactlyInAnyOrder(1, 5, 1);
    }

    @Test
    void theCountysFormulaIsCheckedAndKeptWithHistory() {
        int before = party.formulaHistory(f.countyAdmin).size();
        assertThatThrownBy(() -> party.saveFormula(f.countyAdmin, 30, 100, 10, 100, 30, 20, List.of(40, 60, 75, 90), true, 4, 2,
                "和不是 100")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> party.saveFormula(f.countyAdmin, 30, 100, 10, 100, 30, 30, List.of(40, 80, 75, 90), true, 4, 2,
                "分数线倒置")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> party.saveFormula(f.admin, 30, 100, 10, 100, 30, 30, List.of(40, 60, 75, 90), true, 4, 2,
                "村里不能改")).isInstanceOf(Forbidden.class);
        assertThat(party.formulaHistory(f.countyAdmin)).hasSize(before);
        PartyFormula saved = party.saveFormula(f.countyAdmin, 40, 50, 0, 100, 30, 30, List.of(30, 50, 70, 85), false, 5, 3,
                "县委组织部2026年第3号文");
        assertThat(party.formula(f.village)).isEqualTo(saved);
        assertThat(saved.starsFor(84)).isEqualTo(4);
        assertThat(party.formulaHistory(f.countyAdmin)).hasSize(before + 1);
    }

    @Test
    void aVillagerSeesTheirOwnHouseholdsMembersRating() {
        party.setClass(f.admin, v(), f.head(0), "ELDERLY", null, today, "年过七旬");
        party.compute(f.admin, v(), year);
        assertThat(party.ownRatings(villagerOf(0))).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo(f.h(0).head().name());
            assertThat(o.partyClass()).isEqualTo(PartyClass.ELDERLY);
            assertThat(o.stars()).isEqualTo(1);
            assertThat(o.frozen()).isFalse();
        });
    }
}
