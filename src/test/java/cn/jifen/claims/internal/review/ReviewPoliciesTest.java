package cn.jifen.claims.internal.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Role;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;

/** The reviewer rules that need no database, each named for the reason it gives. */
class ReviewPoliciesTest {
    private static final long RECORDER = 11;
    private static final long FIRST_APPROVER = 12;
    private static final long OTHER = 13;

    private static Claim claim(ClaimStatus status, Long firstApprover) {
        return new Claim(1, 2, 3, null, 4, 1, "T1", "类：项", 10, LocalDate.of(2026, 1, 5), null, status, false, false,
                false, RECORDER, "记录人", "GRID_WORKER", OffsetDateTime.now(), firstApprover, null, null, null, null, null,
                null, null, null, "0001", null);
    }

    private static Actor actor(long id, Role role) {
        return new Actor(id, "u" + id, "u" + id, role, 1, "/1/", null, "127.0.0.1");
    }

    @Test
    void theRecorderMayNotDecideItsOwnClaim() {
        assertThat(new NotOwnClaim().check(actor(RECORDER, Role.VILLAGE_ADMIN), claim(ClaimStatus.RECORDED, null)))
                .contains(new Refusal("error.claims.makerChecker"));
        assertThat(new NotOwnClaim().check(actor(OTHER, Role.VILLAGE_ADMIN), claim(ClaimStatus.RECORDED, null))).isEmpty();
    }

    @Test
    void aVetosSecondApprovalComesFromAnotherApprover() {
        Claim awaiting = claim(ClaimStatus.AWAITING_SECOND_APPROVAL, FIRST_APPROVER);
        assertThat(new SecondApproverDiffers().check(actor(FIRST_APPROVER, Role.VILLAGE_ADMIN), awaiting))
                .contains(new Refusal("error.claims.secondApprover"));
        assertThat(new SecondApproverDiffers().check(actor(OTHER, Role.VILLAGE_ADMIN), awaiting)).isEmpty();
        assertThat(new SecondApproverDiffers().check(actor(OTHER, Role.VILLAGE_ADMIN), claim(ClaimStatus.RECORDED, null)))
                .isEmpty();
    }

    @Test
    void aTownAdminDecidesOnlyAVetoAwaitingItsSecondApproval() {
        VillageAdminUnlessSecond rule = new VillageAdminUnlessSecond();
        assertThat(rule.check(actor(OTHER, Role.TOWN_ADMIN), claim(ClaimStatus.RECORDED, null)))
                .contains(new Refusal("error.forbidden.role"));
        assertThat(rule.check(actor(OTHER, Role.TOWN_ADMIN), claim(ClaimStatus.AWAITING_SECOND_APPROVAL, FIRST_APPROVER)))
                .isEmpty();
        assertThat(rule.check(actor(OTHER, Role.VILLAGE_ADMIN), claim(ClaimStatus.RECORDED, null))).isEmpty();
    }

    @Test
    void theFirstRefusalInTheGivenOrderIsTheOneRaised() {
        Actor recorderAsFirst = actor(RECORDER, Role.VILLAGE_ADMIN);
        Claim c = new Claim(1, 2, 3, null, 4, 1, "T1", "类：项", 10, LocalDate.of(2026, 1, 5), null,
                ClaimStatus.AWAITING_SECOND_APPROVAL, false, false, false, RECORDER, "记录人", "VILLAGE_ADMIN",
                OffsetDateTime.now(), RECORDER, null, null, null, null, null, null, null, null, "0001", null);
        assertThatThrownBy(() -> ReviewerRules.require(recorderAsFirst, c, new SecondApproverDiffers(), new NotOwnClaim()))
                .isInstanceOf(Forbidden.class).hasMessage("error.claims.secondApprover");
        assertThatThrownBy(() -> ReviewerRules.require(recorderAsFirst, c, new NotOwnClaim(), new SecondApproverDiffers()))
                .isInstanceOf(Forbidden.class).hasMessage("error.claims.makerChecker");
    }
}
