package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.directory.ResidentDraft;
import cn.jifen.identity.Users;
import cn.jifen.ledger.Ledger;
import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Household members other than the head who chose to receive the household's notices: signed up with their consent
 * by the head or the village clerk, each gets the household's SMS under the same rules as the head (quiet hours,
 * the household's opt-outs and digest, the county's budget); nobody else may sign them up.
 */
@IntegrationTest
@Import(NotifyTestConfig.class)
class NotifyHouseholdMembersTest extends Db {
    private static final HouseholdReceivers.SignUp CONSENT = new HouseholdReceivers.SignUp(true, null, "当面同意");

    @Autowired AsyncEvents events;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired Users users;
    @Autowired Ledger ledger;
    @Autowired Dispatcher dispatcher;
    @Autowired Inbox inbox;
    @Autowired NotifyPreferences preferences;
    @Autowired NotifySettings settings;
    @Autowired HouseholdReceivers receivers;
    @Autowired JdbcClient jdbc;
    @Autowired NotifyTestConfig.TestClock clock;
    @Autowired NotifyTestConfig.RecordingSms sms;

    NotifyFixture f;
    Resident son;
    Resident daughter;

    @BeforeEach
    void setUp() {
        daytime();
        events.settle();
        dispatcher.runOnce(); // what other tests left in the outbox is not this test's business
        f = new NotifyFixture(orgUnits, households, users, ledger);
        son = resident("黄二", "子女");
        daughter = resident("黄三", "配偶");
    }

    @AfterEach
    void tearDown() {
        clock.reset();
    }

    private void daytime() {
        LocalDate d = LocalDate.now(NotifyTestConfig.TestClock.ZONE);
        clock.set(d.getYear(), d.getMonthValue(), d.getDayOfMonth(), 10, 0);
    }

    private Resident resident(String name, String relation) {
        String phone = "137" + String.format("%08d", ThreadLocalRandom.current().nextInt(100_000_000));
        return households.addResident(f.countyAdmin, f.village.id(), f.household.id(),
                        new ResidentDraft(name, relation, "男", "1990", phone, null, false, null, false))
                .members().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();
    }

    private long smsRowsOfVillage() {
        return jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE channel = 'SMS' AND village_id = :v")
                .param("v", f.village.id()).query(Long.class).single();
    }

    @Test
    void aHouseholdWithNoMemberSignedUpIsToldAsBefore() {
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).hasSize(1);
        assertThat(sms.to(son.phone())).isEmpty();
        assertThat(sms.to(daughter.phone())).isEmpty();
        assertThat(smsRowsOfVillage()).isEqualTo(1);
        assertThat(receivers.list(f.villageAdminActor(), f.village.id(), f.household.id()))
                .extracting(HouseholdReceivers.Receiver::receiving).containsExactly(false, false);
    }

    @Test
    void twoSignedUpMembersEachGetTheHouseholdsSmsNamingTheVillage() {
        receivers.signUpMine(f.villagerActor(), son.id(), CONSENT);
        receivers.signUp(f.villageAdminActor(), f.village.id(), f.household.id(), daughter.id(), CONSENT);
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        String text = "【佛冈县积分制】通知测试村：您家因“门前三包”获得5分，可用积分5分。";
        assertThat(sms.to(f.phone)).extracting(OutboundMessage::text).containsExactly(text);
        assertThat(sms.to(son.phone())).extracting(OutboundMessage::text).containsExactly(text);
        assertThat(sms.to(daughter.phone())).extracting(OutboundMessage::text).containsExactly(text);
        assertThat(inbox.mine(f.villagerActor(), Paging.of(0, 10)).items()).hasSize(1); // members have no inbox
    }

    @Test
    void theConsentRecordsWhoRecordedItAndWhenAndIsAudited() {
        long audits = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'notify.member.on'").query(Long.class).single();
        HouseholdReceivers.Receiver r = receivers.signUp(f.villageAdminActor(), f.village.id(), f.household.id(),
                son.id(), CONSENT);
        assertThat(r.receiving()).isTrue();
        assertThat(r.consentBy()).isEqualTo(f.villageAdmin.username());
        assertThat(r.consentAt().toInstant()).isEqualTo(OffsetDateTime.now(clock).toInstant());
        assertThat(r.consentNote()).isEqualTo("当面同意");
        assertThat(r.phoneMasked()).doesNotContain(son.phone());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'notify.member.on'").query(Long.class)
                .single()).isEqualTo(audits + 1);
    }

    @Test
    void eitherTheHeadOrTheClerkTurnsItOffAndTheMemberGetsNothingMore() {
        receivers.signUp(f.villageAdminActor(), f.village.id(), f.household.id(), son.id(), CONSENT);
        receivers.stopMine(f.villagerActor(), son.id());
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(son.phone())).isEmpty();
        HouseholdReceivers.Receiver r = receivers.mine(f.villagerActor()).stream()
                .filter(x -> x.residentId() == son.id()).findFirst().orElseThrow();
        assertThat(r.receiving()).isFalse();
        assertThat(r.stoppedBy()).isEqualTo(f.villager.username());
        assertThat(jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'notify.member.off' AND target_id = :t")
                .param("t", f.village.id() + "/" + f.household.id() + "/" + son.id()).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void aMembersSmsWaitsOutQuietHoursLikeTheHeads() {
        receivers.signUpMine(f.villagerActor(), son.id(), CONSENT);
        clock.set(2026, 3, 10, 22, 30);
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(son.phone())).isEmpty();
        clock.set(2026, 3, 11, 8, 0);
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(son.phone())).hasSize(1);
    }

    @Test
    void theHouseholdsOptOutHoldsForItsMembers() {
        receivers.signUpMine(f.villagerActor(), son.id(), CONSENT);
        preferences.save(f.villagerActor(), new NotifyPreferences.Change(true, f.phone, false, null, false, null,
                false, List.of("POSTING_CREATED")));
        f.earn(5, "门前三包");
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(f.phone)).isEmpty();
        assertThat(sms.to(son.phone())).isEmpty();
    }

    @Test
    void theHouseholdsDigestFoldsTheMembersMessagesToo() {
        settings.save(f.countyAdmin, null, "20");
        clock.set(2026, 4, 2, 9, 0);
        receivers.signUpMine(f.villagerActor(), son.id(), CONSENT);
        preferences.save(f.villagerActor(), new NotifyPreferences.Change(true, f.phone, false, null, false, null,
                true, List.of()));
        f.earn(5, "门前三包");
        f.earn(3, "志愿服务");
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(son.phone())).isEmpty();
        clock.set(2026, 4, 2, 20, 0);
        events.settle();
        dispatcher.runOnce();
        assertThat(sms.to(son.phone())).hasSize(1);
        assertThat(sms.to(son.phone()).get(0).text()).startsWith("【佛冈县积分制】今日积分消息2条：");
    }

    @Test
    void aMembersSmsCountsAgainstTheCountysBudget() {
        receivers.signUpMine(f.villagerActor(), son.id(), CONSENT);
        long used = settings.usage(f.county.id()).used();
        settings.save(f.countyAdmin, String.valueOf(used + 1), "20");
        try {
            f.earn(5, "门前三包");
            events.settle();
            dispatcher.runOnce();
            assertThat(sms.to(f.phone).size() + sms.to(son.phone()).size()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_outbox WHERE channel = 'SMS' AND village_id = :v"
                    + " AND status = 'OVER_BUDGET'").param("v", f.village.id()).query(Long.class).single()).isEqualTo(1);
        } finally {
            settings.save(f.countyAdmin, null, "20");
        }
    }

    @Test
    void aHeadSignsUpOnlyTheirOwnHouseholdsResidents() {
        NotifyFixture other = new NotifyFixture(orgUnits, households, users, ledger);
        assertThatThrownBy(() -> receivers.signUp(other.villagerActor(), f.village.id(), f.household.id(), son.id(),
                CONSENT)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> receivers.list(other.villagerActor(), f.village.id(), f.household.id()))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> receivers.signUpMine(other.villagerActor(), son.id(), CONSENT))
                .isInstanceOf(NotFound.class);   // not a resident of their household
        assertThat(receivers.list(f.villageAdminActor(), f.village.id(), f.household.id()))
                .noneMatch(HouseholdReceivers.Receiver::receiving);
    }

    @Test
    void aClerkActsOnlyInTheirOwnVillageAndAGridWorkerNotAtAll() {
        NotifyFixture other = new NotifyFixture(orgUnits, households, users, ledger);
        assertThatThrownBy(() -> receivers.signUp(other.villageAdminActor(), f.village.id(), f.household.id(),
                son.id(), CONSENT)).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> receivers.stop(other.villageAdminActor(), f.village.id(), f.household.id(),
                son.id())).isInstanceOf(Forbidden.class);
        Actor grid = new Actor(f.villageAdmin.id(), "grid", "网格员", Role.GRID_WORKER, f.grid.id(), f.grid.path(),
                null, "127.0.0.1");
        assertThatThrownBy(() -> receivers.signUp(grid, f.village.id(), f.household.id(), son.id(), CONSENT))
                .isInstanceOf(Forbidden.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_household_member WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single()).isZero();
    }

    @Test
    void withoutConsentTheHeadOrAMemberWithoutPhoneNothingIsSaved() {
        assertThatThrownBy(() -> receivers.signUpMine(f.villagerActor(), son.id(),
                new HouseholdReceivers.SignUp(false, null, null))).isInstanceOf(InvalidInput.class);
        long head = f.household.head().id();
        assertThatThrownBy(() -> receivers.signUpMine(f.villagerActor(), head, CONSENT))
                .isInstanceOf(InvalidInput.class);
        Resident noPhone = households.addResident(f.countyAdmin, f.village.id(), f.household.id(),
                        new ResidentDraft("黄四", "孙子女", "男", "2010", null, null, false, null, false))
                .members().stream().filter(r -> r.name().equals("黄四")).findFirst().orElseThrow();
        assertThatThrownBy(() -> receivers.signUpMine(f.villagerActor(), noPhone.id(), CONSENT))
                .isInstanceOf(InvalidInput.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_household_member WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single()).isZero();
    }

    @Test
    void nulAndLoneSurrogatesAreRefused() {
        assertThatThrownBy(() -> receivers.signUpMine(f.villagerActor(), son.id(),
                new HouseholdReceivers.SignUp(true, null, "当面\u0000同意"))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> receivers.signUpMine(f.villagerActor(), son.id(),
                new HouseholdReceivers.SignUp(true, null, "当面同意\uD800"))).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> receivers.signUpMine(f.villagerActor(), son.id(),
                new HouseholdReceivers.SignUp(true, "oABC\uDC00defg", null))).isInstanceOf(InvalidInput.class);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM notify_household_member WHERE village_id = :v")
                .param("v", f.village.id()).query(Long.class).single()).isZero();
    }
}
