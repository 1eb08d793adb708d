package cn.jifen.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdDraft;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A posting reaches the statistics' cached gauges after it commits (StatsFreshness) instead of
 * waiting out the refresh interval (30 s here, far longer than this test).
 */
@IntegrationTest
class StatsFreshnessTest extends Db {
    @Autowired MeterRegistry meters;
    @Autowired Ledger ledger;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired AsyncEvents events;

    private double earnedToday() {
        return meters.get("jifen.ledger.postings.today").tag("kind", "EARN").gauge().value();
    }

    @Test
    void aPostingShowsInTodaysGaugeAtTheNextReadAfterItCommits() {
        OrgUnit county = orgUnits.byCode("441821").orElseThrow();
        Actor admin = Actors.of(Role.COUNTY_ADMIN, county);
        OrgUnit village = orgUnits.create(admin, "441821100", Actors.code("S"), "统计新鲜村", "VILLAGE");
        OrgUnit grid = orgUnits.create(admin, village.code(), Actors.code("G"), "一网格", null);
        Household h = households.create(admin, village.code(), new HouseholdDraft("0001", grid.code(), "一组1号",
                false, List.of(new ResidentDraft("黄户主", "户主", "男", "1960", null, null, false, null, false))));
        events.settle();
        double before = earnedToday(); // read now: cached for the refresh interval unless a posting marks it stale

        ledger.post(admin, PostingRequest.earn(village.id(), h.id(), 5, "门前三包", "sf-" + UUID.randomUUID()));
        events.settle();

        assertThat(earnedToday()).isEqualTo(before + 1);
    }
}
