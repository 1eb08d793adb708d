package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.IntegrationTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationContext;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The application's handler lookup, which passes over mappings by their literal path beginning (issue #17), finds for
 * every path of every mapping the handler Spring's own lookup finds, also for a percent-encoded path.
 */
@IntegrationTest
class HandlerLookupTest {
    @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mapping;
    @Autowired ApplicationContext context;

    @Test
    void theApplicationLooksUpWithTheLiteralBeginningFirst() {
        assertThat(mapping).isInstanceOf(PrefixFilteredHandlerMapping.class);
        assertThat(PrefixFilteredHandlerMapping.literalPrefix("/api/v1/supermarkets/{villageId}/{id}/redemptions"))
                .isEqualTo("/api/v1/supermarkets/");
        assertThat(PrefixFilteredHandlerMapping.literalPrefix("/webjars/**")).isEqualTo("/webjars/");
        assertThat(PrefixFilteredHandlerMapping.literalPrefix("/login")).isEqualTo("/login");
    }

    @Test
    void everyMappedPathFindsTheSameHandlerAsSpringsOwnLookup() throws Exception {
        RequestMappingHandlerMapping plain = new RequestMappingHandlerMapping();
        plain.setApplicationContext(context);
        for (Map.Entry<RequestMappingInfo, HandlerMethod> e : mapping.getHandlerMethods().entrySet()) {
            HandlerMethod h = e.getValue();
            plain.registerMapping(e.getKey(), h.getBean(), h.getMethod());
        }
        int compared = 0;
        List<String> differ = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            List<RequestMethod> methods = info.getMethodsCondition().getMethods().isEmpty()
                    ? List.of(RequestMethod.GET) : List.copyOf(info.getMethodsCondition().getMethods());
            for (String pattern : info.getPatternValues()) {
                String path = pattern.replaceAll("\\{[^}]*}", "7").replace("**", "a/b").replace("*", "a");
                // the first letter after the first slash percent-encoded: compared decoded, so no shortcut applies
                String encoded = path.length() > 1 && Character.isLetter(path.charAt(1))
                        ? "/%" + Integer.toHexString(path.charAt(1)) + path.substring(2) : path;
                for (RequestMethod m : methods) {
                    for (String p : List.of(path, encoded, path + "/x", "/x" + path)) {
                        compared++;
                        String mine = found(mapping, m, p);
                        String spring = found(plain, m, p);
                        if (!mine.equals(spring)) {
                            differ.add(m + " " + p + ": " + mine + " / " + spring);
                        }
                    }
                }
            }
        }
        assertThat(compared).isGreaterThan(500);
        assertThat(differ).isEmpty();
    }

    /** What a lookup answers for a request: the handler's method, nothing, or the kind of refusal. */
    private static String found(RequestMappingHandlerMapping m, RequestMethod method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method.name(), path);
        request.addHeader("Accept", "*/*");
        ServletRequestPathUtils.parseAndCache(request);
        try {
            HandlerExecutionChain chain = m.getHandler(request);
            return chain == null ? "none" : ((HandlerMethod) chain.getHandler()).getMethod().toGenericString();
        } catch (Exception e) {
            return e.getClass().getSimpleName();
        }
    }
}
