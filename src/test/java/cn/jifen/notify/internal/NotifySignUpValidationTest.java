package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A household member's sign-up ({@link HouseholdReceivers.SignUp}) carries its field rules as constraints, checked
 * after the access check: a bad sign-up is refused field by field with nothing saved; a clerk of another village hears
 * 403 whatever the sign-up holds.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
class NotifySignUpValidationTest extends Db {
    private static final HouseholdReceivers.SignUp BAD =
            new HouseholdReceivers.SignUp(false, "短", "<b>当面同意</b>");

    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired HouseholdReceivers receivers;
    @Autowired JdbcClient jdbc;

    NotifyFixture f;
    Resident son;

    @BeforeEach
    void setUp() {
        f = new NotifyFixture(orgUnits, households, users, ledger);
        son = households.addResident(f.countyAdmin, f.village.id(), f.household.id(),
                        new ResidentDraft("黄二", "子女", "男", "1990", "13712345678", null, false, null, false))
                .members().stream().filter(r -> r.name().equals("黄二")).findFirst().orElseThrow();
    }

    private long signedUp() {
        return jdbc.sql("SELECT COUNT(*) FROM notify_household_member WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single();
    }

    @Test
    void aBadSignUpIsRefusedFieldByFieldInTheRecordsOrderAndNothingIsSaved() {
        assertThatThrownBy(() -> receivers.signUp(f.villageAdminActor(), f.village.id(), f.household.id(), son.id(),
                BAD)).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("consent", "error.notify.memberConsent"),
                                tuple("wechatOpenid", "error.notify.openid"),
                                tuple("consentNote", "error.markup")));
        assertThat(signedUp()).isZero();
    }

    @Test
    void aBadSignUpByAClerkOfAnotherVillageIsRefusedForTheAccess() {
        NotifyFixture other = new NotifyFixture(orgUnits, households, users, ledger);
        assertThatThrownBy(() -> receivers.signUp(other.villageAdminActor(), f.village.id(), f.household.id(),
                son.id(), BAD)).isInstanceOf(Forbidden.class);
        assertThat(signedUp()).isZero();
    }
}
