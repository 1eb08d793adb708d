package cn.jifen.claims;

import cn.jifen.claims.internal.ClaimRecording;
import cn.jifen.claims.internal.PostSql;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Responsibility posts (责任岗认领): a village admin lists posts, a household adopts one (the villager
 * itself, or the admin for it), and a grid worker's monthly inspection scores it within the post's rule
 * item: the inspection is a claim like any other (review, publicity, posting). Posts not inspected in a
 * month are listed for the admin.
 */
@Service
public class ResponsibilityPosts {
    private final PostSql sql;
    private final Claims claims;
    private final ClaimRecording recording;
    private final Households households;
    private final OrgUnits orgUnits;
    private final RuleCatalogue catalogue;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    ResponsibilityPosts(PostSql sql, Claims claims, ClaimRecording recording, Households households, OrgUnits orgUnits, RuleCatalogue catalogue,
                        AuditLog audit, Clock clock, TransactionTemplate tx, RequestValidation validation) {
        this.validation = validation;
        this.sql = sql;
        this.claims = claims;
        this.recording = recording;
        this.households = households;
        this.orgUnits = orgUnits;
        this.catalogue = catalogue;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    public ResponsibilityPost create(Actor actor, String villageCode, String name, String itemCode, String description) {
        return create(actor, new PostDraft(villageCode, name, itemCode, description));
    }

    /** Sets up a post: the village admin's, in its village; the draft checked after the access check. */
    public ResponsibilityPost create(Actor actor, PostDraft draft) {
        OrgUnit village = claims.village(actor, draft.village());
        if (!actor.is(Role.VILLAGE_ADMIN)) {
            throw Forbidden.role();
        }
        List<Problem> problems = new ArrayList<>();
        String n = Texts.clean(draft.name());
        String code = Texts.clean(draft.itemCode());
        String d = Texts.clean(draft.description());
        LocalDate today = LocalDate.now(clock);
        if (validation.valid(draft, "itemCode") && catalogue.itemFor(village, code, today).isEmpty()) {
            problems.add(new Problem("itemCode", "error.claims.itemNotInForce", code, today.toString()));
        }
        if (validation.valid(draft, "name") && sql.postNameTaken(village.id(), n)) {
            problems.add(new Problem("name", "error.posts.nameTaken", n));
        }
        validation.check(draft, problems);
        long id = tx.execute(s -> {
            long pid = sql.insertPost(village.id(), n, code, d, OffsetDateTime.now(clock));
            audit.record(actor, "posts.create", village.path(), "resp_post", village.id() + "/" + pid, null,
                    n + " " + code, null);
            return pid;
        });
        return sql.post(village.id(), id).orElseThrow();
    }

    public List<ResponsibilityPost> list(Actor actor, String villageCode) {
        return sql.posts(claims.village(actor, villageCode).id());
    }

    /** A page of the village's posts, by name. */
    public Page<ResponsibilityPost> list(Actor actor, String villageCode, Paging paging) {
        long villageId = claims.village(actor, villageCode).id();
        return paging.of(sql.posts(villageId, paging.size(), paging.offset()), sql.postCount(villageId));
    }

    /** A page of {@link #uninspected(Actor, String, YearMonth)}. */
    public Page<ResponsibilityPost> uninspected(Actor actor, String villageCode, YearMonth month, Paging paging) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OrgUnit village = claims.village(actor, villageCode);
        YearMonth m = month == null ? YearMonth.now(clock) : month;
        return paging.of(sql.uninspected(village.id(), m.atDay(1), m.atEndOfMonth(), paging.size(), paging.offset()),
                sql.uninspectedCount(village.id(), m.atDay(1), m.atEndOfMonth()));
    }

    /** Adopted posts with no inspection in the month (default: this month). Staff of the village. */
    public List<ResponsibilityPost> uninspected(Actor actor, String villageCode, YearMonth month) {
        if (!actor.isStaff()) {
            throw Forbidden.role();
        }
        OrgUnit village = claims.village(actor, villageCode);
        YearMonth m = month == null ? YearMonth.now(clock) : month;
        return sql.uninspected(village.id(), m.atDay(1), m.atEndOfMonth());
    }

    /** A household adopts a post: a villager for its own household (a free post), an admin for any household. */
    public ResponsibilityPost adopt(Actor actor, long villageId, long postId, Long householdId, String passbookNumber) {
        ResponsibilityPost post = visible(actor, villageId, postId);
        Household h;
        if (actor.is(Role.VILLAGER)) {
            h = households.get(actor, actor.orgUnitId(), actor.householdId());
        } else if (actor.is(Role.VILLAGE_ADMIN)) {
            h = Texts.clean(passbookNumber) != null ? households.byPassbook(actor, passbookNumber)
                    : households.get(actor, villageId, householdId == null ? -1 : householdId);
        } else {
            throw Forbidden.role();
        }
        if (h.villageId() != villageId) {
            throw InvalidInput.of("householdId", "error.household.notFound");
        }
        if (!post.active()) {
            throw new Conflict("error.posts.inactive");
        }
        LocalDate today = LocalDate.now(clock);
        tx.executeWithoutResult(s -> {
            sql.lockPost(villageId, postId);
            ResponsibilityPost now = sql.post(villageId, postId).orElseThrow();
            if (now.householdId() != null && actor.is(Role.VILLAGER)) {
                throw new Conflict("error.posts.taken");
            }
            sql.endAdoption(villageId, postId, today);
            sql.adopt(villageId, postId, h.id(), today);
            audit.record(actor, "posts.adopt", orgUnits.byId(villageId).path(), "resp_post", villageId + "/" + postId,
                    now.passbookNumber(), h.passbookNumber(), null);
        });
        return sql.post(villageId, postId).orElseThrow();
    }

    /** The monthly inspection: a claim of the post's item for the adopting household, linked to the post. */
    public Claim inspect(Actor actor, long villageId, long postId, Integer points, LocalDate occurredOn, String note) {
        ResponsibilityPost post = visible(actor, villageId, postId);
        if (!(actor.is(Role.GRID_WORKER) || actor.is(Role.VILLAGE_ADMIN))) {
            throw Forbidden.role();
        }
        if (post.householdId() == null) {
            throw new Conflict("error.posts.notAdopted");
        }
        LocalDate day = occurredOn == null ? LocalDate.now(clock) : occurredOn;
        YearMonth m = YearMonth.from(day);
        if (sql.uninspected(villageId, m.atDay(1), m.atEndOfMonth()).stream().noneMatch(p -> p.id() == postId)) {
            throw InvalidInput.of("occurredOn", "error.posts.inspectedThisMonth");
        }
        return recording.record(actor, new ClaimDraft(villageId, post.householdId(), null, post.itemCode(), points, day, null,
                note, false), postId);
    }

    public String villageCode(long villageId) {
        return orgUnits.byId(villageId).code();
    }

    private ResponsibilityPost visible(Actor actor, long villageId, long postId) {
        OrgUnit village = orgUnits.byId(villageId);
        boolean sees = actor.is(Role.VILLAGER) ? actor.orgUnitId() == villageId
                : actor.covers(village.path()) || actor.orgPath().startsWith(village.path());
        if (!sees || !village.isVillage()) {
            throw new NotFound("error.posts.notFound");
        }
        return sql.post(villageId, postId).orElseThrow(() -> new NotFound("error.posts.notFound"));
    }
}
