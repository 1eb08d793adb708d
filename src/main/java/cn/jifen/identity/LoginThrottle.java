package cn.jifen.identity;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.security.authentication.event.AuthenticationSuccessEvent;
import org.springframework.stereotype.Component;

/** Locks an account for a while after repeated failed logins; the count lives in the database. */
@Component
class LoginThrottle {
    private final UserSql sql;
    private final AccountLookup lookup;
    private final Clock clock;
    private final int limit;
    private final Duration lockFor;

    LoginThrottle(UserSql sql, AccountLookup lookup, Clock clock, @Value("${jifen.login.max-failures:5}") int limit,
                  @Value("${jifen.login.lock-minutes:15}") int lockMinutes) {
        this.sql = sql;
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

    int limit() { return limit; }
}
