package cn.jifen.noticeboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.HonoursFixture;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class BoardTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired BoardSettings settings;
    @Autowired Board board;

    private HonoursFixture fixture() {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 3);
        f.earn(0, 40);
        f.earn(1, 20);
        return f;
    }

    private MvcResult open(String path) throws Exception {
        return mvc.perform(get(path)).andReturn();
    }

    private String page(String path) throws Exception {
        MvcResult r = open(path);
        assertThat(r.getResponse().getStatus()).as(path).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private void privacy(HonoursFixture f, String mode) {
        settings.setPrivacy(f.countyAdmin, f.village.code(), mode);
    }

    private String headName(HonoursFixture f, int i) {
        return f.h(i).headName();
    }

    @Test
    void theBoardOpensWithoutLoginAndShowsTheVillagesRanking() throws Exception {
        HonoursFixture f = fixture();
        String html = page("/board/" + f.village.code());
        assertThat(html).contains(f.village.name()).contains("积分公示栏").contains("积分排行").contains("积分细则");
        assertThat(html).contains("40");
    }

    @Test
    void bySurnameTheBoardShowsSurnamePlusMouAndNeverFullNamesOrPhones() throws Exception {
        HonoursFixture f = fixture();
        privacy(f, "SURNAME");
        String html = page("/board/" + f.village.code());
        assertThat(html).contains("张某").doesNotContain(headName(f, 0)).doesNotContain("13800000001");
    }

    @Test
    void byPassbookTheBoardShowsOnlyPassbookNumbers() throws Exception {
        HonoursFixture f = fixture();
        privacy(f, "PASSBOOK");
        String html = page("/board/" + f.village.code());
        assertThat(html).contains(f.h(0).passbookNumber()).doesNotContain("张某").doesNotContain(headName(f, 0));
    }

    @Test
    void byFullNameTheBoardShowsNamesButStillNoPhones() throws Exception {
        HonoursFixture f = fixture();
        privacy(f, "FULL");
        String html = page("/board/" + f.village.code());
        assertThat(html).contains(headName(f, 0)).doesNotContain("13800000001").doesNotContain("1380000");
    }

    @Test
    void negativeListPostingsAreShownWithoutNamesUnderTheDefaultCountyPolicy() throws Exception {
        HonoursFixture f = fixture();
        privacy(f, "FULL");
        f.deduct(2, 10);
        board.evict(f.village.id());
        String html = page("/board/" + f.village.code());
        assertThat(html).contains("（不公示姓名）").contains("-10").doesNotContain(headName(f, 2));
        assertThat(settings.negativeByName(f.village.id())).isFalse();
    }

    @Test
    void claimsInPublicityAreListedWithTheObjectionLink() throws Exception {
        HonoursFixture f = fixture();
        long claim = f.inPublicity(1, "XCZL", 5, false);
        board.evict(f.village.id());
        String html = page("/board/" + f.village.code());
        assertThat(html).contains("/me/claims/" + f.village.id() + "/" + claim).contains("提出异议");
    }

    @Test
    void anUnknownCodeAndATownCodeGetTheSamePlainNotFoundPage() throws Exception {
        MvcResult unknown = open("/board/441821999201");
        MvcResult town = open("/board/441821100");
        assertThat(unknown.getResponse().getStatus()).isEqualTo(404);
        assertThat(town.getResponse().getStatus()).isEqualTo(404);
        String a = unknown.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(a).contains("没有找到这个公示栏").doesNotContain("Exception").doesNotContain("at cn.jifen");
        assertThat(town.getResponse().getContentAsString(StandardCharsets.UTF_8)).isEqualTo(a);
    }

    @Test
    void theIndexListsTownsAndTheirVillages() throws Exception {
        String html = page("/board");
        assertThat(html).contains("石角镇").contains("汤塘镇").contains("/board/441821100201").contains("龙南村");
    }

    @Test
    void thePublicApiGivesTheMaskedBoard() throws Exception {
        HonoursFixture f = fixture();
        privacy(f, "SURNAME");
        String json = page("/api/v1/public/boards/" + f.village.code());
        assertThat(json).contains("\"villageName\":\"" + f.village.name() + "\"").contains("张某")
                .doesNotContain(headName(f, 0));
        assertThat(open("/api/v1/public/boards/nope").getResponse().getStatus()).isEqualTo(404);
    }

    @Test
    void aVillageCannotChooseAModeOutsideTheCountyPolicy() {
        HonoursFixture f = fixture();
        Actor admin = Actors.of(Role.VILLAGE_ADMIN, f.village);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> settings.setPrivacy(admin, f.village.code(), "NICKNAME"))
                .isInstanceOf(cn.jifen.shared.InvalidInput.class);
        assertThat(settings.privacy(f.village.id())).isEqualTo(Privacy.SURNAME);
    }

    @Test
    void thePosterRendersToAnImageWithTheVillageNameAndMaskedNames() throws Exception {
        HonoursFixture f = fixture();
        privacy(f, "SURNAME");
        for (String size : new String[] {"A4", "A3"}) {
            MvcResult r = open("/board/" + f.village.code() + "/poster.pdf?size=" + size);
            assertThat(r.getResponse().getStatus()).isEqualTo(200);
            assertThat(r.getResponse().getContentType()).isEqualTo("application/pdf");
            Path dir = Path.of(System.getProperty("jifen.buildDir", "target"), "poster").toAbsolutePath();
            Files.createDirectories(dir);
            Path pdf = dir.resolve("poster-" + size + ".pdf");
            Files.write(pdf, r.getResponse().getContentAsByteArray());

            String text = run(dir, "pdftotext", "-layout", pdf.toString(), "-");
            assertThat(text).contains(f.village.name() + "积分公示栏").contains("张某").contains("日期")
                    .doesNotContain(headName(f, 0)).doesNotContain("1380000");

            String fonts = run(dir, "pdffonts", pdf.toString());
            assertThat(fonts).contains("WenQuanYi").containsPattern("yes\\s+yes");

            run(dir, "pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", pdf.toString(), dir.resolve("poster-" + size).toString());
            Path png;
            try (var files = Files.list(dir)) {
                png = files.filter(p -> p.getFileName().toString().startsWith("poster-" + size) && p.toString().endsWith(".png"))
                        .findFirst().orElseThrow();
            }
            BufferedImage img = ImageIO.read(png.toFile());
            assertThat(img.getHeight()).isGreaterThan(img.getWidth());
            long dark = 0;
            long red = 0;
            for (int y = 0; y < img.getHeight(); y += 2) {
                for (int x = 0; x < img.getWidth(); x += 2) {
                    int rgb = img.getRGB(x, y);
                    int rr = (rgb >> 16) & 0xff;
                    int gg = (rgb >> 8) & 0xff;
                    int bb = rgb & 0xff;
                    if (rr + gg + bb < 200) {
                        dark++;
                    }
                    if (rr > 150 && gg < 80 && bb < 80) {
                        red++;
                    }
                }
            }
            assertThat(dark).as("black text and QR code on the page").isGreaterThan(500);
            assertThat(red).as("red title").isGreaterThan(50);
        }
    }

    @Test
    void aBadPosterSizeIsAClearMessage() throws Exception {
        HonoursFixture f = fixture();
        MvcResult r = open("/board/" + f.village.code() + "/poster.pdf?size=A0");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("A3 或 A4");
    }

    @Test
    void theNextRedemptionDayAndTheDonorsAreOnTheBoardAndThePoster(@Autowired cn.jifen.market.RedemptionWindows windows,
                                                                   @Autowired cn.jifen.market.Funds funds) throws Exception {
        HonoursFixture f = fixture();
        java.time.LocalDateTime opens = java.time.LocalDateTime.now(java.time.ZoneId.of("Asia/Shanghai")).plusDays(3)
                .withHour(8).withMinute(30);
        windows.schedule(f.countyAdmin, f.village.code(), "第四季度集中兑换日", opens, opens.plusHours(4));
        var fund = funds.create(f.countyAdmin, f.village.code(), "爱心捐赠", "DONATION");
        funds.contribute(f.countyAdmin, f.village.code(), fund.id(), new java.math.BigDecimal("500"), "佛冈爱心企业", null, null);
        board.evict(f.village.id());
        String html = page("/board/" + f.village.code());
        assertThat(html).contains("下次集中兑换日").contains("第四季度集中兑换日")
                .contains(opens.getMonthValue() + "月" + opens.getDayOfMonth() + "日 08:30").contains("佛冈爱心企业").contains("500");
        Path dir = Path.of(System.getProperty("jifen.buildDir", "target"), "poster").toAbsolutePath();
        Files.createDirectories(dir);
        Path pdf = dir.resolve("poster-market.pdf");
        Files.write(pdf, open("/board/" + f.village.code() + "/poster.pdf?size=A4").getResponse().getContentAsByteArray());
        String text = run(dir, "pdftotext", pdf.toString(), "-").replaceAll("\\s+", "");
        assertThat(text).contains("第四季度集中兑换日").contains("佛冈爱心企业").contains("500元");
    }

    static String run(Path dir, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", cmd) + ": " + out).isZero();
        return out;
    }

    @Autowired BoardCache cache;

    @Test
    void oddLanguageTagsAndHostHeadersDoNotGrowTheBoardCache() throws Exception {
        OrgUnit v = orgUnits.byCode("441821100202").orElseThrow();
        cache.evict(v.id());
        for (String lang : List.of("zh", "en", "en-x-1", "en-x-2", "de", "zh-x-3", "fr-CA")) {
            assertThat(mvc.perform(get("/board/" + v.code()).param("lang", lang)).andReturn().getResponse().getStatus())
                    .isEqualTo(200);
        }
        for (int i = 0; i < 3; i++) {
            mvc.perform(get("/board/" + v.code() + "/poster.pdf").header("Host", "forged" + i + ".example")).andReturn();
        }
        assertThat(cache.keys(v.id())).filteredOn(k -> k.contains(":html:")).hasSizeLessThanOrEqualTo(2);
        assertThat(cache.keys(v.id())).noneMatch(k -> k.contains("forged")).noneMatch(k -> k.contains(":poster:"));
    }
}
