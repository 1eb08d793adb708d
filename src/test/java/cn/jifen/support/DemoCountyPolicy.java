package cn.jifen.support;

import cn.jifen.directory.OrgUnit;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Changes the demo county's policy for one test and puts every field back afterwards (tests run one after another
 * in one database, and most of them expect the settings' defaults).
 */
public final class DemoCountyPolicy {
    private final CountyPolicies policies;
    private final Actor countyAdmin;
    private final CountyPolicy before;

    public DemoCountyPolicy(CountyPolicies policies, OrgUnit demoCounty) {
        this.policies = policies;
        this.countyAdmin = Actors.of(Role.COUNTY_ADMIN, demoCounty);
        this.before = policies.of(demoCounty);
    }

    /** Saves the policy as it is now with the changes made by {@code change} to a draft of it. */
    public CountyPolicy change(String reason, UnaryOperator<Draft> change) {
        return policies.update(countyAdmin, change.apply(new Draft(CountyPolicies.Draft.of(before, reason))).draft);
    }

    public void restore() {
        policies.update(countyAdmin, CountyPolicies.Draft.of(before, "测试结束，恢复"));
    }

    /** A draft to change field by field. */
    public record Draft(CountyPolicies.Draft draft) {
        private CountyPolicies.Draft d() {
            return draft;
        }

        public Draft publicityDays(int days) {
            var d = d();
            return new Draft(new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                    d.localAdjustPercent(), d.reason(), days, d.claimMaxAgeDays(), d.reservationHours(), d.flagPeriod(),
                    d.starThresholds(), d.starPersonCount(), d.boardPrivacyAllowed(), d.boardPrivacyDefault(),
                    d.boardNegativeByName()));
        }

        public Draft reservationHours(int hours) {
            var d = d();
            return new Draft(new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                    d.localAdjustPercent(), d.reason(), d.publicityDays(), d.claimMaxAgeDays(), hours, d.flagPeriod(),
                    d.starThresholds(), d.starPersonCount(), d.boardPrivacyAllowed(), d.boardPrivacyDefault(),
                    d.boardNegativeByName()));
        }

        public Draft flagPeriod(String period) {
            var d = d();
            return new Draft(new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                    d.localAdjustPercent(), d.reason(), d.publicityDays(), d.claimMaxAgeDays(), d.reservationHours(), period,
                    d.starThresholds(), d.starPersonCount(), d.boardPrivacyAllowed(), d.boardPrivacyDefault(),
                    d.boardNegativeByName()));
        }

        public Draft starThresholds(Integer... t) {
            var d = d();
            return new Draft(new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                    d.localAdjustPercent(), d.reason(), d.publicityDays(), d.claimMaxAgeDays(), d.reservationHours(),
                    d.flagPeriod(), List.of(t), d.starPersonCount(), d.boardPrivacyAllowed(),
                    d.boardPrivacyDefault(), d.boardNegativeByName()));
        }

        public Draft starPersonCount(int n) {
            var d = d();
            return new Draft(new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                    d.localAdjustPercent(), d.reason(), d.publicityDays(), d.claimMaxAgeDays(), d.reservationHours(),
                    d.flagPeriod(), d.starThresholds(), n, d.boardPrivacyAllowed(), d.boardPrivacyDefault(),
                    d.boardNegativeByName()));
        }

        public Draft board(List<String> allowed, String defaultMode, boolean negativeByName) {
            var d = d();
            return new Draft(new CountyPolicies.Draft(d.basePoints(), d.expiryDate(), d.vetoBlockMonths(), d.closedThrough(),
                    d.localAdjustPercent(), d.reason(), d.publicityDays(), d.claimMaxAgeDays(), d.reservationHours(),
                    d.flagPeriod(), d.starThresholds(), d.starPersonCount(), allowed, defaultMode, negativeByName));
        }
    }
}
