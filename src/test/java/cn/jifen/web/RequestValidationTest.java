package cn.jifen.web;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.PlainText;
import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * Request records checked by Jakarta Validation: messages from the bundles through the MessageSource, and the 422
 * answer the same as a service's check gives (fields in the record's order, the first one as the detail).
 */
@IntegrationTest
class RequestValidationTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired Validator validator;
    @Autowired ProblemMessages problems;

    record Note(@PlainText(max = 3) String text) { }

    @AfterEach
    void resetLocale() {
        LocaleContextHolder.resetLocaleContext();
    }

    @Test
    void theValidatorTakesItsMessagesFromTheBundlesInTheRequestLanguage() {
        LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);
        Set<ConstraintViolation<Note>> zh = validator.validate(new Note("四个字啊"));
        assertThat(zh).extracting(ConstraintViolation::getMessage).containsExactly("太长了，最多 3 个字。");
        LocaleContextHolder.setLocale(Locale.ENGLISH);
        Set<ConstraintViolation<Note>> en = validator.validate(new Note("四个字啊"));
        assertThat(en).extracting(ConstraintViolation::getMessage).doesNotContain("太长了，最多 3 个字。").hasSize(1);
    }

    private String adminToken() throws Exception {
        return JsonPath.read(mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}")).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
    }

    private MvcResult post(String path, String body) throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post(path).header("Authorization", "Bearer " + adminToken())
                .contentType(MediaType.APPLICATION_JSON).content(body.getBytes(StandardCharsets.UTF_8))).andReturn();
    }

    @Test
    void aMissingRequiredValueGetsTheMessageAServiceCheckWouldGive() throws Exception {
        for (String[] c : new String[][] {{"/api/v1/users/1/active", "{\"reason\":\"离职\"}", "active"},
                {"/api/v1/honours/stars/freeze", "{\"village\":\"441821100201\"}", "year"}}) {
            MvcResult r = post(c[0], c[1]);
            LocaleContextHolder.setLocale(Locale.SIMPLIFIED_CHINESE);   // the request's language (it ended with the request)
            String json = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
            assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
            assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo(c[2]);
            assertThat((String) JsonPath.read(json, "$.detail"))
                    .isEqualTo(problems.of(new InvalidInput.Problem(c[2], "error.required")));
        }
    }

    @Test
    void aBodyWithTwoBadFieldsNamesThemInTheRecordsOrder() throws Exception {
        MvcResult r = post("/api/v1/org-units", "{\"parentCode\":\"441821\",\"code\":\"网格一\",\"name\":\"<b>镇</b>\"}");
        String json = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        List<String> fields = JsonPath.read(json, "$.fields[*].field");
        assertThat(fields).containsExactly("code", "name");
        assertThat((String) JsonPath.read(json, "$.fields[0].message")).isEqualTo("编码：编码只能由 2 到 32 位字母、数字、“-”或“_”组成。");
        assertThat((String) JsonPath.read(json, "$.detail")).isEqualTo(JsonPath.read(json, "$.fields[0].message"));
    }
}
