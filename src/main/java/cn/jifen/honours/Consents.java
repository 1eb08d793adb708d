package cn.jifen.honours;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.honours.internal.HonoursSql;
import cn.jifen.identity.UserAccount;
import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A household's recorded consent to share its points with a partner bank (needed for a credit-loan
 * certificate), and partner-bank auditors: an auditor account bound to a partner sees only the
 * households that consented to that partner.
 */
@Service
public class Consents {
    private final HonoursSql sql;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Users users;
    private final AuditLog audit;
    private final Clock clock;

    Consents(HonoursSql sql, Households households, OrgUnits orgUnits, Users users, AuditLog audit, Clock clock) {
        this.sql = sql;
        this.households = households;
        this.orgUnits = orgUnits;
        this.users = users;
        this.audit = audit;
        this.clock = clock;
    }

    /** Records the household's consent (the village admin, having the signed paper form). */
    @Transactional
    public List<String> grant(Actor actor, long villageId, long householdId, String partner, String note) {
        Household h = writable(actor, villageId, householdId);
        String p = partner(partner);
        if (!sql.activeConsents(villageId, householdId).contains(p)) {
            sql.insertConsent(villageId, householdId, p, now(), actor.username(), Texts.clean(note));
            audit.record(actor, "honours.consent", orgUnits.byId(villageId).path(), "household",
                    villageId + "/" + h.id(), null, "consent " + p, Texts.clean(note));
        }
        return sql.activeConsents(villageId, householdId);
    }

    @Transactional
    public List<String> withdraw(Actor actor, long villageId, long householdId, String partner) {
        Household h = writable(actor, villageId, householdId);
        String p = partner(partner);
        if (sql.withdrawConsent(villageId, householdId, p, now(), actor.username()) > 0) {
            audit.record(actor, "honours.consentWithdrawn", orgUnits.byId(villageId).path(), "household",
                    villageId + "/" + h.id(), "consent " + p, null, null);
        }
        return sql.activeConsents(villageId, householdId);
    }

    /** Partners the household consented to (unchecked: callers check scope). */
    public List<String> active(long villageId, long householdId) {
        return sql.activeConsents(villageId, householdId);
    }

    /** Binds an auditor account to a partner bank (county admin only); null unbinds it. */
    @Transactional
    public void bindAuditor(Actor actor, long userId, String partner) {
        if (!actor.is(Role.COUNTY_ADMIN)) {
            throw Forbidden.role();
        }
        Role role = users.account(userId).map(UserAccount::role)
                .orElseThrow(() -> new NotFound("error.honours.notFound"));
        if (role != Role.AUDITOR) {
            throw InvalidInput.of("userId", "error.honours.notAuditor");
        }
        String p = partner == null || partner.isBlank() ? null : partner(partner);
        sql.setPartner(userId, p, now());
        audit.record(actor, "honours.auditorPartner", actor.orgPath(), "app_user", String.valueOf(userId), null,
                p == null ? "none" : p, null);
    }

    /** Binds an auditor account, by its login name, to a partner bank. */
    public void bindAuditor(Actor actor, String username, String partner) {
        long id = users.account(username == null ? "" : username.strip()).map(UserAccount::id)
                .orElseThrow(() -> InvalidInput.of("username", "error.honours.notAuditor"));
        bindAuditor(actor, id, partner);
    }

    /** The partner banks already known (for pick lists; a new one is named when binding its first auditor). */
    public List<String> knownPartners(Actor actor) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        return sql.knownPartners();
    }

    /** The partner bank an auditor account is bound to (unchecked: for the county admin's list). */
    public Optional<String> partnerOfAccount(long userId) {
        return sql.partnerOf(userId);
    }

    /** The partner bank an auditor account belongs to, if any. */
    public Optional<String> partnerOf(Actor actor) {
        if (!actor.is(Role.AUDITOR) || actor.userId() <= 0) {
            return Optional.empty();
        }
        return sql.partnerOf(actor.userId());
    }

    /** For a partner-bank auditor, the households it may see; null for everyone else (no filter). */
    public Set<Long> partnerFilter(Actor actor) {
        return partnerOf(actor).map(p -> (Set<Long>) new HashSet<>(sql.consentingHouseholds(p))).orElse(null);
    }

    /** {@link #partnerFilter(Actor)} within one village (its households only, read from its shard alone). */
    public Set<Long> partnerFilter(Actor actor, long villageId) {
        return partnerOf(actor).map(p -> (Set<Long>) new HashSet<>(sql.consentingHouseholds(p, villageId))).orElse(null);
    }

    /** NotFound unless a partner-bank auditor's household consented to its partner. */
    public void checkPartnerSees(Actor actor, long villageId, long householdId) {
        Optional<String> p = partnerOf(actor);
        if (p.isPresent() && !sql.activeConsents(villageId, householdId).contains(p.get())) {
            throw new NotFound("error.honours.notFound");
        }
    }

    private Household writable(Actor actor, long villageId, long householdId) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(villageId);
        if (!actor.covers(village.path())) {
            throw new NotFound("error.honours.notFound");
        }
        return households.get(actor, villageId, householdId);
    }

    private static String partner(String partner) {
        String p = partner == null ? "" : partner.strip();
        if (p.isEmpty() || p.length() > 64) {
            throw InvalidInput.of("partner", "error.honours.partner");
        }
        return p;
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }
}
