package cn.jifen.rules;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes the county's points policy. Until the county admin first saves it, the settings
 * {@code jifen.points.*} give the values, so an installation configured by file keeps working.
 */
@Service
public class CountyPolicies {
    /** A change asked for on the policy page or through the API. */
    public record Draft(Integer basePoints, String expiryDate, Integer vetoBlockMonths, LocalDate closedThrough,
                        Integer localAdjustPercent, String reason) { }

    private final RuleSql sql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final int defaultBase;
    private final String defaultExpiry;
    private final int defaultBlockMonths;
    private final int defaultAdjust;

    CountyPolicies(RuleSql sql, OrgUnits orgUnits, AuditLog audit, Clock clock,
                   @Value("${jifen.points.base-points:0}") int defaultBase,
                   @Value("${jifen.points.expiry-date:}") String defaultExpiry,
                   @Value("${jifen.points.veto-block-months:12}") int defaultBlockMonths,
                   @Value("${jifen.points.local-adjust-percent:20}") int defaultAdjust) {
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.defaultBase = defaultBase;
        this.defaultExpiry = defaultExpiry;
        this.defaultBlockMonths = defaultBlockMonths;
        this.defaultAdjust = defaultAdjust;
    }

    /** The policy in force for the county an org unit belongs to. */
    public CountyPolicy of(OrgUnit unit) {
        long county = countyOf(unit);
        return sql.policy(county).orElseGet(() -> new CountyPolicy(county, Math.max(0, defaultBase),
                monthDay(defaultExpiry), defaultBlockMonths, null, defaultAdjust, null, null));
    }

    public CountyPolicy ofVillage(long villageId) {
        return of(orgUnits.byId(villageId));
    }

    /** Saves a new policy for the county admin's county; every change needs a reason and is kept. */
    @Transactional
    public CountyPolicy update(Actor actor, Draft d) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        OrgUnit county = orgUnits.byId(actor.orgUnitId());
        List<Problem> problems = new ArrayList<>();
        int base = bounded("basePoints", d.basePoints(), 0, 10_000, problems);
        MonthDay expiry = null;
        String expiryText = Texts.clean(d.expiryDate());
        if (expiryText != null) {
            expiry = monthDay(expiryText);
            if (expiry == null) {
                problems.add(new Problem("expiryDate", "error.policy.expiryDate"));
            }
        }
        int block = bounded("vetoBlockMonths", d.vetoBlockMonths(), 0, 36, problems);
        int adjust = bounded("localAdjustPercent", d.localAdjustPercent(), 0, 100, problems);
        LocalDate today = LocalDate.now(clock);
        CountyPolicy before = of(county);
        if (d.closedThrough() != null) {
            if (!d.closedThrough().isBefore(today)) {
                problems.add(new Problem("closedThrough", "error.policy.closedFuture"));
            } else if (before.closedThrough() != null && d.closedThrough().isBefore(before.closedThrough())) {
                problems.add(new Problem("closedThrough", "error.policy.reopen", before.closedThrough().toString()));
            }
        } else if (before.closedThrough() != null) {
            problems.add(new Problem("closedThrough", "error.policy.reopen", before.closedThrough().toString()));
        }
        String why = Texts.name("reason", d.reason(), 500, problems);
        Texts.throwIfAny(problems);
        OffsetDateTime now = OffsetDateTime.now(clock);
        CountyPolicy after = new CountyPolicy(county.id(), base, expiry, block, d.closedThrough(), adjust,
                actor.username(), now);
        sql.savePolicy(after, why);
        audit.record(actor, "policy.update", county.path(), "county_policy", county.code(), describe(before),
                describe(after), why);
        return after;
    }

    /** Every saved change of the county's policy, newest first. */
    public List<CountyPolicyChange> history(Actor actor) {
        return sql.policyChanges(countyOf(orgUnits.byId(actor.orgUnitId())));
    }

    private long countyOf(OrgUnit unit) {
        String[] ids = unit.path().split("/");
        return Long.parseLong(ids[1]);
    }

    private static int bounded(String field, Integer value, int min, int max, List<Problem> problems) {
        if (value == null) {
            problems.add(new Problem(field, "error.required"));
            return 0;
        }
        if (value < min || value > max) {
            problems.add(new Problem(field, "error.policy.range", min, max));
        }
        return value;
    }

    private static MonthDay monthDay(String text) {
        String s = Texts.clean(text);
        if (s == null) {
            return null;
        }
        try {
            return MonthDay.parse("--" + s);
        } catch (DateTimeException e) {
            return null;
        }
    }

    private static String describe(CountyPolicy p) {
        return "base=" + p.basePoints() + " expiry=" + p.expiryText() + " vetoBlockMonths=" + p.vetoBlockMonths()
                + " closedThrough=" + p.closedThrough() + " localAdjust=" + p.localAdjustPercent() + "%";
    }
}
