package cn.jifen.notify.internal;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.Db;
import cn.jifen.support.IntegrationTest;
import com.jayway.jsonpath.JsonPath;
import jakarta.validation.Validator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * PUT /api/v1/me/notifications checks its request record with Jakarta Validation before the service (one's own
 * settings: no 403 or 404 to hide): a bad field is a 422 ProblemDetail whose Chinese message names the field, and
 * nothing is saved.
 */
@IntegrationTest
class NotifyRequestValidationTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired Validator validator;

    private String token() throws Exception {
        return JsonPath.read(mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens")
                .contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}")).andReturn()
                .getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");
    }

    @Test
    void theRecordItselfCarriesTheConstraints() {
        assertThat(validator.validate(new NotifyPreferences.Change(true, "电话号码", false, "x".repeat(65), false,
                "a".repeat(201), false, null))).extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("smsPhone", "wechatOpenid", "email");
    }

    @Test
    void aPhoneThatIsNoPhoneIsRefusedNamingTheFieldAndNothingIsSaved() throws Exception {
        String token = token();
        String before = mvc.perform(MockMvcRequestBuilders.get("/api/v1/me/notifications")
                .header("Authorization", "Bearer " + token)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8);

        MvcResult r = mvc.perform(MockMvcRequestBuilders.put("/api/v1/me/notifications")
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .content("{\"smsOn\":true,\"smsPhone\":\"电话号码\"}".getBytes(StandardCharsets.UTF_8))).andReturn();

        String json = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo("smsPhone");
        assertThat((String) JsonPath.read(json, "$.detail")).isEqualTo("手机号：手机号请填 11 位数字，以 1 开头。");
        assertThat(mvc.perform(MockMvcRequestBuilders.get("/api/v1/me/notifications")
                .header("Authorization", "Bearer " + token)).andReturn().getResponse()
                .getContentAsString(StandardCharsets.UTF_8)).isEqualTo(before);
    }
}
