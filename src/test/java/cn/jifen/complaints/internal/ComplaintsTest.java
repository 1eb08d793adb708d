package cn.jifen.complaints.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.jifen.audit.AuditLog;
import cn.jifen.complaints.Complaint;
import cn.jifen.complaints.ComplaintFixture;
import cn.jifen.complaints.ComplaintStatus;
import cn.jifen.complaints.Complaints;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Paging;
import cn.jifen.shared.PracticeFigures;
import cn.jifen.shared.RequestValidation;
import cn.jifen.support.AsyncEvents;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@IntegrationTest
class ComplaintsTest extends Db {
    static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

    @Autowired AsyncEvents asyncEvents;
    @Autowired Complaints complaints;
    @Autowired ComplaintSql sql;
    @Autowired ComplaintPhotos photos;
    @Autowired ComplaintFigures figures;
    @Autowired OrgUnits orgUnits;
    @Autowired Households households;
    @Autowired AuditLog audit;
    @Autowired ApplicationEventPublisher events;
    @Autowired TransactionTemplate tx;
    @Autowired JdbcClient jdbc;
    @Autowired RequestValidation validation;

    ComplaintFixture f;

    @BeforeEach
    void village() {
        f = new ComplaintFixture(orgUnits, households);
    }

    /** The service with the county clock stopped at {@code at}. */
    private Complaints at(Instant at) {
        return new Complaints(sql, photos, orgUnits, households, audit, events, tx, Clock.fixed(at, ZONE), 7,
                validation);
    }

    private long count() {
        return jdbc.sql("SELECT COUNT(*) FROM complaint WHERE village_id = :v").param("v", f.village.id())
                .query(Long.class).single();
    }

    /** The complaint's overdue notices, once the asynchronous listener has written what it will. */
    private long overdueEvents(Complaint c) {
        asyncEvents.settle();
        return jdbc.sql("SELECT COUNT(*) FROM notify_event WHERE event_key = :k")
                .param("k", "complaint-overdue:" + c.villageId() + "/" + c.id()).query(Long.class).single();
    }

    static byte[] png(String textChunk) throws Exception {
        BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 2, 0x00ff00);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        byte[] plain = out.toByteArray();
        if (textChunk == null) {
            return plain;
        }
        // a tEXt chunk after IHDR (8-byte signature + 25-byte IHDR chunk), as a phone's camera app might add
        byte[] type = "tEXt".getBytes(StandardCharsets.US_ASCII);
        byte[] data = ("Comment\0" + textChunk).getBytes(StandardCharsets.ISO_8859_1);
        CRC32 crc = new CRC32();
        crc.update(type);
        crc.update(data);
        ByteArrayOutputStream withText = new ByteArrayOutputStream();
        withText.write(plain, 0, 33);
        withText.write(ByteBuffer.allocate(4).putInt(data.length).array());
        withText.write(type);
        withText.write(data);
        withText.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
        withText.write(plain, 33, plain.length - 33);
        return withText.toByteArray();
    }

    @Test
    void aVillagerFilesForTheirHouseholdAndTheDeadlineIsTheCountysAnswerDaysLater() {
        Instant filedAt = Instant.now().minus(30, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Complaint c = at(filedAt).file(f.villager(0), "COMPLAINT", "村口路灯坏了两个月", false, List.of());
        assertThat(c.villageId()).isEqualTo(f.village.id());
        assertThat(c.status()).isEqualTo(ComplaintStatus.OPEN);
        assertThat(c.createdAt().toInstant()).isEqualTo(filedAt);
        assertThat(c.deadline().toInstant()).isEqualTo(filedAt.plus(Duration.ofDays(7)));
        assertThat(complaints.mine(f.villager(0))).extracting(Complaint::id).containsExactly(c.id());
        assertThat(complaints.mine(f.villager(1))).isEmpty();
    }

    @Test
    void anAnonymousFilerIsHiddenFromTheVillageButShownToTheTownAndCounty() {
        Complaint c = complaints.file(f.villager(0), "SUGGESTION", "建议在祠堂前装一个健身器材", true, List.of());
        Complaint byVillage = complaints.get(f.villageAdmin, f.village.id(), c.id());
        assertThat(byVillage.filer()).isNull();
        assertThat(byVillage.filerHidden()).isTrue();
        assertThat(complaints.list(f.villageAdmin, f.village.code(), Complaints.Filter.ALL, Paging.of(0, 10)).items())
                .allSatisfy(x -> assertThat(x.filer()).isNull());
        assertThat(complaints.get(f.townAdmin, f.village.id(), c.id()).filer()).isEqualTo("户主1");
        assertThat(complaints.get(f.countyAdmin, f.village.id(), c.id()).filer()).isEqualTo("户主1");
        assertThat(complaints.get(f.auditor, f.village.id(), c.id()).filer()).isEqualTo("户主1");
        Complaint named = complaints.file(f.villager(1), "COMPLAINT", "垃圾桶满了没人清", false, List.of());
        assertThat(complaints.get(f.villageAdmin, f.village.id(), named.id()).filer()).isEqualTo("户主2");
    }

    @Test
    void anAnonymousFilingIsLoggedWhereOnlyTheTownAndCountyReadIt() {
        Complaint c = complaints.file(f.villager(0), "COMPLAINT", "有人在河边倒垃圾", true, List.of());
        String path = jdbc.sql("SELECT org_path FROM audit_log WHERE action = 'complaints.file' AND target_id = :t")
                .param("t", f.village.id() + "/" + c.id()).query(String.class).single();
        assertThat(f.villageAdmin.covers(path)).isFalse();
        assertThat(f.townAdmin.covers(path)).isTrue();
    }

    @Test
    void anOverdueComplaintIsEscalatedOnceAtItsDeadlineAndTheTownMayThenAnswer() {
        Instant filedAt = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Complaint c = at(filedAt).file(f.villager(0), "COMPLAINT", "自来水有泥沙", false, List.of());
        Instant deadline = filedAt.plus(Duration.ofDays(7));
        at(deadline.minusSeconds(1)).escalateDue();
        assertThat(complaints.get(f.townAdmin, f.village.id(), c.id()).status()).isEqualTo(ComplaintStatus.OPEN);
        assertThatThrownBy(() -> complaints.answer(f.townAdmin, f.village.id(), c.id(), "镇里来处理", false))
                .isInstanceOf(Forbidden.class);

        assertThat(at(deadline.plusSeconds(1)).escalateDue()).isGreaterThanOrEqualTo(1);
        assertThat(at(deadline.plusSeconds(60)).escalateDue()).isZero();
        Complaint escalated = complaints.get(f.townAdmin, f.village.id(), c.id());
        assertThat(escalated.status()).isEqualTo(ComplaintStatus.ESCALATED);
        assertThat(escalated.overdue()).isTrue();
        assertThat(overdueEvents(c)).isEqualTo(1);
        assertThat(complaints.list(f.townAdmin, null, Complaints.Filter.ESCALATED, Paging.of(0, 500)).items())
                .extracting(Complaint::id).contains(c.id());

        Complaint answered = complaints.answer(f.townAdmin, f.village.id(), c.id(), "已联系水厂检修管道", false);
        assertThat(answered.status()).isEqualTo(ComplaintStatus.ANSWERED);
        assertThat(answered.answeredOnTime()).isFalse();
    }

    @Test
    void twoEscalationRunsAtOnceEscalateAndNotifyEachComplaintOnce() throws Exception {
        Instant filedAt = Instant.now().minus(50, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        Complaint a = at(filedAt).file(f.villager(0), "COMPLAINT", "路面坑洼", false, List.of());
        Complaint b = at(filedAt).file(f.villager(1), "SUGGESTION", "增设公交站", false, List.of());
        Complaints later = at(filedAt.plus(Duration.ofDays(8)));
        CompletableFuture<Integer> one = CompletableFuture.supplyAsync(later::escalateDue);
        CompletableFuture<Integer> two = CompletableFuture.supplyAsync(later::escalateDue);
        one.get();
        two.get();
        assertThat(overdueEvents(a)).isEqualTo(1);
        assertThat(overdueEvents(b)).isEqualTo(1);
        long audits = jdbc.sql("SELECT COUNT(*) FROM audit_log WHERE action = 'complaints.escalate' AND target_id IN (:t)")
                .param("t", List.of(f.village.id() + "/" + a.id(), f.village.id() + "/" + b.id())).query(Long.class).single();
        assertThat(audits).isEqualTo(2);
    }

    @Test
    void theVillageAdminAnswersOnTimeAndASecondAnswerIsAConflict() {
        Complaint c = complaints.file(f.villager(0), "COMPLAINT", "路灯不亮", false, List.of());
        Complaint a = complaints.answer(f.villageAdmin, f.village.id(), c.id(), "已报修，三天内修好", false);
        assertThat(a.status()).isEqualTo(ComplaintStatus.ANSWERED);
        assertThat(a.answeredOnTime()).isTrue();
        assertThat(a.reply()).isEqualTo("已报修，三天内修好");
        assertThatThrownBy(() -> complaints.answer(f.villageAdmin, f.village.id(), c.id(), "再答一次", false))
                .isInstanceOf(Conflict.class);
        assertThat(complaints.mine(f.villager(0)).get(0).reply()).isEqualTo("已报修，三天内修好");
    }

    @Test
    void onlyAPublicReplyReachesTheBoardAndNeverWithTheFiler() {
        Complaint pub = complaints.file(f.villager(0), "SUGGESTION", "建议周末开放文化室", false, List.of());
        Complaint priv = complaints.file(f.villager(1), "COMPLAINT", "邻居噪音扰民", false, List.of());
        complaints.answer(f.villageAdmin, f.village.id(), pub.id(), "从下月起周六开放", true);
        complaints.answer(f.villageAdmin, f.village.id(), priv.id(), "已上门调解", false);
        List<PublicReply> board = complaints.publicReplies(f.village);
        assertThat(board).extracting(PublicReply::id).containsExactly(pub.id());
        assertThat(board.get(0).reply()).isEqualTo("从下月起周六开放");
        assertThat(PublicReply.class.getRecordComponents()).extracting(RecordComponent::getName)
                .doesNotContain("filer", "householdId", "filerName");
    }

    @Test
    void theFilerRatesAnAnsweredComplaintOnceFromOneToFive() {
        Complaint c = complaints.file(f.villager(0), "COMPLAINT", "水沟堵了", false, List.of());
        assertThatThrownBy(() -> complaints.rate(f.villager(0), f.village.id(), c.id(), 5, null))
                .isInstanceOf(Conflict.class);
        complaints.answer(f.villageAdmin, f.village.id(), c.id(), "已疏通", false);
        assertThatThrownBy(() -> complaints.rate(f.villager(0), f.village.id(), c.id(), 6, null))
                .isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> complaints.rate(f.villager(1), f.village.id(), c.id(), 5, null))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> complaints.rate(f.villageAdmin, f.village.id(), c.id(), 5, null))
                .isInstanceOf(Forbidden.class);
        Complaint rated = complaints.rate(f.villager(0), f.village.id(), c.id(), 4, "处理及时");
        assertThat(rated.status()).isEqualTo(ComplaintStatus.RATED);
        assertThat(rated.rating()).isEqualTo(4);
        assertThat(rated.ratingComment()).isEqualTo("处理及时");
        assertThatThrownBy(() -> complaints.rate(f.villager(0), f.village.id(), c.id(), 1, "改主意了"))
                .isInstanceOf(Conflict.class);
        assertThat(complaints.get(f.villageAdmin, f.village.id(), c.id()).rating()).isEqualTo(4);
    }

    @Test
    void badInputIsRefusedWithTheFieldToFixAndNothingIsSaved() throws Exception {
        long before = count();
        Actor v = f.villager(0);
        assertThat(problemField(() -> complaints.file(v, "COMPLAINT", "  ", false, List.of()))).isEqualTo("body");
        assertThat(problemField(() -> complaints.file(v, "PRAISE", "好", false, List.of()))).isEqualTo("kind");
        assertThat(problemField(() -> complaints.file(v, null, "好", false, List.of()))).isEqualTo("kind");
        assertThat(problemField(() -> complaints.file(v, "COMPLAINT", "x".repeat(1001), false, List.of()))).isEqualTo("body");
        assertThat(problemField(() -> complaints.file(v, "COMPLAINT", "有\u0000字", false, List.of()))).isEqualTo("body");
        byte[] p = png(null);
        assertThat(problemField(() -> complaints.file(v, "COMPLAINT", "四张照片", false, List.of(p, p, p, p))))
                .isEqualTo("photos");
        assertThat(problemField(() -> complaints.file(v, "COMPLAINT", "不是照片", false,
                List.of("GIF89a...".getBytes(StandardCharsets.US_ASCII))))).isEqualTo("photo");
        assertThat(count()).isEqualTo(before);
        Complaint c = complaints.file(v, "COMPLAINT", "正常的一条", false, List.of());
        assertThat(problemField(() -> complaints.answer(f.villageAdmin, f.village.id(), c.id(), "", false))).isEqualTo("reply");
        assertThat(complaints.get(f.villageAdmin, f.village.id(), c.id()).status()).isEqualTo(ComplaintStatus.OPEN);
    }

    private static String problemField(Runnable r) {
        try {
            r.run();
        } catch (InvalidInput e) {
            return e.problems().get(0).field();
        }
        throw new AssertionError("expected InvalidInput");
    }

    @Test
    void photosAreStoredWithoutTheirMetadata() throws Exception {
        byte[] tagged = png("GPS 23.6821,113.5310 Xiaomi 13");
        Complaint c = complaints.file(f.villager(0), "COMPLAINT", "危房墙体开裂", true, List.of(tagged, png(null)));
        assertThat(c.photoIds()).hasSize(2);
        byte[][] stored = complaints.photo(f.villageAdmin, f.village.id(), c.id(), c.photoIds().get(0));
        assertThat(Complaints.photoType(stored)).isEqualTo("image/jpeg");
        assertThat(new String(stored[1], StandardCharsets.ISO_8859_1)).doesNotContain("GPS").doesNotContain("Xiaomi");
        assertThat(ImageIO.read(new ByteArrayInputStream(stored[1])).getWidth()).isEqualTo(40);
        assertThatThrownBy(() -> complaints.photo(f.villager(1), f.village.id(), c.id(), c.photoIds().get(0)))
                .isInstanceOf(NotFound.class);
    }

    @Test
    void aVillageAdminEntersAComplaintForAVillagerWhoThenSeesAndRatesIt() {
        Complaint c = complaints.fileFor(f.villageAdmin, f.households.get(2).passbookNumber(), "COMPLAINT",
                "电话反映：桥栏杆松动", false, List.of());
        assertThat(c.enteredByStaff()).isTrue();
        assertThat(complaints.mine(f.villager(2))).extracting(Complaint::id).containsExactly(c.id());
        assertThatThrownBy(() -> complaints.fileFor(f.villageAdmin, "441821100201-0001", "COMPLAINT", "别村的", false,
                List.of())).isInstanceOf(InvalidInput.class);
        assertThatThrownBy(() -> complaints.fileFor(f.gridWorker, f.households.get(2).passbookNumber(), "COMPLAINT",
                "网格员代录", false, List.of())).isInstanceOf(Forbidden.class);
    }

    @Test
    void theQueuePutsTheOverdueFirstAndAnsweredLast() {
        Instant old = Instant.now().minus(20, ChronoUnit.DAYS);
        Complaint answered = complaints.file(f.villager(0), "COMPLAINT", "已答复的", false, List.of());
        complaints.answer(f.villageAdmin, f.village.id(), answered.id(), "好的", false);
        Complaint fresh = complaints.file(f.villager(1), "COMPLAINT", "新提交的", false, List.of());
        Complaint overdue = at(old).file(f.villager(2), "COMPLAINT", "超期的", false, List.of());
        assertThat(complaints.list(f.villageAdmin, f.village.code(), Complaints.Filter.ALL, Paging.of(0, 10)).items())
                .extracting(Complaint::id).containsExactly(overdue.id(), fresh.id(), answered.id());
        assertThat(complaints.list(f.villageAdmin, null, Complaints.Filter.WAITING, Paging.of(0, 10)).total()).isEqualTo(2);
        assertThat(complaints.waitingAndOverdue(f.villageAdmin)).containsExactly(2, 1);
    }

    @Test
    void scopeAndRoleDecideWhoReadsAndAnswers() {
        Complaint c = complaints.file(f.villager(0), "COMPLAINT", "范围测试", false, List.of());
        assertThatThrownBy(() -> complaints.get(f.otherTownAdmin, f.village.id(), c.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> complaints.list(f.otherTownAdmin, f.village.code(), null, Paging.of(0, 10)))
                .isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> complaints.get(f.gridWorker, f.village.id(), c.id())).isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> complaints.get(f.villager(1), f.village.id(), c.id())).isInstanceOf(NotFound.class);
        assertThatThrownBy(() -> complaints.answer(f.countyAdmin, f.village.id(), c.id(), "县里答复", false))
                .isInstanceOf(Forbidden.class);
        assertThatThrownBy(() -> complaints.answer(f.auditor, f.village.id(), c.id(), "查阅员答复", false))
                .isInstanceOf(Forbidden.class);
    }

    @Test
    void theFiguresCountReceivedAnsweredOnTimeAndTheAverageRating() {
        Instant old = Instant.now().minus(20, ChronoUnit.DAYS);
        Complaint a = complaints.file(f.villager(0), "COMPLAINT", "一", false, List.of());
        Complaint b = complaints.file(f.villager(1), "COMPLAINT", "二", false, List.of());
        at(old).file(f.villager(2), "COMPLAINT", "三，超期未答", false, List.of());
        complaints.file(f.villager(2), "SUGGESTION", "四，未到期", false, List.of());
        complaints.answer(f.villageAdmin, f.village.id(), a.id(), "答一", false);
        complaints.answer(f.villageAdmin, f.village.id(), b.id(), "答二", false);
        complaints.rate(f.villager(0), f.village.id(), a.id(), 5, null);
        complaints.rate(f.villager(1), f.village.id(), b.id(), 4, null);
        LocalDate today = LocalDate.now(ZONE);
        List<PracticeFigures.Figure> got = figures.figures(List.of(f.village.id()), today.minusDays(30), today);
        assertThat(got).extracting(PracticeFigures.Figure::labelKey).containsExactly("complaints.stats.received",
                "complaints.stats.answered", "complaints.stats.onTime", "complaints.stats.rating");
        assertThat(got.get(0).value()).isEqualByComparingTo("4");
        assertThat(got.get(1).value()).isEqualByComparingTo("2");
        assertThat(got.get(2).value()).isEqualByComparingTo("66.6");   // 2 on time of 3 due (one not yet due)
        assertThat(got.get(3).value()).isEqualByComparingTo("4.5");
        assertThat(figures.figures(List.of(f.village.id()), today.minusDays(5), today).get(0).value())
                .isEqualByComparingTo("3");
    }

    @Test
    void onlyTheCountyAdminSetsTheAnswerDaysAndNewComplaintsTakeThem() {
        assertThatThrownBy(() -> complaints.setAnswerDays(f.townAdmin, 10)).isInstanceOf(Forbidden.class);
        assertThat(problemField(() -> complaints.setAnswerDays(f.countyAdmin, 0))).isEqualTo("answerDays");
        assertThat(problemField(() -> complaints.setAnswerDays(f.countyAdmin, null))).isEqualTo("answerDays");
        int was = complaints.answerDays(f.village);
        try {
            complaints.setAnswerDays(f.countyAdmin, 10);
            Complaint c = complaints.file(f.villager(0), "SUGGESTION", "十天期限", false, List.of());
            assertThat(Duration.between(c.createdAt(), c.deadline())).isEqualTo(Duration.ofDays(10));
        } finally {
            complaints.setAnswerDays(f.countyAdmin, was);
        }
    }
}
