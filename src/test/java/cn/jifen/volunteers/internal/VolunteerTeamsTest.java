package cn.jifen.volunteers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.Activities;
import cn.jifen.claims.Activity;
import cn.jifen.claims.Signup;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.volunteers.Team;
import cn.jifen.volunteers.TeamFigures;
import cn.jifen.volunteers.VolunteerFixture;
import cn.jifen.volunteers.VolunteerHours;
import cn.jifen.volunteers.VolunteerTeams;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class VolunteerTeamsTest extends Db {
    private static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired VolunteerTeams teams;
    @Autowired VolunteerHours hours;
    @Autowired VolunteerFigures practiceFigures;
    @Autowired Activities activities;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired RuleCatalogue catalogue;
    @Autowired JdbcClient jdbc;

    VolunteerFixture f;
    VolunteerFixture.Vil a;

    @BeforeEach
    void villages() {
        f = new VolunteerFixture(orgUnits, households, catalogue);
        a = f.a;
    }

    private Team villageTeam() {
        return teams.create(a.admin, a.village.code(), "甲村环境整治队", "ENVIRONMENT", a.passbook(0), null);
    }

    /** An activity of village A that started {@code hoursAgo} hours ago and was scheduled for {@code minutes}. */
    private Activity activity(int hoursAgo, int minutes) {
        LocalDateTime start = LocalDateTime.now(ZONE).minusHours(hoursAgo).withSecond(0).withNano(0);
        return activities.publish(a.admin, a.village.code(), "清扫村道", "村委会门口", start, a.item.code(), 10, 20, minutes);
    }

    /** Signs the head of household i up and checks them in; the paper roster says they came at the start. */
    private void attend(Activity act, int i) {
        activities.signup(a.admin, a.village.id(), act.id(), a.head(i), a.passbook(i));
        activities.checkIn(a.admin, a.village.id(), act.id(), a.head(i));
        jdbc.sql("UPDATE activity_signup SET checked_in_at = :at WHERE village_id = :v AND activity_id = :a AND resident_id = :r")
                .param("at", act.startsAt()).param("v", a.village.id()).param("a", act.id()).param("r", a.head(i)).update();
    }

    private LocalDateTime local(Activity act, int minutesAfterStart) {
        return act.startsAt().atZoneSameInstant(ZONE).toLocalDateTime().plusMinutes(minutesAfterStart);
    }

    @Test
    void aNewTeamHasItsCaptainAsItsFirstMember() {
        Team t = villageTeam();
        assertThat(t.captainName()).isEqualTo(a.h(0).headName());
        assertThat(t.members()).isEqualTo(1);
        assertThat(t.unitCode()).isEqualTo(a.village.code());
        assertThat(t.villageId()).isEqualTo(a.village.id());
        assertThat(teams.members(a.admin, t.villageId(), t.id())).singleElement()
                .satisfies(m -> assertThat(m.joinedOn()).isEqualTo(f.today));
    }

    @Test
    void aBadServiceTypeOrAMissingNameIsRefusedAndNoTeamIsMade() {
        long before = teams.list(a.admin, a.village.code(), Paging.first(50)).total();
        assertThatThrownBy(() -> teams.create(a.admin, a.village.code(), " ", "GARDENING", a.passbook(0), null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field).containsExactly("name", "serviceType"));
        assertThat(teams.list(a.admin, a.village.code(), Paging.first(50)).total()).isEqualTo(before);
    }

    @Test
    void joiningTwiceIsRefusedAndNothingChanges() {
        Team t = villageTeam();
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(10));
        assertThatThrownBy(() -> teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, null))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.volunteers.alreadyMember"));
        assertThat(teams.members(a.admin, t.villageId(), t.id())).hasSize(2);
    }

    @Test
    void leavingBeforeJoiningIsRefusedAndTheMemberStays() {
        Team t = villageTeam();
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(10));
        assertThatThrownBy(() -> teams.leave(a.admin, t.villageId(), t.id(), a.head(1), f.today.minusDays(11), null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.volunteers.leaveBeforeJoin"));
        assertThat(teams.members(a.admin, t.villageId(), t.id())).allMatch(Member::current);
    }

    @Test
    void leavingANonMemberIsAConflict() {
        Team t = villageTeam();
        assertThatThrownBy(() -> teams.leave(a.admin, t.villageId(), t.id(), a.head(2), null, null))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.volunteers.notMember"));
    }

    @Test
    void leavingAndJoiningAgainKeepsTheHistory() {
        Team t = villageTeam();
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(30));
        teams.leave(a.admin, t.villageId(), t.id(), a.head(1), f.today.minusDays(20), "外出务工");
        assertThatThrownBy(() -> teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(25)))
                .isInstanceOf(InvalidInput.class);
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(5));
        List<Member> history = teams.members(a.admin, t.villageId(), t.id()).stream()
                .filter(m -> m.residentId() == a.head(1)).toList();
        assertThat(history).hasSize(2);
        assertThat(history.get(0).leftOn()).isEqualTo(f.today.minusDays(20));
        assertThat(history.get(0).leftReason()).isEqualTo("外出务工");
        assertThat(history.get(1).current()).isTrue();
        assertThat(teams.get(a.admin, t.villageId(), t.id()).members()).isEqualTo(2);
    }

    @Test
    void theCaptainCannotLeaveUntilAnotherMemberIsCaptain() {
        Team t = villageTeam();
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, null);
        assertThatThrownBy(() -> teams.leave(a.admin, t.villageId(), t.id(), a.head(0), null, null))
                .isInstanceOf(Conflict.class);
        assertThatThrownBy(() -> teams.edit(a.admin, t.villageId(), t.id(), null, null, a.head(3)))
                .isInstanceOf(InvalidInput.class);
        Team edited = teams.edit(a.admin, t.villageId(), t.id(), "甲村清洁队", "CIVILITY", a.head(1));
        assertThat(edited.name()).isEqualTo("甲村清洁队");
        assertThat(edited.serviceType()).isEqualTo(ServiceType.CIVILITY);
        assertThat(edited.captainResidentId()).isEqualTo(a.head(1));
        teams.leave(a.admin, t.villageId(), t.id(), a.head(0), null, null);
        assertThat(teams.get(a.admin, t.villageId(), t.id()).members()).isEqualTo(1);
    }

    @Test
    void aTownTeamTakesMembersFromSeveralVillagesAndAVillageTeamOnlyItsOwn() {
        Team town = teams.create(f.townAdmin, f.town.code(), "石角镇治安巡逻队", "PATROL", a.passbook(0), null);
        assertThat(town.villageId()).isEqualTo(a.village.id());   // routed by the captain's village
        teams.join(f.townAdmin, town.villageId(), town.id(), f.b.passbook(0), null, null);
        assertThat(teams.get(f.townAdmin, town.villageId(), town.id()).members()).isEqualTo(2);
        // village B's admin sees the town's team but may not manage it
        assertThat(teams.get(f.b.admin, town.villageId(), town.id()).name()).isEqualTo("石角镇治安巡逻队");
        assertThatThrownBy(() -> teams.join(f.b.admin, town.villageId(), town.id(), f.b.passbook(1), null, null))
                .isInstanceOf(Forbidden.class);

        Team village = villageTeam();
        assertThatThrownBy(() -> teams.join(f.townAdmin, village.villageId(), village.id(), f.b.passbook(1), null, null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.volunteers.outsideUnit"));
    }

    @Test
    void anotherVillagesAdminDoesNotFindTheTeamAndAKeeperMayNotLook() {
        Team t = villageTeam();
        assertThatThrownBy(() -> teams.get(f.b.admin, t.villageId(), t.id())).isInstanceOf(NotFound.class);
        Actor keeper = VolunteerFixture.staff(Role.KEEPER, a.village, "keeper");
        assertThatThrownBy(() -> teams.get(keeper, t.villageId(), t.id())).isInstanceOf(Forbidden.class);
        // the grid worker of the village reads it, but does not manage it
        assertThat(teams.get(a.gridWorker, t.villageId(), t.id()).id()).isEqualTo(t.id());
        assertThatThrownBy(() -> teams.join(a.gridWorker, t.villageId(), t.id(), a.passbook(1), null, null))
                .isInstanceOf(Forbidden.class);
    }

    @Test
    void checkOutBeforeCheckInIsRefusedAndNothingIsRecorded() {
        Activity act = activity(3, 120);
        attend(act, 0);
        assertThatThrownBy(() -> activities.checkOut(a.admin, a.village.id(), act.id(), a.head(0), local(act, -10)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.activities.checkoutBeforeCheckin"));
        assertThat(activities.roster(a.village.id(), act.id()).get(0).checkedOutAt()).isNull();
    }

    @Test
    void checkOutWithoutCheckInOrTwiceIsAConflict() {
        Activity act = activity(3, 120);
        activities.signup(a.admin, a.village.id(), act.id(), a.head(1), a.passbook(1));
        assertThatThrownBy(() -> activities.checkOut(a.admin, a.village.id(), act.id(), a.head(1), null))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.activities.notCheckedIn"));
        attend(act, 0);
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(0), local(act, 60));
        assertThatThrownBy(() -> activities.checkOut(a.admin, a.village.id(), act.id(), a.head(0), null))
                .isInstanceOf(Conflict.class);
    }

    @Test
    void hoursAreCheckOutMinusCheckInCappedByTheScheduledLengthAndAMissingCheckOutCountsTheScheduledLength() {
        Activity act = activity(3, 120);
        attend(act, 0);
        attend(act, 1);
        attend(act, 2);
        activities.signup(a.admin, a.village.id(), act.id(), a.head(3), a.passbook(3));   // signed up, never came
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(0), local(act, 90));
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(1), local(act, 150));
        // head 2 never checked out: the activity is over, so they count until its scheduled end (two hours)

        List<PersonHours> people = hours.people(a.admin, a.village.code(), f.today.getYear());
        assertThat(people).extracting(PersonHours::residentId, PersonHours::minutes).containsExactlyInAnyOrder(
                Tuple.tuple(a.head(0), 90L),
                Tuple.tuple(a.head(1), 120L),
                Tuple.tuple(a.head(2), 120L));
        assertThat(people.get(0).minutes()).isEqualTo(120L);
        assertThat(people.stream().filter(p -> p.residentId() == a.head(0)).findFirst().orElseThrow().hours())
                .isEqualTo("1.5");
    }

    @Test
    void aVillagerSeesOnlyTheirOwnHouseholdsHoursBesideThePoints() {
        Activity act = activity(3, 120);
        attend(act, 0);
        attend(act, 1);
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(0), local(act, 45));
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(1), local(act, 60));

        int year = act.startsAt().getYear();
        List<PersonHours> mine = hours.household(a.villager(0), year);
        assertThat(mine).extracting(PersonHours::residentId, PersonHours::minutes, PersonHours::activities)
                .containsExactly(Tuple.tuple(a.head(0), 45L, 1));
        assertThat(hours.household(a.villager(3), year)).isEmpty();
        assertThat(hours.household(a.villager(0), year - 1)).isEmpty();
    }

    @Test
    void staffHaveNoHouseholdToSeeHoursOf() {
        assertThatThrownBy(() -> hours.household(a.admin, null)).isInstanceOfSatisfying(Forbidden.class,
                e -> assertThat(e.messageKey()).isEqualTo("error.volunteers.villagerOnly"));
    }

    @Test
    void aLateCheckInWithoutCheckOutCountsUntilTheScheduledEnd() {
        Activity act = activity(3, 120);
        attend(act, 0);
        jdbc.sql("UPDATE activity_signup SET checked_in_at = :at WHERE village_id = :v AND activity_id = :a")
                .param("at", act.startsAt().plusMinutes(90)).param("v", a.village.id()).param("a", act.id()).update();
        Signup s = activities.roster(a.village.id(), act.id()).get(0);
        assertThat(VolunteerHours.minutes(act, s, OffsetDateTime.now())).isEqualTo(30);
    }

    @Test
    void aCheckInWithoutCheckOutCountsNothingWhileTheActivityIsUnderWay() {
        Activity act = activity(1, 180);
        attend(act, 0);
        Signup s = activities.roster(a.village.id(), act.id()).get(0);
        assertThat(VolunteerHours.minutes(act, s, OffsetDateTime.now())).isZero();
        assertThat(VolunteerHours.minutes(act, s, act.endsAt().plusMinutes(1))).isEqualTo(180);
    }

    @Test
    void onlyTheCheckInsOfMembersOnTheDayCountForTheTeam() {
        Team t = villageTeam();                                                   // head 0 joined today
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(30));
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(2), null, f.today.minusDays(30));
        Activity act = activity(3, 120);
        // left the day before the activity (in the first hours after midnight the activity was yesterday)
        LocalDate activityDay = act.startsAt().atZoneSameInstant(ZONE).toLocalDate();
        teams.leave(a.admin, t.villageId(), t.id(), a.head(2), activityDay.minusDays(1), null);
        teams.linkActivity(a.admin, t.villageId(), t.id(), a.village.id(), act.id());
        attend(act, 0);
        attend(act, 1);
        attend(act, 2);
        attend(act, 3);                                                             // never a member
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(1), local(act, 60));

        TeamFigures fig = hours.figures(a.admin, t.villageId(), t.id(), f.today.getYear());
        boolean startedToday = act.startsAt().atZoneSameInstant(ZONE).toLocalDate().equals(f.today);
        // head 0 (joined today) counts when the activity was today; head 1 counts 60 minutes; heads 2 and 3 do not
        assertThat(fig.personTimes()).isEqualTo(startedToday ? 2 : 1);
        assertThat(fig.minutes()).isEqualTo(startedToday ? 180 : 60);
        assertThat(hours.teamActivities(a.admin, t.villageId(), t.id(), f.today.getYear())).singleElement()
                .satisfies(x -> assertThat(x.attendees()).isEqualTo(4));
    }

    @Test
    void anActivityBelongsToOneTeamAndOnlyToATeamOfItsVillage() {
        Team t = villageTeam();
        Team other = teams.create(a.admin, a.village.code(), "甲村关爱老人队", "ELDERLY", a.passbook(1), null);
        Activity act = activity(3, 120);
        teams.linkActivity(a.admin, t.villageId(), t.id(), a.village.id(), act.id());
        assertThatThrownBy(() -> teams.linkActivity(a.admin, other.villageId(), other.id(), a.village.id(), act.id()))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.volunteers.activityLinked"));
        Team inB = teams.create(f.b.admin, f.b.village.code(), "乙村队", "OTHER", f.b.passbook(0), null);
        assertThatThrownBy(() -> teams.linkActivity(f.townAdmin, inB.villageId(), inB.id(), a.village.id(), act.id()))
                .isInstanceOf(InvalidInput.class);
        assertThat(teams.teamOf(a.village.id(), act.id())).map(Team::id).contains(t.id());
    }

    @Test
    void thePracticeFiguresGiveHoursPersonTimesTeamsAndMembersOfTheVillagesAndATownTeamCountsWithItsCaptainsVillage() {
        Team t = villageTeam();
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(30));
        teams.create(f.townAdmin, f.town.code(), "镇巡逻队", "PATROL", f.b.passbook(0), null);
        Activity act = activity(3, 120);
        attend(act, 0);
        attend(act, 1);
        attend(act, 2);
        activities.checkOut(a.admin, a.village.id(), act.id(), a.head(0), local(act, 90));

        // 90 + 120 + 120 minutes = 5.5 hours by three people; one team of two members; no informant reports
        List<PracticeFigures.Figure> inA = practiceFigures.figures(List.of(a.village.id()),
                f.today.minusDays(1), f.today);
        assertThat(inA).extracting(PracticeFigures.Figure::labelKey).containsExactly(
                "volunteers.figures.hours", "volunteers.statsPersonTimes", "volunteers.statsTeams", "volunteers.statsMembers",
                "volunteers.statsReports");
        assertThat(inA).extracting(x -> x.value().toPlainString()).containsExactly("5.5", "3", "1", "2", "0");
        assertThat(inA.get(0).unitKey()).isEqualTo("stats.unit.hours");

        List<PracticeFigures.Figure> inB = practiceFigures.figures(List.of(f.b.village.id()),
                f.today.minusDays(1), f.today);
        assertThat(inB).extracting(x -> x.value().toPlainString()).containsExactly("0.0", "0", "1", "1", "0");
        // the days before the activity count none of its hours
        assertThat(practiceFigures.figures(List.of(a.village.id()), f.today.minusDays(10), f.today.minusDays(2)))
                .extracting(x -> x.value().toPlainString()).containsExactly("0.0", "0", "1", "2", "0");
    }

    @Test
    void theTownRankingOrdersTeamsByHoursThenPersonTimes() {
        Team t1 = villageTeam();
        teams.join(a.admin, t1.villageId(), t1.id(), a.passbook(1), null, f.today.minusDays(30));
        Team t2 = teams.create(a.admin, a.village.code(), "甲村关爱老人队", "ELDERLY", a.passbook(2), null);
        teams.join(a.admin, t2.villageId(), t2.id(), a.passbook(3), null, f.today.minusDays(30));
        Activity act = activity(3, 120);
        teams.linkActivity(a.admin, t2.villageId(), t2.id(), a.village.id(), act.id());
        attend(act, 3);

        List<TeamFigures> ranking = hours.ranking(f.townAdmin, f.town.code(), f.today.getYear());
        List<Long> ids = ranking.stream().map(x -> x.team().id()).toList();
        assertThat(ids.indexOf(t2.id())).isLessThan(ids.indexOf(t1.id()));
        TeamFigures first = ranking.stream().filter(x -> x.team().id() == t2.id()).findFirst().orElseThrow();
        assertThat(first.minutes()).isEqualTo(120);
        assertThat(hours.ranking(a.admin, a.village.code(), f.today.getYear())).extracting(x -> x.team().id())
                .containsExactly(t2.id(), t1.id());
        assertThatThrownBy(() -> hours.ranking(f.b.admin, a.village.code(), null)).isInstanceOf(NotFound.class);
    }

    @Test
    void aTeamIsHonouredOnceAYearWithItsFiguresOnTheCertificate() {
        Team t = villageTeam();
        Activity act = activity(3, 120);
        teams.linkActivity(a.admin, t.villageId(), t.id(), a.village.id(), act.id());
        teams.join(a.admin, t.villageId(), t.id(), a.passbook(1), null, f.today.minusDays(30));
        attend(act, 1);
        TeamHonour h = hours.honour(f.townAdmin, t.villageId(), t.id(), f.today.getYear(), null);
        assertThat(h.title()).isEqualTo("优秀志愿服务队");
        assertThat(h.minutes()).isEqualTo(120);
        assertThat(h.unitName()).isEqualTo(a.village.name());
        assertThatThrownBy(() -> hours.honour(a.admin, t.villageId(), t.id(), f.today.getYear(), "文明志愿队"))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.volunteers.honoured"));
        assertThatThrownBy(() -> hours.honour(a.admin, t.villageId(), t.id(), f.today.getYear() + 1, null))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> hours.honour(a.gridWorker, t.villageId(), t.id(), f.today.getYear() - 1, null))
                .isInstanceOf(Forbidden.class);
        assertThat(hours.certificate(a.gridWorker, h.villageId(), h.id()).number()).startsWith("ZYD-" + f.today.getYear());
        assertThat(hours.honours(f.townAdmin, f.town.code(), f.today.getYear())).extracting(TeamHonour::id).contains(h.id());
    }
}
