package cn.jifen.notify.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.identity.UserAccount;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.Phone;
import cn.jifen.shared.Texts;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Each person's notification choices: which channels (SMS to a phone, WeChat to a bound openid, e-mail for
 * staff), the kinds they opted out of, and a daily digest instead of one message per posting. The inbox is always
 * on. Until a person saves, the defaults hold: villagers get SMS at the account's phone or, failing that, the
 * household head's; staff get the inbox only.
 */
@Service
public class NotifyPreferences {
    static final Pattern PHONE = Pattern.compile("1\\d{10}");
    static final String OPENID_TEXT = "[A-Za-z0-9_-]{6,64}";
    static final Pattern OPENID = Pattern.compile(OPENID_TEXT);
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]+\\.[^@\\s]+");

    /** A person's choices; {@code saved} is false while the defaults hold. */
    public record Preference(long userId, boolean smsOn, String smsPhone, boolean wechatOn, String wechatOpenid,
                             boolean emailOn, String email, boolean digest, Set<NoticeKind> optedOut, boolean saved) {

        public boolean receives(NoticeKind kind) {
            return !optedOut.contains(kind);
        }
    }

    /** What a person asks for (page form or API body); null booleans count as off. */
    /**
     * A person's own choices. The API checks the shapes before {@link #save} (only one's own settings, so a 422
     * hides no 403 or 404); save checks them again with the rules that need the actor (staff-only e-mail, the
     * kinds one may opt out of) and for the HTML form.
     */
    public record Change(Boolean smsOn, @Phone(message = "{error.notify.phone}") String smsPhone, Boolean wechatOn,
                         @Size(max = 64, message = "{error.notify.openid}") String wechatOpenid, Boolean emailOn,
                         @Size(max = 200, message = "{error.notify.email}") String email, Boolean digest,
                         Collection<String> optedOut) { }

    private final JdbcClient jdbc;
    private final Recipients recipients;
    private final AuditLog audit;
    private final Clock clock;
    private final JsonMapper json;

    NotifyPreferences(JdbcClient jdbc, Recipients recipients, AuditLog audit, Clock clock, JsonMapper json) {
        this.jdbc = jdbc;
        this.recipients = recipients;
        this.audit = audit;
        this.clock = clock;
        this.json = json;
    }

    /** The kinds a person may opt out of. */
    public List<NoticeKind> optionalKinds(Actor actor) {
        return Arrays.stream(NoticeKind.values()).filter(NoticeKind::optional)
                .filter(k -> actor.isStaff() != k.audience().households())
                .toList();
    }

    /** The actor's own preferences. */
    public Preference mine(Actor actor) {
        return recipients.account(actor.userId()).map(this::of)
                .orElseGet(() -> new Preference(actor.userId(), false, null, false, null, false, null, false,
                        EnumSet.noneOf(NoticeKind.class), false));
    }

    /** The preferences of many accounts in one query (saved, or the defaults), by user id. */
    Map<Long, Preference> of(Collection<UserAccount> accounts) {
        Map<Long, Preference> out = new HashMap<>();
        if (accounts.isEmpty()) {
            return out;
        }
        Map<Long, UserAccount> byId = new HashMap<>();
        accounts.forEach(a -> byId.put(a.id(), a));
        jdbc.sql("""
                SELECT user_id, sms_on, sms_phone, wechat_on, wechat_openid, email_on, email, digest, opted_out
                FROM notify_preference WHERE user_id IN (:u)""").param("u", byId.keySet())
                .query((rs, i) -> new Preference(rs.getLong(1), rs.getBoolean(2), rs.getString(3), rs.getBoolean(4),
                        rs.getString(5), rs.getBoolean(6), rs.getString(7), rs.getBoolean(8), kinds(rs.getString(9)),
                        true))
                .list().forEach(p -> out.put(p.userId(), p));
        byId.values().stream().filter(a -> !out.containsKey(a.id())).forEach(a -> out.put(a.id(), defaults(a)));
        return out;
    }

    /** The preferences of an account (saved, or the defaults). */
    Preference of(UserAccount account) {
        return jdbc.sql("""
                SELECT sms_on, sms_phone, wechat_on, wechat_openid, email_on, email, digest, opted_out
                FROM notify_preference WHERE user_id = :u""").param("u", account.id())
                .query((rs, i) -> new Preference(account.id(), rs.getBoolean(1), rs.getString(2), rs.getBoolean(3),
                        rs.getString(4), rs.getBoolean(5), rs.getString(6), rs.getBoolean(7), kinds(rs.getString(8)),
                        true))
                .optional().orElseGet(() -> defaults(account));
    }

    private Preference defaults(UserAccount account) {
        boolean villager = !account.role().isStaff();
        String phone = account.phone();
        if ((phone == null || phone.isBlank()) && villager && account.householdId() != null) {
            phone = recipients.householdPhone(account.orgUnitId(), account.householdId()).orElse(null);
        }
        return new Preference(account.id(), villager && phone != null, phone, false, null, false, null, false,
                EnumSet.noneOf(NoticeKind.class), false);
    }

    private static Set<NoticeKind> kinds(String csv) {
        Set<NoticeKind> out = EnumSet.noneOf(NoticeKind.class);
        if (csv != null) {
            for (String s : csv.split(",")) {
                if (!s.isBlank()) {
                    try {
                        out.add(NoticeKind.valueOf(s.strip()));
                    } catch (IllegalArgumentException e) {
                        // a kind that no longer exists
                    }
                }
            }
        }
        return out;
    }

    /** Saves the actor's own choices: all or nothing; a problem names the field to fix. */
    @Transactional
    public Preference save(Actor actor, Change c) {
        List<Problem> problems = new ArrayList<>();
        boolean smsOn = Boolean.TRUE.equals(c.smsOn());
        boolean wechatOn = Boolean.TRUE.equals(c.wechatOn());
        boolean emailOn = Boolean.TRUE.equals(c.emailOn());
        String phone = Texts.clean(c.smsPhone());
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(new Problem("smsPhone", "error.notify.phone"));
        } else if (smsOn && phone == null) {
            problems.add(new Problem("smsPhone", "error.notify.phoneNeeded"));
        }
        String openid = Texts.clean(c.wechatOpenid());
        if (openid != null && !OPENID.matcher(openid).matches()) {
            problems.add(new Problem("wechatOpenid", "error.notify.openid"));
        } else if (wechatOn && openid == null) {
            problems.add(new Problem("wechatOpenid", "error.notify.openidNeeded"));
        }
        String email = Texts.clean(c.email());
        if (!actor.isStaff() && (email != null || emailOn)) {
            problems.add(new Problem("email", "error.notify.emailStaffOnly"));
        } else if (email != null && (email.length() > 200 || !EMAIL.matcher(email).matches())) {
            problems.add(new Problem("email", "error.notify.email"));
        } else if (emailOn && email == null) {
            problems.add(new Problem("email", "error.notify.emailNeeded"));
        }
        Set<NoticeKind> out = EnumSet.noneOf(NoticeKind.class);
        List<NoticeKind> allowed = optionalKinds(actor);
        for (String k : c.optedOut() == null ? List.<String>of() : c.optedOut()) {
            NoticeKind kind = null;
            try {
                kind = NoticeKind.valueOf(k == null ? "" : k.strip());
            } catch (IllegalArgumentException e) {
                // reported below
            }
            if (kind == null || !allowed.contains(kind)) {
                problems.add(new Problem("optedOut", "error.notify.kind",
                        allowed.stream().map(Enum::name).collect(Collectors.joining("、"))));
                break;
            }
            out.add(kind);
        }
        Texts.throwIfAny(problems);
        Preference before = mine(actor);
        String csv = out.stream().map(Enum::name).collect(Collectors.joining(","));
        OffsetDateTime now = OffsetDateTime.now(clock);
        int updated = jdbc.sql("""
                UPDATE notify_preference SET sms_on = :sms, sms_phone = :phone, wechat_on = :wechat,
                    wechat_openid = :openid, email_on = :emailOn, email = :email, digest = :digest, opted_out = :out,
                    updated_at = :now WHERE user_id = :u""")
                .param("sms", smsOn).param("phone", phone).param("wechat", wechatOn).param("openid", openid)
                .param("emailOn", emailOn).param("email", email).param("digest", Boolean.TRUE.equals(c.digest()))
                .param("out", csv).param("now", now).param("u", actor.userId()).update();
        if (updated == 0) {
            jdbc.sql("""
                    INSERT INTO notify_preference (user_id, sms_on, sms_phone, wechat_on, wechat_openid, email_on, email,
                        digest, opted_out, updated_at)
                    VALUES (:u, :sms, :phone, :wechat, :openid, :emailOn, :email, :digest, :out, :now)""")
                    .param("sms", smsOn).param("phone", phone).param("wechat", wechatOn).param("openid", openid)
                    .param("emailOn", emailOn).param("email", email).param("digest", Boolean.TRUE.equals(c.digest()))
                    .param("out", csv).param("now", now).param("u", actor.userId()).update();
        }
        Preference after = mine(actor);
        audit.record(actor, "notify.preferences", actor.orgPath(), "user", actor.userId(), snapshot(before),
                snapshot(after), null);
        return after;
    }

    private String snapshot(Preference p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sms", p.smsOn());
        m.put("phone", p.smsPhone() == null ? null : SmsSender.masked(p.smsPhone()));
        m.put("wechat", p.wechatOn());
        m.put("email", p.emailOn());
        m.put("digest", p.digest());
        m.put("optedOut", p.optedOut().stream().map(Enum::name).collect(Collectors.joining(",")));
        return json.writeValueAsString(m);
    }

}
