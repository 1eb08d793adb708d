package cn.jifen.noticeboard;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.rules.CountyPolicy;
import cn.jifen.rules.CountyPolicyChanged;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.event.TransactionalEventListener;
import cn.jifen.noticeboard.internal.BoardCache;
import cn.jifen.noticeboard.internal.BoardSql;

/**
 * The board's settings. The county policy (the policy page; seeded by jifen.noticeboard.*) says which privacy
 * modes villages may choose, the default, and whether negative-list postings are shown by name (红黑榜); each
 * village chooses its own mode within that policy. A village mode the policy no longer allows falls back to the
 * county default. A change of the county policy drops every cached board at once (after its commit).
 */
@Service
public class BoardSettings {
    private final BoardSql sql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final BoardCache cache;
    private final CountyPolicies policies;

    BoardSettings(BoardSql sql, OrgUnits orgUnits, AuditLog audit, Clock clock, BoardCache cache,
                  CountyPolicies policies) {
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.cache = cache;
        this.policies = policies;
    }

    /** The modes the village's county allows. */
    public Set<Privacy> allowed(long villageId) {
        return allowed(policies.ofVillage(villageId));
    }

    private static Set<Privacy> allowed(CountyPolicy p) {
        return p.boardPrivacyAllowed().stream().map(Privacy::valueOf)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Privacy.class)));
    }

    /** Whether the village's county shows negative-list postings by name. */
    public boolean negativeByName(long villageId) {
        return policies.ofVillage(villageId).boardNegativeByName();
    }

    /** The county's default mode for the village (what it uses until it chooses one the county allows). */
    public Privacy countyDefault(long villageId) {
        return Privacy.valueOf(policies.ofVillage(villageId).boardPrivacyDefault());
    }

    /** The mode the village's board uses now. */
    public Privacy privacy(long villageId) {
        CountyPolicy p = policies.ofVillage(villageId);
        Set<Privacy> allowed = allowed(p);
        return sql.privacy(villageId).map(Privacy::valueOf).filter(allowed::contains)
                .orElse(Privacy.valueOf(p.boardPrivacyDefault()));
    }

    /** The village admin (or an admin above it) chooses the village's mode within the county's policy. */
    @Transactional
    public Privacy setPrivacy(Actor actor, String villageCode, String privacy) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.visibleVillage(actor, villageCode);
        Set<Privacy> allowed = allowed(village.id());
        Privacy p;
        try {
            p = Privacy.valueOf(privacy == null ? "" : privacy.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidInput.of("privacy", "error.board.privacy", String.join("、", allowed.stream().map(Enum::name).toList()));
        }
        if (!allowed.contains(p)) {
            throw InvalidInput.of("privacy", "error.board.privacyNotAllowed",
                    String.join("、", allowed.stream().map(Enum::name).toList()));
        }
        Privacy before = privacy(village.id());
        sql.setPrivacy(village.id(), p.name(), OffsetDateTime.now(clock), actor.username());
        audit.record(actor, "board.privacy", village.path(), "org_unit", village.code(), before.name(), p.name(), null);
        cache.evict(village.id());
        return p;
    }

    /** The county changed its policy: boards assembled under the old one must not be served any more. */
    @TransactionalEventListener(fallbackExecution = true)
    void policyChanged(CountyPolicyChanged event) {
        cache.clear();
    }
}
