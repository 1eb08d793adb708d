package cn.jifen.honours.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import cn.jifen.honours.Honour;
import cn.jifen.honours.Honours;
import cn.jifen.honours.HonoursFixture;
import cn.jifen.honours.ReferenceCertificate;
import cn.jifen.honours.ReferenceCertificates;

/** The printed certificates carry the village, the period, the serial and the verification address (checked with pdftotext). */
@IntegrationTest
class CertificatePdfTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired Honours honours;
    @Autowired ReferenceCertificates certificates;

    @Test
    void theStarPersonCertificateNamesVillagePeriodSerialAndVerificationAddress() throws Exception {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 1);
        f.earnBy(0, f.spouse(0), 20);
        Honour h = honours.awardStarPersons(f.admin, f.village.code(), null, List.of(f.spouse(0))).get(0);
        String url = "https://jifen.example.cn/verify/" + h.verifyCode();
        String text = text(CertificatePdf.starPerson(h, f.village.name(), url), "star-person");
        assertThat(text.replaceAll("\\s+", "")).contains("荣誉证书").contains(f.village.name()).contains(h.periodLabel())
                .contains("正能量红人").contains(h.serial()).contains("李1");
    }

    @Test
    void theReferenceCertificateStatesItsFactsAndVerificationAddress() throws Exception {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 1);
        f.inCategory(f.earn(0, 25), "ZYFW");
        ReferenceCertificate c = certificates.issue(f.admin, new ReferenceCertificates.Request(f.village.id(), f.h(0).id(),
                null, "RESERVE_CADRE", null, f.today.withDayOfYear(1), f.today));
        String url = "https://jifen.example.cn/verify/" + c.code();
        String text = text(CertificatePdf.reference(c, url), "reference").replaceAll("\\s+", "");
        assertThat(text).contains("积分证明").contains(c.serial()).contains(f.village.name()).contains("志愿服务")
                .contains("25").contains("后备干部").contains("账本校验").contains(c.code());
    }

    private static String text(byte[] pdf, String name) throws Exception {
        Path dir = Path.of(System.getProperty("jifen.buildDir", "target"), "certificates").toAbsolutePath();
        Files.createDirectories(dir);
        Path file = dir.resolve(name + ".pdf");
        Files.write(file, pdf);
        Process p = new ProcessBuilder("pdftotext", file.toString(), "-").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
