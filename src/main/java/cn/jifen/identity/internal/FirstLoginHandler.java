package cn.jifen.identity.internal;

import cn.jifen.identity.JifenPrincipal;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationSuccessHandler;

/** After login: a password set by a clerk must be changed before anything else. */
class FirstLoginHandler extends SimpleUrlAuthenticationSuccessHandler {
    static final String MUST_CHANGE = "jifen.mustChangePassword";

    FirstLoginHandler() {
        super("/");
        setAlwaysUseDefaultTargetUrl(true);
    }

    @Override
    public void onAuthenticationSuccess(HttpServletRequest request, HttpServletResponse response, Authentication auth)
            throws IOException, ServletException {
        if (auth.getPrincipal() instanceof JifenPrincipal p && p.account().mustChangePassword()) {
            request.getSession().setAttribute(MUST_CHANGE, Boolean.TRUE);
            getRedirectStrategy().sendRedirect(request, response, "/password");
            return;
        }
        super.onAuthenticationSuccess(request, response, auth);
    }
}
