package cn.jifen.honours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.support.Db;
import cn.jifen.support.DemoCountyPolicy;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.IsoFields;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The red-flag period, the star thresholds and the number of 正能量红人 candidates follow the county policy at once. */
@IntegrationTest
class HonoursPolicyTest extends Db {
    @Autowired Honours honours;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired CountyPolicies policies;

    DemoCountyPolicy policy;

    @BeforeEach
    void remember() {
        policy = new DemoCountyPolicy(policies, orgUnits.byCode("441821").orElseThrow());
    }

    @AfterEach
    void putBack() {
        policy.restore();
    }

    private HonoursFixture fixture(int n) {
        return new HonoursFixture(orgUnits, households, ledger, jdbc, n);
    }

    @Test
    void aQuarterlyFlagPeriodMakesTheRedFlagProposalCoverTheQuarter() {
        HonoursFixture f = fixture(2);
        f.earn(0, 30);
        LocalDate today = f.today;
        Honours.FlagState monthly = honours.flag(f.admin, f.village.code(), null);
        assertThat(monthly.period().from()).isEqualTo(YearMonth.from(today).atDay(1));
        assertThat(monthly.key()).isEqualTo(YearMonth.from(today).toString());

        policy.change("流动红旗按季度评", d -> d.flagPeriod("QUARTER"));

        Honours.FlagState quarterly = honours.flag(f.admin, f.village.code(), null);
        int q = today.get(IsoFields.QUARTER_OF_YEAR);
        assertThat(quarterly.period().from()).isEqualTo(LocalDate.of(today.getYear(), q * 3 - 2, 1));
        assertThat(quarterly.period().to()).isEqualTo(YearMonth.of(today.getYear(), q * 3).atEndOfMonth());
        assertThat(quarterly.key()).isEqualTo(today.getYear() + "-Q" + q);
        assertThat(honours.flagPeriod(f.village)).isEqualTo("QUARTER");
    }

    @Test
    void changedStarThresholdsChangeAPartyMembersStarsAtOnce() {
        HonoursFixture f = fixture(1);
        f.inCategory(f.earnBy(0, f.head(0), 35), "DYZY"); // 2 stars with 10,30,50,80,120
        int year = f.today.getYear();
        assertThat(honours.stars(f.admin, f.village.code(), year).ratings())
                .extracting(Honours.StarRating::residentId, Honours.StarRating::stars).contains(tuple(f.head(0), 2));

        policy.change("星级分数线下调", d -> d.starThresholds(5, 10, 20, 30, 35));

        assertThat(honours.stars(f.admin, f.village.code(), year).ratings())
                .extracting(Honours.StarRating::residentId, Honours.StarRating::stars).contains(tuple(f.head(0), 5));
        assertThat(honours.starThresholds(f.village)).containsExactly(5, 10, 20, 30, 35);
    }

    @Test
    void theCountysCandidateCountLimitsTheProposedStarPersons() {
        HonoursFixture f = fixture(3);
        f.earnBy(0, f.head(0), 30);
        f.earnBy(1, f.head(1), 20);
        f.earnBy(2, f.head(2), 10);
        assertThat(honours.starPersons(f.admin, f.village.code(), null).proposed()).hasSizeGreaterThanOrEqualTo(3);

        policy.change("红人候选两名", d -> d.starPersonCount(2));

        assertThat(honours.starPersons(f.admin, f.village.code(), null).proposed())
                .extracting(RankLine::residentId).containsExactly(f.head(0), f.head(1));
    }
}
