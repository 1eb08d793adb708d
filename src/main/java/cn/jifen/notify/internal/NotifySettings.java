package cn.jifen.notify.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A county's notification settings, set by its county admins: the monthly SMS budget in segments (none: no
 * limit) and the hour the daily digest goes out; and the month's SMS counter against the budget.
 */
@Service
public class NotifySettings {
    public static final int MAX_BUDGET = 10_000_000;

    /** The settings in force; {@code smsBudget} null means no limit. */
    public record Settings(long countyId, Integer smsBudget, int digestHour) { }

    /** This month's SMS use against the budget; {@code percent} null without a budget. */
    public record Usage(String month, long used, Integer budget, Integer percent) {
        public boolean warning() { return percent != null && percent >= 80; }

        public boolean over() { return budget != null && used >= budget; }
    }

    private final JdbcClient jdbc;
    private final OutboxSql sql;
    private final AuditLog audit;
    private final Clock clock;
    private final int defaultDigestHour;

    NotifySettings(JdbcClient jdbc, OutboxSql sql, AuditLog audit, Clock clock,
                   @Value("${jifen.notify.digest-hour:20}") int defaultDigestHour) {
        this.jdbc = jdbc;
        this.sql = sql;
        this.audit = audit;
        this.clock = clock;
        this.defaultDigestHour = defaultDigestHour;
    }

    public Settings of(long countyId) {
        return jdbc.sql("SELECT sms_budget, digest_hour FROM notify_county_setting WHERE county_id = :c")
                .param("c", countyId)
                .query((rs, i) -> new Settings(countyId, rs.getObject(1, Integer.class), rs.getInt(2)))
                .optional().orElse(new Settings(countyId, null, defaultDigestHour));
    }

    /** The actor's county's settings (county admins and auditors of the county). */
    public Settings mine(Actor actor) {
        requireCountyReader(actor);
        return of(Recipients.countyOf(actor.orgPath()));
    }

    public Usage usage(long countyId) {
        String month = month();
        long used = sql.smsUsed(countyId, month);
        Integer budget = of(countyId).smsBudget();
        Integer percent = budget == null ? null : budget == 0 ? 100 : (int) Math.min(999, used * 100 / budget);
        return new Usage(month, used, budget, percent);
    }

    public Usage myUsage(Actor actor) {
        requireCountyReader(actor);
        return usage(Recipients.countyOf(actor.orgPath()));
    }

    String month() {
        return YearMonth.now(clock).toString();
    }

    /** A county admin sets the budget (blank: no limit) and the digest hour (0–23, county time). */
    @Transactional
    public Settings save(Actor actor, String budget, String digestHour) {
        requireCountyAdmin(actor);
        List<Problem> problems = new ArrayList<>();
        Integer b = null;
        String rawBudget = Texts.clean(budget);
        if (rawBudget != null) {
            try {
                b = Integer.valueOf(rawBudget);
                if (b < 0 || b > MAX_BUDGET) {
                    problems.add(new Problem("smsBudget", "error.notify.budget", MAX_BUDGET));
                }
            } catch (NumberFormatException e) {
                problems.add(new Problem("smsBudget", "error.notify.budget", MAX_BUDGET));
            }
        }
        int hour = -1;
        try {
            hour = Integer.parseInt(Texts.clean(digestHour) == null ? "" : Texts.clean(digestHour));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (hour < 0 || hour > 23) {
            problems.add(new Problem("digestHour", "error.notify.digestHour"));
        }
        Texts.throwIfAny(problems);
        long county = Recipients.countyOf(actor.orgPath());
        Settings before = of(county);
        OffsetDateTime now = OffsetDateTime.now(clock);
        int n = jdbc.sql("UPDATE notify_county_setting SET sms_budget = :b, digest_hour = :h, updated_at = :now, updated_by = :by WHERE county_id = :c")
                .param("b", b).param("h", hour).param("now", now).param("by", actor.username()).param("c", county)
                .update();
        if (n == 0) {
            jdbc.sql("INSERT INTO notify_county_setting (county_id, sms_budget, digest_hour, updated_at, updated_by) VALUES (:c, :b, :h, :now, :by)")
                    .param("b", b).param("h", hour).param("now", now).param("by", actor.username()).param("c", county)
                    .update();
        }
        Settings after = of(county);
        audit.record(actor, "notify.settings", actor.orgPath(), "county", county,
                "budget=" + before.smsBudget() + " digestHour=" + before.digestHour(),
                "budget=" + after.smsBudget() + " digestHour=" + after.digestHour(), null);
        return after;
    }

    static void requireCountyAdmin(Actor actor) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
    }

    static void requireCountyReader(Actor actor) {
        if (!(actor.is(Role.COUNTY_ADMIN) || actor.is(Role.AUDITOR)) || actor.orgPath().split("/").length != 2) {
            throw Forbidden.role();
        }
    }
}
