package cn.jifen.party.internal;

import cn.jifen.identity.JifenPrincipal;
import cn.jifen.party.Party;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Whether a villager's menu offers 民主评议 (layout.html calls {@code @partyMenu.shows()} in the villager's menu only):
 * to households with a party member or a representative; to anyone else the page has nothing to do.
 */
@Component("partyMenu")
public class PartyMenu {
    private final Party party;

    PartyMenu(Party party) {
        this.party = party;
    }

    public boolean shows() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        return auth != null && auth.getPrincipal() instanceof JifenPrincipal p && party.inReview(p.actor());
    }
}
