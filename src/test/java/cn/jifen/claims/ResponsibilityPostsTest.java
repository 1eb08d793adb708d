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
import cn.jifen.shared.NotFound;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@IntegrationTest
class ResponsibilityPostsTest extends Db {
    @Autowired ResponsibilityPosts posts;
    @Autowired Claims claims;
    @Autowired RuleCatalogue catalogue;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;

    ClaimFixture f;
    RuleItem garden;

    @BeforeEach
    void village() {
        f = new ClaimFixture(orgUnits, households, catalogue, 2);
        garden = f.item().points(10, 50).unit("MONTH").recorders("GRID_WORKER", "VILLAGE_ADMIN").create();
    }

    @Test
    void aHouseholdAdoptsAPostAndTheMonthlyInspectionBecomesItsClaim() {
        ResponsibilityPost p = posts.create(f.admin1, f.village.code(), "一组四小园", garden.code(), "村口菜园");
        assertThat(posts.adopt(f.villager(0), f.v(), p.id(), null, null).householdId()).isEqualTo(f.h(0).id());
        assertThatThrownBy(() -> posts.adopt(f.villager(1), f.v(), p.id(), null, null)).isInstanceOf(Conflict.class);
        assertThat(posts.uninspected(f.admin1, f.village.code(), null)).extracting(ResponsibilityPost::id).contains(p.id());

        Claim c = posts.inspect(f.gridWorker, f.v(), p.id(), 30, null, "菜园整洁");
        assertThat(c.householdId()).isEqualTo(f.h(0).id());
        assertThat(c.points()).isEqualTo(30);
        assertThat(c.status()).isEqualTo(ClaimStatus.RECORDED);
        assertThat(posts.uninspected(f.admin1, f.village.code(), null)).isEmpty();
        assertThatThrownBy(() -> posts.inspect(f.gridWorker, f.v(), p.id(), 30, null, null)).isInstanceOf(InvalidInput.class)
                .hasMessage("error.posts.inspectedThisMonth");
        assertThat(posts.list(f.admin1, f.village.code())).filteredOn(x -> x.id() == p.id())
                .extracting(ResponsibilityPost::lastInspectedOn).containsExactly(f.today);
    }

    @Test
    void aRejectedInspectionLeavesThePostUninspected() {
        ResponsibilityPost p = posts.create(f.admin1, f.village.code(), "门前三包", garden.code(), null);
        posts.adopt(f.admin1, f.v(), p.id(), f.h(1).id(), null);
        Claim c = posts.inspect(f.admin1, f.v(), p.id(), 20, null, null);
        claims.reject(f.admin2, f.v(), c.id(), "检查不实");
        assertThat(posts.uninspected(f.admin1, f.village.code(), null)).extracting(ResponsibilityPost::id).contains(p.id());
    }

    @Test
    void onlyTheVillageAdminCreatesPostsAndAFreePostCannotBeInspected() {
        assertThatThrownBy(() -> posts.create(f.gridWorker, f.village.code(), "道路", garden.code(), null))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> posts.create(f.admin1, f.village.code(), "道路", "NOPE", null))
                .isInstanceOf(InvalidInput.class);
        ResponsibilityPost p = posts.create(f.admin1, f.village.code(), "道路", garden.code(), null);
        assertThatThrownBy(() -> posts.create(f.admin1, f.village.code(), "道路", garden.code(), null))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> posts.inspect(f.gridWorker, f.v(), p.id(), 20, null, null)).isInstanceOf(Conflict.class);
        ClaimFixture other = new ClaimFixture(orgUnits, households, catalogue, 1);
        assertThatThrownBy(() -> posts.adopt(other.villager(0), f.v(), p.id(), null, null)).isInstanceOf(NotFound.class);
    }
}
