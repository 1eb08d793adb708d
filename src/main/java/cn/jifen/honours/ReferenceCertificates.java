package cn.jifen.honours;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.honours.internal.HonoursSql;
import cn.jifen.ledger.LedgerVerifier;
import cn.jifen.ledger.VerifyReport;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Reference certificates (积分证明): a village admin issues one for a household or a resident over a period,
 * stating the score by category, honours, vetoes and the ledger's verification state. Each has a serial
 * number (JFZM-村编码-年-序号) and a random 128-bit code for the public page /verify/{code}; it can be revoked.
 * A credit-loan certificate needs the household's recorded consent; a partner-bank auditor sees only the
 * certificates of households that consented to its bank.
 */
@Service
public class ReferenceCertificates {
    private final HonoursSql sql;
    private final Households households;
    private final OrgUnits orgUnits;
    private final Consents consents;
    private final LedgerVerifier verifier;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final ApplicationEventPublisher events;
    private final RequestValidation validation;

    ReferenceCertificates(HonoursSql sql, Households households, OrgUnits orgUnits, Consents consents,
                          LedgerVerifier verifier, AuditLog audit, TransactionTemplate tx, Clock clock,
                          ApplicationEventPublisher events, RequestValidation validation) {
        this.validation = validation;
        this.events = events;
        this.sql = sql;
        this.households = households;
        this.orgUnits = orgUnits;
        this.consents = consents;
        this.verifier = verifier;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    /**
     * What the admin asks a certificate for. The note's length is its constraint; the purpose (and the note it may
     * need), the period and the family member are checked by {@link #issue} (they need each other or the database).
     */
    public record Request(long villageId, long householdId, Long residentId, String purpose,
                          @Size(max = 200, message = "{error.certificates.purposeNoteLong}") String purposeNote,
                          LocalDate from, LocalDate to) { }

    public ReferenceCertificate issue(Actor actor, Request r) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.byId(r.villageId());
        if (!village.isVillage() || !actor.covers(village.path())) {
            throw new NotFound("error.honours.notFound");
        }
        Household h = households.get(actor, r.villageId(), r.householdId());
        List<InvalidInput.Problem> problems = new ArrayList<>();
        CertificatePurpose purpose = null;
        try {
            purpose = CertificatePurpose.valueOf(r.purpose() == null ? "" : r.purpose().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(new InvalidInput.Problem("purpose", "error.certificates.purpose"));
        }
        String note = Texts.clean(r.purposeNote());
        if (purpose == CertificatePurpose.OTHER && note == null) {
            problems.add(new InvalidInput.Problem("purposeNote", "error.certificates.purposeNote"));
        }
        LocalDate today = LocalDate.now(clock);
        if (r.from() == null || r.to() == null || r.to().isBefore(r.from()) || r.to().isAfter(today)
                || r.from().plusYears(10).isBefore(r.to())) {
            problems.add(new InvalidInput.Problem("from", "error.certificates.period"));
        }
        Resident resident = null;
        if (r.residentId() != null) {
            resident = h.members().stream().filter(m -> m.id() == r.residentId()).findFirst().orElse(null);
            if (resident == null) {
                problems.add(new InvalidInput.Problem("residentId", "error.certificates.resident"));
            }
        }
        validation.check(r, problems);
        if (purpose == CertificatePurpose.CREDIT_LOAN && consents.active(r.villageId(), r.householdId()).isEmpty()) {
            throw new Conflict("error.certificates.noConsent");
        }
        String holder = resident != null ? resident.name() : h.headName();
        List<String> honourLines = new ArrayList<>();
        for (Honour x : sql.honoursBetween(r.villageId(), r.householdId(), r.from(), r.to())) {
            if (r.residentId() == null || x.residentId() == null || x.residentId().equals(r.residentId())) {
                honourLines.add(x.periodLabel() + " " + kindLabel(x.kind())
                        + (x.stars() == null ? "" : " " + x.stars() + "星")
                        // a member's honour names no one: the facts are shown on the public verification page
                        + (x.residentId() == null || r.residentId() != null ? "" : "（家庭成员）"));
            }
        }
        VerifyReport report = verifier.verify(r.villageId());
        List<CertificateFacts.CategoryScore> cats = sql.categoryScores(r.villageId(), r.householdId(), r.residentId(),
                r.from(), r.to());
        CertificateFacts facts = new CertificateFacts(cats.stream().mapToLong(CertificateFacts.CategoryScore::score).sum(),
                cats, honourLines, sql.vetoYears(r.villageId(), r.householdId(), r.residentId(), r.from().getYear(),
                r.to().getYear()), report.intact(), report.entriesChecked());
        String prefix = "JFZM-" + village.code() + "-" + today.getYear() + "-";
        final CertificatePurpose p = purpose;
        for (int attempt = 1; ; attempt++) {
            try {
                String serial = tx.execute(s -> {
                    String sn = prefix + String.format("%04d", sql.countCertificates(r.villageId(), prefix) + 1);
                    sql.insertCertificate(r.villageId(), sn, Honours.code(), r.householdId(), r.residentId(), holder,
                            p.name(), note, r.from(), r.to(), facts.encode(), actor.username(), OffsetDateTime.now(clock));
                    audit.record(actor, "honours.certificate", village.path(), "reference_certificate", sn, null,
                            p + " " + r.from() + "~" + r.to() + " household " + r.householdId()
                                    + (r.residentId() == null ? "" : " resident " + r.residentId()), note);
                    events.publishEvent(new CertificateIssued(r.villageId(), r.householdId(), sn, p.name()));
                    return sn;
                });
                return sql.certificateBySerial(r.villageId(), serial).orElseThrow();
            } catch (DuplicateKeyException e) {
                if (attempt >= 5) {
                    throw new Conflict("error.certificates.busy");
                }
            }
        }
    }

    /** Revokes a certificate; the verification page then says so. */
    public ReferenceCertificate revoke(Actor actor, long villageId, long id, String reason) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        ReferenceCertificate c = get(actor, villageId, id);
        String why = Texts.clean(reason);
        validation.check(new HonourReason(reason), why == null
                ? List.of(new InvalidInput.Problem("reason", "error.certificates.revokeReason")) : List.of());
        if (c.revoked()) {
            throw new Conflict("error.certificates.revoked");
        }
        tx.executeWithoutResult(s -> {
            if (sql.revokeCertificate(villageId, id, actor.username(), OffsetDateTime.now(clock), why) == 0) {
                throw new Conflict("error.certificates.revoked");
            }
            audit.record(actor, "honours.certificateRevoked", orgUnits.byId(villageId).path(), "reference_certificate",
                    c.serial(), "issued", "revoked", why);
        });
        return sql.certificate(villageId, id).orElseThrow();
    }

    /** A certificate the actor may see: staff in scope (a partner bank: consenting households only), or the villager's own. */
    public ReferenceCertificate get(Actor actor, long villageId, long id) {
        ReferenceCertificate c = sql.certificate(villageId, id).orElseThrow(() -> new NotFound("error.honours.notFound"));
        if (actor.is(Role.VILLAGER)) {
            if (actor.householdId() == null || actor.householdId() != c.householdId() || actor.orgUnitId() != villageId) {
                throw new NotFound("error.honours.notFound");
            }
            return c;
        }
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();   // keepers and grid workers have no business with references
        }
        OrgUnit village = orgUnits.byId(villageId);
        if (!actor.covers(village.path())) {
            throw new NotFound("error.honours.notFound");
        }
        consents.checkPartnerSees(actor, villageId, c.householdId());
        return c;
    }

    /** The certificates of a village (staff in scope; a partner bank sees consenting households only). */
    public Page<ReferenceCertificate> list(Actor actor, String villageCode, Paging paging) {
        if (!(actor.isAdmin() || actor.is(Role.AUDITOR))) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.workingVillage(actor, villageCode);
        Set<Long> allowed = consents.partnerFilter(actor, village.id());   // filtered in the query: the total is right
        return paging.of(sql.certificates(village.id(), allowed, paging.size(), paging.offset()),
                sql.certificateCount(village.id(), allowed));
    }

    /** A villager's own household's certificates. */
    public List<ReferenceCertificate> mine(Actor actor) {
        if (!actor.is(Role.VILLAGER) || actor.householdId() == null) {
            throw Forbidden.role();
        }
        return sql.certificates(actor.orgUnitId(), actor.householdId(), 200);
    }

    /** The certificate behind a public verification code (32 lowercase hex characters), if any. */
    public Optional<ReferenceCertificate> byCode(String code) {
        // always one indexed lookup, whatever was typed: unknown and malformed codes take the same path
        return sql.certificateByCode(code == null || code.length() > 64 ? "" : code);
    }

    static String kindLabel(String kind) {
        return switch (kind) {
            case "RED_FLAG" -> "流动红旗·正能量文明户";
            case "STAR_PERSON" -> "正能量红人";
            case "STAR_PARTY_MEMBER" -> "星级党员";
            case "AWARD_CANDIDATE_CHOSEN" -> "评选表彰";
            default -> kind;
        };
    }
}
