package cn.jifen.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.notify.NotifyPause;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** While the demo loads (H2 commits batched), requests are refused, so none is acknowledged and then lost. */
class DemoLoadGateTest {
    private final NotifyPause notices = new NotifyPause();
    private final DemoLoadGate gate = new DemoLoadGate(messages(), notices);

    @Test
    void noticesArePausedExactlyWhileTheDemoLoads() {
        gate.loading(true);
        assertThat(notices.paused()).isTrue();
        gate.loading(false);
        assertThat(notices.paused()).isFalse();
    }

    @Test
    void whileTheDemoLoadsAPostingRequestIsRefusedWith503AndAChineseMessage() throws Exception {
        gate.loading(true);
        MockHttpServletResponse response = run("POST", "/api/v1/households/1/2/postings");

        assertThat(response.getStatus()).isEqualTo(503);
        assertThat(response.getHeader("Retry-After")).isEqualTo("30");
        assertThat(response.getContentAsString(StandardCharsets.UTF_8)).contains("演示县正在载入");
    }

    @Test
    void whileTheDemoLoadsTheHealthCheckStillAnswers() throws Exception {
        gate.loading(true);
        MockFilterChain chain = new MockFilterChain();
        gate.doFilter(request("GET", "/actuator/health"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).as("passed on to the application").isNotNull();
    }

    @Test
    void onceTheLoadIsOverRequestsPassThrough() throws Exception {
        gate.loading(true);
        gate.loading(false);
        MockFilterChain chain = new MockFilterChain();
        gate.doFilter(request("POST", "/api/v1/households/1/2/postings"), new MockHttpServletResponse(), chain);

        assertThat(chain.getRequest()).isNotNull();
    }

    private MockHttpServletResponse run(String method, String uri) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        MockFilterChain chain = new MockFilterChain();
        gate.doFilter(request(method, uri), response, chain);
        assertThat(chain.getRequest()).as("not passed on").isNull();
        return response;
    }

    private static MockHttpServletRequest request(String method, String uri) {
        return new MockHttpServletRequest(method, uri);
    }

    private static ResourceBundleMessageSource messages() {
        ResourceBundleMessageSource source = new ResourceBundleMessageSource();
        source.setBasenames("messages");
        source.setDefaultEncoding("UTF-8");
        source.setFallbackToSystemLocale(false);
        return source;
    }
}
