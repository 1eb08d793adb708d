package cn.jifen.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.asyncDispatch;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/**
 * The practice's figures (治理实践) as the statistics show them, with two made-up parts beside the real party and
 * volunteers parts: sections in their order, labels and units from the reader's language, the reader's villages only,
 * the API's shape, the dashboard card, and the report's Excel sheet and PDF section.
 */
@IntegrationTest
@Import(PracticeStatsTest.Parts.class)
class PracticeStatsTest extends Db {
    static final String TOWN = "441821100";     // 石角镇 (demo-town's town)
    static final String OTHER_TOWN = "441821101";

    /** A made-up part that remembers the villages and days it was asked for. */
    record Fake(String sectionKey, int order, List<Figure> answer, List<Object> calls) implements PracticeFigures {
        @Override
        public List<Figure> figures(Collection<Long> villageIds, LocalDate from, LocalDate to) {
            calls.add(List.of(List.copyOf(villageIds), from, to));
            return answer;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class Parts {
        @Bean
        Fake latePart() {     // after every real part
            return new Fake("stats.honours", 1000, List.of(new PracticeFigures.Figure("stats.col.issued",
                    new BigDecimal("92.5"), "stats.unit.percent")), new CopyOnWriteArrayList<>());
        }

        @Bean
        Fake earlyPart() {    // before every real part
            return new Fake("stats.top", -1000, List.of(PracticeFigures.Figure.count("stats.col.redeemed", 7, null)),
                    new CopyOnWriteArrayList<>());
        }
    }

    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired Stats stats;
    @Autowired Fake latePart;
    @Autowired Fake earlyPart;

    @BeforeEach
    void forget() {
        latePart.calls().clear();
        earlyPart.calls().clear();
    }

    private MockHttpSession townAdmin() throws Exception {
        MvcResult r = mvc.perform(post("/login").with(csrf()).param("username", "demo-town").param("password", "demo-town"))
                .andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).doesNotContain("/login");
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    /** A page (or a streamed download, awaited) as the town admin. */
    private MvcResult as(MockHttpSession s, String path, String language) throws Exception {
        MvcResult r = mvc.perform(get(path).session(s).param("lang", language)).andReturn();
        if (!r.getRequest().isAsyncStarted()) {
            return r;
        }
        r.getAsyncResult(120_000);   // a streamed workbook: written on another thread, slow on a busy machine
        return mvc.perform(asyncDispatch(r)).andReturn();
    }

    /** An API call with the town admin's bearer token. */
    private MvcResult api(String path, String language) throws Exception {
        if (token == null) {
            MvcResult t = mvc.perform(post("/api/v1/tokens").contentType("application/json")
                    .content("{\"username\":\"demo-town\",\"password\":\"demo-town\"}")).andReturn();
            assertThat(t.getResponse().getStatus()).as(body(t)).isEqualTo(201);
            token = JsonPath.read(body(t), "$.token");
        }
        return mvc.perform(get(path).header("Authorization", "Bearer " + token).param("lang", language)).andReturn();
    }

    private static String token;

    private static String body(MvcResult r) {
        return new String(r.getResponse().getContentAsByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void theApiListsTheSectionsInTheirOrderWithLabelsAndUnitsInTheReadersLanguage() throws Exception {
        MvcResult r = api("/api/v1/stats/practice?orgUnit=" + TOWN + "&from=2026-01-01&to=2026-06-30", "zh-CN");
        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(200);
        String json = body(r);
        assertThat((String) JsonPath.read(json, "$.orgUnit")).isEqualTo(TOWN);
        assertThat((String) JsonPath.read(json, "$.from")).isEqualTo("2026-01-01");
        assertThat((String) JsonPath.read(json, "$.to")).isEqualTo("2026-06-30");
        List<String> keys = JsonPath.read(json, "$.sections[*].key");
        assertThat(keys.get(0)).isEqualTo("stats.top");
        assertThat(keys.get(keys.size() - 1)).isEqualTo("stats.honours");
        assertThat(keys.indexOf("stats.party")).isPositive().isLessThan(keys.indexOf("volunteers.statsTitle"));
        Map<String, Object> early = JsonPath.read(json, "$.sections[0]");
        assertThat(early).containsEntry("title", "积分前十户");
        assertThat(JsonPath.<Map<String, Object>>read(json, "$.sections[0].figures[0]")).containsOnlyKeys("key", "label", "value", "unit")
                .containsEntry("key", "stats.col.redeemed").containsEntry("label", "兑换").containsEntry("unit", "");
        assertThat(((Number) JsonPath.read(json, "$.sections[0].figures[0].value")).intValue()).isEqualTo(7);
        int last = keys.size() - 1;
        assertThat(JsonPath.<Map<String, Object>>read(json, "$.sections[" + last + "].figures[0]"))
                .containsEntry("label", "发放").containsEntry("unit", "%");
        assertThat(((Number) JsonPath.read(json, "$.sections[" + last + "].figures[0].value")).doubleValue()).isEqualTo(92.5);

        String en = body(api("/api/v1/stats/practice?orgUnit=" + TOWN, "en"));
        assertThat(JsonPath.<List<String>>read(en, "$.sections[*].title")).contains("Top ten households", "Honours");
        assertThat(JsonPath.<List<String>>read(en, "$.sections[0].figures[*].label")).containsExactly("Redeemed");
    }

    @Test
    void aTownReaderPartsAreAskedForTheTownsVillagesAndTheChosenDaysOnly() throws Exception {
        OrgUnit town = orgUnits.byCode(TOWN).orElseThrow();
        assertThat(api("/api/v1/stats/practice?orgUnit=" + TOWN + "&from=2026-03-01&to=2026-03-31", "zh-CN")
                .getResponse().getStatus()).isEqualTo(200);
        assertThat(earlyPart.calls()).containsExactly(List.of(stats.villageIds(town), LocalDate.of(2026, 3, 1),
                LocalDate.of(2026, 3, 31)));
        @SuppressWarnings("unchecked")
        List<Long> ids = (List<Long>) ((List<Object>) earlyPart.calls().get(0)).get(0);
        assertThat(ids).isNotEmpty().allSatisfy(id -> assertThat(orgUnits.byId(id).path()).startsWith(town.path()));

        forget();
        MvcResult other = api("/api/v1/stats/practice?orgUnit=" + OTHER_TOWN, "zh-CN");
        assertThat(other.getResponse().getStatus()).isEqualTo(404);
        assertThat(earlyPart.calls()).isEmpty();
        assertThat(latePart.calls()).isEmpty();
    }

    @Test
    void theDashboardCardShowsEverySectionWithItsFigures() throws Exception {
        MvcResult r = as(townAdmin(), "/console/stats/practice?unit=" + TOWN, "zh-CN");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String html = body(r);
        assertThat(html).contains("data-section=\"stats.top\"", "data-section=\"stats.party\"",
                "data-section=\"volunteers.statsTitle\"", "data-section=\"stats.honours\"", "积分前十户", "92.5", "%");
        assertThat(body(as(townAdmin(), "/console/stats?unit=" + TOWN, "zh-CN"))).contains("/console/stats/practice?unit=" + TOWN);
    }

    @Test
    void theReportsExcelHasAPracticeSheetWithEveryFigure() throws Exception {
        MvcResult r = as(townAdmin(), "/console/stats/report.xlsx?unit=" + TOWN + "&period=2026", "zh-CN");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(r.getResponse().getContentAsByteArray()))) {
            Sheet sheet = wb.getSheet("治理实践");
            assertThat(sheet).isNotNull();
            List<List<String>> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>();
                row.forEach(c -> cells.add(c.getCellType() == CellType.NUMERIC
                        ? BigDecimal.valueOf(c.getNumericCellValue()).stripTrailingZeros().toPlainString() : c.getStringCellValue()));
                rows.add(cells);
            }
            assertThat(rows.get(0)).containsExactly("板块", "指标", "数值", "单位");
            assertThat(rows.get(1)).containsExactly("积分前十户", "兑换", "7", "");
            assertThat(rows.get(rows.size() - 1)).containsExactly("荣誉", "发放", "92.5", "%");
            assertThat(rows).anySatisfy(x -> assertThat(x).startsWith("党员分类与星级", "在家党员"));
            assertThat(rows).anySatisfy(x -> assertThat(x).startsWith("志愿服务", "志愿服务时长"));
        }
    }

    @Test
    void theReportsPdfHasAPracticeSection() throws Exception {
        MvcResult r = as(townAdmin(), "/console/stats/report.pdf?unit=" + TOWN + "&period=2026-Q1", "zh-CN");
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        Path file = Files.createTempFile("practice", ".pdf");
        try {
            Files.write(file, r.getResponse().getContentAsByteArray());
            Process p = new ProcessBuilder("pdftotext", "-layout", file.toString(), "-").redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).isZero();
            assertThat(text).contains("治理实践", "积分前十户", "兑换", "92.5 %", "五星党员", "志愿服务时长");
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
