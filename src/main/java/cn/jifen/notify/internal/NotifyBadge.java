package cn.jifen.notify.internal;

import cn.jifen.identity.JifenPrincipal;
import cn.jifen.notify.Inbox;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The unread count in every page's header (layout.html calls {@code @notifyBadge.unread()}). */
@Component("notifyBadge")
public class NotifyBadge {
    private final Inbox inbox;

    NotifyBadge(Inbox inbox) {
        this.inbox = inbox;
    }

    public long unread() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof JifenPrincipal p)) {
            return 0;
        }
        return inbox.unread(p.account().id());
    }
}
