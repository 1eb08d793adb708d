package cn.jifen.identity.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** Keeps a user whose password must change on the change-password page until it is changed. */
class PasswordChangeGate extends OncePerRequestFilter {
    /**
     * Style sheets, scripts and webjars need neither check: skipping them here keeps the session (a database row)
     * from being read, and its last access written, for every asset a page loads.
     */
    static boolean isStatic(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/css/") || path.startsWith("/js/") || path.startsWith("/webjars/")
                || path.equals("/favicon.ico");
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return isStatic(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession session = request.getSession(false);
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean exempt = path.equals("/password") || path.equals("/logout") || path.equals("/error") || path.equals("/lang");
        if (session != null && session.getAttribute(FirstLoginHandler.MUST_CHANGE) != null && !exempt) {
            response.sendRedirect(request.getContextPath() + "/password");
            return;
        }
        chain.doFilter(request, response);
    }
}
