package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The web sessions of an account, found through Spring Session's principal-name index in the
 * database (so on every instance). Ending them here deletes them; {@link SessionCredentialCheck}
 * refuses any that survive (the stamp no longer matches), so deletion is the tidy part, not the
 * guarantee.
 */
@Component
public class AccountSessions {
    private final ObjectProvider<FindByIndexNameSessionRepository<?>> repository;
    private final UserSql sql;
    private static final Logger log = LoggerFactory.getLogger(AccountSessions.class);
    private final HttpSessionSecurityContextRepository contexts = new HttpSessionSecurityContextRepository();

    /** The repository is absent in the command-line (non-web) application, which has no sessions. */
    AccountSessions(ObjectProvider<FindByIndexNameSessionRepository<?>> repository, UserSql sql) {
        this.repository = repository;
        this.sql = sql;
    }

    /** Deletes every session of the account except {@code keepSessionId} (may be null), after the commit. */
    public void endAll(String username, String keepSessionId) {
        FindByIndexNameSessionRepository<?> sessions = repository.getIfAvailable();
        if (sessions == null) {
            return;
        }
        Runnable end = () -> {
            try {
                sessions.findByPrincipalName(username).keySet().stream()
                        .filter(id -> !id.equals(keepSessionId))
                        .forEach(sessions::deleteById);
            } catch (RuntimeException e) {
                // the change is committed and the stamp check already refuses these sessions: deleting them is tidying
                log.warn("sessions of {} not deleted now (refused by the credential check all the same): {}", username,
                        e.toString());
            }
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    end.run();
                }
            });
        } else {
            end.run();
        }
    }

    /**
     * After the user changed their own password in this session: the session goes on under a new
     * id (the old one may have been seen) and holds the account's new stamp.
     */
    void reissue(HttpServletRequest request, HttpServletResponse response, long userId) {
        UserSql.WithHash u = sql.withStamp(userId).orElseThrow();
        JifenPrincipal principal = new JifenPrincipal(u.user(), null, u.stamp());
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(principal, null,
                principal.getAuthorities()));
        SecurityContextHolder.setContext(context);
        request.changeSessionId();
        contexts.saveContext(context, request, response);
    }
}
