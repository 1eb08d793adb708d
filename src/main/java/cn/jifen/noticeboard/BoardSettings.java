package cn.jifen.noticeboard;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.directory.OrgUnits;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The board's settings. The county's policy (application settings) says which privacy modes villages may
 * choose, the default, and whether negative-list postings are shown by name (红黑榜); each village
 * chooses its own mode within that policy. A village mode the policy no longer allows falls back to the
 * county default.
 */
@Service
public class BoardSettings {
    private final BoardSql sql;
    private final OrgUnits orgUnits;
    private final AuditLog audit;
    private final Clock clock;
    private final Set<Privacy> allowed;
    private final Privacy defaultPrivacy;
    private final boolean negativeByName;
    private final BoardCache cache;

    BoardSettings(BoardSql sql, OrgUnits orgUnits, AuditLog audit, Clock clock, BoardCache cache,
                  @Value("${jifen.noticeboard.privacy-allowed:FULL,SURNAME,PASSBOOK}") String allowed,
                  @Value("${jifen.noticeboard.privacy-default:SURNAME}") String defaultPrivacy,
                  @Value("${jifen.noticeboard.negative-by-name:false}") boolean negativeByName) {
        this.sql = sql;
        this.orgUnits = orgUnits;
        this.audit = audit;
        this.clock = clock;
        this.cache = cache;
        this.allowed = Arrays.stream(allowed.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .map(s -> Privacy.valueOf(s.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Privacy.class)));
        Privacy d = Privacy.valueOf(defaultPrivacy.strip().toUpperCase(Locale.ROOT));
        if (!this.allowed.contains(d)) {
            throw new IllegalStateException("jifen.noticeboard.privacy-default must be one of privacy-allowed");
        }
        this.defaultPrivacy = d;
        this.negativeByName = negativeByName;
    }

    public Set<Privacy> allowed() {
        return EnumSet.copyOf(allowed);
    }

    public boolean negativeByName() {
        return negativeByName;
    }

    /** The mode the village's board uses now. */
    public Privacy privacy(long villageId) {
        return sql.privacy(villageId).map(Privacy::valueOf).filter(allowed::contains).orElse(defaultPrivacy);
    }

    /** The village admin (or an admin above it) chooses the village's mode within the county's policy. */
    @Transactional
    public Privacy setPrivacy(Actor actor, String villageCode, String privacy) {
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        OrgUnit village = orgUnits.visibleVillage(actor, villageCode);
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
}
