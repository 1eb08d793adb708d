package cn.jifen.rules;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.internal.RuleSql;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Between;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.NotNull;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.MonthDay;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads and changes the county's policy. Until the county admin first saves it, the settings
 * {@code jifen.points.*}, {@code jifen.claims.publicity-days}, {@code jifen.claims.max-age-days},
 * {@code jifen.market.reservation-hours}, {@code jifen.honours.*} (flag period, star thresholds, star persons)
 * and {@code jifen.noticeboard.*} (privacy modes, default, negative-by-name) give the values, so an installation
 * configured by file keeps working; they are only the seed of a county that has not decided.
 *
 * <p>The policy is read from the database on every use (one primary-key row): a change takes effect at once,
 * on every instance. Modules that keep something derived from it listen for {@link CountyPolicyChanged}.
 */
@Service
public class CountyPolicies {
    /**
     * A change asked for on the policy page or through the API. The first five fields are required as before
     * (an empty expiry date = points never expire; no closedThrough = no closed period); each of the others,
     * when null, keeps the county's current value, so a client that knows only the first five keeps the rest.
     */
    public record Draft(@NotNull(message = "{error.required}") @Between(min = 0, max = 10_000, message = RANGE)
                        Integer basePoints,
                        String expiryDate,
                        @NotNull(message = "{error.required}") @Between(min = 0, max = 36, message = RANGE)
                        Integer vetoBlockMonths,
                        LocalDate closedThrough,
                        @NotNull(message = "{error.required}") @Between(min = 0, max = 100, message = RANGE)
                        Integer localAdjustPercent,
                        @PlainText(max = 500, required = true) String reason,
                        @Between(min = 0, max = MAX_PUBLICITY_DAYS, message = RANGE) Integer publicityDays,
                        @Between(min = 1, max = MAX_CLAIM_AGE_DAYS, message = RANGE) Integer claimMaxAgeDays,
                        @Between(min = 1, max = MAX_RESERVATION_HOURS, message = RANGE) Integer reservationHours,
                        String flagPeriod, List<Integer> starThresholds,
                        @Between(min = 1, max = MAX_STAR_PERSONS, message = RANGE) Integer starPersonCount,
                        List<String> boardPrivacyAllowed, String boardPrivacyDefault,
                        Boolean boardNegativeByName) {
        public Draft(Integer basePoints, String expiryDate, Integer vetoBlockMonths, LocalDate closedThrough,
                     Integer localAdjustPercent, String reason) {
            this(basePoints, expiryDate, vetoBlockMonths, closedThrough, localAdjustPercent, reason, null, null, null,
                    null, null, null, null, null, null);
        }

        /** This draft with the other policy fields of {@code p} (what a change of the points fields keeps). */
        public static Draft of(CountyPolicy p, String reason) {
            return new Draft(p.basePoints(), p.expiryText(), p.vetoBlockMonths(), p.closedThrough(),
                    p.localAdjustPercent(), reason, p.publicityDays(), p.claimMaxAgeDays(), p.reservationHours(),
                    p.flagPeriod(), p.starThresholds(), p.starPersonCount(), p.boardPrivacyAllowed(),
                    p.boardPrivacyDefault(), p.boardNegativeByName());
        }
    }

    private static final String RANGE = "{error.policy.range}";
    static final int MAX_PUBLICITY_DAYS = 30;
    static final int MAX_CLAIM_AGE_DAYS = 366;
    static final int MAX_RESERVATION_HOURS = 720;
    static final int MAX_STAR_PERSONS = 100;
    static final int MAX_STAR_SCORE = 100_000;

    private final RuleSql sql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final int defaultBase;
    private final String defaultExpiry;
    private final int defaultBlockMonths;
    private final int defaultAdjust;
    private final int defaultPublicityDays;
    private final int defaultMaxAgeDays;
    private final int defaultReservationHours;
    private final String defaultFlagPeriod;
    private final List<Integer> defaultStarThresholds;
    private final int defaultStarPersons;
    private final List<String> defaultPrivacyAllowed;
    private final String defaultPrivacy;
    private final boolean defaultNegativeByName;
    private final RequestValidation validation;

    CountyPolicies(RuleSql sql, OrgUnits orgUnits, AuditLog audit, Clock clock, ApplicationEventPublisher events,
                   RequestValidation validation,
                   @Value("${jifen.points.base-points:0}") int defaultBase,
                   @Value("${jifen.points.expiry-date:}") String defaultExpiry,
                   @Value("${jifen.points.veto-block-months:12}") int defaultBlockMonths,
                   @Value("${jifen.points.local-adjust-percent:20}") int defaultAdjust,
                   @Value("${jifen.claims.publicity-days:5}") int publicityDays,
                   @Value("${jifen.claims.max-age-days:90}") int maxAgeDays,
                   @Value("${jifen.market.reservation-hours:48}") int reservationHours,
                   @Value("${jifen.honours.flag-period:MONTH}") String flagPeriod,
                   @Value("${jifen.honours.star-thresholds:10,30,50,80,120}") String starThresholds,
                   @Value("${jifen.honours.star-person-count:10}") int starPersonCount,
                   @Value("${jifen.noticeboard.privacy-allowed:FULL,SURNAME,PASSBOOK}") String privacyAllowed,
                   @Value("${jifen.noticeboard.privacy-default:SURNAME}") String privacyDefault,
                   @Value("${jifen.noticeboard.negative-by-name:false}") boolean negativeByName) {
        this.validation = validation;
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.events = events;
        this.defaultBase = defaultBase;
        this.defaultExpiry = defaultExpiry;
        this.defaultBlockMonths = defaultBlockMonths;
        this.defaultAdjust = defaultAdjust;
        this.defaultPublicityDays = seedIn("jifen.claims.publicity-days", publicityDays, 0, MAX_PUBLICITY_DAYS);
        this.defaultMaxAgeDays = seedIn("jifen.claims.max-age-days", maxAgeDays, 1, MAX_CLAIM_AGE_DAYS);
        this.defaultReservationHours = seedIn("jifen.market.reservation-hours", reservationHours, 1, MAX_RESERVATION_HOURS);
        this.defaultFlagPeriod = flagPeriod.strip().toUpperCase(Locale.ROOT);
        if (!CountyPolicy.FLAG_PERIODS.contains(defaultFlagPeriod)) {
            throw new IllegalStateException("jifen.honours.flag-period must be MONTH or QUARTER");
        }
        try {
            this.defaultStarThresholds = Arrays.stream(starThresholds.split(",")).map(String::strip)
                    .map(Integer::valueOf).toList();
        } catch (NumberFormatException e) {
            throw new IllegalStateException("jifen.honours.star-thresholds needs five numbers (1 to 5 stars)");
        }
        if (thresholdsWrong(defaultStarThresholds)) {
            throw new IllegalStateException("jifen.honours.star-thresholds needs five ascending numbers (1 to 5 stars)");
        }
        this.defaultStarPersons = Math.min(MAX_STAR_PERSONS, Math.max(1, starPersonCount));
        List<String> modes = Arrays.stream(privacyAllowed.split(",")).map(String::strip)
                .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
        if (modes.isEmpty() || !CountyPolicy.PRIVACY_MODES.containsAll(modes)) {
            throw new IllegalStateException("jifen.noticeboard.privacy-allowed must name some of FULL, SURNAME, PASSBOOK");
        }
        this.defaultPrivacyAllowed = ordered(modes);
        this.defaultPrivacy = privacyDefault.strip().toUpperCase(Locale.ROOT);
        if (!defaultPrivacyAllowed.contains(defaultPrivacy)) {
            throw new IllegalStateException("jifen.noticeboard.privacy-default must be one of privacy-allowed");
        }
        this.defaultNegativeByName = negativeByName;
    }

    /** The policy in force for the county an org unit belongs to. */
    public CountyPolicy of(OrgUnit unit) {
        long county = countyOf(unit);
        CountyPolicy seed = seed(county);
        return sql.policy(county, seed).orElse(seed);
    }

    public CountyPolicy ofVillage(long villageId) {
        return of(orgUnits.byId(villageId));
    }

    /** What the settings file says: the policy of a county that has not saved its own. */
    private CountyPolicy seed(long county) {
        return new CountyPolicy(county, Math.max(0, defaultBase), monthDay(defaultExpiry), defaultBlockMonths, null,
                defaultAdjust, defaultPublicityDays, defaultMaxAgeDays, defaultReservationHours, defaultFlagPeriod,
                defaultStarThresholds, defaultStarPersons, defaultPrivacyAllowed, defaultPrivacy, defaultNegativeByName,
                null, null);
    }

    /** Saves a new policy for the county admin's county; every change needs a reason and is kept. */
    @Transactional
    public CountyPolicy update(Actor actor, Draft d) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        OrgUnit county = orgUnits.byId(actor.orgUnitId());
        List<Problem> problems = new ArrayList<>();
        MonthDay expiry = null;
        String expiryText = Texts.clean(d.expiryDate());
        if (expiryText != null) {
            expiry = monthDay(expiryText);
            if (expiry == null) {
                problems.add(new Problem("expiryDate", "error.policy.expiryDate"));
            }
        }
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
        String flag = before.flagPeriod();
        if (d.flagPeriod() != null) {
            flag = d.flagPeriod().strip().toUpperCase(Locale.ROOT);
            if (!CountyPolicy.FLAG_PERIODS.contains(flag)) {
                problems.add(new Problem("flagPeriod", "error.policy.flagPeriod"));
            }
        }
        List<Integer> thresholds = before.starThresholds();
        if (d.starThresholds() != null) {
            thresholds = d.starThresholds();
            if (thresholdsWrong(thresholds)) {
                problems.add(new Problem("starThresholds", "error.policy.starThresholds", 0, MAX_STAR_SCORE));
                thresholds = before.starThresholds();
            }
        }
        List<String> allowed = before.boardPrivacyAllowed();
        if (d.boardPrivacyAllowed() != null) {
            List<String> asked = d.boardPrivacyAllowed().stream().filter(Objects::nonNull).map(String::strip)
                    .filter(s -> !s.isEmpty()).map(s -> s.toUpperCase(Locale.ROOT)).toList();
            if (asked.isEmpty() || !CountyPolicy.PRIVACY_MODES.containsAll(asked)) {
                problems.add(new Problem("boardPrivacyAllowed", "error.policy.privacyAllowed"));
            } else {
                allowed = ordered(asked);
            }
        }
        String privacy = d.boardPrivacyDefault() == null ? before.boardPrivacyDefault()
                : d.boardPrivacyDefault().strip().toUpperCase(Locale.ROOT);
        if (!allowed.contains(privacy)) {
            problems.add(new Problem("boardPrivacyDefault", "error.policy.privacyDefault"));
        }
        boolean negativeByName = d.boardNegativeByName() == null ? before.boardNegativeByName() : d.boardNegativeByName();
        validation.check(d, problems);
        String why = Texts.clean(d.reason());
        int base = d.basePoints();
        int block = d.vetoBlockMonths();
        int adjust = d.localAdjustPercent();
        int publicity = kept(d.publicityDays(), before.publicityDays());
        int maxAge = kept(d.claimMaxAgeDays(), before.claimMaxAgeDays());
        int hours = kept(d.reservationHours(), before.reservationHours());
        int persons = kept(d.starPersonCount(), before.starPersonCount());
        OffsetDateTime now = OffsetDateTime.now(clock);
        CountyPolicy after = new CountyPolicy(county.id(), base, expiry, block, d.closedThrough(), adjust, publicity,
                maxAge, hours, flag, thresholds, persons, allowed, privacy, negativeByName, actor.username(), now);
        sql.savePolicy(after, why);
        audit.record(actor, "policy.update", county.path(), "county_policy", county.code(), describe(before),
                describe(after), why);
        events.publishEvent(new CountyPolicyChanged(county.id()));
        return after;
    }

    /** Every saved change of the county's policy, newest first, each with what it changed. */
    public List<CountyPolicyChange> history(Actor actor) {
        long county = countyOf(orgUnits.byId(actor.orgUnitId()));
        CountyPolicy previous = seed(county);
        List<CountyPolicyChange> out = new ArrayList<>();
        for (RuleSql.SavedPolicy s : sql.policyChanges(county, previous)) {
            CountyPolicy p = s.policy();
            List<CountyPolicyChange.Difference> changes = new ArrayList<>();
            Map<String, String> old = previous.values();
            p.values().forEach((field, value) -> {
                if (!Objects.equals(old.get(field), value)) {
                    changes.add(new CountyPolicyChange.Difference(field, old.get(field), value));
                }
            });
            out.add(new CountyPolicyChange(p.basePoints(), p.expiryDate() == null ? null : p.expiryText(),
                    p.vetoBlockMonths(), p.closedThrough(), p.localAdjustPercent(), p.publicityDays(),
                    p.claimMaxAgeDays(), p.reservationHours(), p.flagPeriod(), p.starThresholdsText(),
                    p.starPersonCount(), p.boardPrivacyAllowed(), p.boardPrivacyDefault(), p.boardNegativeByName(),
                    p.updatedAt(), p.updatedBy(), s.reason(), List.copyOf(changes)));
            previous = p;
        }
        Collections.reverse(out);
        return out;
    }

    private long countyOf(OrgUnit unit) {
        String[] ids = unit.path().split("/");
        return Long.parseLong(ids[1]);
    }

    private static int seedIn(String property, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalStateException(property + " must be " + min + " to " + max);
        }
        return value;
    }

    private static boolean thresholdsWrong(List<Integer> t) {
        if (t.size() != 5) {
            return true;
        }
        for (int i = 0; i < 5; i++) {
            Integer v = t.get(i);
            if (v == null || v < 0 || v > MAX_STAR_SCORE || (i > 0 && t.get(i - 1) != null && v <= t.get(i - 1))) {
                return true;
            }
        }
        return false;
    }

    /** The modes in the board's own order, each once. */
    private static List<String> ordered(List<String> modes) {
        return CountyPolicy.PRIVACY_MODES.stream().filter(modes::contains).toList();
    }

    /** A field a client may leave out: null keeps the county's current value. */
    private static int kept(Integer value, int current) {
        return value == null ? current : value;
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
                + " closedThrough=" + p.closedThrough() + " localAdjust=" + p.localAdjustPercent() + "%"
                + " publicityDays=" + p.publicityDays() + " claimMaxAgeDays=" + p.claimMaxAgeDays()
                + " reservationHours=" + p.reservationHours() + " flagPeriod=" + p.flagPeriod()
                + " starThresholds=" + p.starThresholdsText() + " starPersonCount=" + p.starPersonCount()
                + " boardPrivacy=" + String.join(",", p.boardPrivacyAllowed()) + "/" + p.boardPrivacyDefault()
                + " negativeByName=" + p.boardNegativeByName();
    }
}
