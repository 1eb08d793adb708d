package cn.jifen.claims.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.directory.OrgUnit;
import cn.jifen.rules.CountyPolicies;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The publicity period (公示期) in days: a village's own setting, else its county's default on the county policy
 * (which is the setting jifen.claims.publicity-days until the county saves its own).
 */
@Service
public class PublicitySettings {
    private final PublicitySettingSql sql;
    private final CountyPolicies policies;
    private final ClaimAccess access;
    private final AuditLog audit;
    private final TransactionTemplate tx;

    PublicitySettings(PublicitySettingSql sql, CountyPolicies policies, ClaimAccess access, AuditLog audit,
                      TransactionTemplate tx) {
        this.sql = sql;
        this.policies = policies;
        this.access = access;
        this.audit = audit;
        this.tx = tx;
    }

    public int publicityDays(long villageId) {
        return sql.publicityDays(villageId).orElseGet(() -> countyPublicityDays(villageId));
    }

    public int countyPublicityDays(long villageId) {
        return policies.ofVillage(villageId).publicityDays();
    }

    public Optional<Integer> ownPublicityDays(long villageId) {
        return sql.publicityDays(villageId);
    }

    /** Sets a village's own publicity period (0 to 30 days). Admins of the village or above. */
    public int setPublicityDays(Actor actor, String villageCode, Integer days) {
        OrgUnit village = access.village(actor, villageCode);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        if (days == null || days < 0 || days > 30) {
            throw InvalidInput.of("publicityDays", "error.claims.publicityDays", 0, 30);
        }
        int before = publicityDays(village.id());
        tx.executeWithoutResult(s -> {
            sql.setPublicityDays(village.id(), days, access.now(), actor.username());
            audit.record(actor, "claims.publicityDays", village.path(), "org_unit", village.code(),
                    String.valueOf(before), String.valueOf(days), null);
        });
        return days;
    }

    /** Drops the village's own publicity period: the county's default applies again. Returns the period in force. */
    public int clearPublicityDays(Actor actor, String villageCode) {
        OrgUnit village = access.village(actor, villageCode);
        if (!actor.isAdmin()) {
            throw Forbidden.role();
        }
        Optional<Integer> own = sql.publicityDays(village.id());
        if (own.isPresent()) {
            tx.executeWithoutResult(s -> {
                sql.clearPublicityDays(village.id());
                audit.record(actor, "claims.publicityDays", village.path(), "org_unit", village.code(),
                        String.valueOf(own.get()), "county default", null);
            });
        }
        return publicityDays(village.id());
    }
}
