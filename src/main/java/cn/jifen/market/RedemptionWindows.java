package cn.jifen.market;

import cn.jifen.market.internal.SupermarketSql;
import cn.jifen.market.internal.WindowSql;
import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Redemption windows (集中兑换日) of a village, in county local time, and the village's "open every
 * day" setting. Outside a window the counter refuses unless the village is open every day.
 */
@Service
public class RedemptionWindows {
    private final SupermarketSql supermarketSql;
    private final WindowSql windowSql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;
    private final ApplicationEventPublisher events;
    private final int noticeLeadHours;

    RedemptionWindows(SupermarketSql supermarketSql, WindowSql windowSql, OrgUnits orgUnits, AuditLog audit, Clock clock, TransactionTemplate tx,
                      ApplicationEventPublisher events, RequestValidation validation,
                      @Value("${jifen.market.redemption-day-notice-hours:24}")
                      int noticeLeadHours) {
        this.supermarketSql = supermarketSql;
        this.windowSql = windowSql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.validation = validation;
        this.events = events;
        this.noticeLeadHours = noticeLeadHours;
    }

    /**
     * Tells the households of every village that shops at a supermarket whose redemption window opens within the lead
     * time (a day by default) that the day is coming. Hourly; a window is published again by the next runs until it
     * opens, and the notices are keyed by village and window, so each household hears of it once (on several
     * instances too). Returns the number of events published.
     */
    @Scheduled(
            fixedDelayString = "${jifen.market.redemption-day-notice-interval-ms:3600000}",
            initialDelayString = "${jifen.market.lapse-initial-delay-ms:5000}")
    public int remindRedemptionDays() {
        return remindRedemptionDays(now());
    }

    public int remindRedemptionDays(LocalDateTime at) {
        int n = 0;
        for (RedemptionWindow w : windowSql.windowsOpening(at, at.plusHours(noticeLeadHours))) {
            for (long village : supermarketSql.villagesShoppingAt(w.villageId())) {
                events.publishEvent(new RedemptionDayComing(village, w.villageId(), w.id(), w.opensAt(), w.closesAt(),
                        w.title()));
                n++;
            }
        }
        return n;
    }

    private LocalDateTime now() {
        return LocalDateTime.now(clock);
    }

    /** The window open now, or else the next one to open (by the clock); empty when none is scheduled. */
    public Optional<RedemptionWindow> next(long villageId) {
        return windowSql.windowsFrom(villageId, now(), 1).stream().findFirst();
    }

    /**
     * The next redemption day for the households of a village: the window open now or opening soonest at any
     * open supermarket serving the village (its own, or a town's shared one). Empty when none is scheduled.
     */
    public Optional<RedemptionWindow> nextForHouseholdsOf(long villageId) {
        return supermarketSql.servingVillage(villageId).stream().filter(Supermarkets.Supermarket::active)
                .map(Supermarkets.Supermarket::villageId).distinct()
                .map(this::next).flatMap(Optional::stream)
                .min(Comparator.comparing(RedemptionWindow::opensAt));
    }

    /** Whether an open supermarket serving the village sells every day (no redemption day needed). */
    public boolean openEveryDayForHouseholdsOf(long villageId) {
        return supermarketSql.servingVillage(villageId).stream().filter(Supermarkets.Supermarket::active)
                .anyMatch(s -> openEveryDay(s.villageId()));
    }

    /** The window open right now, if any (from the counter's per-village cache of coming windows). */
    public Optional<RedemptionWindow> current(long villageId) {
        LocalDateTime t = now();
        return windowSql.comingWindows(villageId, t).stream().filter(w -> w.isOpenAt(t)).findFirst();
    }

    /** Whether the village's supermarket sells every day (cached with the village's market settings). */
    public boolean openEveryDay(long villageId) {
        return supermarketSql.settings(villageId).openEveryDay();
    }

    /** Whether the counter may sell for a village now: open every day, or inside a window. */
    public boolean isOpenNow(long villageId) {
        return openEveryDay(villageId) || current(villageId).isPresent();
    }

    public List<RedemptionWindow> list(Actor actor, String villageCode) {
        OrgUnit v = orgUnits.workingVillage(actor, villageCode);
        return windowSql.windows(v.id());
    }

    private OrgUnit adminVillage(Actor actor, String villageCode) {
        OrgUnit v = orgUnits.visibleVillage(actor, villageCode);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        return v;
    }

    /** A redemption day: the single-field rules are constraints; the window's order, length and end are checked. */
    public record WindowDraft(@PlainText(max = 100, required = true) String title,
                              @NotNull(message = "{error.required}") LocalDateTime opensAt,
                              @NotNull(message = "{error.required}") LocalDateTime closesAt) { }

    /** Why a redemption day is cancelled (kept in the audit log). */
    public record Cancellation(@PlainText(max = 500, required = true) String reason) { }

    public RedemptionWindow schedule(Actor actor, String villageCode, String title, LocalDateTime opensAtRaw,
                                     LocalDateTime closesAtRaw) {
        return schedule(actor, villageCode, new WindowDraft(title, opensAtRaw, closesAtRaw));
    }

    /** Schedules a redemption day in a village the admin sees; the draft is checked after that access check. */
    public RedemptionWindow schedule(Actor actor, String villageCode, WindowDraft d) {
        // windows are kept to the minute
        LocalDateTime opensAt = d.opensAt() == null ? null : d.opensAt().truncatedTo(ChronoUnit.MINUTES);
        LocalDateTime closesAt = d.closesAt() == null ? null : d.closesAt().truncatedTo(ChronoUnit.MINUTES);
        OrgUnit v = adminVillage(actor, villageCode);
        List<Problem> problems = new ArrayList<>();
        String t = Texts.clean(d.title());
        if (opensAt != null && closesAt != null) {
            if (!closesAt.isAfter(opensAt)) {
                problems.add(new Problem("closesAt", "error.market.windowOrder"));
            } else if (closesAt.isAfter(opensAt.plusDays(31))) {
                problems.add(new Problem("closesAt", "error.market.windowLength", 31));
            }
            if (!closesAt.isAfter(now())) {
                problems.add(new Problem("closesAt", "error.market.windowPast"));
            }
        }
        validation.check(d, problems);
        return tx.execute(s -> {
            long id = windowSql.insertWindow(v.id(), t, opensAt, closesAt, actor.username(), OffsetDateTime.now(clock));
            audit.record(actor, "market.window.schedule", v.path(), "redemption_window", id, null,
                    t + " " + opensAt + "–" + closesAt, null);
            return new RedemptionWindow(v.id(), id, opensAt, closesAt, t);
        });
    }

    public void cancel(Actor actor, String villageCode, long windowId, String reason) {
        OrgUnit v = adminVillage(actor, villageCode);
        Cancellation c = new Cancellation(reason);
        validation.check(c);
        String why = Texts.clean(c.reason());
        tx.executeWithoutResult(s -> {
            if (windowSql.cancelWindow(v.id(), windowId) == 0) {
                throw new NotFound("error.market.windowNotFound");
            }
            audit.record(actor, "market.window.cancel", v.path(), "redemption_window", windowId, null, null, why);
        });
    }

    /** Whether the counter may take cash for points a household is short (补差价). */
    public boolean allowCashTopUp(long villageId) {
        return supermarketSql.settings(villageId).allowCashTopUp();
    }

    public boolean setAllowCashTopUp(Actor actor, String villageCode, Boolean allow) {
        OrgUnit v = adminVillage(actor, villageCode);
        if (allow == null) {
            throw InvalidInput.of("allowCashTopUp", "error.required");
        }
        boolean before = supermarketSql.allowCashTopUp(v.id());
        tx.executeWithoutResult(s -> {
            supermarketSql.setAllowCashTopUp(v.id(), allow, actor.username(), OffsetDateTime.now(clock));
            audit.record(actor, "market.allowCashTopUp", v.path(), "org_unit", v.code(), String.valueOf(before),
                    String.valueOf(allow), null);
        });
        return allow;
    }

    public boolean setOpenEveryDay(Actor actor, String villageCode, Boolean open) {
        OrgUnit v = adminVillage(actor, villageCode);
        if (open == null) {
            throw InvalidInput.of("openEveryDay", "error.required");
        }
        boolean before = supermarketSql.openEveryDay(v.id());
        tx.executeWithoutResult(s -> {
            supermarketSql.setOpenEveryDay(v.id(), open, actor.username(), OffsetDateTime.now(clock));
            audit.record(actor, "market.openEveryDay", v.path(), "org_unit", v.code(), String.valueOf(before),
                    String.valueOf(open), null);
        });
        return open;
    }
}
