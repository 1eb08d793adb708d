package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Ends a page session whose account changed since login: deactivated, new password, other role or
 * scope. The account row is read on every request (one primary-key lookup, no cache), so the
 * ending holds at once on every instance, even where the session registry could not delete the
 * session. The request then goes on as anonymous and gets the login page.
 */
class SessionCredentialCheck extends OncePerRequestFilter {
    private final UserSql sql;

    SessionCredentialCheck(UserSql sql) {
        this.sql = sql;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return PasswordChangeGate.isStatic(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof JifenPrincipal p
                && !sql.activeStamp(p.account().id()).map(p.stamp()::equals).orElse(false)) {
            SecurityContextHolder.clearContext();
            request.setAttribute(SessionEndedHandler.ENDED, Boolean.TRUE);
            HttpSession session = request.getSession(false);
            if (session != null) {
                session.invalidate();
            }
        }
        chain.doFilter(request, response);
    }
}
