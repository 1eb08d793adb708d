package cn.jifen.honours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.Actors;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;

@IntegrationTest
class ReferenceCertificatesTest extends Db {
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Ledger ledger;
    @Autowired JdbcClient jdbc;
    @Autowired ReferenceCertificates certificates;
    @Autowired Consents consents;
    @Autowired Users users;
    @Autowired Honours honours;
    @Autowired MockMvc mvc;

    private HonoursFixture fixture() {
        HonoursFixture f = new HonoursFixture(orgUnits, households, ledger, jdbc, 2);
        f.inCategory(f.earn(0, 30), "ZYFW");
        f.inCategory(f.earn(0, 10), "WMXF");
        f.earn(0, 5); // not from a claim: 其他
        return f;
    }

    private ReferenceCertificates.Request request(HonoursFixture f, int i, String purpose) {
        return new ReferenceCertificates.Request(f.village.id(), f.h(i).id(), null, purpose, null,
                f.today.withDayOfYear(1), f.today);
    }

    private String page(String path) throws Exception {
        MvcResult r = mvc.perform(get(path)).andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    @Test
    void aCertificateStatesScoresByCategoryHonoursVetoesAndTheLedgerState() {
        HonoursFixture f = fixture();
        honours.confirmFlag(f.admin, f.village.code(), null, null, null);
        ReferenceCertificate c = certificates.issue(f.admin, request(f, 0, "PARTY_APPLICATION"));
        assertThat(c.serial()).isEqualTo("JFZM-" + f.village.code() + "-" + f.today.getYear() + "-0001");
        assertThat(c.code()).matches("[0-9a-f]{32}");
        assertThat(c.facts().totalScore()).isEqualTo(45);
        assertThat(c.facts().categories()).extracting(CertificateFacts.CategoryScore::category, CertificateFacts.CategoryScore::score)
                .contains(Tuple.tuple("志愿服务", 30L), Tuple.tuple("文明新风", 10L),
                        Tuple.tuple("其他", 5L));
        assertThat(c.facts().honours()).anyMatch(h -> h.contains("流动红旗"));
        assertThat(c.facts().vetoYears()).isEmpty();
        assertThat(c.facts().ledgerIntact()).isTrue();
        assertThat(c.purpose()).isEqualTo(CertificatePurpose.PARTY_APPLICATION);
        ReferenceCertificate second = certificates.issue(f.admin, request(f, 1, "RESERVE_CADRE"));
        assertThat(second.serial()).endsWith("-0002");
    }

    @Test
    void aVetoShowsOnTheCertificate() {
        HonoursFixture f = fixture();
        f.veto(1);
        ReferenceCertificate c = certificates.issue(f.admin, request(f, 1, "RESERVE_CADRE"));
        assertThat(c.facts().vetoYears()).containsExactly(f.today.getYear());
    }

    @Test
    void aCreditLoanCertificateNeedsTheHouseholdsConsent() {
        HonoursFixture f = fixture();
        assertThatThrownBy(() -> certificates.issue(f.admin, request(f, 0, "CREDIT_LOAN"))).isInstanceOf(Conflict.class);
        consents.grant(f.admin, f.village.id(), f.h(0).id(), "清远农商银行", "同意书 2026-018");
        assertThat(certificates.issue(f.admin, request(f, 0, "CREDIT_LOAN")).purpose()).isEqualTo(CertificatePurpose.CREDIT_LOAN);
        consents.withdraw(f.admin, f.village.id(), f.h(0).id(), "清远农商银行");
        assertThatThrownBy(() -> certificates.issue(f.admin, request(f, 0, "CREDIT_LOAN"))).isInstanceOf(Conflict.class);
    }

    @Test
    void badRequestsAreClearInputErrors() {
        HonoursFixture f = fixture();
        assertThatThrownBy(() -> certificates.issue(f.admin, request(f, 0, "LOTTERY"))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> certificates.issue(f.admin, request(f, 0, "OTHER"))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> certificates.issue(f.admin, new ReferenceCertificates.Request(f.village.id(), f.h(0).id(), null,
                "PARTY_APPLICATION", null, f.today, f.today.plusDays(3)))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> certificates.issue(f.admin, new ReferenceCertificates.Request(f.village.id(), f.h(0).id(),
                f.head(1), "PARTY_APPLICATION", null, f.today, f.today))).isInstanceOf(InvalidInput.class);
    }

    @Test
    void onlyAdminsIssueAndOutOfScopeIsNotFound() {
        HonoursFixture f = fixture();
        assertThatThrownBy(() -> certificates.issue(Actors.of(Role.GRID_WORKER, f.grid), request(f, 0, "PARTY_APPLICATION")))
                .isInstanceOf(Forbidden.class);
        Actor other = Actors.of(Role.VILLAGE_ADMIN, orgUnits.byCode("441821101201").orElseThrow());
        assertThatThrownBy(() -> certificates.issue(other, request(f, 0, "PARTY_APPLICATION"))).isInstanceOf(NotFound.class);
    }

    @Test
    void aPersonalCertificateCountsOnlyThatResidentsPostings() {
        HonoursFixture f = fixture();
        f.earnBy(0, f.spouse(0), 7);
        ReferenceCertificate c = certificates.issue(f.admin, new ReferenceCertificates.Request(f.village.id(), f.h(0).id(),
                f.spouse(0), "PARTY_APPLICATION", null, f.today, f.today));
        assertThat(c.facts().totalScore()).isEqualTo(7);
        assertThat(c.holderName()).isEqualTo("李1");
    }

    @Test
    void theVerificationPageShowsTheFactsThenSaysRevoked() throws Exception {
        HonoursFixture f = fixture();
        ReferenceCertificate c = certificates.issue(f.admin, request(f, 0, "RESERVE_CADRE"));
        String html = page("/verify/" + c.code());
        assertThat(html).contains(c.serial()).contains("真实有效").contains(f.village.name()).contains("45")
                .doesNotContain(f.h(0).headName()).contains(c.maskedName());
        certificates.revoke(f.admin, f.village.id(), c.id(), "信息有误，重新开具");
        String after = page("/verify/" + c.code());
        assertThat(after).contains("已于").contains("作废").contains("信息有误").doesNotContain("真实有效");
        assertThatThrownBy(() -> certificates.revoke(f.admin, f.village.id(), c.id(), "again")).isInstanceOf(Conflict.class);
    }

    @Test
    void aRevocationWithoutAReasonOrWithATooLongOneIsRefusedNamingTheReasonAndTheCertificateStaysValid() {
        HonoursFixture f = fixture();
        ReferenceCertificate c = certificates.issue(f.admin, request(f, 0, "PARTY_APPLICATION"));
        assertThatThrownBy(() -> certificates.revoke(f.admin, f.village.id(), c.id(), " "))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("reason", "error.certificates.revokeReason")));
        assertThatThrownBy(() -> certificates.revoke(f.admin, f.village.id(), c.id(), "误".repeat(501)))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems())
                        .extracting(InvalidInput.Problem::field, InvalidInput.Problem::messageKey)
                        .containsExactly(tuple("reason", "error.tooLong")));
        assertThat(certificates.get(f.admin, f.village.id(), c.id()).revoked()).isFalse();
    }

    @Test
    void aRevocationWithoutAReasonFromANonAdminIsRefusedForTheRole() {
        HonoursFixture f = fixture();
        ReferenceCertificate c = certificates.issue(f.admin, request(f, 0, "PARTY_APPLICATION"));
        assertThatThrownBy(() -> certificates.revoke(Actors.of(Role.GRID_WORKER, f.grid), f.village.id(), c.id(), " "))
                .isInstanceOf(Forbidden.class);
        assertThat(certificates.get(f.admin, f.village.id(), c.id()).revoked()).isFalse();
    }

    @Test
    void unknownAndMalformedCodesGetTheSamePlainNotFoundPage() throws Exception {
        MvcResult a = mvc.perform(get("/verify/0123456789abcdef0123456789abcdef")).andReturn();
        MvcResult b = mvc.perform(get("/verify/x' OR 1=1")).andReturn();
        assertThat(a.getResponse().getStatus()).isEqualTo(404);
        assertThat(b.getResponse().getStatus()).isEqualTo(404);
        assertThat(a.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("没有找到这份证明")
                .isEqualTo(b.getResponse().getContentAsString(StandardCharsets.UTF_8));
    }

    @Test
    void anHonourCertificateIsVerifiableToo() throws Exception {
        HonoursFixture f = fixture();
        f.earnBy(1, f.head(1), 9);
        Honour h = honours.awardStarPersons(f.admin, f.village.code(), null, List.of(f.head(1))).get(0);
        assertThat(page("/verify/" + h.verifyCode())).contains("正能量红人").contains(h.serial()).contains("真实有效");
    }

    @Test
    void thePublicVerificationOfAHouseholdCertificateNamesNoMemberBehindTheirHonours() throws Exception {
        HonoursFixture f = fixture();
        f.earnBy(1, f.head(1), 9);
        honours.awardStarPersons(f.admin, f.village.code(), null, List.of(f.head(1)));
        String fullName = jdbc.sql("SELECT name FROM resident WHERE id = :r").param("r", f.head(1))
                .query(String.class).single();
        ReferenceCertificate c = certificates.issue(f.admin, request(f, 1, "PARTY_APPLICATION"));
        assertThat(c.facts().honours()).anyMatch(h -> h.contains("正能量红人"));
        String page = page("/verify/" + c.code());
        assertThat(page).contains("正能量红人").doesNotContain(fullName);
        String api = mvc.perform(get("/api/v1/public/verify/" + c.code())).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(api).contains("正能量红人").doesNotContain(fullName);
    }

    @Test
    void aPartnerBankAuditorSeesOnlyConsentingHouseholds() {
        HonoursFixture f = fixture();
        ReferenceCertificate a = certificates.issue(f.admin, request(f, 0, "PARTY_APPLICATION"));
        consents.grant(f.admin, f.village.id(), f.h(1).id(), "测试银行X", null);
        ReferenceCertificate b = certificates.issue(f.admin, request(f, 1, "CREDIT_LOAN"));
        UserAccount account = users.createStaff(f.countyAdmin, Actors.code("bank"), "银行", "AUDITOR",
                f.village.code(), "Bank-pass-2026");
        long id = account.id();
        consents.bindAuditor(f.countyAdmin, id, "测试银行X");
        Actor bank = new Actor(id, "bank", "银行", Role.AUDITOR, f.village.id(), f.village.path(), null, null);
        var listed = certificates.list(bank, f.village.code(), Paging.first(50));
        assertThat(listed.items()).extracting(ReferenceCertificate::id).containsExactly(b.id());
        assertThat(listed.total()).as("the total counts only the consenting households' certificates").isEqualTo(1);
        assertThat(certificates.get(bank, f.village.id(), b.id()).id()).isEqualTo(b.id());
        assertThatThrownBy(() -> certificates.get(bank, f.village.id(), a.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> honours.flag(bank, f.village.code(), null)).isInstanceOf(Forbidden.class);
        assertThat(account.role()).isEqualTo(Role.AUDITOR);
    }
}
