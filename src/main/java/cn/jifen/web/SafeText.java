package cn.jifen.web;

import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Texts;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.module.SimpleModule;

/**
 * The one place that refuses text no column can hold (NUL, unpaired surrogates; see {@link Texts#isUnstorable}),
 * for every way text enters a request: every String in a JSON body (a Jackson deserializer), and every
 * query parameter, form field, multipart text part and path variable (a handler interceptor, which runs
 * after multipart parsing and before the controller). Nothing has been written when it refuses.
 */
@Configuration
class SafeText implements WebMvcConfigurer {

    /** Raised by the JSON deserializer; {@link ErrorHandling} turns it into a field message. */
    static final class UnsafeJsonText extends InvalidFormatException {
        UnsafeJsonText(JsonParser p, String value) {
            super(p, "text holds NUL or an unpaired surrogate", value, String.class);
        }
    }

    /** Strings in JSON bodies (also inside lists, arrays and map values). */
    static final class SafeStringDeserializer extends StringDeserializer {
        @Override
        public String deserialize(JsonParser p, DeserializationContext ctxt) {
            String s = super.deserialize(p, ctxt);
            if (Texts.isUnstorable(s)) {
                throw new UnsafeJsonText(p, s);
            }
            return s;
        }
    }

    @Bean
    JacksonModule safeTextModule() {
        SimpleModule m = new SimpleModule("jifen-safe-text");
        m.addDeserializer(String.class, new SafeStringDeserializer());
        return m;
    }

    /** Parameters (query, form, multipart text parts) and path variables. */
    static final class ParameterGuard implements HandlerInterceptor {
        @Override
        public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
            List<InvalidInput.Problem> problems = new ArrayList<>();
            for (Map.Entry<String, String[]> e : request.getParameterMap().entrySet()) {
                boolean bad = Texts.isUnstorable(e.getKey());
                for (String v : e.getValue()) {
                    bad |= Texts.isUnstorable(v);
                }
                if (bad) {
                    problems.add(Texts.unstorable(Texts.isUnstorable(e.getKey()) ? "?" : e.getKey()));
                }
            }
            if (request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE) instanceof Map<?, ?> vars) {
                vars.forEach((k, v) -> {
                    if (v instanceof String s && Texts.isUnstorable(s)) {
                        problems.add(Texts.unstorable(String.valueOf(k)));
                    }
                });
            }
            if (!problems.isEmpty()) {
                throw new InvalidInput(problems);
            }
            return true;
        }
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(new ParameterGuard());
    }
}
