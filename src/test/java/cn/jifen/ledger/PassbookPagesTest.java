package cn.jifen.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.lowagie.text.pdf.PdfReader;
import com.lowagie.text.pdf.parser.PdfTextExtractor;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mock.web.MockHttpSession;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

/** What staff see and do on the passbook pages: the statement, its PDF, a correction, and verify. */
@IntegrationTest
class PassbookPagesTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired Ledger ledger;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;

    LedgerFixture f;
    Household h;
    MockHttpSession townAdmin;
    Posting earn;

    @BeforeEach
    void household() throws Exception {
        f = new LedgerFixture(orgUnits, households, 1);
        h = f.h(0);
        earn = ledger.post(f.admin, PostingRequest.earn(f.v(), h.id(), 30, "志愿服务：清扫村道", LedgerFixture.key()));
        ledger.post(f.admin, PostingRequest.of(f.v(), h.id(), PostingKind.REDEEM, 12, "兑换：食用油", LedgerFixture.key()));
        MvcResult login = mvc.perform(post("/login").with(csrf()).param("username", "demo-town")
                .param("password", "demo-town")).andReturn();
        townAdmin = (MockHttpSession) login.getRequest().getSession(false);
    }

    private String page(String path) throws Exception {
        MvcResult r = mvc.perform(get(path).session(townAdmin)).andReturn();
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private String base() {
        return "/console/households/" + f.v() + "/" + h.id();
    }

    @Test
    void theStatementListsEachEntryWithItsRunningBalanceNewestFirst() throws Exception {
        String html = page(base() + "/passbook");
        assertThat(html).contains(h.passbookNumber());
        int redeem = html.indexOf("兑换：食用油");
        int award = html.indexOf("志愿服务：清扫村道", html.indexOf("id=\"statement\""));
        assertThat(redeem).isPositive().isLessThan(award);
        assertThat(html).contains("+30").contains("-12").contains(">18<");
    }

    @Test
    void thePrintedStatementIsAPdfWithChineseTextAndTheFigures() throws Exception {
        MvcResult r = mvc.perform(get(base() + "/passbook.pdf").session(townAdmin)).andReturn();
        assertThat(r.getResponse().getContentType()).isEqualTo("application/pdf");
        String text = new PdfTextExtractor(new PdfReader(r.getResponse().getContentAsByteArray())).getTextFromPage(1);
        assertThat(text).contains("积分存折明细").contains(h.passbookNumber()).contains("+30").contains("可用积分：18");
    }

    @Test
    void aCorrectionFromThePagePostsAReversalThatNamesTheOriginal() throws Exception {
        mvc.perform(post(base() + "/passbook/corrections").session(townAdmin).with(csrf())
                .param("postingId", earn.postingId().toString()).param("reason", "重复录入")
                .param("key", "page-correction-" + earn.postingId())).andReturn();
        StatementLine newest = ledger.statement(f.v(), h.id(), 0, 1).get(0);
        assertThat(newest.kind()).isEqualTo(PostingKind.CORRECT);
        assertThat(newest.reversesPostingId()).isEqualTo(earn.postingId());
        assertThat(ledger.balance(f.v(), h.id())).isZero();
        assertThat(page(base() + "/passbook")).contains("重复录入").contains("已冲正");
    }

    @Test
    void theVerifyPageReportsTheVillageIntactWithItsEntryCount() throws Exception {
        String html = page("/console/ledger/verify?village=" + f.village.code());
        assertThat(html).contains("账本完好").contains("共校验 2 条记录");
    }

    @Test
    void thePublishedCatalogueNeedsNoLogin() throws Exception {
        MvcResult r = mvc.perform(get("/rules")).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("志愿服务").contains("参加志愿服务活动");
    }
}
