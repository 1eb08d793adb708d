package cn.jifen.volunteers.internal;

import cn.jifen.identity.JifenPrincipal;
import cn.jifen.volunteers.Informants;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Whether a villager's menu offers 信息员报告 (layout.html calls {@code @informantMenu.shows()} in the villager's menu
 * only): to households with a serving or former informant, whose reports the page lists.
 */
@Component("informantMenu")
public class InformantMenu {
    private final Informants informants;

    InformantMenu(Informants informants) {
        this.informants = informants;
    }

    public boolean shows() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof JifenPrincipal p && informants.ofHousehold(p.actor());
    }
}
