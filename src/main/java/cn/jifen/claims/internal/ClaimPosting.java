package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.claims.Claim;
import cn.jifen.claims.ClaimStatus;
import cn.jifen.claims.internal.ClaimLifecycle.Step;
import cn.jifen.directory.OrgLevel;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.ledger.Ledger;
import cn.jifen.ledger.Posting;
import cn.jifen.ledger.PostingKind;
import cn.jifen.ledger.PostingRequest;
import cn.jifen.rules.RuleCatalogue;
import cn.jifen.rules.RuleItem;
import cn.jifen.rules.RuleSign;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posting claims to the ledger: a claim approved without publicity at once, the others when their publicity period
 * has ended with no open objection (settling, by {@link ClaimExpiry} every minute, after an objection is dismissed,
 * and by an admin's run-now).
 */
@Service
public class ClaimPosting {
    private static final Logger log = LoggerFactory.getLogger(ClaimPosting.class);
    private static final int CHUNK = 500;

    private final ClaimSql sql;
    private final ClaimEventSql history;
    private final RuleCatalogue catalogue;
    private final Ledger ledger;
    private final OrgUnits orgUnits;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    ClaimPosting(ClaimSql sql, ClaimEventSql history, RuleCatalogue catalogue, Ledger ledger, OrgUnits orgUnits,
                 ClaimAccess access, AuditLog audit, TransactionTemplate tx) {
        this.sql = sql;
        this.history = history;
        this.catalogue = catalogue;
        this.ledger = ledger;
        this.orgUnits = orgUnits;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
    }

    /**
     * Posts every claim of the village (or, with null, of all villages) whose publicity period has ended
     * with no open objection, in chunks until none is left due (a county with many due claims is posted in
     * one run, not a few hundred a minute). Each claim is its own transaction, taken by a conditional update
     * that only one of several concurrent runs wins; the ledger's idempotency key would refuse a second
     * posting anyway. Claims are posted in the order recorded. Returns how many claims this call posted.
     */
    public int settleDue(Long villageId) {
        return settle(after -> sql.due(villageId, null, access.now(), after, CHUNK));
    }

    /**
     * Posts now every due claim under an org unit (county, town or village) the actor may act on: the
     * "run now" of the page and of {@code POST /api/v1/points-runs/post-due}. Returns how many it posted.
     */
    public int postDueNow(Actor actor, String orgUnitCode) {
        if (!(actor.is(Role.COUNTY_ADMIN) || actor.is(Role.TOWN_ADMIN) || actor.is(Role.VILLAGE_ADMIN))) {
            throw Forbidden.role();
        }
        if (Texts.clean(orgUnitCode) == null) {
            throw InvalidInput.of("orgUnit", "error.required");
        }
        OrgUnit unit = orgUnits.visible(actor, orgUnitCode.strip());
        if (unit.level() == OrgLevel.GRID || !actor.covers(unit.path())) {
            throw Forbidden.scope();
        }
        // a village's run-now reads that village's shard alone (docs/citus.md); a town's or the county's reads them all
        boolean village = unit.level() == OrgLevel.VILLAGE;
        int posted = settle(after -> sql.due(village ? unit.id() : null, village ? null : unit.path(), access.now(),
                after, CHUNK));
        audit.record(actor, "claims.postDue", unit.path(), "org_unit", unit.code(), null, "posted " + posted, null);
        return posted;
    }

    /**
     * Walks the due claims once, in posting order, a chunk at a time: each chunk starts after the last claim of
     * the one before (keyset paging), so claims whose posting fails are passed over, not met again, and every
     * claim after them is still reached in this run. A failed claim stays due for the next run.
     */
    private int settle(Function<ClaimSql.Due, List<ClaimSql.Due>> chunkAfter) {
        int posted = 0;
        ClaimSql.Due last = null;
        while (true) {
            List<ClaimSql.Due> chunk = chunkAfter.apply(last);
            if (chunk.isEmpty()) {
                return posted;
            }
            for (ClaimSql.Due due : chunk) {
                try {
                    Boolean won = tx.execute(s -> {
                        if (!sql.takeForPosting(due.villageId(), due.id(), ClaimStatus.IN_PUBLICITY,
                                ClaimLifecycle.next(ClaimStatus.IN_PUBLICITY, Step.TAKE_FOR_POSTING), access.now())) {
                            return false;
                        }
                        Claim c = sql.byId(due.villageId(), due.id()).orElseThrow();
                        RuleItem item = catalogue.version(c.itemId(), c.itemVersion());
                        post(Actor.system(orgUnits.byId(due.villageId()).path()), c, item, ClaimStatus.IN_PUBLICITY);
                        return true;
                    });
                    if (Boolean.TRUE.equals(won)) {
                        posted++;
                    }
                } catch (RuntimeException e) {
                    // rolled back, so still due: left for the next run (this run has passed it)
                    log.warn("claim {}/{} could not be posted yet: {}", due.villageId(), due.id(), e.toString());
                }
            }
            last = chunk.get(chunk.size() - 1);
        }
    }

    /**
     * Posts a claim already taken for posting (inside the caller's transaction). {@code shownFrom} is the state the
     * history row names as the one left: the publicity a due claim leaves, or POSTING for one approved without it.
     */
    public void post(Actor actor, Claim c, RuleItem item, ClaimStatus shownFrom) {
        ClaimStatus to = ClaimLifecycle.next(c.status(), Step.POST);
        PostingKind kind = item.veto() ? PostingKind.VETO : item.sign() == RuleSign.EARN ? PostingKind.EARN : PostingKind.DEDUCT;
        String reason = c.decisionReason() != null ? c.decisionReason() : c.note();
        PostingRequest request = new PostingRequest(c.villageId(), c.householdId(), kind, c.points(), c.residentId(),
                "claim", String.valueOf(c.id()), item.categoryName() + "：" + item.name(), reason, null,
                "claim-" + c.villageId() + "-" + c.id());
        Posting p = ledger.post(actor, request);
        OffsetDateTime now = access.now();
        sql.posted(c.villageId(), c.id(), to, p.postingId(), now);
        history.event(c.villageId(), c.id(), now, ClaimAccess.actorId(actor), actor.username(), Step.POST.action(),
                shownFrom, to, c.points(), null);
        audit.record(actor, "claims.post", orgUnits.byId(c.villageId()).path(), "claim", c.villageId() + "/" + c.id(),
                shownFrom.name(), to + " " + kind + " " + c.points() + " " + p.postingId(), null);
    }
}
