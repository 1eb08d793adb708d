package cn.jifen.honours.internal;

import cn.jifen.identity.ActorGuard;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.Role;
import java.util.List;
import org.springframework.stereotype.Component;
import cn.jifen.honours.Consents;

/**
 * A partner bank's auditor sees only what households consented to share with that bank: the reference
 * certificates and ranking lines filtered in this module. Every other staff page and endpoint (households,
 * passbooks, ledger, audit, statistics…) would show the auditor's whole scope, so they are refused here.
 */
@Component
public class PartnerAuditorGuard implements ActorGuard {
    private static final List<String> ALLOWED = List.of("/console/certificates", "/console/rankings",
            "/api/v1/certificates", "/api/v1/rankings", "/api/v1/tokens", "/api/v1/me", "/password",
            "/inbox", "/api/v1/inbox"); // the inbox shows only the account's own messages

    private final Consents consents;

    public PartnerAuditorGuard(Consents consents) {
        this.consents = consents;
    }

    @Override
    public void check(Actor actor, String path) {
        if (!actor.is(Role.AUDITOR) || path.equals("/console") || ALLOWED.stream().anyMatch(path::startsWith)) {
            return;
        }
        if (consents.partnerOf(actor).isPresent()) {
            throw new Forbidden("error.honours.partnerOnly");
        }
    }
}
