package cn.jifen.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The API's error body: an RFC 9457 problem ({@code application/problem+json}) whose {@code detail} is the Chinese
 * sentence for the person, with the extension members {@code error} (the {@link ProblemType#code()}) and
 * {@code fields} ({@code [{field, message}]}, only when there are field messages). A client that still reads the
 * body of before ({@code {error, message, fields}}) asks for it with {@value #FORMAT_HEADER}: {@value #FORMAT_V1};
 * that shape stays for one release.
 */
@Component
public class ProblemResponses {
    public static final String FORMAT_HEADER = "X-Jifen-Error-Format";
    public static final String FORMAT_V1 = "v1";

    private final MessageSource messages;
    private final JsonMapper json;

    ProblemResponses(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** The body and content type for {@code req}, as a controller advice returns it. */
    public ResponseEntity<Object> entity(HttpServletRequest req, Locale locale, ProblemType type, String detail,
                                         List<Map<String, String>> fields) {
        boolean v1 = wantsV1(req);
        return ResponseEntity.status(type.status())
                .contentType(v1 ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
                .body(v1 ? v1Body(type, detail, fields) : problem(req, locale, type, detail, fields));
    }

    /** The same answer written straight to the response, for filters that run before the controllers. */
    public void write(HttpServletRequest req, HttpServletResponse res, Locale locale, ProblemType type, String detail)
            throws IOException {
        ResponseEntity<Object> e = entity(req, locale, type, detail, List.of());
        res.setStatus(e.getStatusCode().value());
        res.setContentType(e.getHeaders().getContentType() + ";charset=UTF-8");
        res.getOutputStream().write(json.writeValueAsBytes(e.getBody()));
    }

    ProblemDetail problem(HttpServletRequest req, Locale locale, ProblemType type, String detail,
                          List<Map<String, String>> fields) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(type.status(), detail);
        p.setType(type.uri());
        p.setTitle(messages.getMessage(type.titleKey(), null, type.status().getReasonPhrase(), locale));
        p.setInstance(instance(req));
        p.setProperty("error", type.code());
        if (!fields.isEmpty()) {
            p.setProperty("fields", fields);
        }
        return p;
    }

    private static Map<String, Object> v1Body(ProblemType type, String detail, List<Map<String, String>> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", type.code());
        body.put("message", detail);
        if (!fields.isEmpty()) {
            body.put("fields", fields);
        }
        return body;
    }

    static boolean wantsV1(HttpServletRequest req) {
        return FORMAT_V1.equalsIgnoreCase(String.valueOf(req.getHeader(FORMAT_HEADER)).strip());
    }

    /** The path as the client sent it (still percent-encoded), without the query. */
    private static URI instance(HttpServletRequest req) {
        try {
            return new URI(req.getRequestURI());
        } catch (URISyntaxException e) {
            return null;    // a path no URI can hold gets no instance rather than a second error
        }
    }
}
