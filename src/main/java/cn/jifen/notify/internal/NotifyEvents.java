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
import cn.jifen.notify.NotifyPause;
import cn.jifen.wishes.WishFulfilled;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Listens, synchronously and so inside the publishing transaction, to the changes other modules publish, and
 * writes one notify_event row for each: a rolled-back change leaves no message, a committed one always has one.
 * Nothing else happens here (no reads, no rendering): recipients, texts and channels are worked out later by the
 * dispatcher's fan-out, so a posting or a redemption pays one INSERT for being told about.
 */
@Component
class NotifyEvents {
    private final OutboxSql sql;
    private final Clock clock;
    private final NotifyPause pause;
    private final boolean enabled;

    /**
     * @param enabled jifen.notify.enabled: false turns notifications off altogether (nothing recorded, so nothing
     *                delivered), for a site that does not want them or for measuring what they cost a redemption
     */
    NotifyEvents(OutboxSql sql, Clock clock, NotifyPause pause, @Value("${jifen.notify.enabled:true}") boolean enabled) {
        this.sql = sql;
        this.clock = clock;
        this.pause = pause;
        this.enabled = enabled;
    }

    /** Whether an event published now is recorded: notifications are on and not paused (the demo load). */
    private boolean recording() {
        return enabled && !pause.paused();
    }

    /** Records one event unless notifications are off or paused. */
    private void insert(String key, NoticeKind kind, Long villageId, Long householdId, Map<String, Object> data) {
        if (recording()) {
            sql.insertEvent(key, kind, villageId, householdId, Payloads.write(data), now());
        }
    }

    /** One batched INSERT for all the postings of a ledger transaction (a batch award may make thousands). */
    @EventListener
    void postings(PostingsCreated created) {
        if (!recording()) {
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

    @EventListener
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

    @EventListener
    void objection(ObjectionRaised e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("objectionId", e.objectionId());
        data.put("itemLabel", e.itemLabel());
        insert("objection:" + e.villageId() + "/" + e.objectionId(), NoticeKind.OBJECTION_RAISED,
                e.villageId(), e.householdId(), data);
    }

    @EventListener
    void objectionDecided(ObjectionDecided e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("objectionId", e.objectionId());
        data.put("itemLabel", e.itemLabel());
        data.put("upheld", e.upheld());
        insert("objection-decided:" + e.villageId() + "/" + e.objectionId(), NoticeKind.OBJECTION_DECIDED,
                e.villageId(), e.householdId(), data);
    }

    @EventListener
    void appeal(AppealRaised e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("appealId", e.appealId());
        data.put("itemLabel", e.itemLabel());
        insert("appeal:" + e.villageId() + "/" + e.appealId(), NoticeKind.APPEAL_RAISED,
                e.villageId(), e.householdId(), data);
    }

    @EventListener
    void appealDecided(AppealDecided e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("claimId", e.claimId());
        data.put("appealId", e.appealId());
        data.put("itemLabel", e.itemLabel());
        data.put("upheld", e.upheld());
        insert("appeal-decided:" + e.villageId() + "/" + e.appealId(), NoticeKind.APPEAL_DECIDED,
                e.villageId(), e.householdId(), data);
    }

    @EventListener
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

    @EventListener
    void certificateIssued(CertificateIssued e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("serial", e.serial());
        data.put("purpose", e.purpose());
        insert("certificate:" + e.villageId() + "/" + e.serial(), NoticeKind.CERTIFICATE_ISSUED,
                e.villageId(), e.householdId(), data);
    }

    /** The household's reservation is ready to collect; the notice belongs to the household's village. */
    @EventListener
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

    /** Once per reservation, however often the market's scan publishes it. */
    /** Once per village and window: the hourly scan publishes a window again until it opens. */
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
    @EventListener
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
    @EventListener
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

    @EventListener
    void complaintAnswered(ComplaintAnswered e) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("complaintId", e.complaintId());
        data.put("complaintKind", e.kind().name());
        insert("complaint-answered:" + e.villageId() + "/" + e.complaintId(), NoticeKind.COMPLAINT_ANSWERED,
                e.villageId(), e.householdId(), data);
    }

    /** No household: the staff notice must not name an anonymous filer. */
    @EventListener
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
