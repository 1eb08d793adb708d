package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.request;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import jakarta.servlet.http.Cookie;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;


/** What the README promises about the API description holds, and a wrong HTTP method is named as such. */
@IntegrationTest
class ApiDocsAndMethodTest extends Db {
    private static final Pattern DOCS = Pattern.compile("/v3/api-docs(/\\{[a-z,]+}|/[a-z-]+)?");

    @Autowired MockMvc mvc;

    /** Every OpenAPI address the README and docs/ name, with "{a,b}" lists expanded. */
    static Set<String> readmeApiDocs() throws Exception {
        // the README and the handbook under docs/ (the README links there)
        StringBuilder readme = new StringBuilder(Files.readString(Path.of("README.md"), StandardCharsets.UTF_8));
        try (var docs = Files.list(Path.of("docs"))) {
            for (Path p : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                readme.append('\n').append(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        Set<String> urls = new LinkedHashSet<>();
        Matcher m = DOCS.matcher(readme);
        while (m.find()) {
            String tail = m.group(1);
            if (tail != null && tail.startsWith("/{")) {
                for (String g : tail.substring(2, tail.length() - 1).split(",")) {
                    urls.add("/v3/api-docs/" + g);
                }
            } else {
                urls.add(m.group());
            }
        }
        return urls;
    }

    @Test
    void everyOpenApiAddressTheReadmeNamesAnswers200WithADescription() throws Exception {
        Set<String> urls = readmeApiDocs();
        assertThat(urls).contains("/v3/api-docs", "/v3/api-docs/market");
        List<String> failed = new ArrayList<>();
        for (String url : urls) {
            MvcResult r = mvc.perform(get(url)).andReturn();
            String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
            if (r.getResponse().getStatus() != 200 || !body.contains("\"openapi\"") || !body.contains("/api/v1/")) {
                failed.add(url + " → " + r.getResponse().getStatus());
            }
        }
        assertThat(failed).isEmpty();
    }

    @Test
    void theMarketGroupDescribesTheMarketOnly() throws Exception {
        String body = mvc.perform(get("/v3/api-docs/market")).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);
        assertThat(body).contains("/redemptions").doesNotContain("/api/v1/org-units");
    }

    private String token() throws Exception {
        MvcResult r = mvc.perform(request(HttpMethod.POST, "/api/v1/tokens").contentType("application/json")
                .content("{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}")).andReturn();
        return JsonPath.read(r.getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
    }

    @Test
    void aWrongMethodOnTheApiSaysTheMethodIsNotAllowedInChinese() throws Exception {
        MvcResult r = mvc.perform(request(HttpMethod.DELETE, "/api/v1/tokens")
                .header("Authorization", "Bearer " + token())).andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).isEqualTo(405);
        assertThat(body).contains("method_not_allowed").contains("不支持 DELETE 请求方式").contains("POST")
                .doesNotContain("请求的格式不正确");
        assertThat(r.getResponse().getHeader("Allow")).contains("POST");
    }

    @Test
    void aWrongMethodOnAPageSaysSoAndNamesTheAllowedOnes() throws Exception {
        MvcResult r = mvc.perform(request(HttpMethod.PUT, "/login")
                .with(csrf()))
                .andReturn();
        assertThat(r.getResponse().getStatus()).isEqualTo(405);
        assertThat(r.getResponse().getHeader("Allow")).contains("GET");
        assertThat(r.getResponse().getContentAsString(StandardCharsets.UTF_8)).contains("不支持 PUT 请求方式");
    }

    @Test
    void aWrongMethodSaysSoInEnglishToo() throws Exception {
        MvcResult r = mvc.perform(request(HttpMethod.DELETE, "/api/v1/tokens")
                .header("Authorization", "Bearer " + token()).cookie(new Cookie("jifen-lang", "en")))
                .andReturn();
        String body = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).isEqualTo(405);
        assertThat(body).contains("does not accept the DELETE method");
    }
}
