package cn.jifen.identity.internal;

import cn.jifen.identity.ActorGuard;
import cn.jifen.identity.JifenPrincipal;
import cn.jifen.shared.Actor;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.core.MethodParameter;
import org.springframework.security.authentication.AuthenticationCredentialsNotFoundException;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Lets controllers take an {@link Actor} parameter: the logged-in user and the address it came from. */
@Component
class ActorResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {
    private final List<ActorGuard> guards;

    ActorResolver(List<ActorGuard> guards) {
        this.guards = guards;
    }

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Actor.class;
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binderFactory) {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !(auth.getPrincipal() instanceof JifenPrincipal p)) {
            throw new AuthenticationCredentialsNotFoundException("login required");
        }
        HttpServletRequest http = request.getNativeRequest(HttpServletRequest.class);
        Actor actor = p.actor().from(http == null ? null : http.getRemoteAddr());
        String path = http == null ? "" : http.getRequestURI().substring(http.getContextPath().length());
        for (ActorGuard guard : guards) {
            guard.check(actor, path);
        }
        return actor;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
