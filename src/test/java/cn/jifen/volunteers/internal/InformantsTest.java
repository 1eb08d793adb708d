package cn.jifen.volunteers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDetail;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import cn.jifen.volunteers.InformantReport;
import cn.jifen.volunteers.Informants;
import cn.jifen.volunteers.VolunteerFixture;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

@IntegrationTest
class InformantsTest extends Db {
    @Autowired Informants informants;
    @Autowired Claims claims;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired RuleCatalogue catalogue;
    @Autowired JdbcClient jdbc;

    VolunteerFixture.Vil a;
    VolunteerFixture f;

    @BeforeEach
    void village() {
        f = new VolunteerFixture(orgUnits, households, catalogue);
        a = f.a;
    }

    static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 3, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    /** Household 0's head is the informant of the first grid; returns the informant's villager account. */
    private Actor informant() {
        informants.appoint(a.admin, a.village.code(), a.grid.code(), a.passbook(0), null, f.today.minusDays(30));
        return a.villager(0);
    }

    private long reports() {
        return jdbc.sql("SELECT COUNT(*) FROM informant_report WHERE village_id = :v").param("v", a.village.id())
                .query(Long.class).single();
    }

    @Test
    void theVillageAdminAppointsAnInformantOfAGridAndEndingKeepsTheHistory() {
        Informant i = informants.appoint(a.admin, a.village.code(), a.grid.code(), a.passbook(0), null, f.today.minusDays(30));
        assertThat(i.gridName()).isEqualTo("一网格");
        assertThat(i.residentName()).isEqualTo(a.h(0).headName());
        informants.end(a.admin, a.village.id(), i.id(), f.today.minusDays(1), "外出务工");
        informants.appoint(a.admin, a.village.code(), a.grid.code(), a.passbook(1), null, null);
        List<Informant> all = informants.list(a.gridWorker, a.village.code());
        assertThat(all).hasSize(2);
        assertThat(all.get(0).current()).isTrue();
        assertThat(all.get(1).endReason()).isEqualTo("外出务工");
        assertThat(informants.mine(a.villager(0))).isEmpty();
    }

    @Test
    void appointingSomeoneWhoAlreadyServesTheGridIsAConflict() {
        informant();
        assertThatThrownBy(() -> informants.appoint(a.admin, a.village.code(), a.grid.code(), a.passbook(0), null, null))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.informants.alreadyServing"));
        assertThat(informants.list(a.admin, a.village.code())).hasSize(1);
    }

    @Test
    void aResidentOfAnotherGridIsNotAppointedForThisOne() {
        assertThatThrownBy(() -> informants.appoint(a.admin, a.village.code(), a.grid.code(), a.inGrid2.passbookNumber(),
                null, null)).isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.informants.notInGrid"));
        assertThatThrownBy(() -> informants.appoint(a.gridWorker, a.village.code(), a.grid.code(), a.passbook(0), null,
                null)).isInstanceOf(Forbidden.class);
    }

    @Test
    void endingBeforeTheAppointmentIsRefusedAndEndingTwiceIsAConflict() {
        Informant i = informants.appoint(a.admin, a.village.code(), a.grid.code(), a.passbook(0), null, f.today.minusDays(5));
        assertThatThrownBy(() -> informants.end(a.admin, a.village.id(), i.id(), f.today.minusDays(6), null))
                .isInstanceOf(InvalidInput.class);
        informants.end(a.admin, a.village.id(), i.id(), null, null);
        assertThatThrownBy(() -> informants.end(a.admin, a.village.id(), i.id(), null, null)).isInstanceOf(Conflict.class);
    }

    @Test
    void aVillagerWhoIsNotAnInformantCannotReport() {
        informant();
        assertThatThrownBy(() -> informants.report(a.villager(1), "CLUTTER", "柴草堆在路边", null, null))
                .isInstanceOfSatisfying(Forbidden.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.informants.notInformant"));
        assertThat(reports()).isZero();
    }

    @Test
    void anInformantReportingOnAHouseholdOutsideTheirGridIsRefusedAndNothingIsStored() {
        Actor me = informant();
        assertThatThrownBy(() -> informants.report(me, "LIVESTOCK", "鸡鸭散养在村道上", a.inGrid2.passbookNumber(), null))
                .isInstanceOfSatisfying(InvalidInput.class, e -> assertThat(e.problems().get(0).messageKey())
                        .isEqualTo("error.informants.outsideGrid"));
        assertThat(reports()).isZero();
    }

    @Test
    void theGridWorkerConfirmsAReportIntoAClaimWithThePhotoAndTheInformantEarnsTheParticipationItem() throws Exception {
        Actor me = informant();
        InformantReport r = informants.report(me, "CLUTTER", "一组3号门前乱堆建筑垃圾", a.passbook(2), png());
        assertThat(r.hasPhoto()).isTrue();
        assertThat(r.subjectPassbook()).isEqualTo(a.passbook(2));
        assertThat(informants.reports(a.gridWorker, null, Paging.first(50)).items()).extracting(InformantReport::id)
                .containsExactly(r.id());

        InformantReport done = informants.confirm(a.gridWorker, a.village.id(), r.id(), "FL01", 10, null, null);
        assertThat(done.status()).isEqualTo("CONFIRMED");
        ClaimDetail claim = claims.detail(a.admin, a.village.id(), done.claimId());
        assertThat(claim.claim().householdId()).isEqualTo(a.h(2).id());
        assertThat(claim.claim().itemCode()).isEqualTo("FL01");
        assertThat(claim.photos()).hasSize(1);
        Claim reward = claims.get(a.admin, a.village.id(), done.rewardClaimId());
        assertThat(reward.householdId()).isEqualTo(a.h(0).id());
        assertThat(reward.itemCode()).isEqualTo("ZL03");
        assertThat(reward.points()).isEqualTo(2);
        assertThat(informants.list(a.admin, a.village.code()).get(0).confirmedReports()).isEqualTo(1);
        assertThat(informants.myReports(me)).singleElement()
                .satisfies(x -> assertThat(x.status()).isEqualTo("CONFIRMED"));
    }

    @Test
    void confirmingTwiceIsAConflictAndRecordsNoSecondClaim() {
        Actor me = informant();
        InformantReport r = informants.report(me, "LIVESTOCK", "鸡鸭散养", a.passbook(1), null);
        informants.confirm(a.gridWorker, a.village.id(), r.id(), "FL01", 10, null, null);
        long claimsBefore = jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v").param("v", a.village.id())
                .query(Long.class).single();
        assertThatThrownBy(() -> informants.confirm(a.admin, a.village.id(), r.id(), "FL01", 10, null, null))
                .isInstanceOfSatisfying(Conflict.class,
                        e -> assertThat(e.messageKey()).isEqualTo("error.informants.decided"));
        assertThatThrownBy(() -> informants.dismiss(a.gridWorker, a.village.id(), r.id(), "重复"))
                .isInstanceOf(Conflict.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM claim WHERE village_id = :v").param("v", a.village.id())
                .query(Long.class).single()).isEqualTo(claimsBefore);
    }

    @Test
    void aClaimTheClaimsModuleRefusesLeavesTheReportOpen() {
        Actor me = informant();
        InformantReport r = informants.report(me, "SAFETY", "电线裸露", a.passbook(1), null);
        assertThatThrownBy(() -> informants.confirm(a.gridWorker, a.village.id(), r.id(), "FL01", 99, null, null))
                .isInstanceOf(InvalidInput.class);
        assertThat(informants.get(a.gridWorker, a.village.id(), r.id()).open()).isTrue();
    }

    @Test
    void aDismissalNeedsAReasonWhichTheInformantSees() {
        Actor me = informant();
        InformantReport r = informants.report(me, "OTHER", "路灯不亮", null, null);
        assertThatThrownBy(() -> informants.dismiss(a.gridWorker, a.village.id(), r.id(), " "))
                .isInstanceOf(InvalidInput.class);
        informants.dismiss(a.gridWorker, a.village.id(), r.id(), "路灯归供电所管，已转告");
        assertThat(informants.myReports(me)).singleElement()
                .satisfies(x -> assertThat(x.decisionReason()).isEqualTo("路灯归供电所管，已转告"));
    }

    @Test
    void theGridWorkerOfAnotherGridNeitherSeesNorConfirmsTheReport() {
        Actor me = informant();
        InformantReport r = informants.report(me, "CLUTTER", "柴草乱堆", a.passbook(1), null);
        assertThat(informants.reports(a.gridWorker2, null, Paging.first(50)).items()).isEmpty();
        assertThatThrownBy(() -> informants.confirm(a.gridWorker2, a.village.id(), r.id(), "FL01", 10, null, null))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> informants.get(f.b.admin, a.village.id(), r.id())).isInstanceOf(NotFound.class);
    }
}
