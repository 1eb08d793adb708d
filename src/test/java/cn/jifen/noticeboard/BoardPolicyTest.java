package cn.jifen.noticeboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.HonoursFixture;
import cn.jifen.ledger.Ledger;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.support.Db;
import cn.jifen.support.DemoCountyPolicy;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The notice board's privacy modes and the red-black list are county policy: a change shows on the public board at
 * once, although boards are cached (the change drops the cache), and a village's mode the county no longer allows
 * falls back to the county's default.
 */
@IntegrationTest
class BoardPolicyTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired BoardSettings settings;
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

    private HonoursFixture fixture() {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 3);
        f.earn(0, 40);
        f.earn(1, 20);
        return f;
    }

    private String board(HonoursFixture f) throws Exception {
        MvcResult r = mvc.perform(get("/board/" + f.village.code())).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aNewCountyDefaultModeShowsOnTheCachedBoardAtOnce() throws Exception {
        HonoursFixture f = fixture();
        assertThat(board(f)).contains("张某").doesNotContain(f.h(0).headName()); // SURNAME, now cached

        policy.change("公示栏默认只显示存折编号", d -> d.board(List.of("FULL", "SURNAME", "PASSBOOK"), "PASSBOOK", false));

        assertThat(settings.privacy(f.village.id())).isEqualTo(Privacy.PASSBOOK);
        assertThat(board(f)).contains(f.h(0).passbookNumber()).doesNotContain("张某");
    }

    @Test
    void aVillageModeTheCountyNoLongerAllowsFallsBackToTheCountyDefault() throws Exception {
        HonoursFixture f = fixture();
        settings.setPrivacy(f.countyAdmin, f.village.code(), "FULL");
        assertThat(board(f)).contains(f.h(0).headName());

        policy.change("不再允许公示全名", d -> d.board(List.of("SURNAME", "PASSBOOK"), "SURNAME", false));

        assertThat(settings.allowed(f.village.id())).containsExactlyInAnyOrder(Privacy.SURNAME, Privacy.PASSBOOK);
        assertThat(settings.privacy(f.village.id())).isEqualTo(Privacy.SURNAME);
        assertThat(board(f)).contains("张某").doesNotContain(f.h(0).headName());
    }

    @Test
    void theRedBlackListShowsNegativePostingsByNameWhenTheCountySaysSo() throws Exception {
        HonoursFixture f = fixture();
        settings.setPrivacy(f.countyAdmin, f.village.code(), "FULL");
        f.deduct(2, 10);
        assertThat(board(f)).contains("（不公示姓名）");

        policy.change("红黑榜", d -> d.board(List.of("FULL", "SURNAME", "PASSBOOK"), "SURNAME", true));

        assertThat(settings.negativeByName(f.village.id())).isTrue();
        assertThat(board(f)).doesNotContain("（不公示姓名）").contains(f.h(2).headName());
    }
}
