package cn.jifen.web;

import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Method;
import java.util.IdentityHashMap;
import java.util.Map;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring MVC's handler lookup with a cheap first test: a request path that has a variable ({@code /{id}}) is matched
 * by Spring against every one of Jifen's ~300 mappings in turn, each through all its conditions (method, headers,
 * media types, pattern), which was about 12 % of a counter redemption's CPU in the JVM (issue #17). Here a mapping
 * whose patterns' literal beginnings ({@code /api/v1/supermarkets/} of {@code /api/v1/supermarkets/{villageId}/…})
 * the path does not start with is passed over before any condition is evaluated.
 * <p>
 * Exactly the same answers: a path pattern matches a path only if the path begins with the pattern's text up to its
 * first variable or wildcard, when the path is compared as written. It is not when it holds a percent-encoded
 * character or a matrix parameter ({@code ;}), which the pattern sees decoded or removed; such a path is looked up
 * the full way. Mappings without path patterns (an Ant-style matcher) or registered otherwise are never passed over.
 */
final class PrefixFilteredHandlerMapping extends RequestMappingHandlerMapping {
    /** The lookup path of the request this thread is looking up, when it may be compared as written. */
    private static final ThreadLocal<String> PLAIN_PATH = new ThreadLocal<>();

    /**
     * The literal beginnings of each registered mapping, by identity: Spring's lookup hands back the very instances
     * registered, and a hash map keyed by {@link RequestMappingInfo} spent most of the filter's time in its hashing
     * and {@code equals} (comparing whole conditions) on every mapping of every request. Written only when a mapping
     * is registered (at start), as a fresh copy, so readers need no lock.
     */
    private volatile Map<RequestMappingInfo, String[]> prefixes = new IdentityHashMap<>();

    @Override
    protected void registerHandlerMethod(Object handler, Method method, RequestMappingInfo mapping) {
        super.registerHandlerMethod(handler, method, mapping);
        String[] p = literalPrefixes(mapping);
        if (p != null) {
            synchronized (this) {
                Map<RequestMappingInfo, String[]> copy = new IdentityHashMap<>(prefixes);
                copy.put(mapping, p);
                prefixes = copy;
            }
        }
    }

    /** The text of each path pattern up to its first variable or wildcard; null if the mapping has none to offer. */
    static String[] literalPrefixes(RequestMappingInfo mapping) {
        if (mapping.getPathPatternsCondition() == null || mapping.getPatternValues().isEmpty()) {
            return null;
        }
        return mapping.getPatternValues().stream().map(PrefixFilteredHandlerMapping::literalPrefix).toArray(String[]::new);
    }

    static String literalPrefix(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '{' || c == '*' || c == '?') {
                return pattern.substring(0, i);
            }
        }
        return pattern;
    }

    @Override
    protected HandlerMethod lookupHandlerMethod(String lookupPath, HttpServletRequest request) throws Exception {
        String outer = PLAIN_PATH.get();   // an error or forward dispatch may look up inside a lookup
        PLAIN_PATH.set(lookupPath.indexOf('%') < 0 && lookupPath.indexOf(';') < 0 ? lookupPath : null);
        try {
            return super.lookupHandlerMethod(lookupPath, request);
        } finally {
            if (outer == null) {
                PLAIN_PATH.remove();
            } else {
                PLAIN_PATH.set(outer);
            }
        }
    }

    @Override
    protected RequestMappingInfo getMatchingMapping(RequestMappingInfo info, HttpServletRequest request) {
        String path = PLAIN_PATH.get();
        if (path != null) {
            String[] p = prefixes.get(info);
            if (p != null && !startsWithAny(path, p)) {
                return null;
            }
        }
        return super.getMatchingMapping(info, request);
    }

    private static boolean startsWithAny(String path, String[] prefixes) {
        for (String p : prefixes) {
            if (path.startsWith(p)) {
                return true;
            }
        }
        return false;
    }
}
