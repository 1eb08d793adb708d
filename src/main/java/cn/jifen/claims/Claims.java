package cn.jifen.claims;

import cn.jifen.claims.internal.ClaimAccess;
import cn.jifen.claims.internal.ClaimAppeals;
import cn.jifen.claims.internal.ClaimObjections;
import cn.jifen.claims.internal.ClaimPhotos;
import cn.jifen.claims.internal.ClaimPosting;
import cn.jifen.claims.internal.ClaimQueries;
import cn.jifen.claims.internal.ClaimRecording;
import cn.jifen.claims.internal.ClaimReview;
import cn.jifen.claims.internal.KinRegister;
import cn.jifen.claims.internal.PublicityBoard;
import cn.jifen.claims.internal.PublicitySettings;
import cn.jifen.claims.internal.VillagerClaims;
import cn.jifen.directory.OrgUnit;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The claims module's facade: recording and self-declaration, review (maker-checker; two approvers for a veto),
 * publicity with objections, appeals, photos, posting to the ledger, and the reads of claims. Each part is its own
 * service in {@code internal} (recording, review with its named reviewer policies, objections, appeals, photos,
 * posting, queries); the claim's states and the steps between them are the {@code ClaimLifecycle} table. Every state
 * change writes a claim_event row and an audit entry in the same transaction. Due publicity periods are settled every
 * minute and by an admin's run-now, so a stopped scheduler loses nothing.
 */
@Service
public class Claims {
    /** The states a reviewer has work in. */
    public static final Set<ClaimStatus> REVIEW_QUEUE = ClaimQueries.REVIEW_QUEUE;

    private final PublicitySettings publicity;
    private final ClaimRecording recording;
    private final KinRegister kin;
    private final ClaimReview review;
    private final ClaimObjections objections;
    private final ClaimAppeals appeals;
    private final ClaimPhotos photos;
    private final ClaimPosting posting;
    private final ClaimQueries queries;
    private final VillagerClaims villagers;
    private final PublicityBoard board;
    private final ClaimAccess access;

    Claims(PublicitySettings publicity, ClaimRecording recording, KinRegister kin, ClaimReview review,
           ClaimObjections objections, ClaimAppeals appeals, ClaimPhotos photos, ClaimPosting posting,
           ClaimQueries queries, VillagerClaims villagers, PublicityBoard board, ClaimAccess access) {
        this.publicity = publicity;
        this.recording = recording;
        this.kin = kin;
        this.review = review;
        this.objections = objections;
        this.appeals = appeals;
        this.photos = photos;
        this.posting = posting;
        this.queries = queries;
        this.villagers = villagers;
        this.board = board;
        this.access = access;
    }

    // ---------------------------------------------------------------- publicity period

    /** The village's publicity period in days: its own setting, else its county's default. */
    public int publicityDays(long villageId) {
        return publicity.publicityDays(villageId);
    }

    /** The county's default publicity period for a village's county (what a village without its own uses). */
    public int countyPublicityDays(long villageId) {
        return publicity.countyPublicityDays(villageId);
    }

    /** The village's own publicity period, if it set one. */
    public Optional<Integer> ownPublicityDays(long villageId) {
        return publicity.ownPublicityDays(villageId);
    }

    /** Sets a village's own publicity period (0 to 30 days). Admins of the village or above. */
    public int setPublicityDays(Actor actor, String villageCode, Integer days) {
        return publicity.setPublicityDays(actor, villageCode, days);
    }

    /** Drops the village's own publicity period; returns the period now in force. */
    public int clearPublicityDays(Actor actor, String villageCode) {
        return publicity.clearPublicityDays(actor, villageCode);
    }

    // ---------------------------------------------------------------- recording and kin

    /** Records (staff) or declares (villager, or staff/relative on a villager's behalf) one claim. */
    public Claim record(Actor actor, ClaimDraft d) {
        return recording.record(actor, d, null);
    }

    /** Registers a staff account as kin of a household (conflict of interest). Village admins only. */
    public void registerKin(Actor actor, long userId, long villageId, long householdId, String relation) {
        kin.registerKin(actor, userId, villageId, householdId, relation);
    }

    /** The village's kin relations: admins of the village or above. */
    public List<KinRelation> kin(Actor actor, OrgUnit village) {
        return kin.kin(actor, village);
    }

    /**
     * The village's kin relations, unchecked: for a module that has checked its reader's scope on the village and must
     * apply the reviewer rule itself (the meetings module: who abstains on an agenda item).
     */
    public List<KinRelation> kinOf(OrgUnit village) {
        return kin.kinOf(village);
    }

    /** Removes a registered kin relation. Village admins only. */
    public void removeKin(Actor actor, long userId, long villageId, long householdId) {
        kin.removeKin(actor, userId, villageId, householdId);
    }

    // ---------------------------------------------------------------- review

    /** Approves with the points (default: as recorded). A veto needs two different approvers and a reason. */
    public Claim approve(Actor actor, long villageId, long id, Integer points, String reason) {
        return review.approve(actor, villageId, id, points, reason);
    }

    public Claim reject(Actor actor, long villageId, long id, String reason) {
        return review.reject(actor, villageId, id, reason);
    }

    /** Approves many claims, each checked and committed on its own; reports the outcome of each. */
    public List<BatchResult> approveBatch(Actor actor, long villageId, List<Long> ids, String reason) {
        return review.approveBatch(actor, villageId, ids, reason);
    }

    // ---------------------------------------------------------------- publicity, objections, appeals

    /** Anyone who can see the claim's village raises an objection on a claim in publicity. */
    public Objection object(Actor actor, long villageId, long id, String reason) {
        return objections.object(actor, villageId, id, reason);
    }

    /** Upholds an objection: the claim is rejected. */
    public Claim uphold(Actor actor, long villageId, long id, long objectionId, String reason) {
        return objections.decide(actor, villageId, id, objectionId, reason, true);
    }

    /** Dismisses an objection: the claim goes back to publicity (and posts if the period has ended). */
    public Claim dismiss(Actor actor, long villageId, long id, long objectionId, String reason) {
        return objections.decide(actor, villageId, id, objectionId, reason, false);
    }

    /** The household (its villager, or staff for it) appeals a posted deduction or veto. */
    public Appeal appeal(Actor actor, long villageId, long id, String reason) {
        return appeals.appeal(actor, villageId, id, reason);
    }

    /** Upholds an appeal: the claim's posting is reversed by a correction posting. */
    public Claim upholdAppeal(Actor actor, long villageId, long id, long appealId, String reason) {
        return appeals.decide(actor, villageId, id, appealId, reason, true);
    }

    public Claim dismissAppeal(Actor actor, long villageId, long id, long appealId, String reason) {
        return appeals.decide(actor, villageId, id, appealId, reason, false);
    }

    // ---------------------------------------------------------------- photos

    /** Checks a photo before anything is saved: size, type by content, decodable; returns its type. */
    public String checkPhoto(byte[] data) {
        return photos.checkPhoto(data);
    }

    /** Adds a photo to a claim still under review: by the household's villager or staff in scope. */
    public Photo addPhoto(Actor actor, long villageId, long id, byte[] data) {
        return photos.addPhoto(actor, villageId, id, data);
    }

    /** A photo's bytes (the display copy, or the upload as sent), for whoever may see the claim. */
    public PhotoBytes photo(Actor actor, long villageId, long id, long photoId, boolean original) {
        return photos.photo(actor, villageId, id, photoId, original);
    }

    // ---------------------------------------------------------------- posting

    /** Posts every due claim of the village (or, with null, of all villages); returns how many it posted. */
    public int settleDue(Long villageId) {
        return posting.settleDue(villageId);
    }

    /** Posts now every due claim under an org unit the actor may act on; returns how many it posted. */
    public int postDueNow(Actor actor, String orgUnitCode) {
        return posting.postDueNow(actor, orgUnitCode);
    }

    // ---------------------------------------------------------------- reading

    /** A claim the actor may see, with its history. */
    public ClaimDetail detail(Actor actor, long villageId, long id) {
        return queries.detail(actor, villageId, id);
    }

    public Claim get(Actor actor, long villageId, long id) {
        return access.visible(actor, villageId, id);
    }

    /** A page of the claims of a village in the actor's scope (a villager: its own household's), newest first. */
    public Page<Claim> list(Actor actor, String villageCode, String status, Paging paging) {
        return queries.list(actor, villageCode, status, paging);
    }

    /** The village's claims in any state, newest first, optionally of one state and one passbook (staff). */
    public Page<Claim> history(Actor actor, OrgUnit village, String status, String passbookNumber, Paging paging) {
        return queries.history(actor, village, status, passbookNumber, paging);
    }

    /** A page of the review queue (admins) or of the grid worker's own records, newest first. */
    public Page<Claim> queue(Actor actor, OrgUnit village, Paging paging) {
        return queries.queue(actor, village, paging);
    }

    /** How many of the village's claims stand in each state, for the reviewers of the village (none for others). */
    public Map<ClaimStatus, Long> countsByStatus(Actor actor, OrgUnit village) {
        return queries.countsByStatus(actor, village);
    }

    /** The claims of the review queue that have waited longest (for the reviewers of the village). */
    public List<Claim> longestWaiting(Actor actor, OrgUnit village, int limit) {
        return queries.longestWaiting(actor, village, limit);
    }

    /** Claims of the village with an open appeal (申诉), for the reviewers of the village; oldest first. */
    public List<Claim> withOpenAppeal(Actor actor, OrgUnit village) {
        return queries.withOpenAppeal(actor, village);
    }

    /** Claims of the covered villages held by an open objection after their publicity period; oldest first. */
    public List<Claim> overdueObjections(Actor actor, Collection<OrgUnit> villages, int limit) {
        return queries.overdueObjections(actor, villages, limit);
    }

    /** How many claims {@link #overdueObjections} would list without its limit (counted in the database). */
    public long countOverdueObjections(Actor actor, Collection<OrgUnit> villages) {
        return queries.countOverdueObjections(actor, villages);
    }

    /** Vetoes (一票否决) approved once and waiting for a second, different approver, in the villages; oldest first. */
    public List<Claim> vetoesAwaitingSecond(Actor actor, Collection<OrgUnit> villages, int limit) {
        return queries.vetoesAwaitingSecond(actor, villages, limit);
    }

    public long countVetoesAwaitingSecond(Actor actor, Collection<OrgUnit> villages) {
        return queries.countVetoesAwaitingSecond(actor, villages);
    }

    /** What others did to the villager's household's claims in (after, until], newest first; doers unnamed. */
    public List<ClaimChange> changesOfMine(Actor villager, OffsetDateTime after, OffsetDateTime until, int limit) {
        return villagers.changesOfMine(villager, after, until, limit);
    }

    public long countChangesOfMine(Actor villager, OffsetDateTime after, OffsetDateTime until) {
        return villagers.countChangesOfMine(villager, after, until);
    }

    /** Objections raised on the villager's household's claims and their outcome, newest first; objectors unnamed. */
    public List<ObjectionOutcome> objectionsToMine(Actor villager, int limit) {
        return villagers.objectionsToMine(villager, limit);
    }

    /** A page of a villager's own household claims, newest first. */
    public Page<Claim> mine(Actor actor, Paging paging) {
        return villagers.mine(actor, paging);
    }

    /** A page of the claims of the village on the public board (in publicity or objected). */
    public Page<Claim> inPublicity(Actor actor, OrgUnit village, Paging paging) {
        return board.inPublicity(village, paging);
    }

    /** A claim on the public board with its objections (and how each was decided). */
    public record BoardLine(Claim claim, List<Objection> objections) { }

    /**
     * The village's publicity board (公示栏) without an actor, for the public notice board: claims in
     * publicity or held by an objection, each with its objections. Reads only.
     */
    public Page<BoardLine> publicity(long villageId, Paging paging) {
        return board.publicity(villageId, paging);
    }

    /** A page of the board as a logged-in villager of the village, or staff working in it, sees it. */
    public Page<BoardLine> board(Actor actor, String villageCode, Paging paging) {
        return board.board(actor, villageCode, paging);
    }

    /** The items this actor may record (or declare) in the village today. */
    public List<RuleItem> itemsFor(Actor actor, OrgUnit village, boolean declaration) {
        return queries.itemsFor(actor, village, declaration);
    }

    /** The rule items in force in the village today (its county's, town's and own), for pick lists. */
    public List<RuleItem> itemsInForce(OrgUnit village) {
        return queries.itemsInForce(village);
    }

    /** The village an actor works in: a villager's own, else one in scope or the village of its grid. */
    public OrgUnit village(Actor actor, String code) {
        return access.village(actor, code);
    }

    /** The village of a village-bound account or of a grid worker's grid. */
    public Optional<OrgUnit> defaultVillage(Actor actor) {
        return access.defaultVillage(actor);
    }

    public List<OrgUnit> villages(Actor actor) {
        return access.villages(actor);
    }
}
