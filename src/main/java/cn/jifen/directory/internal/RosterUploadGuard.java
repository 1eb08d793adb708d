package cn.jifen.directory.internal;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guards the roster upload form (POST /console/import) before Spring Security reads its CSRF
 * field: when the body is over spring.servlet.multipart.max-request-size, or is no readable
 * multipart body, the servlet container cannot hand out any parameter (Tomcat 11 throws), which
 * would surface as a 500. Instead the clerk is sent back to the import page with the reason
 * (error.upload.tooLarge / error.upload.broken). Nothing has been read into the application then,
 * so nothing changes.
 */
@Component
class RosterUploadGuard extends OncePerRequestFilter implements Ordered {
    static final String PATH = "/console/import";
    static final String REJECTED = "rejected";

    private final long maxRequestBytes;

    RosterUploadGuard(@Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxRequest) {
        this.maxRequestBytes = maxRequest.toBytes();
    }

    @Override
    public int getOrder() {
        return SecurityFilterProperties.DEFAULT_FILTER_ORDER - 10;   // before the security filter chain
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod())
                || !(request.getContextPath() + PATH).equals(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (maxRequestBytes > 0 && request.getContentLengthLong() > maxRequestBytes) {
            back(request, response, "tooLarge");
            return;
        }
        String type = request.getContentType();
        if (type != null && type.toLowerCase().startsWith("multipart/")) {
            try {
                request.getParts();
            } catch (IOException | ServletException | RuntimeException e) {
                back(request, response, sizeProblem(e) ? "tooLarge" : "broken");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    private static boolean sizeProblem(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.contains("SizeLimitExceeded") || name.contains("SizeException") || name.contains("MaxUploadSize")) {
                return true;
            }
        }
        return false;
    }

    private static void back(HttpServletRequest request, HttpServletResponse response, String reason) {
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", request.getContextPath() + PATH + "?" + REJECTED + "=" + reason);
        // the rest of the body is swallowed by the container (server.tomcat.max-swallow-size), so the
        // browser reads this answer instead of a reset connection
    }
}
