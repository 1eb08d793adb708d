package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class ActivitiesTest extends Db {
    @Autowired Activities activities;
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;

    ClaimFixture f;
    RuleItem volunteer;
    LocalDateTime anHourAgo;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 3);
        volunteer = f.item().points(5, 20).create();
        anHourAgo = LocalDateTime.now(ZoneId.of("Asia/Shanghai")).minusHours(1);
    }

    @Test
    void signUpCheckInAndOneActionAwardsEveryAttendee() {
        Activity a = activities.publish(f.admin1, f.village.code(), "清扫村道", "村委会门口", anHourAgo, volunteer.code(), 10, 2);
        activities.signup(f.villager(0), f.v(), a.id(), null, null);
        assertThatThrownBy(() -> activities.signup(f.villager(0), f.v(), a.id(), null, null)).isInstanceOf(Conflict.class)
                .hasMessage("error.activities.alreadySignedUp");
        activities.signup(f.gridWorker, f.v(), a.id(), null, f.h(1).passbookNumber());
        assertThatThrownBy(() -> activities.signup(f.villager(2), f.v(), a.id(), null, null)).isInstanceOf(Conflict.class)
                .hasMessage("error.activities.full");

        String path = activities.checkinPath(f.admin1, f.v(), a.id());
        String token = path.substring(path.indexOf("token=") + 6);
        assertThatThrownBy(() -> activities.checkInByCode(f.villager(0), f.v(), a.id(), "wrong"))
                .isInstanceOf(InvalidInput.class);
        assertThat(activities.checkInByCode(f.villager(0), f.v(), a.id(), token)).isEqualTo(1);
        activities.checkIn(f.gridWorker, f.v(), a.id(), f.h(1).head().id());

        List<Activities.AwardResult> results = activities.award(f.admin1, f.v(), a.id());
        assertThat(results).hasSize(2).allMatch(r -> r.claimId() != null);
        Claim c = claims.get(f.admin1, f.v(), results.get(0).claimId());
        assertThat(c.points()).isEqualTo(10);
        assertThat(c.residentId()).isNotNull();
        assertThat(c.status()).isEqualTo(ClaimStatus.RECORDED);
        // the awarding admin recorded the claims: another admin approves them
        assertThat(claims.approveBatch(f.admin1, f.v(), List.of(c.id()), null).get(0).ok()).isFalse();
        assertThat(claims.approveBatch(f.admin2, f.v(), List.of(c.id()), null).get(0).ok()).isTrue();
        assertThat(activities.participation(f.admin1, f.village.code(), f.today.minusDays(1), f.today)).isEqualTo(2);
        assertThat(activities.get(f.admin1, f.v(), a.id()).status()).isEqualTo("AWARDED");
        assertThatThrownBy(() -> activities.signup(f.villager(2), f.v(), a.id(), null, null)).isInstanceOf(Conflict.class);
    }

    @Test
    void onlyAttendeesAreAwardedAndNotBeforeTheEvent() {
        Activity later = activities.publish(f.admin1, f.village.code(), "植树", "后山", anHourAgo.plusDays(3),
                volunteer.code(), 10, 10);
        activities.signup(f.villager(0), f.v(), later.id(), null, null);
        assertThatThrownBy(() -> activities.award(f.admin1, f.v(), later.id())).isInstanceOf(Conflict.class);
        Activity a = activities.publish(f.admin1, f.village.code(), "敬老", "村委会", anHourAgo, volunteer.code(), 10, 10);
        activities.signup(f.villager(0), f.v(), a.id(), null, null);
        assertThat(activities.award(f.admin1, f.v(), a.id())).isEmpty();
    }

    @Test
    void publishingIsForTheVillageAdminWithPointsInTheItemsRange() {
        assertThatThrownBy(() -> activities.publish(f.gridWorker, f.village.code(), "活动", "村里", anHourAgo,
                volunteer.code(), 10, 5)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> activities.publish(f.admin1, f.village.code(), "活动", "村里", anHourAgo,
                volunteer.code(), 99, 5)).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> activities.checkinPath(f.villager(0), f.v(),
                activities.publish(f.admin1, f.village.code(), "活动", "村里", anHourAgo, volunteer.code(), 10, 5).id()))
                .isInstanceOf(Forbidden.class);
    }
}
