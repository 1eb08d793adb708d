package cn.jifen.notify.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput.Problem;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.Texts;
import java.net.URI;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Webhook subscriptions of partners (a bank, a county platform, a mini-program backend), managed by county admins.
 * A subscription names a URL, a secret (the HMAC-SHA256 key of X-Jifen-Signature), the event types it wants
 * ('*' for all) and optionally an org unit: it then gets only events of that unit and below.
 * jifen.notify.webhook.url/secret register a subscription to every event at start (once per URL).
 */
@Service
public class Webhooks {
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    /** A subscription as the page and the API show it: the secret is never shown again after creation. */
    public record Subscription(long id, String url, String scopeCode, String scopePath, Set<String> eventTypes,
                               boolean active, boolean fromConfig, OffsetDateTime createdAt, String createdBy) {

        boolean wants(String type, String path) {
            return active && (eventTypes.contains("*") || eventTypes.contains(type))
                    && (scopePath == null || (path != null && path.startsWith(scopePath)));
        }
    }

    private final JdbcClient jdbc;
    private final WebhookSecrets secrets;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final String configUrl;
    private final String configSecret;

    Webhooks(JdbcClient jdbc, WebhookSecrets secrets, OrgUnits orgUnits, AuditLog audit, Clock clock,
             @Value("${jifen.notify.webhook.url:}") String configUrl,
             @Value("${jifen.notify.webhook.secret:}") String configSecret) {
        this.jdbc = jdbc;
        this.secrets = secrets;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.configUrl = configUrl == null ? "" : configUrl.strip();
        this.configSecret = configSecret == null ? "" : configSecret.strip();
    }

    /**
     * Encrypts the secrets stored in plain text before secrets were kept encrypted (V33); idempotent, and safe
     * with several instances starting at once (a row is only sealed while it is still plain).
     */
    @EventListener(ApplicationReadyEvent.class)
    @Order(0)
    public void sealPlainSecrets() {
        List<Object[]> plain = jdbc.sql("SELECT id, secret FROM notify_webhook WHERE secret_sealed = FALSE")
                .query((rs, i) -> new Object[] {rs.getLong(1), rs.getString(2)}).list();
        for (Object[] row : plain) {
            jdbc.sql("UPDATE notify_webhook SET secret = :s, secret_sealed = TRUE WHERE id = :id AND secret_sealed = FALSE")
                    .param("s", secrets.seal((String) row[1])).param("id", row[0]).update();
        }
        if (!plain.isEmpty()) {
            log.info("{} webhook secret(s) encrypted at rest", plain.size());
        }
    }

    /** Registers (or updates the secret of) the configured county-wide subscription; idempotent. */
    @EventListener(ApplicationReadyEvent.class)
    @Order(1)
    @Transactional
    public void registerConfigured() {
        if (configUrl.isEmpty()) {
            return;
        }
        if (configSecret.isEmpty() || !validUrl(configUrl)) {
            log.warn("jifen.notify.webhook.url is set but the URL is not http(s) or the secret is empty: not registered");
            return;
        }
        String sealed = secrets.seal(configSecret);
        int n = jdbc.sql("UPDATE notify_webhook SET secret = :s, secret_sealed = TRUE, active = TRUE, event_types = '*' WHERE url = :u AND from_config = TRUE")
                .param("s", sealed).param("u", configUrl).update();
        if (n == 0) {
            jdbc.sql("""
                    INSERT INTO notify_webhook (url, secret, secret_sealed, scope_code, scope_path, event_types, active,
                        from_config, created_at, created_by)
                    VALUES (:u, :s, TRUE, NULL, NULL, '*', TRUE, TRUE, :now, 'config')""")
                    .param("u", configUrl).param("s", sealed).param("now", OffsetDateTime.now(clock)).update();
            log.info("webhook subscription registered from configuration: {}", configUrl);
        }
    }

    private static final String COLUMNS = "id, url, scope_code, scope_path, event_types, active, from_config, created_at, created_by";

    private static Subscription map(ResultSet rs, int i) throws SQLException {
        return new Subscription(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                types(rs.getString(5)), rs.getBoolean(6), rs.getBoolean(7), rs.getObject(8, OffsetDateTime.class),
                rs.getString(9));
    }

    private static Set<String> types(String csv) {
        Set<String> out = new LinkedHashSet<>();
        for (String s : csv.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** Active subscriptions (for the fan-out). */
    List<Subscription> active() {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_webhook WHERE active = TRUE ORDER BY id")
                .query(Webhooks::map).list();
    }

    /** The signing secret for an outbox message: empty when its subscription was stopped (or never existed). */
    Optional<String> activeSecretFor(long outboxId) {
        return jdbc.sql("""
                SELECT w.secret, w.secret_sealed FROM notify_outbox o JOIN notify_webhook w ON w.id = o.subscription_id
                WHERE o.id = :id AND w.active = TRUE""").param("id", outboxId)
                .query((rs, i) -> rs.getBoolean(2) ? secrets.open(rs.getString(1)) : rs.getString(1)).optional();
    }

    /** The subscriptions a county admin manages: those scoped in the county, and the installation-wide ones. */
    public List<Subscription> list(Actor actor) {
        NotifySettings.requireCountyAdmin(actor);
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_webhook WHERE active = TRUE AND (scope_path IS NULL OR scope_path LIKE :p) ORDER BY id")
                .param("p", actor.orgPath() + "%").query(Webhooks::map).list();
    }

    /** Creates a subscription; all fields are checked and a problem names the one to fix. */
    @Transactional
    public Subscription create(Actor actor, String url, String secret, String scopeCode, Collection<String> eventTypes) {
        NotifySettings.requireCountyAdmin(actor);
        List<Problem> problems = new ArrayList<>();
        String u = Texts.clean(url);
        if (u == null || u.length() > 500 || !validUrl(u)) {
            problems.add(new Problem("url", "error.notify.webhookUrl"));
        }
        String s = Texts.clean(secret);
        if (s == null || s.length() < 16 || s.length() > 200) {
            problems.add(new Problem("secret", "error.notify.webhookSecret"));
        }
        Set<String> types = new LinkedHashSet<>();
        for (String t : eventTypes == null ? List.<String>of() : eventTypes) {
            String c = Texts.clean(t);
            if (c == null) {
                continue;
            }
            if (!c.equals("*") && !NoticeKind.EVENT_TYPES.contains(c)) {
                problems.add(new Problem("eventTypes", "error.notify.webhookType", String.join("、", NoticeKind.EVENT_TYPES)));
                break;
            }
            types.add(c);
        }
        if (types.isEmpty()) {
            types.add("*");
        }
        OrgUnit scope = null;
        String code = Texts.clean(scopeCode);
        if (code != null) {
            try {
                scope = orgUnits.visible(actor, code);
            } catch (NotFound e) {
                problems.add(new Problem("scope", "error.notify.webhookScope"));
            }
        }
        Texts.throwIfAny(problems);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO notify_webhook (url, secret, secret_sealed, scope_code, scope_path, event_types, active,
                    from_config, created_at, created_by) VALUES (:u, :s, TRUE, :code, :path, :types, TRUE, FALSE, :now, :by)""")
                .param("u", u).param("s", secrets.seal(s)).param("code", scope == null ? null : scope.code())
                .param("path", scope == null ? actor.orgPath() : scope.path())
                .param("types", String.join(",", types)).param("now", OffsetDateTime.now(clock))
                .param("by", actor.username()).update(keys, "id");
        long id = keys.getKey().longValue();
        Subscription created = byId(id).orElseThrow();
        audit.record(actor, "notify.webhook.create", created.scopePath(), "webhook", id, null,
                created.url() + " " + String.join(",", created.eventTypes()), null);
        return created;
    }

    /** Ends a subscription (kept for the record, never called again). */
    @Transactional
    public void delete(Actor actor, long id) {
        NotifySettings.requireCountyAdmin(actor);
        Subscription s = byId(id).filter(Subscription::active)
                .filter(x -> x.scopePath() == null || x.scopePath().startsWith(actor.orgPath()))
                .orElseThrow(() -> new NotFound("error.notify.webhookNotFound"));
        jdbc.sql("UPDATE notify_webhook SET active = FALSE WHERE id = :id").param("id", id).update();
        audit.record(actor, "notify.webhook.delete", s.scopePath() == null ? actor.orgPath() : s.scopePath(),
                "webhook", id, s.url(), null, null);
    }

    Optional<Subscription> byId(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM notify_webhook WHERE id = :id").param("id", id)
                .query(Webhooks::map).optional();
    }

    static boolean validUrl(String u) {
        try {
            URI uri = URI.create(u);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
