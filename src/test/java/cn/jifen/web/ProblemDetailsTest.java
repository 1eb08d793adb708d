package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * API errors are RFC 9457 problem details (type per kind of error, Chinese title and detail, the request path as
 * instance, the old {@code error} code and {@code fields} as extensions); the old {@code {error,message,fields}}
 * body stays available behind {@code X-Jifen-Error-Format: v1}; pages keep answering with pages.
 */
@IntegrationTest
class ProblemDetailsTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired MessageSource messages;

    private MvcResult perform(MockHttpServletRequestBuilder b) throws Exception {
        return mvc.perform(b).andReturn();
    }

    private static String body(MvcResult r) throws Exception {
        return r.getResponse().getContentAsString(StandardCharsets.UTF_8);
    }

    private static MockHttpServletRequestBuilder missingUsername() {
        return MockMvcRequestBuilders.post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"password\":\"secret\"}");
    }

    @Test
    void invalidInputIsAProblemWithTheFieldMessagesAsAnExtension() throws Exception {
        MvcResult r = perform(missingUsername());
        String json = body(r);
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) JsonPath.read(json, "$.type")).isEqualTo("https://jifen.cn/problems/invalid");
        assertThat((String) JsonPath.read(json, "$.title")).isEqualTo("填写的内容有误");
        assertThat((Integer) JsonPath.read(json, "$.status")).isEqualTo(422);
        assertThat((String) JsonPath.read(json, "$.instance")).isEqualTo("/api/v1/tokens");
        assertThat((String) JsonPath.read(json, "$.error")).isEqualTo("invalid");
        List<Map<String, String>> fields = JsonPath.read(json, "$.fields");
        assertThat(fields).hasSize(1);
        assertThat(fields.get(0).get("field")).isEqualTo("username");
        assertThat((String) JsonPath.read(json, "$.detail")).isEqualTo(fields.get(0).get("message")).contains("不能为空");
        Map<String, Object> members = JsonPath.read(json, "$");
        assertThat(members.keySet()).containsExactlyInAnyOrder("type", "title", "status", "detail", "instance", "error", "fields");
    }

    @Test
    void theSecurityFilterAnswersAMissingTokenWithAnUnauthorizedProblem() throws Exception {
        MvcResult r = perform(MockMvcRequestBuilders.get("/api/v1/households/1/2"));
        String json = body(r);
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) JsonPath.read(json, "$.type")).isEqualTo("https://jifen.cn/problems/unauthorized");
        assertThat((String) JsonPath.read(json, "$.detail")).isEqualTo("请先登录。");
        assertThat((String) JsonPath.read(json, "$.title")).isEqualTo("需要登录");
        assertThat((String) JsonPath.read(json, "$.instance")).isEqualTo("/api/v1/households/1/2");
        assertThat((String) JsonPath.read(json, "$.error")).isEqualTo("unauthorized");
        assertThat(json).doesNotContain("\"fields\"");
    }

    @Test
    void theTitleFollowsTheRequestLanguage() throws Exception {
        MvcResult r = perform(missingUsername().param("lang", "en"));
        assertThat((String) JsonPath.read(body(r), "$.title")).isEqualTo("Invalid input");
    }

    @Test
    void aClientAskingForTheV1FormatGetsTheOldBodyWithTheSameMessage() throws Exception {
        MvcResult problem = perform(missingUsername());
        MvcResult old = perform(missingUsername().header(ProblemResponses.FORMAT_HEADER, "v1"));
        String json = body(old);
        assertThat(old.getResponse().getStatus()).isEqualTo(422);
        assertThat(old.getResponse().getContentType()).startsWith("application/json");
        assertThat((String) JsonPath.read(json, "$.error")).isEqualTo("invalid");
        assertThat((String) JsonPath.read(json, "$.message")).isEqualTo(JsonPath.read(body(problem), "$.detail"));
        assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo("username");
        assertThat(json).doesNotContain("\"type\"").doesNotContain("\"detail\"");
    }

    @Test
    void theSecurityFilterAlsoKeepsTheV1BodyForClientsThatAskForIt() throws Exception {
        MvcResult r = perform(MockMvcRequestBuilders.get("/api/v1/households/1/2")
                .header(ProblemResponses.FORMAT_HEADER, "v1"));
        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(r.getResponse().getContentType()).startsWith("application/json");
        assertThat(body(r)).isEqualTo("{\"error\":\"unauthorized\",\"message\":\"请先登录。\"}");
    }

    @Test
    void aPageErrorStillRendersAPage() throws Exception {
        MvcResult r = perform(MockMvcRequestBuilders.get("/board/no-such-board/at/all"));
        assertThat(r.getResponse().getStatus()).isEqualTo(404);
        assertThat(r.getResponse().getContentType()).startsWith("text/html");
        assertThat(body(r)).contains("没有找到这个页面");
    }

    @Test
    void everyProblemTypeHasItsOwnUriAndATitleInBothLanguages() {
        assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::uri).distinct()).hasSize(ProblemType.values().length);
        for (ProblemType t : ProblemType.values()) {
            String zh = messages.getMessage(t.titleKey(), null, null, Locale.SIMPLIFIED_CHINESE);
            String en = messages.getMessage(t.titleKey(), null, null, Locale.ENGLISH);
            assertThat(zh).as(t.titleKey()).isNotBlank().isNotEqualTo(en);
            assertThat(en).as(t.titleKey()).isNotBlank();
        }
    }

    @Autowired ErrorHandling errors;

    @Test
    void aLockThatWaitedTooLongIsABusyProblemToRetryNotAnInternalError() throws Exception {
        MockHttpServletRequest req = new MockHttpServletRequest("POST", "/api/v1/households/1/2/postings");
        MockHttpServletResponse res = new MockHttpServletResponse();

        Object answer;
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);   // as a request without Accept-Language gets
        try {
            answer = errors.busy(new CannotAcquireLockException("write lock"), req, res);
        } finally {
            LocaleContextHolder.resetLocaleContext();
        }

        ResponseEntity<?> entity = (ResponseEntity<?>) answer;
        assertThat(entity.getStatusCode().value()).isEqualTo(503);
        assertThat(res.getHeader("Retry-After")).isEqualTo("5");
        ProblemDetail p = (ProblemDetail) entity.getBody();
        assertThat(p.getType().toString()).isEqualTo("https://jifen.cn/problems/busy");
        assertThat(p.getDetail()).startsWith("同时办理的业务较多").contains("没有生效");
    }
}
