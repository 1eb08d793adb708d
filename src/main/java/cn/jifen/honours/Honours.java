package cn.jifen.honours;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.party.Party;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Period;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import cn.jifen.honours.internal.HonoursSql;

/**
 * The honours workflow. 流动红旗: each period (county policy: month or quarter) the system proposes the
 * village's top eligible household and a village admin confirms it or chooses another with a reason.
 * 正能量红人: the admin selects residents from the proposed top list; each gets a numbered certificate with a
 * verification code. 星级党员: the party branch's frozen star rating of the year (cn.jifen.party) when there is
 * one, else stars from the yearly 党员争优 score against the county's thresholds, computed on demand and frozen
 * after the year ends. Award candidates: the county defines an award's rule; the
 * system lists the eligible households and the committee's choice is recorded.
 * <p>Why one class of about 440 lines: The four honours share one workflow (proposed by the system from the
 * rankings, decided by a village admin with a reason, audited, announced) and the same scope checks and periods;
 * each honour's own part is a few methods.
 */
@Service
public class Honours {
    public static final String RED_FLAG = "RED_FLAG";
    public static final String STAR_PERSON = "STAR_PERSON";
    public static final String STAR_PARTY_MEMBER = "STAR_PARTY_MEMBER";
    public static final String AWARD_CHOSEN = "AWARD_CANDIDATE_CHOSEN";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HonoursSql sql;
    private final Rankings rankings;
    private final OrgUnits orgUnits;
    private final Consents consents;
    private final AuditLog audit;
    private final Clock clock;
    private final CountyPolicies policies;
    private final Party party;
    private final RequestValidation validation;

    Honours(HonoursSql sql, Rankings rankings, OrgUnits orgUnits, Consents consents, AuditLog audit, Clock clock,
            CountyPolicies policies, Party party, RequestValidation validation) {
        this.validation = validation;
        this.party = party;
        this.sql = sql;
        this.rankings = rankings;
        this.orgUnits = orgUnits;
        this.consents = consents;
        this.audit = audit;
        this.clock = clock;
        this.policies = policies;
    }

    /** The county's red-flag period (MONTH or QUARTER) for an org unit's county: the county policy, read now. */
    public String flagPeriod(OrgUnit unit) {
        return policies.of(unit).flagPeriod();
    }

    /** The county's five yearly 党员争优 scores for one to five stars. */
    public int[] starThresholds(OrgUnit unit) {
        return policies.of(unit).starThresholds().stream().mapToInt(Integer::intValue).toArray();
    }

    /** The flag period of the village's county named by the key (2026-11 or 2026-Q4), else the current one. */
    public Period flagPeriodOf(OrgUnit village, String key) {
        return Periods.parse(flagPeriod(village), key, null, null, today());
    }

    // ------------------------------------------------------------------ 流动红旗

    /** The proposal for a period: the top eligible households, the decided holder if any, and the history. */
    public record FlagState(Period period, String label, String key, List<RankLine> candidates, RankLine proposed,
                            Honour holder, List<Honour> history) { }

    public FlagState flag(Actor actor, String villageCode, String periodKey) {
        OrgUnit village = readable(actor, villageCode);
        Period p = flagPeriodOf(village, periodKey);
        List<RankLine> eligible = eligible(rankings.rank(village, Subject.HOUSEHOLD, p, null).lines());
        RankLine proposed = eligible.isEmpty() ? null : eligible.get(0);
        Honour holder = sql.honour(village.id(), RED_FLAG, Periods.label(p), "FLAG").orElse(null);
        return new FlagState(p, Periods.label(p), Periods.key(p), eligible.stream().limit(10).toList(), proposed, holder,
                sql.honours(village.id(), RED_FLAG, 50));
    }

    /** Confirms the proposal, or awards another eligible household with a reason. Once per period. */
    @Transactional
    public Honour confirmFlag(Actor actor, String villageCode, String periodKey, Long householdId, String reason) {
        OrgUnit village = writable(actor, villageCode);
        Period p = flagPeriodOf(village, periodKey);
        if (p.from().isAfter(today())) {
            throw InvalidInput.of("period", "error.honours.futurePeriod");
        }
        List<RankLine> eligible = eligible(rankings.rank(village, Subject.HOUSEHOLD, p, null).lines());
        if (eligible.isEmpty()) {
            throw new Conflict("error.honours.noCandidate");
        }
        RankLine proposed = eligible.get(0);
        long chosenId = householdId == null ? proposed.householdId() : householdId;
        RankLine chosen = eligible.stream().filter(l -> l.householdId() == chosenId).findFirst()
                .orElseThrow(() -> InvalidInput.of("householdId", "error.honours.notEligible"));
        String why = Texts.clean(reason);
        boolean override = chosen.householdId() != proposed.householdId() && chosen.score() != proposed.score();
        // another household than the proposed one must say why; any reason given must be storable plain text
        validation.check(new HonourReason(reason), override && why == null
                ? List.of(new InvalidInput.Problem("reason", "error.honours.overrideReason")) : List.of());
        String label = Periods.label(p);
        if (sql.honour(village.id(), RED_FLAG, label, "FLAG").isPresent()) {
            throw new Conflict("error.honours.flagDecided", label);
        }
        Honour h = new Honour(village.id(), 0, RED_FLAG, label, p.from(), p.to(), chosen.householdId(), null,
                chosen.name(), chosen.score(), null, null, proposed.householdId(), why, null, null, today(),
                actor.username(), now());
        insert(h, "FLAG", "error.honours.flagDecided", label);
        audit.record(actor, "honours.flag", village.path(), "household", village.id() + "/" + chosen.householdId(),
                "proposed " + proposed.householdId(), "RED_FLAG " + label + " → " + chosen.householdId(), why);
        return sql.honour(village.id(), RED_FLAG, label, "FLAG").orElseThrow();
    }

    // ------------------------------------------------------------------ 正能量红人

    public record StarPersonState(Period period, String label, String key, List<RankLine> proposed, List<Honour> awarded) { }

    public StarPersonState starPersons(Actor actor, String villageCode, String periodKey) {
        OrgUnit village = readable(actor, villageCode);
        Period p = flagPeriodOf(village, periodKey);
        String label = Periods.label(p);
        List<Honour> awarded = sql.honours(village.id(), STAR_PERSON, 500).stream()
                .filter(h -> h.periodLabel().equals(label)).toList();
        return new StarPersonState(p, label, Periods.key(p), proposedResidents(village, p), awarded);
    }

    private List<RankLine> proposedResidents(OrgUnit village, Period p) {
        return eligible(rankings.rank(village, Subject.RESIDENT, p, null).lines()).stream()
                .filter(l -> l.rank() <= policies.of(village).starPersonCount()).toList();
    }

    /** Awards 正能量红人 to the selected residents, each from the proposed list; already awarded ones are kept. */
    @Transactional
    public List<Honour> awardStarPersons(Actor actor, String villageCode, String periodKey, Collection<Long> residentIds) {
        OrgUnit village = writable(actor, villageCode);
        Period p = flagPeriodOf(village, periodKey);
        if (p.from().isAfter(today())) {
            throw InvalidInput.of("period", "error.honours.futurePeriod");
        }
        if (residentIds == null || residentIds.isEmpty()) {
            throw InvalidInput.of("residentIds", "error.honours.chooseSomeone");
        }
        Map<Long, RankLine> proposed = proposedResidents(village, p).stream()
                .collect(Collectors.toMap(RankLine::residentId, Function.identity()));
        for (Long r : residentIds) {
            if (r == null || !proposed.containsKey(r)) {
                throw InvalidInput.of("residentIds", "error.honours.notProposed");
            }
        }
        String label = Periods.label(p);
        List<Honour> made = new ArrayList<>();
        for (Long r : new LinkedHashSet<>(residentIds)) {
            RankLine l = proposed.get(r);
            Optional<Honour> existing = sql.honour(village.id(), STAR_PERSON, label, "r" + r);
            if (existing.isPresent()) {
                made.add(existing.get());
                continue;
            }
            String serial = "ZNLHR-" + village.code() + "-" + Periods.key(p).replace("-", "") + "-" + r;
            Honour h = new Honour(village.id(), 0, STAR_PERSON, label, p.from(), p.to(), l.householdId(), r, l.name(),
                    l.score(), null, null, null, null, serial, code(), today(), actor.username(), now());
            insert(h, "r" + r, "error.honours.alreadyAwarded", label);
            made.add(sql.honour(village.id(), STAR_PERSON, label, "r" + r).orElseThrow());
        }
        audit.record(actor, "honours.starPersons", village.path(), "org_unit", village.code(), null,
                "STAR_PERSON " + label + " " + residentIds, null);
        return made;
    }

    /** An honour certificate of a village the actor may see. */
    public Honour honour(Actor actor, long villageId, long id) {
        OrgUnit village = orgUnits.byId(villageId);
        if (actor.is(Role.VILLAGER)) {
            Honour h = sql.honourById(villageId, id).orElseThrow(() -> new NotFound("error.honours.notFound"));
            if (actor.householdId() == null || h.householdId() != actor.householdId() || actor.orgUnitId() != villageId) {
                throw new NotFound("error.honours.notFound");
            }
            return h;
        }
        if (!actor.isStaff() || !actor.covers(village.path())) {
            throw new NotFound("error.honours.notFound");
        }
        return sql.honourById(villageId, id).orElseThrow(() -> new NotFound("error.honours.notFound"));
    }

    /** An honour certificate by its verification code (public verification), if any. */
    public Optional<Honour> byCode(String code) {
        return sql.honourByCode(code == null || code.length() > 64 ? "" : code);
    }

    // ------------------------------------------------------------------ 星级党员

    public record StarRating(long residentId, long householdId, String name, String branch, long score, int stars,
                             boolean ineligible) { }

    public record StarState(int year, boolean frozen, boolean canFreeze, List<StarRating> ratings, List<Honour> history) { }

    /** The year's ratings: frozen ones if the year was frozen, else computed now from the 党员争优 scores. */
    public StarState stars(Actor actor, String villageCode, int year) {
        OrgUnit village = readable(actor, villageCode);
        List<Honour> frozen = sql.frozenStars(village.id(), year);
        boolean isFrozen = sql.countHonours(village.id(), STAR_PARTY_MEMBER, year) > 0;
        List<StarRating> ratings = isFrozen
                ? frozen.stream().map(h -> new StarRating(h.residentId(), h.householdId(), h.holderName(), null, h.score(),
                        h.stars(), false)).toList()
                : compute(village, year);
        List<Honour> history = sql.frozenStars(village.id(), null).stream().filter(h -> !h.periodLabel().equals(year + "年"))
                .toList();
        return new StarState(year, isFrozen, !isFrozen && today().isAfter(LocalDate.of(year, 12, 31)), ratings, history);
    }

    private List<StarRating> compute(OrgUnit village, int year) {
        // the party branch's frozen rating (评星定级), when the year has one, is the source of 星级党员
        List<Party.FrozenStar> rated = party.frozenStars(village.id(), year);
        if (!rated.isEmpty()) {
            return rated.stream().map(s -> new StarRating(s.residentId(), s.householdId(), s.name(), null, s.partyPoints(),
                    s.stars(), false)).toList();
        }
        List<StarRating> out = new ArrayList<>();
        CountyPolicy policy = policies.of(village);
        for (RankLine l : rankings.rank(village, Subject.PARTY, Period.year(year), null).lines()) {
            out.add(new StarRating(l.residentId(), l.householdId(), l.name(), l.branch(), l.score(),
                    l.ineligible() ? 0 : policy.starsFor(l.score()), l.ineligible()));
        }
        return out;
    }

    /** Stars for a yearly 党员争优 score in the village's county: the highest threshold reached (0 below the first). */
    public int starsFor(OrgUnit village, long score) {
        return policies.of(village).starsFor(score);
    }

    /** Freezes the year's ratings once the year is over: the rated party members are kept as honours. */
    @Transactional
    public List<Honour> freezeStars(Actor actor, String villageCode, int year) {
        OrgUnit village = writable(actor, villageCode);
        if (!today().isAfter(LocalDate.of(year, 12, 31))) {
            throw new Conflict("error.honours.yearNotOver", year);
        }
        if (sql.countHonours(village.id(), STAR_PARTY_MEMBER, year) > 0) {
            throw new Conflict("error.honours.starsFrozen", year);
        }
        Period p = Period.year(year);
        List<StarRating> ratings = compute(village, year);
        for (StarRating r : ratings) {
            if (r.stars() > 0) {
                insert(new Honour(village.id(), 0, STAR_PARTY_MEMBER, year + "年", p.from(), p.to(), r.householdId(),
                        r.residentId(), r.name(), r.score(), r.stars(), null, null, null, null, null, today(),
                        actor.username(), now()), "r" + r.residentId(), "error.honours.starsFrozen", year);
            }
        }
        audit.record(actor, "honours.freezeStars", village.path(), "org_unit", village.code(), null,
                "STAR_PARTY_MEMBER " + year + " " + ratings.stream().filter(r -> r.stars() > 0).count(), null);
        return sql.frozenStars(village.id(), year);
    }

    // ------------------------------------------------------------------ award candidates

    public List<Award> awards() {
        return sql.awards();
    }

    /** The county admin defines (or redefines) a named award and its rule. */
    @Transactional
    public Award defineAward(Actor actor, String code, String name, Integer topN, Long minScore, boolean noVeto) {
        return defineAward(actor, new AwardDraft(code, name, topN, minScore, noVeto));
    }

    /** As {@link #defineAward(Actor, String, String, Integer, Long, boolean)}: the draft checked after the role. */
    @Transactional
    public Award defineAward(Actor actor, AwardDraft d) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        validation.check(d);
        String c = Texts.clean(d.code());
        String n = Texts.clean(d.name());
        Integer topN = d.topN();
        Long minScore = d.minScore();
        boolean noVeto = d.noVeto();
        Optional<Award> before = sql.award(c);
        if (before.isPresent()) {
            sql.updateAward(c, n, topN, minScore, noVeto);
        } else {
            sql.insertAward(c, n, topN, minScore, noVeto, now(), actor.username());
        }
        Award a = sql.award(c).orElseThrow();
        audit.record(actor, "honours.award", actor.orgPath(), "honour_award", c, before.map(Object::toString).orElse(null),
                a.toString(), null);
        return a;
    }

    public record Candidates(Award award, int year, List<RankLine> candidates, List<Honour> chosen) { }

    /** The village's eligible candidates for an award in a year, with their figures, and any recorded decision. */
    public Candidates candidates(Actor actor, String villageCode, String awardCode, int year) {
        OrgUnit village = readable(actor, villageCode);
        Award a = sql.award(awardCode == null ? "" : awardCode.strip())
                .orElseThrow(() -> new NotFound("error.honours.noAward"));
        return new Candidates(a, year, candidates(village, a, year), chosen(village.id(), a, year));
    }

    private List<RankLine> candidates(OrgUnit village, Award a, int year) {
        return rankings.rank(village, Subject.HOUSEHOLD, Period.year(year), null).lines().stream()
                .filter(l -> !(a.noVeto() && l.ineligible()))
                .filter(l -> l.score() >= a.minScore())
                .filter(l -> l.rank() == null || l.rank() <= a.topN())
                .limit(a.topN()).toList();
    }

    private List<Honour> chosen(long villageId, Award a, int year) {
        String label = awardLabel(a, year);
        return sql.honours(villageId, AWARD_CHOSEN, 1000).stream().filter(h -> h.periodLabel().equals(label)).toList();
    }

    static String awardLabel(Award a, int year) {
        return year + "年" + a.name();
    }

    /** Records the committee's decision: the chosen households, each one of the candidates. */
    @Transactional
    public List<Honour> decide(Actor actor, String villageCode, String awardCode, int year, Collection<Long> householdIds,
                               String note) {
        OrgUnit village = writable(actor, villageCode);
        Award a = sql.award(awardCode == null ? "" : awardCode.strip())
                .orElseThrow(() -> new NotFound("error.honours.noAward"));
        if (householdIds == null || householdIds.isEmpty()) {
            throw InvalidInput.of("householdIds", "error.honours.chooseSomeone");
        }
        Map<Long, RankLine> eligible = candidates(village, a, year).stream()
                .collect(Collectors.toMap(RankLine::householdId, Function.identity()));
        for (Long h : householdIds) {
            if (h == null || !eligible.containsKey(h)) {
                throw InvalidInput.of("householdIds", "error.honours.notCandidate");
            }
        }
        sql.lockAward(a.id());   // two committees submitting at once: the second sees the first's decision
        if (!chosen(village.id(), a, year).isEmpty()) {
            throw new Conflict("error.honours.decided", awardLabel(a, year));
        }
        Period p = Period.year(year);
        String why = Texts.clean(note);
        for (Long h : new LinkedHashSet<>(householdIds)) {
            RankLine l = eligible.get(h);
            insert(new Honour(village.id(), 0, AWARD_CHOSEN, awardLabel(a, year), p.from(), p.to(), h, null, l.name(),
                    l.score(), null, a.id(), null, why, null, null, today(), actor.username(), now()), "h" + h,
                    "error.honours.decided", awardLabel(a, year));
        }
        audit.record(actor, "honours.awardDecision", village.path(), "honour_award", a.code(),
                "candidates " + eligible.keySet(), "chosen " + householdIds, why);
        return chosen(village.id(), a, year);
    }

    // ------------------------------------------------------------------ villager and history

    /** A household's honours (a villager's own, or staff in scope). */
    public List<Honour> ofHousehold(Actor actor, long villageId, long householdId) {
        OrgUnit village = orgUnits.byId(villageId);
        boolean own = actor.is(Role.VILLAGER) && actor.householdId() != null && actor.householdId() == householdId
                && actor.orgUnitId() == villageId;
        if (!own && !(actor.isStaff() && actor.covers(village.path()))) {
            throw new NotFound("error.honours.notFound");
        }
        return sql.honoursOfHousehold(villageId, householdId);
    }

    // ------------------------------------------------------------------ helpers

    static List<RankLine> eligible(List<RankLine> lines) {
        return lines.stream().filter(l -> !l.ineligible() && l.score() > 0).toList();
    }

    private void insert(Honour h, String holderKey, String conflictKey, Object arg) {
        try {
            sql.insertHonour(h, holderKey);
        } catch (DuplicateKeyException e) {
            throw new Conflict(conflictKey, arg);
        }
    }

    /** Staff read honours; villagers (their own page) and partner-bank auditors do not. */
    /**
     * Honours workflows are village-wide lists (names, passbook numbers, scores of every grid): admins and
     * auditors read them; a grid worker (one grid) and a supermarket keeper do not, nor a bank's auditor.
     */
    public void checkReader(Actor actor) {
        if (!actor.isStaff() || actor.is(Role.GRID_WORKER) || actor.is(Role.KEEPER)
                || consents.partnerOf(actor).isPresent()) {
            throw Forbidden.role();
        }
    }

    public OrgUnit readable(Actor actor, String villageCode) {
        checkReader(actor);
        return orgUnits.workingVillage(actor, villageCode);
    }

    OrgUnit writable(Actor actor, String villageCode) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        return orgUnits.visibleVillage(actor, villageCode);
    }

    static String code() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
