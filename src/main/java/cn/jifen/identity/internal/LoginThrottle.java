package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;
import cn.jifen.identity.UserAccount;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/** Locks an account for a while after repeated failed logins; the count lives in the database. */
@Component
public class LoginThrottle {
    private final UserSql sql;
    private final AccountLookup lookup;
    private final Clock clock;
    private final int limit;
    private final Duration lockFor;

    private final TransactionTemplate own;

    LoginThrottle(UserSql sql, AccountLookup lookup, Clock clock, @Value("${jifen.login.max-failures:5}") int limit,
                  @Value("${jifen.login.lock-minutes:15}") int lockMinutes, PlatformTransactionManager txm) {
        this.sql = sql;
        this.own = new TransactionTemplate(txm);
        this.own.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        this.lookup = lookup;
        this.clock = clock;
        this.limit = limit;
        this.lockFor = Duration.ofMinutes(lockMinutes);
    }

    @EventListener
    void failed(AbstractAuthenticationFailureEvent event) {
        String login = String.valueOf(event.getAuthentication().getPrincipal());
        sql.recordFailure(lookup.canonicalUsername(login), limit, OffsetDateTime.now(clock).plus(lockFor));
    }

    @EventListener
    void succeeded(AuthenticationSuccessEvent event) {
        if (event.getAuthentication().getPrincipal() instanceof JifenPrincipal p) {
            sql.recordSuccess(p.getUsername());
        }
    }

    /**
     * A wrong current password when changing it counts like a failed login: whoever holds a stolen session or
     * token must not guess the password without lock-out. Its own transaction, so the refusal's rollback keeps it.
     */
    public void wrongPassword(String username) {
        own.executeWithoutResult(s -> sql.recordFailure(username, limit, OffsetDateTime.now(clock).plus(lockFor)));
    }

    public boolean isLocked(UserAccount u) {
        return u.lockedUntil() != null && u.lockedUntil().isAfter(OffsetDateTime.now(clock));
    }

    int limit() { return limit; }
}
