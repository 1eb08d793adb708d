package cn.jifen.web;

import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import org.springframework.http.converter.HttpMessageNotReadableException;

/**
 * Turns every failure into a clear message in the person's language: JSON for /api, a page
 * otherwise. Stack traces go to the log only, never to the user.
 */
@ControllerAdvice
class ErrorHandling {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);
    private final MessageSource messages;
    private final ProblemMessages problems;

    ErrorHandling(MessageSource messages, ProblemMessages problems) {
        this.messages = messages;
        this.problems = problems;
    }

    @ExceptionHandler(InvalidInput.class)
    Object invalid(InvalidInput e, HttpServletRequest req) {
        List<Map<String, String>> fields = new ArrayList<>();
        for (InvalidInput.Problem p : e.problems()) {
            Map<String, String> f = new LinkedHashMap<>();
            f.put("field", p.field());
            f.put("message", problems.of(p));
            fields.add(f);
        }
        String summary = fields.isEmpty() ? msg("error.invalid") : fields.get(0).get("message");
        return respond(req, HttpStatus.UNPROCESSABLE_ENTITY, "invalid", summary, fields);
    }

    @ExceptionHandler(NotFound.class)
    Object notFound(NotFound e, HttpServletRequest req) {
        return respond(req, HttpStatus.NOT_FOUND, "not_found", msg(e.messageKey()), List.of());
    }

    @ExceptionHandler(Forbidden.class)
    Object forbidden(Forbidden e, HttpServletRequest req) {
        return respond(req, HttpStatus.FORBIDDEN, "forbidden", msg(e.messageKey()), List.of());
    }

    @ExceptionHandler(AccessDeniedException.class)
    Object denied(AccessDeniedException e, HttpServletRequest req) {
        return respond(req, HttpStatus.FORBIDDEN, "forbidden", msg("error.forbidden.role"), List.of());
    }

    @ExceptionHandler(Conflict.class)
    Object conflict(Conflict e, HttpServletRequest req, HttpServletResponse res) {
        if (e instanceof cn.jifen.shared.RequestKeys.InFlight f) {
            // the first request with this key is still being written: tell the client when to send it again
            res.setHeader("Retry-After", String.valueOf(f.retryAfterSeconds()));
        }
        return respond(req, HttpStatus.CONFLICT, "conflict", msg(e.messageKey(), e.args()), List.of());
    }

    @ExceptionHandler({LockedException.class})
    Object locked(LockedException e, HttpServletRequest req) {
        return respond(req, HttpStatus.UNAUTHORIZED, "locked", msg("login.locked"), List.of());
    }

    @ExceptionHandler({BadCredentialsException.class, DisabledException.class})
    Object badLogin(AuthenticationException e, HttpServletRequest req) {
        return respond(req, HttpStatus.UNAUTHORIZED, "unauthorized", msg("login.error"), List.of());
    }

    @ExceptionHandler(AuthenticationException.class)
    Object unauthenticated(AuthenticationException e, HttpServletRequest req) {
        return respond(req, HttpStatus.UNAUTHORIZED, "unauthorized", msg("error.unauthorized"), List.of());
    }

    @ExceptionHandler({MaxUploadSizeExceededException.class})
    Object tooLarge(Exception e, HttpServletRequest req) {
        return respond(req, HttpStatus.PAYLOAD_TOO_LARGE, "too_large", msg("error.upload.tooLarge"), List.of());
    }

    @ExceptionHandler({MultipartException.class})
    Object multipart(Exception e, HttpServletRequest req) {
        return respond(req, HttpStatus.BAD_REQUEST, "bad_request", msg("error.upload.broken"), List.of());
    }

    /** Unreadable JSON: name the field whose value has the wrong type, when the parser knows it. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof tools.jackson.databind.DatabindException je && !je.getPath().isEmpty()) {
                String field = je.getPath().stream().map(r -> r.getPropertyName() == null
                        ? "[" + r.getIndex() + "]" : "." + r.getPropertyName()).reduce("", String::concat)
                        .replaceFirst("^\\.", "").replace(".[", "[");
                InvalidInput.Problem p = t instanceof SafeText.UnsafeJsonText ? cn.jifen.shared.Texts.unstorable(field)
                        : new InvalidInput.Problem(field, "error.wrongType");
                return invalid(new InvalidInput(List.of(p)), req);
            }
        }
        return respond(req, HttpStatus.BAD_REQUEST, "bad_request", msg("error.badRequest"), List.of());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    Object badRequest(Exception e, HttpServletRequest req) {
        return respond(req, HttpStatus.BAD_REQUEST, "bad_request", msg("error.badRequest"), List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    Object method(HttpRequestMethodNotSupportedException e, HttpServletRequest req, HttpServletResponse res) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : String.join(", ",
                e.getSupportedHttpMethods().stream().map(Object::toString).toList());
        if (!allowed.isEmpty()) {
            res.setHeader("Allow", allowed);   // on pages and API alike
        }
        return respond(req, HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                msg(allowed.isEmpty() ? "error.methodNotAllowed" : "error.methodNotAllowed.use", e.getMethod(), allowed),
                List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    Object mediaType(Exception e, HttpServletRequest req) {
        return respond(req, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", msg("error.badRequest"), List.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object noResource(Exception e, HttpServletRequest req) {
        return respond(req, HttpStatus.NOT_FOUND, "not_found", msg("error.pageNotFound"), List.of());
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest req) {
        log.error("Unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return respond(req, HttpStatus.INTERNAL_SERVER_ERROR, "internal", msg("error.internal"), List.of());
    }

    private Object respond(HttpServletRequest req, HttpStatus status, String code, String message,
                           List<Map<String, String>> fields) {
        if (wantsJson(req)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", code);
            body.put("message", message);
            if (!fields.isEmpty()) {
                body.put("fields", fields);
            }
            return ResponseEntity.status(status).contentType(org.springframework.http.MediaType.APPLICATION_JSON).body(body);
        }
        ModelAndView mav = new ModelAndView(req.getHeader("HX-Request") != null ? "error :: fragment" : "error");
        mav.setStatus(status);
        mav.addObject("status", status.value());
        mav.addObject("message", message);
        mav.addObject("fields", fields);
        return mav;
    }

    static boolean wantsJson(HttpServletRequest req) {
        String uri = req.getRequestURI();
        return uri.startsWith(req.getContextPath() + "/api/");
    }

    private String msg(String key, Object... args) {
        return messages.getMessage(key, args, key, locale());
    }

    private static Locale locale() {
        return LocaleContextHolder.getLocale();
    }
}
