package cn.jifen.notify.internal;

import cn.jifen.claims.AppealDecided;
import cn.jifen.claims.AppealRaised;
import cn.jifen.claims.ClaimInPublicity;
import cn.jifen.claims.ObjectionDecided;
import cn.jifen.claims.ObjectionRaised;
import cn.jifen.claims.VetoAwaitingSecond;
import cn.jifen.complaints.ComplaintAnswered;
import cn.jifen.complaints.ComplaintOverdue;
import cn.jifen.honours.CertificateIssued;
import cn.jifen.ledger.LedgerVerifyFailed;
import cn.jifen.market.LowStock;
import cn.jifen.market.RedemptionDayComing;
import cn.jifen.market.ReservationEndingSoon;
import cn.jifen.market.ReservationReady;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingCreated;
import cn.jifen.ledger.PostingsCreated;
import cn.jifen.wishes.WishFulfilled;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.event.EventListener;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Writes one notify_event row for each change other modules publish; recipients, texts and channels are worked
 * out later by the dispatcher's fan-out, so being told about costs a change little.
 *
 * <p>Most listeners are {@link ApplicationModuleListener}s: Spring Modulith writes one row to its event publication
 * registry (table event_publication) in the publishing transaction, and this class's method runs after that
 * transaction commits, on another thread, in a transaction of its own, which also completes the publication. A
 * rolled-back change therefore leaves no message; a committed one always gets one, also if the application dies
 * before the listener has run (the publication is still incomplete and is republished on restart, or resubmitted
 * by cn.jifen.shared.events.EventPublications). A listener may so run more than once for one event: every event
 * key is derived from the event alone and notify_event ignores a key it has (ON CONFLICT DO NOTHING), so the second
 * run adds nothing, and no inbox ever shows a message twice. Whether an event is recorded at all (notifications on
 * and not paused) is decided when it is published, by the listeners' condition ({@link NotifyRecording}; for a large
 * posting batch by {@link LargeBatchListeners}, in Java).
 *
 * <p>Three listeners stay synchronous ({@link EventListener}): the market's hourly scans publish
 * {@link RedemptionDayComing} and {@link ReservationEndingSoon} outside any transaction (an after-commit listener
 * would never run; the next scan publishes a lost one again, under the same key), and {@link LedgerVerifyFailed}
 * has no key of its own (the time of recording is part of it), so a replay would tell the county twice. The postings
 * of a small ledger transaction are written synchronously too, inside that transaction ({@link #IN_TRANSACTION_MAX}).
 */
@Component
class NotifyEvents {
    /** The condition of every asynchronous listener: evaluated at publication and again before the call. */
    static final String RECORDING = "@notifyRecording.on()";

    private final OutboxSql sql;
    private final Clock clock;
    private final NotifyRecording recording;

    NotifyEvents(OutboxSql sql, Clock clock, NotifyRecording recording) {
        this.sql = sql;
        this.clock = clock;
        this.recording = recording;
    }

    /** Records one event unless notifications are off or paused. */
    private void insert(String key, NoticeKind kind, Long villageId, Long householdId, Map<String, Object> data) {
        if (recording.on()) {
            sql.insertEvent(key, kind, villageId, householdId, Payloads.write(data), now());
        }
    }

    /**
     * Postings of a transaction that made at most this many are recorded in that transaction itself: one INSERT where
     * the registry would write a publication row, then run a second transaction (mark, insert, complete, commit) on
     * another thread; for a counter redemption that was a third of its statements and one commit of two (issue #17).
     * Rolled back with the posting, committed with it: the same promise as the publication's, kept more simply.
     * A larger batch (an award to a whole village) stays after the commit, so it does not hold the ledger's locks
     * while thousands of event rows are written.
     */
    static final int IN_TRANSACTION_MAX = 20;

    /**
     * Few postings (a redemption, a claim's award): their events are written in the posting's own transaction.
     * Decided here in Java, not by a SpEL condition, which was interpreted on every posting (issue #17).
     */
    @EventListener
    void postingsInTransaction(PostingsCreated created) {
        if (created.postings().size() <= IN_TRANSACTION_MAX) {
            record(created);
        }
    }

    /**
     * One batched INSERT for all the postings of a large ledger transaction (a batch award may make thousands).
     * Only a batch larger than {@link #IN_TRANSACTION_MAX}, recorded when published: {@link LargeBatchListeners}
     * decides that in Java, so a small posting leaves no publication row and costs no SpEL evaluation.
     */
    @ApplicationModuleListener
    @LargeBatchListeners.Only
    void postings(PostingsCreated created) {
        record(created);
    }

    private void record(PostingsCreated created) {
        if (!recording.on()) {
            return;
        }
        List<OutboxSql.NewEvent> rows = new ArrayList<>(created.postings().size());
        for (PostingCreated e : created.postings()) {
            Posting p = e.posting();
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("postingId", p.postingId().toString());
            data.put("kind", p.kind().name());
            data.put("amount", p.amount());
            data.put("scoreDelta", p.scoreDelta());
            data.put("balanceAfter", p.balanceAfter());
            data.put("itemLabel", e.itemLabel());
            data.put("sourceType", e.sourceType());
            data.put("sourceRef", e.sourceRef());
            data.put("postedOn", p.postedOn().toString());
            rows.add(new OutboxSql.NewEvent("posting:" + p.postingId(), NoticeKind.POSTING_CREATED, p.villageId(),
                    p.householdId(), Payloads.write(data), p.createdAt()));
        }
        sql.insertEvents(rows);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void publicity(ClaimInPublicity e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("itemLabel", e.itemLabel());
        data.put("points", e.points());
        data.put("deduction", e.deduction());
        data.put("publicityEndsAt", e.publicityEndsAt().toString());
        insert("publicity:" + e.villageId() + "/" + e.claimId(), NoticeKind.CLAIM_IN_PUBLICITY,
                e.villageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void objection(ObjectionRaised e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("objectionId", e.objectionId());
        data.put("itemLabel", e.itemLabel());
        insert("objection:" + e.villageId() + "/" + e.objectionId(), NoticeKind.OBJECTION_RAISED,
                e.villageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void objectionDecided(ObjectionDecided e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("objectionId", e.objectionId());
        data.put("itemLabel", e.itemLabel());
        data.put("upheld", e.upheld());
        insert("objection-decided:" + e.villageId() + "/" + e.objectionId(), NoticeKind.OBJECTION_DECIDED,
                e.villageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void appeal(AppealRaised e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("appealId", e.appealId());
        data.put("itemLabel", e.itemLabel());
        insert("appeal:" + e.villageId() + "/" + e.appealId(), NoticeKind.APPEAL_RAISED,
                e.villageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void appealDecided(AppealDecided e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("appealId", e.appealId());
        data.put("itemLabel", e.itemLabel());
        data.put("upheld", e.upheld());
        insert("appeal-decided:" + e.villageId() + "/" + e.appealId(), NoticeKind.APPEAL_DECIDED,
                e.villageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void vetoAwaitingSecond(VetoAwaitingSecond e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("itemLabel", e.itemLabel());
        data.put("firstApproverId", e.firstApproverId());
        insert("veto-first:" + e.villageId() + "/" + e.claimId(), NoticeKind.VETO_AWAITING_SECOND,
                e.villageId(), e.householdId(), data);
    }

    @EventListener
    void verifyFailed(LedgerVerifyFailed e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("problem", e.problem());
        insert("verify-failed:" + e.villageId() + ":" + now().toInstant().toEpochMilli(),
                NoticeKind.LEDGER_VERIFY_FAILED, e.villageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void certificateIssued(CertificateIssued e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serial", e.serial());
        data.put("purpose", e.purpose());
        insert("certificate:" + e.villageId() + "/" + e.serial(), NoticeKind.CERTIFICATE_ISSUED,
                e.villageId(), e.householdId(), data);
    }

    /** The household's reservation is ready to collect; the notice belongs to the household's village. */
    @ApplicationModuleListener(condition = RECORDING)
    void reservationReady(ReservationReady e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reservationId", e.reservationId());
        data.put("supermarketVillageId", e.villageId());
        data.put("supermarketId", e.supermarketId());
        data.put("supermarketName", e.supermarketName());
        data.put("points", e.points());
        data.put("expiresAt", e.expiresAt().toString());
        insert("reservation-ready:" + e.villageId() + "/" + e.reservationId(), NoticeKind.RESERVATION_READY,
                e.householdVillageId(), e.householdId(), data);
    }

    /** Once per village and window: the hourly scan publishes a window again until it opens (no transaction). */
    @EventListener
    void redemptionDayComing(RedemptionDayComing e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("windowVillageId", e.windowVillageId());
        data.put("windowId", e.windowId());
        data.put("opensAt", e.opensAt().toString());
        data.put("closesAt", e.closesAt().toString());
        data.put("title", e.title());
        insert("redemption-day:" + e.villageId() + "/" + e.windowVillageId() + "/" + e.windowId(),
                NoticeKind.REDEMPTION_DAY_COMING, e.villageId(), null, data);
    }

    /** Once per reservation, however often the market's scan publishes it (outside a transaction: synchronous). */
    @EventListener
    void reservationEndingSoon(ReservationEndingSoon e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("reservationId", e.reservationId());
        data.put("supermarketVillageId", e.villageId());
        data.put("supermarketId", e.supermarketId());
        data.put("points", e.points());
        data.put("expiresAt", e.expiresAt().toString());
        insert("reservation-ending:" + e.villageId() + "/" + e.reservationId(), NoticeKind.RESERVATION_ENDING_SOON,
                e.householdVillageId(), e.householdId(), data);
    }

    /** Once per product and day: a later low-stock redemption the same day has the same key and adds nothing. */
    @ApplicationModuleListener(condition = RECORDING)
    void lowStock(LowStock e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("supermarketId", e.supermarketId());
        data.put("productId", e.productId());
        data.put("productName", e.productName());
        data.put("unit", e.unit());
        data.put("left", e.left());
        insert("low-stock:" + e.villageId() + "/" + e.productId() + ":" + e.on(), NoticeKind.LOW_STOCK,
                e.villageId(), null, data);
    }

    /** The notice belongs to the proposing household's village; the supermarket's village is in the data. */
    @ApplicationModuleListener(condition = RECORDING)
    void wishFulfilled(WishFulfilled e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("wishId", e.wishId());
        data.put("supermarketVillageId", e.villageId());
        data.put("supermarketId", e.supermarketId());
        data.put("goodsName", e.goodsName());
        data.put("productName", e.productName());
        insert("wish-fulfilled:" + e.villageId() + "/" + e.wishId(), NoticeKind.WISH_FULFILLED,
                e.householdVillageId(), e.householdId(), data);
    }

    @ApplicationModuleListener(condition = RECORDING)
    void complaintAnswered(ComplaintAnswered e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("complaintId", e.complaintId());
        data.put("complaintKind", e.kind().name());
        insert("complaint-answered:" + e.villageId() + "/" + e.complaintId(), NoticeKind.COMPLAINT_ANSWERED,
                e.villageId(), e.householdId(), data);
    }

    /** No household: the staff notice must not name an anonymous filer. */
    @ApplicationModuleListener(condition = RECORDING)
    void complaintOverdue(ComplaintOverdue e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("complaintId", e.complaintId());
        data.put("complaintKind", e.kind().name());
        insert("complaint-overdue:" + e.villageId() + "/" + e.complaintId(), NoticeKind.COMPLAINT_OVERDUE,
                e.villageId(), null, data);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
