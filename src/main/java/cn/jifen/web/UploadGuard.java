package cn.jifen.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.context.MessageSource;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;
import org.springframework.web.util.HtmlUtils;

/**
 * Oversized or unreadable multipart bodies on page forms (photos, …): the security filter reads
 * the CSRF field first, and the container cannot hand out parameters of such a body, which would
 * end in a 500. This answers first, with a plain page saying what to do (413 or 400); nothing was
 * read, so nothing changed. The roster import has its own guard that returns to its form; the
 * API has no CSRF field and gets the JSON answer of ErrorHandling.
 */
@Component
class UploadGuard extends OncePerRequestFilter implements Ordered {
    private final long maxRequestBytes;
    private final MessageSource messages;
    private final LocaleResolver locales;

    UploadGuard(@Value("${spring.servlet.multipart.max-request-size:10MB}") DataSize maxRequest, MessageSource messages,
                LocaleResolver locales) {
        this.maxRequestBytes = maxRequest.toBytes();
        this.messages = messages;
        this.locales = locales;
    }

    @Override
    public int getOrder() {
        return SecurityFilterProperties.DEFAULT_FILTER_ORDER - 5;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String type = request.getContentType();
        return !"POST".equals(request.getMethod()) || type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/")
                || path.startsWith("/api/") || path.equals("/console/import");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (maxRequestBytes > 0 && request.getContentLengthLong() > maxRequestBytes) {
            refuse(request, response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "error.upload.tooLarge");
            return;
        }
        try {
            request.getParts();
        } catch (IOException | ServletException | RuntimeException e) {
            boolean size = e.getClass().getSimpleName().contains("Size")
                    || (e.getCause() != null && e.getCause().getClass().getSimpleName().contains("Size"));
            refuse(request, response, size ? HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE
                    : HttpServletResponse.SC_BAD_REQUEST, size ? "error.upload.tooLarge" : "error.upload.broken");
            return;
        }
        chain.doFilter(request, response);
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response, int status, String key)
            throws IOException {
        Locale locale = locales.resolveLocale(request);
        String title = HtmlUtils.htmlEscape(messages.getMessage("error.title", null, locale));
        String message = HtmlUtils.htmlEscape(messages.getMessage(key, null, locale));
        String back = HtmlUtils.htmlEscape(messages.getMessage("error.back", null, locale));
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(("<!DOCTYPE html><html lang=\"" + locale.toLanguageTag() + "\"><head>"
                + "<meta charset=\"UTF-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<title>" + title + "</title><link rel=\"stylesheet\" href=\"" + request.getContextPath()
                + "/css/jifen.css\"></head><body><main><div class=\"alert error\" role=\"alert\"><h1>" + title
                + "</h1><p>" + message + "</p><p><a href=\"javascript:history.back()\">" + back
                + "</a></p></div></main></body></html>").getBytes(StandardCharsets.UTF_8));
    }
}
