package cn.jifen.claims;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.ledger.SystemAccount;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Period;
import cn.jifen.shared.Role;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class PointsPolicyTest extends Db {
    @Autowired PointsPolicy policy;
    @Autowired Ledger ledger;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;

    ClaimFixture f;
    /** A county admin's powers limited to the fixture's village, so the demo county is untouched. */
    Actor county;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 2);
        county = new Actor(7, "county-test", "县测试", Role.COUNTY_ADMIN, f.v(), f.village.path(), null, null);
    }

    @Test
    void basePointsAreGrantedOnceEvenWhenTheRunIsRepeated() {
        List<PointsRun> first = policy.grantBase(county, f.today.getYear(), 20);
        List<PointsRun> second = policy.grantBase(county, f.today.getYear(), 20);
        assertThat(first).singleElement().satisfies(r -> {
            assertThat(r.households()).isEqualTo(2);
            assertThat(r.posted()).isEqualTo(2);
            assertThat(r.points()).isEqualTo(40);
        });
        assertThat(second).singleElement().satisfies(r -> assertThat(r.posted()).isZero());
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(20);
        assertThat(ledger.balance(f.v(), f.h(1).id())).isEqualTo(20);
        assertThat(policy.runs(f.admin1, f.village, Paging.first(50)).items()).hasSize(2);
    }

    @Test
    void expiryZeroesBalancesOnceAndKeepsTheScore() {
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 35, "测试", "exp-" + f.v()));
        assertThat(policy.expire(county, f.today).get(0).points()).isEqualTo(35);
        assertThat(ledger.balance(f.v(), f.h(0).id())).isZero();
        assertThat(ledger.score(f.v(), f.h(0).id(), Period.year(f.today.getYear()))).isEqualTo(35);
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 5, "测试", "exp2-" + f.v()));
        assertThat(policy.expire(county, f.today).get(0).posted()).isZero();
        assertThat(ledger.balance(f.v(), f.h(0).id())).isEqualTo(5);
    }

    @Test
    void expiryRunOnTwoInstancesAtOnceExpiresEachBalanceOnce() throws Exception {
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(0).id(), 40, "测试", "exp-par0-" + f.v()));
        ledger.post(f.admin1, PostingRequest.earn(f.v(), f.h(1).id(), 25, "测试", "exp-par1-" + f.v()));
        var pool = Executors.newFixedThreadPool(2);
        var start = new CountDownLatch(1);
        try {
            List<Future<List<PointsRun>>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    start.await();
                    return policy.expire(county, f.today);
                }));
            }
            start.countDown();
            int posted = 0;
            long points = 0;
            for (var r : runs) {
                PointsRun run = r.get(60, TimeUnit.SECONDS).get(0);
                posted += run.posted();
                points += run.points();
            }
            assertThat(posted).isEqualTo(2);
            assertThat(points).isEqualTo(65);
        } finally {
            pool.shutdownNow();
        }
        assertThat(ledger.balance(f.v(), f.h(0).id())).isZero();
        assertThat(ledger.balance(f.v(), f.h(1).id())).isZero();
        assertThat(ledger.systemBalance(f.v(), SystemAccount.FORFEITED)).isEqualTo(65);
    }

    @Test
    void onlyTheCountyAdminRunsThePolicy() {
        assertThatThrownBy(() -> policy.grantBase(f.admin1, f.today.getYear(), 20)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> policy.expire(f.admin1, f.today)).isInstanceOf(Forbidden.class);
    }
}
