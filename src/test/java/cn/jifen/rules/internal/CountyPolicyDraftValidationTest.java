package cn.jifen.rules.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The county policy's single-field rules are constraints on {@link CountyPolicies.Draft} ({@code @Between} names both
 * bounds, as the hand-written range check did), checked after the county-admin check: a bad draft is refused field by
 * field in the record's order and nothing is saved; anyone else hears 403 whatever the draft holds.
 */
@IntegrationTest
class CountyPolicyDraftValidationTest extends Db {
    private static final CountyPolicies.Draft BAD = new CountyPolicies.Draft(null, null, 37, null, 101, "<b>改</b>",
            31, null, null, null, null, 0, null, null, null);

    @Autowired CountyPolicies policies;
    @Autowired OrgUnits orgUnits;
    @Autowired JdbcClient jdbc;

    private long saved() {
        return jdbc.sql("SELECT COUNT(*) FROM county_policy_change").query(Long.class).single();
    }

    @Test
    void aBadDraftIsRefusedFieldByFieldWithTheBoundsAndNothingIsSaved() {
        long before = saved();
        assertThatThrownBy(() -> policies.update(Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow()),
                BAD)).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .filteredOn(p -> !p.field().equals("closedThrough"))   // depends on the county's closed period
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey, p -> p.args().length)
                        .containsExactly(tuple("basePoints", "error.required", 0),
                                tuple("vetoBlockMonths", "error.policy.range", 2),
                                tuple("localAdjustPercent", "error.policy.range", 2),
                                tuple("reason", "error.markup", 0),
                                tuple("publicityDays", "error.policy.range", 2),
                                tuple("starPersonCount", "error.policy.range", 2)));
        assertThat(saved()).isEqualTo(before);
    }

    @Test
    void theRangeNamesBothBounds() {
        assertThatThrownBy(() -> policies.update(Actors.of(Role.COUNTY_ADMIN, orgUnits.byCode("441821").orElseThrow()),
                BAD)).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().stream()
                        .filter(p -> p.field().equals("localAdjustPercent")).findFirst().orElseThrow().args())
                        .containsExactly(0, 100));
    }

    @Test
    void aBadDraftFromATownAdminIsRefusedForTheRole() {
        long before = saved();
        assertThatThrownBy(() -> policies.update(Actors.of(Role.TOWN_ADMIN, orgUnits.byCode("441821100").orElseThrow()),
                BAD)).isInstanceOf(Forbidden.class);
        assertThat(saved()).isEqualTo(before);
    }
}
