package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.Users;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The reason of a decision on a claim (reject, object, appeal and their decisions; an approval where a reason is
 * needed) and the relation of a kin registration are request records checked by Jakarta Validation after the access
 * check: a malformed one is refused naming the field, with nothing written; a caller without access hears 403 or 404
 * whatever it wrote.
 */
@IntegrationTest
class DecisionReasonValidationTest extends Db {
    @Autowired Claims claims;
    @Autowired Users users;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired JdbcClient jdbc;

    ClaimFixture f;
    ClaimFixture elsewhere;

    @BeforeEach
    void villages() {
        f = new ClaimFixture(orgUnits, households, catalogue, 2);
        elsewhere = new ClaimFixture(orgUnits, households, catalogue, 1);
    }

    private Claim recorded() {
        return claims.record(f.gridWorker, new ClaimDraft(f.v(), f.h(0).id(), null, f.item().create().code(), 10,
                f.today, null, "测试记录", false));
    }

    private long events(Claim c) {
        return jdbc.sql("SELECT COUNT(*) FROM claim_event WHERE village_id = :v AND claim_id = :c")
                .param("v", f.v()).param("c", c.id()).query(Long.class).single();
    }

    private static InvalidInput.Problem onlyProblem(Throwable e) {
        assertThat(((InvalidInput) e).problems()).hasSize(1);
        return ((InvalidInput) e).problems().get(0);
    }

    @Test
    void aRejectionWithABlankReasonIsRefusedNamingTheReasonAndTheClaimStaysAsItWas() {
        Claim c = recorded();
        long before = events(c);
        assertThatThrownBy(() -> claims.reject(f.admin1, f.v(), c.id(), "   ")).isInstanceOf(InvalidInput.class)
                .satisfies(e -> {
                    assertThat(onlyProblem(e).field()).isEqualTo("reason");
                    assertThat(onlyProblem(e).messageKey()).isEqualTo("error.required");
                });
        assertThat(claims.get(f.admin1, f.v(), c.id()).status()).isEqualTo(ClaimStatus.RECORDED);
        assertThat(events(c)).isEqualTo(before);
    }

    @Test
    void aRejectionWithABadReasonFromOutsideTheVillageOrFromAGridWorkerIsRefusedForTheAccess() {
        Claim c = recorded();
        assertThatThrownBy(() -> claims.reject(elsewhere.admin1, f.v(), c.id(), "<b>x</b>")).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> claims.reject(f.gridWorker, f.v(), c.id(), " ")).isInstanceOf(Forbidden.class);
        assertThat(claims.get(f.admin1, f.v(), c.id()).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void anObjectionWithAReasonOverFiveHundredCharactersIsRefusedAndNoObjectionIsRaised() {
        Claim c = recorded();
        claims.approve(f.admin1, f.v(), c.id(), null, null);
        assertThatThrownBy(() -> claims.object(f.villager(1), f.v(), c.id(), "长".repeat(501)))
                .isInstanceOf(InvalidInput.class).satisfies(e -> {
                    assertThat(onlyProblem(e).field()).isEqualTo("reason");
                    assertThat(onlyProblem(e).messageKey()).isEqualTo("error.tooLong");
                    assertThat(onlyProblem(e).args()).containsExactly(500);
                });
        assertThat(claims.get(f.admin1, f.v(), c.id()).status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM claim_objection WHERE village_id = :v AND claim_id = :c")
                .param("v", f.v()).param("c", c.id()).query(Long.class).single()).isZero();
    }

    @Test
    void anApprovalMayOmitItsReasonButNotWriteMarkupInIt() {
        Claim c = recorded();
        assertThatThrownBy(() -> claims.approve(f.admin1, f.v(), c.id(), null, "<script>"))
                .isInstanceOf(InvalidInput.class)
                .satisfies(e -> assertThat(onlyProblem(e).messageKey()).isEqualTo("error.markup"));
        assertThat(claims.get(f.admin1, f.v(), c.id()).status()).isEqualTo(ClaimStatus.RECORDED);
        assertThat(claims.approve(f.admin1, f.v(), c.id(), null, null).status()).isEqualTo(ClaimStatus.IN_PUBLICITY);
    }

    @Test
    void aVetoNeedsItsReasonAtTheFirstApproval() {
        Claim veto = claims.record(f.admin1, new ClaimDraft(f.v(), f.h(0).id(), null, f.item().veto().create().code(),
                null, f.today, null, "一票否决测试", false));
        assertThatThrownBy(() -> claims.approve(f.admin2, f.v(), veto.id(), null, null))
                .isInstanceOf(InvalidInput.class).satisfies(e -> {
                    assertThat(onlyProblem(e).field()).isEqualTo("reason");
                    assertThat(onlyProblem(e).messageKey()).isEqualTo("error.required");
                });
        assertThat(claims.get(f.admin1, f.v(), veto.id()).status()).isEqualTo(ClaimStatus.RECORDED);
    }

    @Test
    void aKinRelationWithoutItsRelationIsRefusedNamingTheRelationAndNothingIsRegistered() {
        Actor recorder = ClaimFixture.account(users, f.gridWorker);
        assertThatThrownBy(() -> claims.registerKin(f.admin1, recorder.userId(), f.v(), f.h(0).id(), " "))
                .isInstanceOf(InvalidInput.class).satisfies(e -> {
                    assertThat(onlyProblem(e).field()).isEqualTo("relation");
                    assertThat(onlyProblem(e).messageKey()).isEqualTo("error.required");
                });
        assertThat(claims.kinOf(f.village)).isEmpty();
    }

    @Test
    void aBadKinRelationFromOutsideTheVillageOrFromAGridWorkerIsRefusedForTheAccess() {
        Actor recorder = ClaimFixture.account(users, f.gridWorker);
        assertThatThrownBy(() -> claims.registerKin(elsewhere.admin1, recorder.userId(), f.v(), f.h(0).id(), " "))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> claims.registerKin(f.gridWorker, recorder.userId(), f.v(), f.h(0).id(), " "))
                .isInstanceOf(Forbidden.class);
        assertThat(claims.kinOf(f.village)).isEmpty();
    }
}
