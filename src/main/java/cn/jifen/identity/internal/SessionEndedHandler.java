package cn.jifen.identity.internal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.csrf.CsrfException;

/**
 * A form sent after its session ended (timed out, or ended by deactivation or a password change) fails the
 * CSRF check only because the token lived in that session: the clerk is sent to the login page, which says
 * the login expired, rather than shown "no permission". A wrong token on a live session stays a 403.
 */
class SessionEndedHandler implements AccessDeniedHandler {
    /** Set by {@link SessionCredentialCheck} when it ends the session of a changed account. */
    static final String ENDED = SessionEndedHandler.class.getName() + ".ended";

    private final AccessDeniedHandler refuse = new AccessDeniedHandlerImpl();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException, ServletException {
        if (e instanceof CsrfException && sessionEnded(request)) {
            response.sendRedirect(request.getContextPath() + "/login?expired");
            return;
        }
        refuse.handle(request, response, e);
    }

    private static boolean sessionEnded(HttpServletRequest request) {
        return request.getAttribute(ENDED) != null
                || (request.getRequestedSessionId() != null && !request.isRequestedSessionIdValid());
    }
}
