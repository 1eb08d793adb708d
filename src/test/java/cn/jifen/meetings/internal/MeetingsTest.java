package cn.jifen.meetings.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.meetings.AgendaItem;
import cn.jifen.meetings.Attendee;
import cn.jifen.meetings.Meeting;
import cn.jifen.meetings.MeetingDetail;
import cn.jifen.meetings.Meetings;
import cn.jifen.meetings.ReviewMode;
import cn.jifen.meetings.VoteDraft;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
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
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The village's 评议会: panel, review mode, agenda, attendance, votes with conflicts of interest, quorum, outcomes. */
@IntegrationTest
class MeetingsTest extends Db {
    @Autowired Meetings meetings;
    @Autowired Claims claims;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired RuleCatalogue catalogue;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired MessageSource messages;
    @Autowired List<PracticeFigures> figures;

    MeetingFixture f;

    @BeforeEach
    void village() {
        f = new MeetingFixture(orgUnits, households, catalogue, users, meetings);
    }

    private Claim record(int household, RuleItem item, int points) {
        return claims.record(f.recorder, new ClaimDraft(f.village.id(), f.h(household).id(), null, item.code(), points,
                f.today, null, "测试", false));
    }

    private MeetingDetail openMeeting() {
        Meeting m = meetings.schedule(f.chair, f.v(), f.today, "村委会议室");
        return meetings.open(f.chair, f.v(), m.id());
    }

    private MeetingDetail present(MeetingDetail d, PanelMember... who) {
        return meetings.attendance(f.chair, f.v(), d.meeting().id(), Arrays.stream(who).map(PanelMember::id).toList());
    }

    private AgendaItem itemFor(MeetingDetail d, long claimId) {
        return d.items().stream().filter(i -> i.claimId() == claimId).findFirst().orElseThrow();
    }

    private VoteDraft v(PanelMember m, String choice) {
        return new VoteDraft(m.id(), choice, null, null);
    }

    private long votes() {
        return jdbc.sql("SELECT COUNT(*) FROM meeting_vote WHERE village_id = :v").param("v", f.village.id())
                .query(Long.class).single();
    }

    @Test
    void theReviewModeIsSingleReviewerUntilTheVillageChoosesMeetingsAndKeepsItsHistory() {
        assertThat(meetings.mode(f.village.id())).isEqualTo(ReviewMode.SINGLE_REVIEWER);
        meetings.setMode(f.chair, f.v(), "MEETING", "村民代表会议决定按月评议");
        meetings.setMode(f.chair, f.v(), "SINGLE_REVIEWER", "农忙期间暂停");
        assertThat(meetings.mode(f.village.id())).isEqualTo(ReviewMode.SINGLE_REVIEWER);
        assertThat(meetings.modeHistory(f.chair, f.v())).extracting(ModeChange::mode)
                .containsExactly(ReviewMode.SINGLE_REVIEWER, ReviewMode.MEETING);
        assertThatThrownBy(() -> meetings.setMode(f.chair, f.v(), "MEETING", " ")).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> meetings.setMode(f.chair, f.v(), "VOTE", "x")).isInstanceOf(InvalidInput.class);
    }

    @Test
    void openingPutsWhatAwaitsReviewOnTheAgendaAndTheServingPanelOnTheAttendanceList() {
        Claim pending = record(0, f.item, 10);
        Claim inPublicity = record(1, f.item, 8);
        claims.approve(f.chair, f.village.id(), inPublicity.id(), null, null);
        claims.object(Actors.villager(f.village, f.h(3).id()), f.village.id(), inPublicity.id(), "当天不在村");
        Claim veto = record(3, f.veto, 0);
        meetings.removeMember(f.chair, f.v(), f.rep3.id(), f.today.minusDays(1));

        MeetingDetail d = openMeeting();

        assertThat(d.meeting().open()).isTrue();
        assertThat(d.attendance()).extracting(Attendee::memberId)
                .containsExactlyInAnyOrder(f.chairSeat.id(), f.memberSeat.id(), f.recorderSeat.id(), f.rep2.id());
        assertThat(d.items()).extracting(AgendaItem::kind, AgendaItem::claimId).containsExactlyInAnyOrder(
                Tuple.tuple("CLAIM", pending.id()),
                Tuple.tuple("OBJECTION", inPublicity.id()),
                Tuple.tuple("VETO", veto.id()));
    }

    @Test
    void aVoteByTheMemberWhoRecordedTheClaimIsRefusedInChineseAndNothingIsSaved() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.recorderSeat);
        AgendaItem item = itemFor(d, c.id());
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), item.id(),
                List.of(v(f.chairSeat, "APPROVE"), v(f.recorderSeat, "APPROVE"))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> {
                    assertThat(e.problems().get(0).messageKey()).isEqualTo("error.meetings.conflict.recorder");
                    assertThat(messages.getMessage(e.problems().get(0).messageKey(), e.problems().get(0).args(),
                            Locale.SIMPLIFIED_CHINESE)).contains("记录员").contains("回避");
                });
        assertThat(votes()).isZero();
    }

    @Test
    void aVoteByAResidentOfTheHouseholdIsRefused() {
        Claim c = record(1, f.item, 10);   // household 1's head is the representative rep2
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.rep2, "APPROVE"))))
                .isInstanceOfSatisfying(InvalidInput.class, e ->
                        assertThat(e.problems().get(0).messageKey()).isEqualTo("error.meetings.conflict.household"));
        assertThat(votes()).isZero();
    }

    @Test
    void aVoteByRegisteredKinOfTheHouseholdIsRefused() {
        claims.registerKin(f.chair, f.member.userId(), f.village.id(), f.h(0).id(), "兄弟");
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.memberSeat, "REJECT"))))
                .isInstanceOfSatisfying(InvalidInput.class, e ->
                        assertThat(e.problems().get(0).messageKey()).isEqualTo("error.meetings.conflict.kin"));
        assertThat(votes()).isZero();
    }

    @Test
    void withoutMoreThanHalfOfThePanelPresentThereAreNoVotesAndNoClosing() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat);   // 2 of 5
        assertThat(d.meeting().quorate()).isFalse();
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.chairSeat, "APPROVE")))).isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> meetings.close(f.chair, f.v(), d.meeting().id())).isInstanceOf(Conflict.class);
        assertThat(meetings.get(f.chair, f.v(), d.meeting().id()).meeting().open()).isTrue();
        assertThat(claims.get(f.chair, f.village.id(), c.id()).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void aMajorityApprovesTheClaimWhichGoesToPublicityAndPostsOnlyWhenPublicityEnds() {
        claims.setPublicityDays(f.chair, f.v(), 0);
        Claim c = record(0, f.item, 10);
        long before = ledger.balance(f.village.id(), f.h(0).id());
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.chairSeat, "APPROVE"), v(f.memberSeat, "APPROVE"), v(f.rep2, "REJECT")));

        MeetingDetail closed = meetings.close(f.chair, f.v(), d.meeting().id());

        AgendaItem item = itemFor(closed, c.id());
        assertThat(item.outcome()).isEqualTo("APPROVE");
        assertThat(item.applied()).isTrue();
        assertThat(item.appliedBy()).isEqualTo("书记");
        Claim after = claims.get(f.chair, f.village.id(), c.id());
        assertThat(after.status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        assertThat(after.decidedBy()).isEqualTo(f.chair.userId());
        assertThat(after.decisionReason()).contains("评议会").contains("通过 2 票");
        assertThat(ledger.balance(f.village.id(), f.h(0).id())).isEqualTo(before);
        claims.settleDue(f.village.id());
        assertThat(claims.get(f.chair, f.village.id(), c.id()).status()).isEqualTo(ClaimStatus.POSTED);
        assertThat(ledger.balance(f.village.id(), f.h(0).id())).isEqualTo(before + 10);
    }

    @Test
    void adjustedPointsAreTheLowerMedianOfTheAdjustVotesAndReachTheClaim() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2, f.rep3);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(), List.of(
                new VoteDraft(f.chairSeat.id(), "ADJUST", 6, "只清扫了半天"),
                new VoteDraft(f.memberSeat.id(), "ADJUST", 8, "只清扫了半天"),
                new VoteDraft(f.rep2.id(), "ADJUST", 7, "参与时间短"),
                v(f.rep3, "APPROVE")));
        MeetingDetail closed = meetings.close(f.chair, f.v(), d.meeting().id());
        assertThat(itemFor(closed, c.id()).outcome()).isEqualTo("ADJUST");
        assertThat(itemFor(closed, c.id()).outcomePoints()).isEqualTo(7);
        Claim after = claims.get(f.chair, f.village.id(), c.id());
        assertThat(after.points()).isEqualTo(7);
        assertThat(after.decisionReason()).contains("只清扫了半天").contains("参与时间短");
    }

    @Test
    void anAdjustVoteWithoutPointsOrReasonIsRefused() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        long item = itemFor(d, c.id()).id();
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), item,
                List.of(new VoteDraft(f.chairSeat.id(), "ADJUST", null, "理由")))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), item,
                List.of(new VoteDraft(f.chairSeat.id(), "ADJUST", 6, null)))).isInstanceOf(InvalidInput.class);
        assertThat(votes()).isZero();
    }

    @Test
    void aVoteWithAMalformedReasonIsRefusedNamingTheReasonAndNoVoteIsSaved() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        long item = itemFor(d, c.id()).id();
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), item,
                List.of(new VoteDraft(f.chairSeat.id(), "ADJUST", 6, "  "))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(Tuple.tuple("reason", "error.required")));
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), item,
                List.of(new VoteDraft(f.chairSeat.id(), "APPROVE", null, "<b>同意</b>"))))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(Tuple.tuple("reason", "error.markup")));
        assertThat(votes()).isZero();
    }

    @Test
    void aMalformedVoteFromSomeoneWhoMayNotEnterVotesThereIsRefusedForTheAccess() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        long item = itemFor(d, c.id()).id();
        List<VoteDraft> bad = List.of(new VoteDraft(f.chairSeat.id(), "ADJUST", 6, "  "));
        assertThatThrownBy(() -> meetings.vote(Actors.of(Role.GRID_WORKER, f.grid), f.v(), d.meeting().id(), item, bad))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> meetings.vote(Actors.of(Role.VILLAGE_ADMIN,
                orgUnits.byCode("441821100201").orElseThrow()), f.v(), d.meeting().id(), item, bad))
                .isInstanceOfAny(Forbidden.class, NotFound.class);
        assertThat(votes()).isZero();
    }

    @Test
    void aTieLeavesTheItemUndecidedAndItComesUpAgainAtTheNextMeeting() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2, f.rep3);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(), List.of(
                v(f.chairSeat, "APPROVE"), v(f.memberSeat, "APPROVE"), v(f.rep2, "REJECT"), v(f.rep3, "REJECT")));
        MeetingDetail closed = meetings.close(f.chair, f.v(), d.meeting().id());
        assertThat(itemFor(closed, c.id()).outcome()).isEqualTo("UNDECIDED");
        assertThat(itemFor(closed, c.id()).applied()).isFalse();
        assertThat(claims.get(f.chair, f.village.id(), c.id()).status()).isEqualTo(ClaimStatus.RECORDED);
        assertThat(openMeeting().items()).extracting(AgendaItem::claimId).contains(c.id());
    }

    @Test
    void aMajorityRejectingTheClaimRejectsIt() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.chairSeat, "REJECT"), v(f.memberSeat, "REJECT"), v(f.rep2, "APPROVE")));
        meetings.close(f.chair, f.v(), d.meeting().id());
        assertThat(claims.get(f.chair, f.village.id(), c.id()).status()).isEqualTo(ClaimStatus.REJECTED);
    }

    @Test
    void whenTheChairRecordedTheClaimAnotherPresentVillageAdminAppliesTheOutcome() {
        Claim c = claims.record(f.chair, new ClaimDraft(f.village.id(), f.h(0).id(), null, f.item.code(), 10, f.today,
                null, "书记记录", false));
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.memberSeat, "APPROVE"), v(f.rep2, "APPROVE")));
        MeetingDetail closed = meetings.close(f.chair, f.v(), d.meeting().id());
        assertThat(itemFor(closed, c.id()).appliedBy()).isEqualTo("委员");
        assertThat(claims.get(f.chair, f.village.id(), c.id()).decidedBy()).isEqualTo(f.member.userId());
    }

    @Test
    void anObjectionUpheldByTheMeetingRejectsTheClaim() {
        Claim c = record(0, f.item, 10);
        claims.approve(f.chair, f.village.id(), c.id(), null, null);
        claims.object(Actors.villager(f.village, f.h(3).id()), f.village.id(), c.id(), "这户当天外出");
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        AgendaItem objection = itemFor(d, c.id());
        assertThat(objection.kind()).isEqualTo("OBJECTION");
        assertThatThrownBy(() -> meetings.vote(f.chair, f.v(), d.meeting().id(), objection.id(),
                List.of(new VoteDraft(f.chairSeat.id(), "ADJUST", 5, "少给")))).isInstanceOf(InvalidInput.class);
        meetings.vote(f.chair, f.v(), d.meeting().id(), objection.id(),
                List.of(v(f.chairSeat, "REJECT"), v(f.memberSeat, "REJECT"), v(f.rep2, "REJECT")));
        meetings.close(f.chair, f.v(), d.meeting().id());
        assertThat(claims.get(f.chair, f.village.id(), c.id()).status()).isEqualTo(ClaimStatus.REJECTED);
    }

    @Test
    void aVetoApprovedByTheMeetingGetsBothApprovalsFromTwoPresentAdmins() {
        Claim c = record(0, f.veto, 0);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.chairSeat, "APPROVE"), v(f.memberSeat, "APPROVE"), v(f.rep2, "APPROVE")));
        MeetingDetail closed = meetings.close(f.chair, f.v(), d.meeting().id());
        assertThat(itemFor(closed, c.id()).appliedBy()).isEqualTo("书记、委员");
        assertThat(claims.get(f.chair, f.village.id(), c.id()).status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
    }

    @Test
    void onlyTheVillageAdminOfTheVillageSchedulesAndOthersReadTheirScope() {
        assertThatThrownBy(() -> meetings.schedule(Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow()),
                f.v(), f.today, "会议室")).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> meetings.list(Actors.of(Role.GRID_WORKER, f.grid), f.v(), Paging.of(0, 10)))
                .isInstanceOf(Forbidden.class);
        assertThat(meetings.list(Actors.of(Role.AUDITOR, orgUnits.byCode("441821").orElseThrow()), f.v(),
                Paging.of(0, 10)).total()).isZero();
    }

    @Test
    void theFiguresCountMeetingsHeldItemsDecidedAndTheAttendanceRate() {
        Claim c = record(0, f.item, 10);
        MeetingDetail d = present(openMeeting(), f.chairSeat, f.memberSeat, f.rep2, f.rep3);
        meetings.vote(f.chair, f.v(), d.meeting().id(), itemFor(d, c.id()).id(),
                List.of(v(f.chairSeat, "APPROVE"), v(f.memberSeat, "APPROVE"), v(f.rep2, "APPROVE")));
        meetings.close(f.chair, f.v(), d.meeting().id());
        meetings.schedule(f.chair, f.v(), f.today, "不开的会");   // scheduled, never held: not counted
        PracticeFigures mine = figures.stream().filter(x -> x instanceof MeetingFigures).findFirst().orElseThrow();
        List<PracticeFigures.Figure> got = mine.figures(List.of(f.village.id()), f.today.minusDays(1), f.today);
        assertThat(got).extracting(PracticeFigures.Figure::labelKey)
                .containsExactly("meetings.figure.held", "meetings.figure.decided", "meetings.figure.attendance");
        assertThat(got.get(0).value()).isEqualByComparingTo("1");
        assertThat(got.get(1).value()).isEqualByComparingTo("1");
        assertThat(got.get(2).value()).isEqualByComparingTo("80.0");
        assertThat(mine.figures(List.of(f.village.id()), f.today.plusDays(1), f.today.plusDays(2)).get(0).value())
                .isEqualByComparingTo("0");
    }
}
