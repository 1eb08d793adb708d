package cn.jifen.directory;

import static cn.jifen.directory.internal.RosterReaderTest.Files.person;
import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.multipart;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import cn.jifen.directory.internal.RosterImportTest;
import cn.jifen.directory.internal.RosterReaderTest.Files;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** The roster-import page, driven through MockMvc with real logins. */
@IntegrationTest
class RosterPagesTest extends Db {
    private static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired JdbcClient jdbc;

    OrgUnit village;
    String g1;
    MockHttpSession clerk;

    /**
     * Each test imports into a village of its own, made under 石角镇, as the demo town admin (whose
     * scope covers it); the demo county's own villages stay untouched.
     */
    @BeforeEach
    void ownVillageAndClerk() throws Exception {
        village = RosterImportTest.newVillage(orgUnits);
        g1 = village.code() + "-G1";
        clerk = login("demo-town", "demo-town");
    }

    private MockHttpSession login(String username, String password) throws Exception {
        MvcResult r = mvc.perform(post("/login").param("username", username).param("password", password).with(csrf()))
                .andExpect(status().is3xxRedirection()).andReturn();
        assertThat(r.getResponse().getRedirectedUrl()).doesNotContain("error");
        return (MockHttpSession) r.getRequest().getSession(false);
    }

    private MvcResult upload(MockHttpSession session, String villageCode, String filename, byte[] bytes) throws Exception {
        return mvc.perform(multipart("/console/import").file(new MockMultipartFile("file", filename, XLSX, bytes))
                        .param("village", villageCode).session(session).with(csrf()))
                .andReturn();
    }

    private long households() {
        return jdbc.sql("SELECT COUNT(*) FROM household WHERE village_id = :v").param("v", village.id())
                .query(Long.class).single();
    }

    @Test
    void aVillageAdminSeesTheFormWithItsOwnVillageChosen() throws Exception {
        MockHttpSession demoVillage = login("demo-village", "demo-village");

        String html = mvc.perform(get("/console/import").session(demoVillage)).andExpect(status().isOk())
                .andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("id=\"import-submit\"", "name=\"file\"", "enctype=\"multipart/form-data\"",
                "value=\"441821100201\" selected=\"selected\"", "/console/import/template.xlsx?village=441821100201")
                .doesNotContain("value=\"" + village.code() + "\"");
    }

    @Test
    void aTownAdminChoosesAmongItsVillages() throws Exception {
        String html = mvc.perform(get("/console/import").param("village", village.code()).session(clerk))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString(StandardCharsets.UTF_8);

        assertThat(html).contains("value=\"441821100201\"", "value=\"" + village.code() + "\" selected=\"selected\"")
                .doesNotContain("value=\"441821101201\"");
    }

    @Test
    void aValidUploadImportsAndShowsTheResult() throws Exception {
        MvcResult r = upload(clerk, village.code(), "花名册.xlsx", Files.xlsx(
                person("001", g1, "1号", "陈建国", "户主", "男", 1960, "", ""),
                person("001", g1, "1号", "黄秀英", "配偶", "女", 1962, "", "")));

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        String html = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"import-result\"", "导入完成：新增 1 户、2 人；已存在未变的 0 人。")
                .doesNotContain("id=\"import-errors\"");
        assertThat(households()).isEqualTo(1);
    }

    @Test
    void aBadUploadListsEveryProblemAndTheErrorListDownloadsAsXlsx() throws Exception {
        MvcResult r = upload(clerk, village.code(), "坏花名册.xlsx", Files.xlsx(
                person("001", g1, "1号", "陈建国", "户主", "男", 1960, "123", ""),
                person("002", "第九网格", "2号", "李四", "户主", "男", 1960, "", "")));

        String html = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"import-errors\"", "文件中有 2 处错误，本次没有导入任何数据",
                "手机号格式不对", "网格“第九网格”不是本村启用中的网格。");
        assertThat(households()).isZero();

        MvcResult download = mvc.perform(get("/console/import/errors.xlsx").session(clerk))
                .andExpect(status().isOk()).andExpect(content().contentType(XLSX))
                .andExpect(header().string("Content-Disposition", Matchers.containsString("attachment")))
                .andReturn();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(download.getResponse().getContentAsByteArray()))) {
            Sheet s = wb.getSheetAt(0);
            DataFormatter f = new DataFormatter();
            assertThat(cells(s.getRow(0), f)).containsExactly("行号", "列", "问题");
            assertThat(cells(s.getRow(1), f)).containsExactly("2", "手机号",
                    "手机号格式不对：手机号为 11 位数字（以 1 开头），固定电话须带区号。");
            assertThat(cells(s.getRow(2), f)).containsExactly("3", "网格", "网格“第九网格”不是本村启用中的网格。");
            assertThat(s.getLastRowNum()).isEqualTo(2);
        }
    }

    @Test
    void markupInAFileIsRejectedAndShownEscaped() throws Exception {
        MvcResult r = upload(clerk, village.code(), "<script>.xlsx", Files.xlsx(
                person("001", "<script>alert(1)</script>", "1号", "<script>alert(2)</script>", "户主", "男", 1960, "", "")));

        String html = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(html).contains("id=\"import-errors\"", "&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script>alert");
        assertThat(households()).isZero();
    }

    @Test
    void aVillageAdminCannotImportIntoAnotherVillage() throws Exception {
        MockHttpSession demoVillage = login("demo-village", "demo-village");

        MvcResult r = upload(demoVillage, village.code(), "x.xlsx",
                Files.xlsx(person("001", g1, "1号", "陈建国", "户主", "男", 1960, "", "")));

        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        mvc.perform(get("/console/import").param("village", village.code()).session(demoVillage))
                .andExpect(status().isNotFound());
        assertThat(households()).isZero();
    }

    @Test
    void aGridWorkerCannotImport() throws Exception {
        MockHttpSession grid = login("demo-grid", "demo-grid");

        mvc.perform(get("/console/import").session(grid)).andExpect(status().isForbidden());
        MvcResult r = upload(grid, "441821100201", "x.xlsx",
                Files.xlsx(person("T-GW1", "441821100201-G1", "1号", "陈建国", "户主", "男", 1960, "", "")));
        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        mvc.perform(get("/console/import/template.xlsx").session(grid)).andExpect(status().isForbidden());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM household WHERE household_ref = 'T-GW1'").query(Long.class).single())
                .isZero();
    }

    @Test
    void theTemplateHasTheHeaderAnExampleAndRulesAndImportsAsItIs() throws Exception {
        byte[] template = mvc.perform(get("/console/import/template.xlsx").param("village", village.code()).session(clerk))
                .andExpect(status().isOk()).andExpect(content().contentType(XLSX))
                .andReturn().getResponse().getContentAsByteArray();

        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(template))) {
            assertThat(wb.getSheetName(0)).isEqualTo("花名册");
            assertThat(wb.getSheetName(1)).isEqualTo("说明");
            DataFormatter f = new DataFormatter();
            assertThat(cells(wb.getSheetAt(0).getRow(0), f)).startsWith("户编号*", "网格*", "家庭住址*", "低收入户", "姓名*");
            assertThat(wb.getSheetAt(0).getLastRowNum()).isEqualTo(2);
            StringBuilder rules = new StringBuilder();
            wb.getSheetAt(1).forEach(row -> row.forEach(c -> rules.append(f.formatCellValue(c)).append('\n')));
            assertThat(rules).contains("户主", "配偶", g1, "第一网格");
        }
        MvcResult r = upload(clerk, village.code(), "花名册模板.xlsx", template);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("导入完成：新增 1 户、2 人；已存在未变的 0 人。");
    }

    @Test
    void anOversizedUploadIsRefusedWithAMessage() throws Exception {
        // MockMvc does not parse multipart, so the servlet's max-file-size (413 via ErrorHandling) is not
        // exercised here; the service enforces the same limit on the bytes it is given.
        byte[] huge = new byte[10 * 1024 * 1024 + 1];

        MvcResult r = upload(clerk, village.code(), "huge.csv", huge);

        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("上传的文件太大");
        assertThat(households()).isZero();
    }

    @Test
    void thereIsNoErrorListBeforeAFailedImport() throws Exception {
        mvc.perform(get("/console/import/errors.xlsx").session(clerk)).andExpect(status().isNotFound());
    }

    @Test
    void aWrongFileTypeIsRefusedOnThePage() throws Exception {
        byte[] xls = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0, (byte) 0xA1, (byte) 0xB1, 0x1A, (byte) 0xE1, 0, 0};

        MvcResult r = upload(clerk, village.code(), "花名册.xls", xls);

        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8))
                .contains("id=\"import-errors\"", "只能上传 .xlsx 或 .csv 格式的花名册", "整个文件");
    }

    private static List<String> cells(Row row, DataFormatter f) {
        List<String> out = new ArrayList<>();
        row.forEach(c -> out.add(f.formatCellValue(c)));
        return out;
    }
}
