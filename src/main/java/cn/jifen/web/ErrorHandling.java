package cn.jifen.web;

import cn.jifen.shared.Conflict;
import cn.jifen.shared.Forbidden;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.NotFound;
import cn.jifen.shared.RequestKeys.InFlight;
import cn.jifen.shared.Texts;
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
import org.springframework.dao.DataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.DisabledException;
import org.springframework.security.authentication.LockedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.DatabindException;

/**
 * Turns every failure into a clear message in the person's language: a problem detail for /api
 * ({@link ProblemResponses}, one {@link ProblemType} per kind of error), a page otherwise. Stack traces go to the
 * log only, never to the user.
 */
@ControllerAdvice
class ErrorHandling {
    private static final Logger log = LoggerFactory.getLogger(ErrorHandling.class);
    static final int BUSY_RETRY_SECONDS = 5;
    private final MessageSource messages;
    private final ProblemMessages problems;
    private final ProblemResponses responses;
    private final ValidationProblems violations;

    ErrorHandling(MessageSource messages, ProblemMessages problems, ProblemResponses responses,
                  ValidationProblems violations) {
        this.messages = messages;
        this.problems = problems;
        this.responses = responses;
        this.violations = violations;
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
        return respond(req, ProblemType.INVALID, summary, fields);
    }

    /** A {@code @Valid} request record or form: the same 422 answer as the service's check would give. */
    @ExceptionHandler(MethodArgumentNotValidException.class)
    Object invalidBody(MethodArgumentNotValidException e, HttpServletRequest req) {
        return invalid(violations.of(e.getBindingResult()), req);
    }

    /** Constrained handler parameters ({@code @RequestParam @PlainText …}). */
    @ExceptionHandler(HandlerMethodValidationException.class)
    Object invalidParameters(HandlerMethodValidationException e, HttpServletRequest req) {
        return invalid(violations.of(e), req);
    }

    @ExceptionHandler(NotFound.class)
    Object notFound(NotFound e, HttpServletRequest req) {
        return respond(req, ProblemType.NOT_FOUND, msg(e.messageKey()), List.of());
    }

    @ExceptionHandler(Forbidden.class)
    Object forbidden(Forbidden e, HttpServletRequest req) {
        return respond(req, ProblemType.FORBIDDEN, msg(e.messageKey()), List.of());
    }

    @ExceptionHandler(AccessDeniedException.class)
    Object denied(AccessDeniedException e, HttpServletRequest req) {
        return respond(req, ProblemType.FORBIDDEN, msg("error.forbidden.role"), List.of());
    }

    @ExceptionHandler(Conflict.class)
    Object conflict(Conflict e, HttpServletRequest req, HttpServletResponse res) {
        if (e instanceof InFlight f) {
            // the first request with this key is still being written: tell the client when to send it again
            res.setHeader("Retry-After", String.valueOf(f.retryAfterSeconds()));
        }
        return respond(req, ProblemType.CONFLICT, msg(e.messageKey(), e.args()), List.of());
    }

    @ExceptionHandler({LockedException.class})
    Object locked(LockedException e, HttpServletRequest req) {
        return respond(req, ProblemType.LOCKED, msg("login.locked"), List.of());
    }

    @ExceptionHandler({BadCredentialsException.class, DisabledException.class})
    Object badLogin(AuthenticationException e, HttpServletRequest req) {
        return respond(req, ProblemType.UNAUTHORIZED, msg("login.error"), List.of());
    }

    @ExceptionHandler(AuthenticationException.class)
    Object unauthenticated(AuthenticationException e, HttpServletRequest req) {
        return respond(req, ProblemType.UNAUTHORIZED, msg("error.unauthorized"), List.of());
    }

    @ExceptionHandler({MaxUploadSizeExceededException.class})
    Object tooLarge(Exception e, HttpServletRequest req) {
        return respond(req, ProblemType.TOO_LARGE, msg("error.upload.tooLarge"), List.of());
    }

    @ExceptionHandler({MultipartException.class})
    Object multipart(Exception e, HttpServletRequest req) {
        return respond(req, ProblemType.BAD_REQUEST, msg("error.upload.broken"), List.of());
    }

    /** Unreadable JSON: name the field whose value has the wrong type, when the parser knows it. */
    @ExceptionHandler(HttpMessageNotReadableException.class)
    Object unreadable(HttpMessageNotReadableException e, HttpServletRequest req) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabindException je && !je.getPath().isEmpty()) {
                String field = je.getPath().stream().map(r -> r.getPropertyName() == null
                        ? "[" + r.getIndex() + "]" : "." + r.getPropertyName()).reduce("", String::concat)
                        .replaceFirst("^\\.", "").replace(".[", "[");
                InvalidInput.Problem p = t instanceof SafeText.UnsafeJsonText ? Texts.unstorable(field)
                        : new InvalidInput.Problem(field, "error.wrongType");
                return invalid(new InvalidInput(List.of(p)), req);
            }
        }
        return respond(req, ProblemType.BAD_REQUEST, msg("error.badRequest"), List.of());
    }

    @ExceptionHandler({MissingServletRequestParameterException.class, MethodArgumentTypeMismatchException.class})
    Object badRequest(Exception e, HttpServletRequest req) {
        return respond(req, ProblemType.BAD_REQUEST, msg("error.badRequest"), List.of());
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    Object method(HttpRequestMethodNotSupportedException e, HttpServletRequest req, HttpServletResponse res) {
        String allowed = e.getSupportedHttpMethods() == null ? "" : String.join(", ",
                e.getSupportedHttpMethods().stream().map(Object::toString).toList());
        if (!allowed.isEmpty()) {
            res.setHeader("Allow", allowed);   // on pages and API alike
        }
        return respond(req, ProblemType.METHOD_NOT_ALLOWED,
                msg(allowed.isEmpty() ? "error.methodNotAllowed" : "error.methodNotAllowed.use", e.getMethod(), allowed),
                List.of());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    Object mediaType(Exception e, HttpServletRequest req) {
        return respond(req, ProblemType.UNSUPPORTED_MEDIA_TYPE, msg("error.badRequest"), List.of());
    }

    @ExceptionHandler(NoResourceFoundException.class)
    Object noResource(Exception e, HttpServletRequest req) {
        return respond(req, ProblemType.NOT_FOUND, msg("error.pageNotFound"), List.of());
    }

    /**
     * A lock waited for too long (a row lock, or the embedded database's one writer: shared.SingleWriter) or the
     * database chose this transaction as a deadlock's victim: nothing was written, and the same request a few
     * seconds later will most likely pass.
     */
    @ExceptionHandler({PessimisticLockingFailureException.class, QueryTimeoutException.class})
    Object busy(DataAccessException e, HttpServletRequest req, HttpServletResponse res) {
        log.warn("Lock wait gave up on {} {}: {}", req.getMethod(), req.getRequestURI(), e.getMostSpecificCause().toString());
        res.setHeader("Retry-After", String.valueOf(BUSY_RETRY_SECONDS));
        return respond(req, ProblemType.BUSY, msg("error.busy"), List.of());
    }

    @ExceptionHandler(Exception.class)
    Object unexpected(Exception e, HttpServletRequest req) {
        log.error("Unexpected error on {} {}", req.getMethod(), req.getRequestURI(), e);
        return respond(req, ProblemType.INTERNAL, msg("error.internal"), List.of());
    }

    private Object respond(HttpServletRequest req, ProblemType type, String message,
                           List<Map<String, String>> fields) {
        if (wantsJson(req)) {
            return responses.entity(req, locale(), type, message, fields);
        }
        ModelAndView mav = new ModelAndView(req.getHeader("HX-Request") != null ? "error :: fragment" : "error");
        mav.setStatus(type.status());
        mav.addObject("status", type.status().value());
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
