package cn.jifen.web;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * The kinds of error the API answers with (RFC 9457 {@code type}). One per error class, so a client can branch on
 * the type and show the {@code detail}; the list is documented in docs/api.md and must only grow. The {@code code}
 * is the {@code error} member the API sent before problem details and keeps sending.
 */
public enum ProblemType {
    INVALID("invalid", HttpStatus.UNPROCESSABLE_ENTITY),
    BAD_REQUEST("bad_request", HttpStatus.BAD_REQUEST),
    UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED),
    LOCKED("locked", HttpStatus.UNAUTHORIZED),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN),
    NOT_FOUND("not_found", HttpStatus.NOT_FOUND),
    METHOD_NOT_ALLOWED("method_not_allowed", HttpStatus.METHOD_NOT_ALLOWED),
    CONFLICT("conflict", HttpStatus.CONFLICT),
    TOO_LARGE("too_large", HttpStatus.PAYLOAD_TOO_LARGE),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type", HttpStatus.UNSUPPORTED_MEDIA_TYPE),
    BUSY("busy", HttpStatus.SERVICE_UNAVAILABLE),
    INTERNAL("internal", HttpStatus.INTERNAL_SERVER_ERROR);

    /** Where the types live; the URIs are names, they need not resolve. */
    public static final String BASE = "https://jifen.cn/problems/";

    private final String code;
    private final HttpStatus status;

    ProblemType(String code, HttpStatus status) {
        this.code = code;
        this.status = status;
    }

    /** The {@code error} member: invalid, not_found, forbidden, conflict, … */
    public String code() { return code; }

    public HttpStatus status() { return status; }

    /** {@code https://jifen.cn/problems/not-found}: the code with hyphens, as URIs spell words. */
    public URI uri() { return URI.create(BASE + code.replace('_', '-')); }

    /** The bundle key of the short title ({@code problem.title.not_found}). */
    public String titleKey() { return "problem.title." + code; }
}
