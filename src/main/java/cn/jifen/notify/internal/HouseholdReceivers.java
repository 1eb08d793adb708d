package cn.jifen.notify.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.Household;
import cn.jifen.directory.Households;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.directory.Resident;
import cn.jifen.notify.internal.MemberSql.Member;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.PlainText;
import cn.jifen.shared.RequestValidation;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The members of a household other than its head who chose to receive the household's notices (issue #14: "its
 * head, or the members who chose to receive"). Identity has one villager account per household, the head's; a
 * member needs no account: a resident of the directory with their own mobile number is signed up, their consent
 * recorded (who recorded it, when), by the head for their own household or by a clerk (an admin) of the village.
 * Either may turn it off. The fan-out then sends each household notice to the member's phone (and WeChat openid,
 * when bound) under the household account's opt-outs and digest choice.
 */
@Service
public class HouseholdReceivers {
    /** A non-head resident of the household and whether they receive; the phone is shown masked. */
    public record Receiver(long residentId, String name, String relation, String phoneMasked, boolean hasPhone,
                           boolean receiving, boolean wechat, String consentNote, String consentBy,
                           OffsetDateTime consentAt, String stoppedBy, OffsetDateTime stoppedAt) { }

    /**
     * A sign-up: {@code consent} must be true (the resident agreed); {@code wechatOpenid} optional (a bound
     * WeChat), {@code consentNote} optional (how the consent was given, e.g. 当面同意).
     */
    public record SignUp(@NotNull(message = "{error.notify.memberConsent}")
                         @AssertTrue(message = "{error.notify.memberConsent}") Boolean consent,
                         @Pattern(regexp = "\\s*(" + NotifyPreferences.OPENID_TEXT + ")?\\s*",
                                  message = "{error.notify.openid}") String wechatOpenid,
                         @PlainText(max = 100) String consentNote) { }

    private final MemberSql sql;
    private final Households households;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;
    private final RequestValidation validation;

    HouseholdReceivers(MemberSql sql, Households households, OrgUnits orgUnits, AuditLog audit, Clock clock,
                       JsonMapper json, RequestValidation validation) {
        this.validation = validation;
        this.json = json;
        this.sql = sql;
        this.households = households;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
    }

    /** The head's own household (a villager account). */
    public List<Receiver> mine(Actor actor) {
        requireVillager(actor);
        return list(actor, actor.orgUnitId(), actor.householdId());
    }

    public Receiver signUpMine(Actor actor, long residentId, SignUp s) {
        requireVillager(actor);
        return signUp(actor, actor.orgUnitId(), actor.householdId(), residentId, s);
    }

    public void stopMine(Actor actor, long residentId) {
        requireVillager(actor);
        stop(actor, actor.orgUnitId(), actor.householdId(), residentId);
    }

    /** The non-head residents of a household and their sign-ups. */
    public List<Receiver> list(Actor actor, long villageId, long householdId) {
        Household h = household(actor, villageId, householdId);
        Map<Long, Member> signed = sql.ofHousehold(villageId, householdId).stream()
                .collect(Collectors.toMap(Member::residentId, Function.identity()));
        return h.members().stream().filter(r -> !r.head() && "ACTIVE".equals(r.status()))
                .map(r -> receiver(r, signed.get(r.id()))).toList();
    }

    /** Signs a resident up with their consent; all or nothing, audited. */
    @Transactional
    public Receiver signUp(Actor actor, long villageId, long householdId, long residentId, SignUp s) {
        Household h = household(actor, villageId, householdId);
        Resident r = h.members().stream().filter(m -> m.id() == residentId && "ACTIVE".equals(m.status()))
                .findFirst().orElseThrow(() -> new NotFound("error.notify.memberNotFound"));
        List<Problem> problems = new ArrayList<>();
        if (r.head()) {
            problems.add(new Problem("residentId", "error.notify.memberIsHead"));
        } else if (r.phone() == null || !NotifyPreferences.PHONE.matcher(r.phone().strip()).matches()) {
            problems.add(new Problem("residentId", "error.notify.memberPhone"));
        }
        SignUp asked = s == null ? new SignUp(null, null, null) : s;
        problems.addAll(validation.problems(asked));   // after the member's problems, as the form shows them
        Texts.throwIfAny(problems);
        String openid = Texts.clean(asked.wechatOpenid());
        String note = Texts.clean(asked.consentNote());
        Member before = sql.one(villageId, householdId, residentId).orElse(null);
        Member after = new Member(villageId, householdId, residentId, r.name(), r.phone().strip(), openid, true, note,
                actor.username(), OffsetDateTime.now(clock), null, null);
        sql.signUp(after, actor.userId() == 0 ? null : actor.userId());
        audit.record(actor, "notify.member.on", path(villageId), "resident", villageId + "/" + householdId + "/"
                + residentId, snapshot(before), snapshot(after), note);
        return receiver(r, sql.one(villageId, householdId, residentId).orElseThrow());
    }

    /** Turns a member's notices off (nothing to do when they were not signed up); audited. */
    @Transactional
    public void stop(Actor actor, long villageId, long householdId, long residentId) {
        household(actor, villageId, householdId);
        Member before = sql.one(villageId, householdId, residentId).orElse(null);
        if (sql.stop(villageId, householdId, residentId, actor.username(), OffsetDateTime.now(clock))) {
            audit.record(actor, "notify.member.off", path(villageId), "resident", villageId + "/" + householdId + "/"
                    + residentId, snapshot(before), snapshot(sql.one(villageId, householdId, residentId).orElse(null)),
                    null);
        }
    }

    /**
     * The household, once the actor may manage its members' notices: its own head (a villager account of that
     * household), or an admin whose scope covers the village; nobody else.
     */
    private Household household(Actor actor, long villageId, long householdId) {
        if (actor.role() == Role.VILLAGER) {
            if (actor.householdId() == null || actor.householdId() != householdId || actor.orgUnitId() != villageId) {
                throw Forbidden.scope();
            }
        } else if (!actor.isAdmin()) {
            throw Forbidden.role();
        } else if (!actor.covers(path(villageId))) {
            throw Forbidden.scope();
        }
        return households.get(Actor.system(path(villageId)), villageId, householdId);
    }

    private String path(long villageId) {
        OrgUnit village = orgUnits.byId(villageId);
        return village.path();
    }

    private static void requireVillager(Actor actor) {
        if (actor.role() != Role.VILLAGER || actor.householdId() == null) {
            throw Forbidden.role();
        }
    }

    private static Receiver receiver(Resident r, Member m) {
        boolean hasPhone = r.phone() != null && NotifyPreferences.PHONE.matcher(r.phone().strip()).matches();
        String phone = m != null && m.active() ? m.smsPhone() : hasPhone ? r.phone().strip() : null;
        return new Receiver(r.id(), r.name(), r.relation(), phone == null ? null : SmsSender.masked(phone), hasPhone,
                m != null && m.active(), m != null && m.active() && m.wechatOpenid() != null,
                m == null ? null : m.consentNote(), m == null ? null : m.consentBy(), m == null ? null : m.consentAt(),
                m == null ? null : m.stoppedBy(), m == null ? null : m.stoppedAt());
    }

    private String snapshot(Member m) {
        if (m == null) {
            return null;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("active", m.active());
        s.put("phone", SmsSender.masked(m.smsPhone()));
        s.put("wechat", m.wechatOpenid() != null);
        s.put("consentBy", m.consentBy());
        s.put("consentAt", m.consentAt() == null ? null : m.consentAt().toString());
        return json.writeValueAsString(s);
    }
}
