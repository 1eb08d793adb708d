package cn.jifen.claims;

import cn.jifen.claims.internal.SavedDraftSql;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.rules.RuleItem;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Drafts of a record (草稿): a grid worker or village admin saves what the record form holds, however incomplete,
 * and comes back to it. Saving checks the text (length, NUL, unpaired surrogates, markup, as for a claim), the
 * household's scope and that a chosen family member belongs to the household, but not completeness. A draft is
 * its author's alone: anyone else — an admin of the same village too — is answered "not found", as for a record
 * outside their scope. Submitting records the claim through {@link Claims#record} and deletes the draft in the
 * same transaction, so a refused submission leaves the draft as it was.
 */
@Service
public class SavedDrafts {
    /** Days after its last save when a draft is shown as expired (已过期). */
    public static final int EXPIRES_AFTER_DAYS = 30;

    private final SavedDraftSql sql;
    private final Claims claims;
    private final Households households;
    private final AuditLog audit;
    private final Clock clock;
    private final TransactionTemplate tx;
    private final RequestValidation validation;

    SavedDrafts(SavedDraftSql sql, Claims claims, Households households, AuditLog audit, Clock clock,
                TransactionTemplate tx, RequestValidation validation) {
        this.sql = sql;
        this.validation = validation;
        this.claims = claims;
        this.households = households;
        this.audit = audit;
        this.clock = clock;
        this.tx = tx;
    }

    /** A page of the actor's own drafts, newest saved first, with how many there are. */
    public Page<SavedDraft> mine(Actor actor, Paging paging) {
        OrgUnit village = authorVillage(actor);
        List<SavedDraftSql.Row> rows = sql.mine(village.id(), actor.userId(), paging.size(), paging.offset());
        return paging.of(shown(village, rows), sql.countMine(village.id(), actor.userId()));
    }

    /** One of the actor's own drafts; another's is not found. */
    public SavedDraft get(Actor actor, long id) {
        OrgUnit village = authorVillage(actor);
        return shown(village, List.of(own(village, actor, id))).get(0);
    }

    /** Saves a new draft of what the form holds; only the household is required. */
    public SavedDraft create(Actor actor, ClaimDraft d) {
        OrgUnit village = authorVillage(actor);
        SavedDraftSql.Fields f = checked(actor, village, d);
        long id = tx.execute(s -> {
            long newId = sql.insert(village.id(), actor.userId(), f, now());
            audit.record(actor, "claims.draftSaved", village.path(), "claim_draft", village.id() + "/" + newId, null,
                    summary(f), null);
            return newId;
        });
        return get(actor, id);
    }

    /** Replaces what one of the actor's drafts holds by what the form holds now. */
    public SavedDraft update(Actor actor, long id, ClaimDraft d) {
        OrgUnit village = authorVillage(actor);
        SavedDraftSql.Row before = own(village, actor, id);
        SavedDraftSql.Fields f = checked(actor, village, d);
        tx.executeWithoutResult(s -> {
            if (sql.update(village.id(), actor.userId(), id, f, now()) == 0) {
                throw notFound();
            }
            audit.record(actor, "claims.draftSaved", village.path(), "claim_draft", village.id() + "/" + id,
                    summary(before), summary(f), null);
        });
        return get(actor, id);
    }

    /** Deletes one of the actor's drafts. */
    public void delete(Actor actor, long id) {
        OrgUnit village = authorVillage(actor);
        SavedDraftSql.Row before = own(village, actor, id);
        tx.executeWithoutResult(s -> {
            if (sql.delete(village.id(), actor.userId(), id) == 0) {
                throw notFound();
            }
            audit.record(actor, "claims.draftDeleted", village.path(), "claim_draft", village.id() + "/" + id,
                    summary(before), null, null);
        });
    }

    /** Submits a draft as it was saved: the claim is recorded and the draft deleted, or neither. */
    public Claim submit(Actor actor, long id) {
        return submit(actor, id, r -> new ClaimDraft(r.villageId(), r.householdId(), null, r.itemCode(), r.points(),
                r.occurredOn(), r.residentId(), r.note(), r.onBehalf()));
    }

    /**
     * Records the claim typed on a form opened from the draft and deletes the draft, in one transaction: when the
     * claim is refused (a missing item, points out of range, ...) nothing is recorded and the draft stays.
     */
    public Claim submit(Actor actor, long id, ClaimDraft typed) {
        return submit(actor, id, r -> typed);
    }

    /** The draft's row is read once, locked, inside the transaction that records the claim and deletes the draft. */
    private Claim submit(Actor actor, long id, Function<SavedDraftSql.Row, ClaimDraft> claim) {
        OrgUnit village = authorVillage(actor);
        return tx.execute(s -> {
            SavedDraftSql.Row before = sql.lock(village.id(), actor.userId(), id).orElseThrow(SavedDrafts::notFound);
            Claim c = claims.record(actor, claim.apply(before));
            sql.delete(village.id(), actor.userId(), id);
            audit.record(actor, "claims.draftSubmitted", village.path(), "claim_draft", village.id() + "/" + id,
                    summary(before), "claim " + c.villageId() + "/" + c.id(), null);
            return c;
        });
    }

    /** The village whose drafts the actor keeps: recorders only (a village admin's village, a grid worker's). */
    private OrgUnit authorVillage(Actor actor) {
        if (!(actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER))) {
            throw Forbidden.role();
        }
        return claims.defaultVillage(actor).orElseThrow(Forbidden::role);
    }

    private SavedDraftSql.Row own(OrgUnit village, Actor actor, long id) {
        return sql.byId(village.id(), actor.userId(), id).orElseThrow(SavedDrafts::notFound);
    }

    /** The household in the actor's scope (404 otherwise) and the text checked; completeness is not asked for. */
    private SavedDraftSql.Fields checked(Actor actor, OrgUnit village, ClaimDraft d) {
        Household h;
        if (Texts.clean(d.passbookNumber()) != null) {
            h = households.byPassbook(actor, d.passbookNumber());
        } else if (d.villageId() != null && d.householdId() != null) {
            h = households.get(actor, d.villageId(), d.householdId());
        } else {
            throw InvalidInput.of("householdId", "error.drafts.household");
        }
        if (h.villageId() != village.id()) {
            // a village admin's or grid worker's scope is its own village: another village's household is not found
            throw new NotFound("error.household.notFound");
        }
        List<Problem> problems = new ArrayList<>();
        if (d.residentId() != null && h.members().stream().noneMatch(m -> m.id() == d.residentId())) {
            problems.add(new Problem("residentId", "error.resident.notFound"));
        }
        validation.check(d, problems, ClaimDraft.ToSave.class);
        return new SavedDraftSql.Fields(h.id(), h.passbookNumber(), h.headName(), Texts.clean(d.itemCode()), d.points(),
                d.occurredOn(), d.residentId(), Texts.clean(d.note()), d.onBehalf());
    }

    /** Rows as shown: the rule item named from the village's catalogue, and whether the draft has expired. */
    private List<SavedDraft> shown(OrgUnit village, List<SavedDraftSql.Row> rows) {
        Map<String, RuleItem> items = rows.stream().anyMatch(r -> r.itemCode() != null)
                ? claims.itemsInForce(village).stream().collect(Collectors.toMap(RuleItem::code, Function.identity(),
                (a, b) -> a)) : Map.of();
        // Not deleted when it expires: a draft holds what someone typed in the field, and is kept until they decide.
        OffsetDateTime expiredBefore = now().minusDays(EXPIRES_AFTER_DAYS);
        return rows.stream().map(r -> {
            RuleItem i = r.itemCode() == null ? null : items.get(r.itemCode());
            String label = i == null ? r.itemCode() : i.code() + " " + i.categoryName() + "：" + i.name();
            return new SavedDraft(r.villageId(), r.id(), r.householdId(), r.passbookNumber(), r.headName(),
                    r.itemCode(), label, r.points(), r.occurredOn(), r.residentId(), r.note(), r.onBehalf(),
                    r.createdAt(), r.savedAt(), r.savedAt().isBefore(expiredBefore));
        }).toList();
    }

    private static String summary(SavedDraftSql.Fields f) {
        return f.passbookNumber() + " " + f.itemCode() + " " + f.points() + " " + f.occurredOn()
                + (f.residentId() == null ? "" : " r" + f.residentId());
    }

    private static String summary(SavedDraftSql.Row r) {
        return r.passbookNumber() + " " + r.itemCode() + " " + r.points() + " " + r.occurredOn()
                + (r.residentId() == null ? "" : " r" + r.residentId());
    }

    private static NotFound notFound() {
        return new NotFound("error.drafts.notFound");
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock).truncatedTo(ChronoUnit.MICROS).withOffsetSameInstant(ZoneOffset.UTC);
    }
}
