package cn.jifen.proposals;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDraft;
import cn.jifen.claims.Claims;
import cn.jifen.directory.Household;
import cn.jifen.directory.HouseholdSummary;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.proposals.internal.Electorate;
import cn.jifen.proposals.internal.ProposalSql;
import cn.jifen.proposals.internal.Results;
import cn.jifen.proposals.internal.Voter;
import cn.jifen.rules.Recorder;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Village votes (村民议事). The village admin writes a proposal (DRAFT), publishes it (OPEN: options fixed, the
 * electorate counted), and after the last voting day closes it (CLOSED: results final, participation claims recorded
 * when it names a catalogue item) — or withdraws it with a reason. Villagers vote on the phone for their household
 * (or as an adult of it); the village admin or the grid worker enters paper ballots. One vote per household or adult,
 * enforced by the database. The ballot is secret: only counts per option are kept, never who chose what.
 * <p>Why one class of about 600 lines: One aggregate's life (draft, open, votes, close or withdraw) with the
 * secrecy and one-vote rules enforced at every step over the same rows.
 */
@Service
public class Proposals {
    static final int MIN_OPTIONS = 2;
    static final int MAX_OPTIONS = 10;
    static final int MAX_DAYS = 92;
    static final int ADULT_AGE = 18;

    private final ProposalSql sql;
    private final OrgUnits orgUnits;
    private final Households households;
    private final Claims claims;
    private final RuleCatalogue catalogue;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    Proposals(ProposalSql sql, OrgUnits orgUnits, Households households, Claims claims, RuleCatalogue catalogue,
              AuditLog audit, Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.households = households;
        this.claims = claims;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
        this.validation = validation;
    }

    // ------------------------------------------------------------ reading

    /**
     * The proposals of a village, open ones first: a villager's own village (never drafts); staff of the village or
     * above (its grid workers too). Keepers are refused (403), other villages are not found (404).
     */
    public Page<Proposal> list(Actor actor, String villageCode, Paging paging) {
        OrgUnit village = readableVillage(actor, villageCode);
        List<ProposalSql.Row> rows;
        long total;
        if (actor.is(Role.VILLAGER)) {
            List<ProposalSql.Row> all = sql.ofVillage(village.id(), 10_000, 0).stream()
                    .filter(r -> r.status() != ProposalStatus.DRAFT).toList();
            int from = (int) Math.min(all.size(), paging.offset());
            rows = all.subList(from, Math.min(all.size(), from + paging.size()));
            total = all.size();
        } else {
            rows = sql.ofVillage(village.id(), paging.size(), paging.offset());
            total = sql.countOfVillage(village.id());
        }
        return paging.of(assemble(village, rows), total);
    }

    public Proposal get(Actor actor, long villageId, long id) {
        ProposalSql.Row row = visible(actor, villageId, id);
        return assemble(orgUnits.byId(villageId), List.of(row)).get(0);
    }

    /** The counts; per option only once the proposal is closed (see {@link Results}). */
    public Results results(Actor actor, long villageId, long id) {
        return results(get(actor, villageId, id));
    }

    /** Who has voted (never how), for the staff entering paper ballots and for readers above the village. */
    public List<Voter> voters(Actor actor, long villageId, long id) {
        visible(actor, villageId, id);
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        Map<Long, Household> seen = new HashMap<>();
        List<Voter> out = new ArrayList<>();
        for (ProposalSql.VoterRow v : sql.voters(villageId, id)) {
            Household h = seen.computeIfAbsent(v.householdId(), hid -> households.get(Actor.system("/"), villageId, hid));
            Resident r = v.residentId() == null ? h.head()
                    : h.members().stream().filter(m -> m.id() == v.residentId()).findFirst().orElse(h.head());
            out.add(new Voter(h.id(), h.passbookNumber(), v.residentId(), r == null ? "" : r.name(), v.channel(),
                    v.castOn(), v.enteredBy(), v.claimId()));
        }
        return out;
    }

    /** Open proposals of the villager's village with, for each, the voter keys of the household that have voted. */
    public List<Ballot> ballotsOfMine(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(actor.orgUnitId());
        LocalDate today = today();
        List<Proposal> open = assemble(village, sql.inStates(village.id(), List.of("OPEN"), today, 50)).stream()
                .filter(p -> !p.opensOn().isAfter(today)).toList();
        Map<Long, List<String>> voted = sql.keysOfHousehold(village.id(), actor.householdId(),
                open.stream().map(Proposal::id).toList());
        Household h = households.get(actor, village.id(), actor.householdId());
        List<Ballot> out = new ArrayList<>();
        for (Proposal p : open) {
            List<String> keys = voted.getOrDefault(p.id(), List.of());
            List<Resident> adults = p.electorate() == Electorate.PER_ADULT ? adults(h, p.opensOn()) : List.of();
            List<Resident> waiting = adults.stream().filter(r -> !keys.contains("R" + r.id())).toList();
            boolean done = p.electorate() == Electorate.PER_HOUSEHOLD ? keys.contains("H" + h.id()) : waiting.isEmpty();
            out.add(new Ballot(p, done, waiting, keys.size()));
        }
        return out;
    }

    /** An open proposal as one household sees it: whether it is done voting, and which adults may still vote. */
    public record Ballot(Proposal proposal, boolean done, List<Resident> adultsToVote, int votesOfHousehold) { }

    /** For the village board (public): proposals open now and those closed in the last 90 days, with counts. */
    public List<Results> board(long villageId) {
        LocalDate today = today();
        OrgUnit village = orgUnits.byId(villageId);
        List<Results> out = new ArrayList<>();
        for (Proposal p : assemble(village, sql.inStates(villageId, List.of("OPEN"), today, 10))) {
            if (!p.opensOn().isAfter(today)) {
                out.add(results(p));
            }
        }
        for (Proposal p : assemble(village, sql.inStates(villageId, List.of("CLOSED"), today.minusDays(90), 5))) {
            out.add(results(p));
        }
        return out;
    }

    // ------------------------------------------------------------ the committee's work

    /** The village admin writes a proposal (a draft: nobody else sees it until it is published). */
    public Proposal create(Actor actor, String villageCode, ProposalDraft d) {
        OrgUnit village = writableVillage(actor, villageCode);
        Checked c = check(village, d);
        long id = tx.execute(s -> {
            long pid = sql.insert(village.id(), c.title, c.description, c.electorate, c.opensOn, c.closesOn, c.itemCode,
                    actor.username(), OffsetDateTime.now(clock));
            sql.replaceOptions(village.id(), pid, c.options);
            audit.record(actor, "proposals.create", village.path(), "proposal", village.id() + "/" + pid, null,
                    c.title + " " + c.options.size() + " options " + c.opensOn + ".." + c.closesOn + " " + c.electorate,
                    null);
            return pid;
        });
        return get(actor, village.id(), id);
    }

    /** Changes a draft; a published proposal's options and period can no longer change (409). */
    public Proposal update(Actor actor, long villageId, long id, ProposalDraft d) {
        ProposalSql.Row row = writable(actor, villageId, id);
        if (row.status() != ProposalStatus.DRAFT) {
            throw new Conflict("error.proposals.notDraft");
        }
        OrgUnit village = orgUnits.byId(villageId);
        Checked c = check(village, d);
        tx.executeWithoutResult(s -> {
            if (!sql.updateDraft(villageId, id, c.title, c.description, c.electorate, c.opensOn, c.closesOn, c.itemCode)) {
                throw new Conflict("error.proposals.notDraft");
            }
            sql.replaceOptions(villageId, id, c.options);
            audit.record(actor, "proposals.update", village.path(), "proposal", villageId + "/" + id, row.title(),
                    c.title + " " + c.options.size() + " options " + c.opensOn + ".." + c.closesOn, null);
        });
        return get(actor, villageId, id);
    }

    /**
     * Publishes a draft: the options are fixed and the electorate is counted — the village's active households, or
     * its active residents aged 18 or more in the opening year (the roll keeps birth years only). The last voting
     * day must not have passed (422).
     */
    public Proposal publish(Actor actor, long villageId, long id) {
        ProposalSql.Row row = writable(actor, villageId, id);
        if (row.status() != ProposalStatus.DRAFT) {
            throw new Conflict("error.proposals.notDraft");
        }
        if (row.closesOn().isBefore(today())) {
            throw InvalidInput.of("closesOn", "error.proposals.closesPast");
        }
        OrgUnit village = orgUnits.byId(villageId);
        int size = electorateSize(village, row.electorate(), row.opensOn());
        tx.executeWithoutResult(s -> {
            if (!sql.publish(villageId, id, size, actor.username(), OffsetDateTime.now(clock))) {
                throw new Conflict("error.proposals.notDraft");
            }
            audit.record(actor, "proposals.publish", village.path(), "proposal", villageId + "/" + id, "DRAFT",
                    "OPEN electorate " + size, null);
        });
        return get(actor, villageId, id);
    }

    /**
     * Closes the vote on or after its last day (before it: 409) and makes the results final. When the proposal names
     * a catalogue item, every voter's household gets a claim for taking part, recorded by the closing admin; the
     * claims then go through review and publicity like any other (one another admin approves).
     */
    public Proposal close(Actor actor, long villageId, long id) {
        ProposalSql.Row row = writable(actor, villageId, id);
        if (row.status() != ProposalStatus.OPEN) {
            throw new Conflict("error.proposals.notOpen");
        }
        if (today().isBefore(row.closesOn())) {
            throw new Conflict("error.proposals.tooEarlyToClose", row.closesOn().toString());
        }
        OrgUnit village = orgUnits.byId(villageId);
        tx.executeWithoutResult(s -> {
            sql.lockStatus(villageId, id);
            if (!sql.close(villageId, id, actor.username(), OffsetDateTime.now(clock))) {
                throw new Conflict("error.proposals.notOpen");
            }
            audit.record(actor, "proposals.close", village.path(), "proposal", villageId + "/" + id, "OPEN",
                    "CLOSED votes " + row.votes(), null);
        });
        if (row.itemCode() != null) {
            int n = award(actor, village, row);
            tx.executeWithoutResult(s -> sql.awarded(villageId, id, n));
        }
        return get(actor, villageId, id);
    }

    /** One participation claim per voter; a claim the claims module refuses (e.g. the item's cap) is skipped. */
    private int award(Actor actor, OrgUnit village, ProposalSql.Row row) {
        LocalDate day = today();
        Optional<RuleItem> item = catalogue.itemFor(village, row.itemCode(), day);
        if (item.isEmpty()) {
            return 0;
        }
        int n = 0;
        for (ProposalSql.VoterRow v : sql.voters(village.id(), row.id())) {
            try {
                Claim c = claims.record(actor, new ClaimDraft(village.id(), v.householdId(), null, row.itemCode(),
                        item.get().minPoints(), day, v.residentId(), "参与村民议事：" + row.title(), false));
                tx.executeWithoutResult(s -> sql.claim(village.id(), row.id(), v.key(), c.id()));
                n++;
            } catch (InvalidInput | Forbidden | Conflict e) {
                // the vote still counts; the claims module said why no points (cap reached, household moved out ...)
            }
        }
        return n;
    }

    /** Withdraws a draft or an open proposal with a reason (required); its votes are not counted anywhere. */
    public Proposal withdraw(Actor actor, long villageId, long id, String reason) {
        ProposalSql.Row row = writable(actor, villageId, id);
        List<Problem> problems = new ArrayList<>();
        String why = Texts.name("reason", reason, 200, problems);
        Texts.throwIfAny(problems);
        OrgUnit village = orgUnits.byId(villageId);
        tx.executeWithoutResult(s -> {
            sql.lockStatus(villageId, id);
            if (!sql.withdraw(villageId, id, why, actor.username(), OffsetDateTime.now(clock))) {
                throw new Conflict("error.proposals.finished");
            }
            audit.record(actor, "proposals.withdraw", village.path(), "proposal", villageId + "/" + id,
                    row.status().name(), "WITHDRAWN " + why, null);
        });
        return get(actor, villageId, id);
    }

    // ------------------------------------------------------------ voting

    /**
     * A villager votes on the phone: for the household, or (PER_ADULT) as one of its adults ({@code residentId}). A
     * second vote is a conflict (409), outside the voting period too; another village's proposal is not found (404).
     */
    public Results vote(Actor actor, long villageId, long id, Integer option, Long residentId) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        ProposalSql.Row row = visible(actor, villageId, id);
        Household h = households.get(actor, villageId, actor.householdId());
        cast(actor, row, h, option, residentId, "PHONE");
        return results(actor, villageId, id);
    }

    /**
     * Staff enter a paper ballot (marked PAPER) for a passbook of the village: the village admin for any household,
     * a grid worker for the households of its grid. Same rules as a vote on the phone.
     */
    public Results enterPaper(Actor actor, long villageId, long id, String passbook, Integer option, Long residentId) {
        return enterPaper(actor, villageId, id, passbook, option, residentId, null);
    }

    /** As above; for PER_ADULT the voter may be named instead of numbered, as on the paper ballot. */
    public Results enterPaper(Actor actor, long villageId, long id, String passbook, Integer option, Long residentId,
                              String residentName) {
        ProposalSql.Row row = visible(actor, villageId, id);
        if (!(actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        if (Texts.clean(passbook) == null) {
            throw InvalidInput.of("passbookNumber", "error.required");
        }
        Household h;
        try {
            h = households.byPassbook(Actor.system("/"), passbook);
        } catch (NotFound e) {
            h = null;
        }
        if (h == null || h.villageId() != villageId) {
            throw InvalidInput.of("passbookNumber", "error.proposals.notOfVillage", Texts.clean(passbook));
        }
        if (actor.is(Role.GRID_WORKER) && h.gridId() != actor.orgUnitId()) {
            throw InvalidInput.of("passbookNumber", "error.proposals.notOfGrid", Texts.clean(passbook));
        }
        Long rid = residentId;
        String name = Texts.clean(residentName);
        if (rid == null && name != null && row.electorate() == Electorate.PER_ADULT) {
            rid = h.members().stream().filter(m -> m.name().equals(name)).map(Resident::id).findFirst().orElse(-1L);
        }
        cast(actor, row, h, option, rid, "PAPER");
        return results(actor, villageId, id);
    }

    private void cast(Actor actor, ProposalSql.Row row, Household h, Integer option, Long residentId, String channel) {
        LocalDate today = today();
        if (row.status() != ProposalStatus.OPEN) {
            throw new Conflict("error.proposals.notOpen");
        }
        if (today.isBefore(row.opensOn()) || today.isAfter(row.closesOn())) {
            throw new Conflict("error.proposals.outsidePeriod", row.opensOn().toString(), row.closesOn().toString());
        }
        List<Problem> problems = new ArrayList<>();
        int options = sql.options(row.villageId(), List.of(row.id())).getOrDefault(row.id(), List.of()).size();
        if (option == null) {
            problems.add(new Problem("option", "error.proposals.chooseOption"));
        } else if (option < 1 || option > options) {
            problems.add(new Problem("option", "error.proposals.noSuchOption", options));
        }
        if (!"ACTIVE".equals(h.status())) {
            problems.add(new Problem("passbookNumber", "error.proposals.householdInactive"));
        }
        Resident voter = null;
        if (row.electorate() == Electorate.PER_ADULT) {
            List<Resident> adults = adults(h, row.opensOn());
            if (residentId == null) {
                problems.add(new Problem("residentId", "error.proposals.chooseAdult"));
            } else {
                voter = adults.stream().filter(r -> r.id() == residentId).findFirst().orElse(null);
                if (voter == null) {
                    problems.add(new Problem("residentId", "error.proposals.notAdult", ADULT_AGE));
                }
            }
        }
        Texts.throwIfAny(problems);
        String key = voter == null ? "H" + h.id() : "R" + voter.id();
        Long rid = voter == null ? null : voter.id();
        String who = voter == null ? h.passbookNumber() : h.passbookNumber() + " " + voter.name();
        OrgUnit village = orgUnits.byId(row.villageId());
        try {
            tx.executeWithoutResult(s -> {
                // the row lock orders a vote after a concurrent close or withdraw, which it then sees
                if (!"OPEN".equals(sql.lockStatus(row.villageId(), row.id()).orElse(""))) {
                    throw new Conflict("error.proposals.notOpen");
                }
                sql.insertVoter(row.villageId(), row.id(), key, h.id(), rid, channel, today, actor.username());
                sql.count(row.villageId(), row.id(), option);
                // the audit names who voted and how the vote came in, never the option
                audit.record(actor, "proposals.vote", village.path(), "proposal", row.villageId() + "/" + row.id(),
                        null, who + " " + channel, null);
            });
        } catch (DuplicateKeyException e) {
            throw new Conflict(voter == null ? "error.proposals.householdVoted" : "error.proposals.adultVoted",
                    voter == null ? h.passbookNumber() : voter.name());
        }
    }

    // ------------------------------------------------------------ statistics

    /** Proposals put to the vote whose voting opened in [from, to] (closed range, county days). */
    public long held(List<Long> villageIds, LocalDate from, LocalDate to) {
        return villageIds.isEmpty() ? 0 : sql.held(villageIds, from, to);
    }

    public long votesCast(List<Long> villageIds, LocalDate from, LocalDate to) {
        return villageIds.isEmpty() ? 0 : sql.votesCast(villageIds, from, to);
    }

    /** Turnout (percent, one decimal) of the proposals closed with their last day in [from, to]; null when none. */
    public BigDecimal turnout(List<Long> villageIds, LocalDate from, LocalDate to) {
        if (villageIds.isEmpty()) {
            return null;
        }
        long[] t = sql.turnout(villageIds, from, to);
        return percent(t[0], t[1]);
    }

    // ------------------------------------------------------------ helpers

    private record Checked(String title, String description, List<String> options, Electorate electorate,
                           LocalDate opensOn, LocalDate closesOn, String itemCode) { }

    /** The draft's constraints and the rules that need more than its fields; all problems in one 422. */
    private Checked check(OrgUnit village, ProposalDraft d) {
        List<Problem> problems = new ArrayList<>();
        List<String> options = new ArrayList<>();
        Set<String> distinct = new HashSet<>();
        for (String raw : d.options() == null ? List.<String>of() : d.options()) {
            if (Texts.clean(raw) == null) {
                continue;   // blank lines of the form are no options
            }
            String o = Texts.text("options", raw, 100, problems);
            if (o != null && !distinct.add(o)) {
                problems.add(new Problem("options", "error.proposals.duplicateOption", o));
            }
            if (o != null) {
                options.add(o);
            }
        }
        if (options.size() < MIN_OPTIONS || options.size() > MAX_OPTIONS) {
            problems.add(new Problem("options", "error.proposals.optionCount", MIN_OPTIONS, MAX_OPTIONS));
        }
        Electorate electorate = null;
        if (Texts.clean(d.electorate()) != null) {
            try {
                electorate = Electorate.valueOf(d.electorate().strip().toUpperCase());
            } catch (IllegalArgumentException e) {
                problems.add(new Problem("electorate", "error.proposals.electorate"));
            }
        }
        if (d.opensOn() != null && d.closesOn() != null) {
            if (d.closesOn().isBefore(d.opensOn())) {
                problems.add(new Problem("closesOn", "error.proposals.closesBeforeOpens"));
            } else if (d.closesOn().isAfter(d.opensOn().plusDays(MAX_DAYS))) {
                problems.add(new Problem("closesOn", "error.proposals.tooLong", MAX_DAYS));
            } else if (d.closesOn().isBefore(today())) {
                problems.add(new Problem("closesOn", "error.proposals.closesPast"));
            }
        }
        String item = Texts.clean(d.itemCode());
        if (item != null && d.closesOn() != null) {
            Optional<RuleItem> ri = catalogue.itemFor(village, item, d.closesOn());
            if (ri.isEmpty() || ri.get().veto() || ri.get().minPoints() <= 0) {
                problems.add(new Problem("itemCode", "error.proposals.item", item));
            } else if (!ri.get().recorders().contains(Recorder.VILLAGE_ADMIN)) {
                problems.add(new Problem("itemCode", "error.proposals.itemRecorder", item));
            }
        }
        validation.check(d, problems);
        return new Checked(Texts.clean(d.title()), Texts.clean(d.description()), List.copyOf(options), electorate,
                d.opensOn(), d.closesOn(), item);
    }

    /** Active residents of an active household aged 18 or more in the opening year (the roll has birth years only). */
    static List<Resident> adults(Household h, LocalDate opensOn) {
        return h.members().stream()
                .filter(r -> "ACTIVE".equals(r.status()) && opensOn.getYear() - r.birthYear() >= ADULT_AGE).toList();
    }

    private int electorateSize(OrgUnit village, Electorate electorate, LocalDate opensOn) {
        Actor system = Actor.system(village.path());
        int n = 0;
        for (int page = 0; ; page++) {
            Page<HouseholdSummary> p = households.list(system, village.code(), null, null, page, Paging.MAX_SIZE);
            for (HouseholdSummary s : p.items()) {
                if (!"ACTIVE".equals(s.status())) {
                    continue;
                }
                n += electorate == Electorate.PER_HOUSEHOLD ? 1
                        : adults(households.get(system, village.id(), s.id()), opensOn).size();
            }
            if (!p.hasNext()) {
                return n;
            }
        }
    }

    private Results results(Proposal p) {
        boolean fin = p.status() == ProposalStatus.CLOSED;
        List<Results.OptionCount> counts = new ArrayList<>();
        if (fin) {
            List<ProposalSql.OptionRow> rows = sql.options(p.villageId(), List.of(p.id())).getOrDefault(p.id(), List.of());
            long max = rows.stream().mapToLong(ProposalSql.OptionRow::votes).max().orElse(0);
            long total = rows.stream().mapToLong(ProposalSql.OptionRow::votes).sum();
            for (ProposalSql.OptionRow o : rows) {
                counts.add(new Results.OptionCount(o.position(), o.label(), o.votes(), percent(o.votes(), total),
                        max > 0 && o.votes() == max));
            }
        }
        Integer size = p.electorateSize();
        return new Results(p, counts, p.votes(), size == null ? null : percent(p.votes(), size), fin);
    }

    private static BigDecimal percent(long part, long whole) {
        return whole <= 0 ? null : BigDecimal.valueOf(part * 100L).divide(BigDecimal.valueOf(whole), 1, RoundingMode.HALF_UP);
    }

    private List<Proposal> assemble(OrgUnit village, List<ProposalSql.Row> rows) {
        Map<Long, List<ProposalSql.OptionRow>> options = sql.options(village.id(),
                rows.stream().map(ProposalSql.Row::id).toList());
        return rows.stream().map(r -> new Proposal(r.villageId(), r.id(), village.name(), r.title(), r.description(),
                options.getOrDefault(r.id(), List.of()).stream().map(ProposalSql.OptionRow::label).toList(),
                r.electorate(), r.opensOn(), r.closesOn(), r.itemCode(), r.status(), r.electorateSize(), r.votes(),
                r.createdBy(), r.createdAt(), r.publishedAt(), r.closedAt(), r.withdrawReason(), r.awarded())).toList();
    }

    /** A proposal the actor may read; villagers never see drafts. Anything else is not found (404). */
    private ProposalSql.Row visible(Actor actor, long villageId, long id) {
        if (actor.is(Role.KEEPER)) {
            throw Forbidden.role();
        }
        ProposalSql.Row row = sql.get(villageId, id).orElseThrow(Proposals::notFound);
        OrgUnit village = orgUnits.byId(villageId);
        boolean sees = actor.is(Role.VILLAGER)
                ? actor.orgUnitId() == villageId && row.status() != ProposalStatus.DRAFT
                : actor.covers(village.path()) || actor.orgPath().startsWith(village.path());
        if (!sees) {
            throw notFound();
        }
        return row;
    }

    private ProposalSql.Row writable(Actor actor, long villageId, long id) {
        ProposalSql.Row row = visible(actor, villageId, id);
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        return row;
    }

    private OrgUnit readableVillage(Actor actor, String villageCode) {
        if (actor.is(Role.KEEPER)) {
            throw Forbidden.role();
        }
        String code = Texts.clean(villageCode);
        if (actor.is(Role.VILLAGER)) {
            OrgUnit own = orgUnits.byId(actor.orgUnitId());
            if (code != null && !code.equals(own.code())) {
                throw new NotFound("error.org.notFound");
            }
            return own;
        }
        return orgUnits.staffVillage(actor, code);
    }

    private OrgUnit writableVillage(Actor actor, String villageCode) {
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        String code = Texts.clean(villageCode);
        return code == null ? orgUnits.byId(actor.orgUnitId()) : orgUnits.visibleVillage(actor, code);
    }

    private LocalDate today() {
        return LocalDate.now(clock);
    }

    private static NotFound notFound() {
        return new NotFound("error.proposals.notFound");
    }
}
