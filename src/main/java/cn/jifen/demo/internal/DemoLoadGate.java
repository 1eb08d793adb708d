package cn.jifen.demo.internal;

import cn.jifen.notify.NotifyPause;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * While the demo county loads on a first start, every request but the health check is answered 503 with a Chinese
 * "please wait". The web server is already listening then (runners run after it starts), and during the load H2
 * writes commits in batches ({@link BatchedCommits}): a write acknowledged in that window could be lost to a
 * {@code kill -9}. Refusing requests until the load is over keeps "no acknowledged write lost" true for everyone.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class DemoLoadGate extends OncePerRequestFilter {
    private final MessageSource messages;
    private final NotifyPause notices;
    private volatile boolean loading;

    DemoLoadGate(MessageSource messages, NotifyPause notices) {
        this.messages = messages;
        this.notices = notices;
    }

    /** Also pauses notices: the demo's lived year is no news to anyone (no backlog, no unread inbox messages). */
    void loading(boolean now) {
        loading = now;
        notices.paused(now);
    }

    boolean loading() {
        return loading;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !loading || request.getRequestURI().startsWith(request.getContextPath() + "/actuator/health");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (!loading) { // the load ended between shouldNotFilter and here
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
        response.setHeader("Retry-After", "30");
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write(messages.getMessage("demo.loading", null, Locale.SIMPLIFIED_CHINESE)
                .getBytes(StandardCharsets.UTF_8));
    }
}
