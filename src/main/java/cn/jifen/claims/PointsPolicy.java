package cn.jifen.claims;

import cn.jifen.claims.internal.PointsRunSql;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.JobLocks;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;

/**
 * The county's optional points policy: base points (基础分) granted to every active household at the
 * start of a year, and the expiry (清零) of every available balance on a configured date. Both are
 * ledger postings with idempotency keys, so a run repeated (or run on several instances at once)
 * posts nothing twice; each run is logged per village, and the scheduled run checks each village's log, so a
 * village it has not run for (new, or not reached) gets its run. The figures come from the county's policy
 * ({@link CountyPolicies}), set on the policy page.
 */
@Service
public class PointsPolicy {
    private static final Logger log = LoggerFactory.getLogger(PointsPolicy.class);

    private final PointsRunSql sql;
    private final Ledger ledger;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Clock clock;
    private final CountyPolicies policies;
    private final JobLocks locks;

    PointsPolicy(PointsRunSql sql, Ledger ledger, Households households, OrgUnits orgUnits, Clock clock,
                 CountyPolicies policies, JobLocks locks) {
        this.locks = locks;
        this.sql = sql;
        this.ledger = ledger;
        this.households = households;
        this.orgUnits = orgUnits;
        this.clock = clock;
        this.policies = policies;
    }

    /**
     * Grants the year's base points and expires balances on the county's date. Each county is run under its own
     * lock (so of several instances, or a scheduled and a manual run, one works on it), and within it each village
     * is checked on its own: a village whose run of the period is logged is skipped, any other gets its run. So a
     * village created after the county's run of the year, or one a run did not reach (stopped part way), gets its
     * base points at the next check, and no village gets them twice. Checked every hour (default), so a server
     * that was down at the hour catches up when it is back. Returns the village runs this call made.
     */
    @Scheduled(cron = "${jifen.points.cron:0 15 * * * *}", zone = "${jifen.time-zone:Asia/Shanghai}")
    public List<PointsRun> daily() {
        List<PointsRun> done = new ArrayList<>();
        for (OrgUnit county : orgUnits.counties()) {
            try {
                locks.runAlone(lockName(county.id()), Duration.ofHours(1), Duration.ofSeconds(30),
                        () -> done.addAll(dailyFor(county)));
            } catch (RuntimeException e) {
                // one county's failure must not keep the others from their run; the next check retries it
                log.warn("points policy of county {} not run: {}", county.code(), e.toString());
            }
        }
        return done;
    }

    /** The lock a county's points runs take, scheduled and manual alike. */
    static String lockName(long countyId) {
        return "points-daily-" + countyId;
    }

    private List<PointsRun> dailyFor(OrgUnit county) {
        LocalDate today = LocalDate.now(clock);
        CountyPolicy policy = policies.of(county);
        Actor system = Actor.system(county.path());
        List<PointsRun> runs = new ArrayList<>();
        List<OrgUnit> villages = orgUnits.villagesVisible(system);
        if (policy.basePoints() > 0) {
            String year = String.valueOf(today.getYear());
            for (OrgUnit village : villages) {
                if (!sql.hasRun("BASE", year, village.id())) {
                    runs.add(base(system, village, today.getYear(), policy.basePoints()));
                }
            }
        }
        MonthDay expiry = policy.expiryDate();
        if (expiry != null && !today.isBefore(expiry.atYear(today.getYear()))) {
            LocalDate on = expiry.atYear(today.getYear());
            OffsetDateTime dayStarts = on.atStartOfDay(clock.getZone()).toOffsetDateTime();
            for (OrgUnit village : villages) {
                // a village set up after the expiry day had nothing to expire on it: what it holds was earned since
                if (!sql.hasRun("EXPIRE", on.toString(), village.id()) && orgUnits.createdAt(village).isBefore(dayStarts)) {
                    runs.add(expire(system, village, on));
                }
            }
        }
        return runs;
    }

    /**
     * Grants base points to every active household of every village in the actor's scope (county admin). Runs under
     * the county's points lock, as the scheduled run does: while that one holds it this is refused (409), see
     * {@link #MANUAL_LOCK_WAIT}.
     */
    public List<PointsRun> grantBase(Actor actor, int year, int points) {
        requireCountyAdmin(actor);
        if (points < 1 || points > 10_000) {
            throw InvalidInput.of("points", "error.claims.points", 1, 10_000);
        }
        if (year > LocalDate.now(clock).getYear()) {
            throw InvalidInput.of("year", "error.claims.futurePeriod");
        }
        return alone(actor, () -> orgUnits.villagesVisible(actor).stream().map(v -> base(actor, v, year, points)).toList());
    }

    /**
     * Expires the whole available balance of every household (清零) as of a date. Under the county's points lock,
     * as {@link #grantBase} is.
     */
    public List<PointsRun> expire(Actor actor, LocalDate on) {
        requireCountyAdmin(actor);
        if (on == null || on.isAfter(LocalDate.now(clock))) {
            throw InvalidInput.of("on", "error.claims.futurePeriod");
        }
        return alone(actor, () -> orgUnits.villagesVisible(actor).stream().map(v -> expire(actor, v, on)).toList());
    }

    /** How long a manual run waits for the county's lock (another manual run finishing) before it is refused. */
    static final Duration MANUAL_LOCK_WAIT = Duration.ofSeconds(5);

    /**
     * Runs a manual run under the lock of the actor's county (the first unit of its path). A run that holds it
     * briefly (another admin's) is waited for; one that keeps it (the scheduled run, which holds it at least 30 s)
     * gets a 409 after {@link #MANUAL_LOCK_WAIT}, and nothing is done.
     */
    private List<PointsRun> alone(Actor actor, Supplier<List<PointsRun>> job) {
        String path = actor.orgPath();
        String name = lockName(Long.parseLong(path.substring(1, path.indexOf('/', 1))));
        long giveUp = System.nanoTime() + MANUAL_LOCK_WAIT.toNanos();
        while (true) {
            Optional<List<PointsRun>> done = locks.runAlone(name, Duration.ofHours(1), Duration.ZERO, job);
            if (done.isPresent()) {
                return done.get();
            }
            if (System.nanoTime() > giveUp) {
                throw new Conflict("error.claims.pointsRunBusy");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Conflict("error.claims.pointsRunBusy");
            }
        }
    }

    private PointsRun base(Actor actor, OrgUnit village, int year, int points) {
        return run(actor, village, "BASE", String.valueOf(year), h -> new PostingRequest(village.id(), h.id(),
                PostingKind.EARN, points, null, "policy", "base-" + year, "基础分 " + year, null, null,
                "base-" + year + "-" + village.id() + "-" + h.id()));
    }

    private PointsRun expire(Actor actor, OrgUnit village, LocalDate on) {
        return run(actor, village, "EXPIRE", on.toString(), h -> {
            long balance = ledger.balance(village.id(), h.id());
            return balance <= 0 ? null : new PostingRequest(village.id(), h.id(), PostingKind.EXPIRE, balance, null,
                    "policy", "expire-" + on, "积分清零 " + on, "按县积分政策清零", null,
                    "expire-" + on + "-" + village.id() + "-" + h.id());
        });
    }

    /** A page of the village's points runs, newest first. */
    public Page<PointsRun> runs(Actor actor, OrgUnit village, Paging paging) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        return paging.of(sql.runs(village.id(), paging.size(), paging.offset()), sql.runCount(village.id()));
    }

    /** The latest runs (base points, expiry) of every village in the actor's scope, newest first. */
    public List<PointsRun> runsInScope(Actor actor) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        return sql.runsUnder(actor.orgPath(), 200);
    }

    /** The county's base points per household, the default of a base-points run. */
    public int basePoints(Actor actor) {
        return policies.of(orgUnits.byId(actor.orgUnitId())).basePoints();
    }

    private PointsRun run(Actor actor, OrgUnit village, String kind, String period,
                          Function<HouseholdSummary, PostingRequest> request) {
        OffsetDateTime started = OffsetDateTime.now(clock);
        int seen = 0;
        int posted = 0;
        long moved = 0;
        for (int page = 0; ; page++) {
            var batch = households.list(actor, village.code(), null, null, page, 200);
            List<PostingRequest> requests = new ArrayList<>();
            for (HouseholdSummary h : batch.items()) {
                if (!"ACTIVE".equals(h.status())) {
                    continue;
                }
                seen++;
                PostingRequest r = request.apply(h);
                if (r != null) {
                    requests.add(r);
                }
            }
            for (Posting p : post(actor, kind, period, requests)) {
                if (!p.replayed()) {
                    posted++;
                    moved += Math.abs(p.amount());
                }
            }
            if (!batch.hasNext()) {
                break;
            }
        }
        PointsRun run = new PointsRun(village.id(), 0, kind, period, started, OffsetDateTime.now(clock), seen, posted, moved,
                actor.username());
        sql.insertRun(run);
        return run;
    }

    /**
     * Posts a page of one village's requests as one batch (a few statements for the page instead of six per
     * household: the run of a large village, and the demo's first start, are mostly this). A batch is all or none,
     * so when one of its keys was used before with other figures (a balance earned since an earlier expiry run)
     * the page is posted one by one instead, and that household is passed over as before.
     */
    private List<Posting> post(Actor actor, String kind, String period, List<PostingRequest> requests) {
        try {
            return ledger.postAll(actor, requests);
        } catch (Conflict batchRefused) {
            List<Posting> made = new ArrayList<>();
            for (PostingRequest r : requests) {
                try {
                    made.add(ledger.post(actor, r));
                } catch (Conflict e) {
                    // the key was used by an earlier run with other figures (e.g. a balance earned since): done already
                    log.debug("{} {} household {}: {}", kind, period, r.householdId(), e.messageKey());
                }
            }
            return made;
        }
    }

    private static void requireCountyAdmin(Actor actor) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
    }
}
