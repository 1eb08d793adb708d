package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimDetail;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.Recorder;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Reading claims as staff: one claim with its history, the village's lists (review queue, searchable history), the
 * counts and oldest waiting of the review queue, and the homes' lists across villages. Reading changes nothing: a
 * claim past its publicity stays IN_PUBLICITY until the posting run takes it; pages show it as due.
 */
@Service
public class ClaimQueries {
    /** The states a reviewer has work in. */
    public static final Set<ClaimStatus> REVIEW_QUEUE = Set.of(ClaimStatus.RECORDED,
            ClaimStatus.AWAITING_SECOND_APPROVAL, ClaimStatus.OBJECTED);
    private static final List<String> QUEUE = REVIEW_QUEUE.stream().map(Enum::name).toList();

    private final ClaimListSql lists;
    private final ClaimEventSql history;
    private final ObjectionSql objections;
    private final AppealSql appeals;
    private final PhotoSql photos;
    private final RuleCatalogue catalogue;
    private final Households households;
    private final OrgUnits orgUnits;
    private final ClaimAccess access;
    private final Clock clock;

    ClaimQueries(ClaimListSql lists, ClaimEventSql history, ObjectionSql objections, AppealSql appeals, PhotoSql photos,
                 RuleCatalogue catalogue, Households households, OrgUnits orgUnits, ClaimAccess access, Clock clock) {
        this.lists = lists;
        this.history = history;
        this.objections = objections;
        this.appeals = appeals;
        this.photos = photos;
        this.catalogue = catalogue;
        this.households = households;
        this.orgUnits = orgUnits;
        this.access = access;
        this.clock = clock;
    }

    /** A claim the actor may see, with its rule item, history, objections, appeals and photos. */
    public ClaimDetail detail(Actor actor, long villageId, long id) {
        Claim c = access.visible(actor, villageId, id);
        return new ClaimDetail(c, catalogue.versionIn(orgUnits.byId(villageId), c.itemId(), c.itemVersion(),
                c.occurredOn()), ObjectorPrivacy.withoutObjectors(actor, history.events(villageId, id)),
                ObjectorPrivacy.objectionsFor(actor, objections.objections(villageId, id)), appeals.appeals(villageId, id),
                photos.photos(villageId, id));
    }

    /** A page of the claims of a village in the actor's scope (a villager: its own household's), newest first. */
    public Page<Claim> list(Actor actor, String villageCode, String status, Paging paging) {
        OrgUnit village = access.village(actor, villageCode);
        Set<String> statuses = status == null || status.isBlank() ? Set.of() : Set.of(parseStatus(status).name());
        String prefix = null;
        Long household = null;
        if (actor.is(Role.VILLAGER)) {
            household = actor.householdId() == null ? -1L : actor.householdId();
        } else {
            prefix = actor.covers(village.path()) ? village.path() : actor.orgPath();
        }
        return paging.of(lists.list(village.id(), prefix, statuses, household, null, paging.size(), paging.offset()),
                lists.count(village.id(), prefix, statuses, household, null));
    }

    /**
     * The village's claims in any state, newest first, optionally of one state and of one passbook: the
     * reviewer's searchable history. Staff who may see the village (a grid worker: its grid); a passbook
     * outside the village finds nothing.
     */
    public Page<Claim> history(Actor actor, OrgUnit village, String status, String passbookNumber, Paging paging) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        Set<String> statuses = Texts.clean(status) == null ? Set.of() : Set.of(parseStatus(status).name());
        String prefix = actor.covers(village.path()) ? village.path() : actor.orgPath();
        Long household = null;
        if (Texts.clean(passbookNumber) != null) {
            Household h = households.byPassbook(actor, passbookNumber.strip());
            if (h.villageId() != village.id()) {
                return paging.of(List.of(), 0);
            }
            household = h.id();
        }
        return paging.of(lists.list(village.id(), prefix, statuses, household, null, paging.size(), paging.offset()),
                lists.count(village.id(), prefix, statuses, household, null));
    }

    /** A page of the review queue (admins) or of the grid worker's own records, newest first. */
    public Page<Claim> queue(Actor actor, OrgUnit village, Paging paging) {
        if (actor.is(Role.GRID_WORKER)) {
            return paging.of(lists.list(village.id(), actor.orgPath(), Set.of(), null, actor.userId(), paging.size(),
                    paging.offset()), lists.count(village.id(), actor.orgPath(), Set.of(), null, actor.userId()));
        }
        String prefix = actor.covers(village.path()) ? village.path() : actor.orgPath();
        return paging.of(lists.list(village.id(), prefix, QUEUE, null, null, paging.size(), paging.offset()),
                lists.count(village.id(), prefix, QUEUE, null, null));
    }

    /** How many of the village's claims stand in each state, for the reviewers of the village (none for others). */
    public Map<ClaimStatus, Long> countsByStatus(Actor actor, OrgUnit village) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            return Map.of();
        }
        return lists.countsByStatus(village.id());
    }

    /** The claims of the review queue that have waited longest (for the reviewers of the village). */
    public List<Claim> longestWaiting(Actor actor, OrgUnit village, int limit) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            return List.of();
        }
        return lists.oldest(village.id(), QUEUE, Math.max(1, Math.min(limit, 100)));
    }

    /** Claims of the village with an open appeal (申诉), for the reviewers of the village; oldest first. */
    public List<Claim> withOpenAppeal(Actor actor, OrgUnit village) {
        if (!actor.isAdmin() || !actor.covers(village.path())) {
            return List.of();
        }
        return lists.withOpenAppeal(village.id());
    }

    private static List<Long> covered(Actor actor, Collection<OrgUnit> villages) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            return List.of();
        }
        return villages.stream().filter(v -> actor.covers(v.path())).map(OrgUnit::id).toList();
    }

    /**
     * Claims of the villages (those the actor covers; admins and auditors only) held by an open objection
     * although their publicity period has ended: posting waits on the objection. Oldest deadline first.
     */
    public List<Claim> overdueObjections(Actor actor, Collection<OrgUnit> villages, int limit) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? List.of() : lists.overdueObjections(ids, access.now(), Math.max(1, Math.min(limit, 100)));
    }

    public long countOverdueObjections(Actor actor, Collection<OrgUnit> villages) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? 0 : lists.countOverdueObjections(ids, access.now());
    }

    /** Vetoes (一票否决) approved once and waiting for a second, different approver, in the villages; oldest first. */
    public List<Claim> vetoesAwaitingSecond(Actor actor, Collection<OrgUnit> villages, int limit) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? List.of()
                : lists.inStatus(ids, ClaimStatus.AWAITING_SECOND_APPROVAL, Math.max(1, Math.min(limit, 100)));
    }

    public long countVetoesAwaitingSecond(Actor actor, Collection<OrgUnit> villages) {
        List<Long> ids = covered(actor, villages);
        return ids.isEmpty() ? 0 : lists.countInStatus(ids, ClaimStatus.AWAITING_SECOND_APPROVAL);
    }

    /** The items this actor may record (or declare) in the village today. */
    public List<RuleItem> itemsFor(Actor actor, OrgUnit village, boolean declaration) {
        Recorder r = actor.is(Role.VILLAGER) || declaration ? Recorder.SELF
                : actor.is(Role.GRID_WORKER) ? Recorder.GRID_WORKER : Recorder.VILLAGE_ADMIN;
        return itemsInForce(village).stream().filter(i -> i.recorders().contains(r)).toList();
    }

    /** The rule items in force in the village today (its county's, town's and own), for pick lists. */
    public List<RuleItem> itemsInForce(OrgUnit village) {
        return catalogue.inForceFor(village, LocalDate.now(clock));
    }

    public static ClaimStatus parseStatus(String raw) {
        try {
            return ClaimStatus.valueOf(raw.strip().toUpperCase());
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("status", "error.claims.status");
        }
    }
}
