package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.IntegrationTest;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.test.web.servlet.MvcResult;

/**
 * {@code GET /api/v1/rankings} pages its lines when asked (a county's household ranking has as many lines as
 * passbooks): page and size cut the ranking computed over the whole scope, total says how many lines it has, a bad
 * size is refused; without page or size every line is there, as clients had it before.
 */
@IntegrationTest
class RankingPagingTest extends SecuritySupport {
    static final String COUNTY_YEAR = "/api/v1/rankings?scope=" + Matrix.COUNTY + "&kind=YEAR";

    @Test
    void withoutPageOrSizeEveryLineIsThereAndTotalCountsThem() {
        MvcResult r = api("GET", COUNTY_YEAR, adminToken(), null);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        List<Object> lines = json(r, "$.lines");
        assertThat(((Number) json(r, "$.total")).longValue()).isEqualTo(lines.size()).isGreaterThan(60);
        assertThat((Integer) json(r, "$.page")).isZero();
    }

    @Test
    void aPageHoldsThoseLinesOfTheWholeRankingWithItsRanks() {
        MvcResult whole = api("GET", COUNTY_YEAR, adminToken(), null);
        List<Object> all = json(whole, "$.lines[*].passbookNumber");
        List<Object> ranks = json(whole, "$.lines[*].rank");

        MvcResult r = api("GET", COUNTY_YEAR + "&page=1&size=30", adminToken(), null);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        List<Object> page = json(r, "$.lines[*].passbookNumber");
        assertThat(page).containsExactlyElementsOf(all.subList(30, 60));
        assertThat((Integer) json(r, "$.size")).isEqualTo(30);
        assertThat(((Number) json(r, "$.total")).longValue()).isEqualTo(all.size());
        assertThat((List<Object>) json(r, "$.lines[*].rank")).containsExactlyElementsOf(ranks.subList(30, 60));
    }

    @Test
    void aPageBeyondTheLastIsEmptyWithTheTotal() {
        MvcResult r = api("GET", COUNTY_YEAR + "&page=100000&size=500", adminToken(), null);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat((List<Object>) json(r, "$.lines")).isEmpty();
        assertThat(((Number) json(r, "$.total")).longValue()).isPositive();
    }

    @Test
    void aSizeOver500IsRefusedNamingTheParameter() {
        MvcResult r = api("GET", COUNTY_YEAR + "&size=501", adminToken(), null);

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("\"size\"");
        assertThat(hasChinese(json(r, "$.detail"))).isTrue();
    }
}
