package cn.jifen.identity.internal;

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
 * POST /api/v1/me/password checks its request record with Jakarta Validation before the service (anyone may
 * change their own password: no 403 or 404 to hide): a missing field is a 422 ProblemDetail whose Chinese message
 * names the field, and the password stays as it was.
 */
@IntegrationTest
class PasswordChangeValidationTest extends Db {
    @Autowired MockMvc mvc;
    @Autowired Validator validator;

    private MvcResult login() throws Exception {
        return mvc.perform(MockMvcRequestBuilders.post("/api/v1/tokens").contentType(MediaType.APPLICATION_JSON)
                .content("{\"username\":\"demo-admin\",\"password\":\"demo-admin\"}")).andReturn();
    }

    @Test
    void theRecordItselfCarriesTheConstraints() {
        assertThat(validator.validate(new MeApi.PasswordChange(" ", null)))
                .extracting(v -> v.getPropertyPath().toString())
                .containsExactlyInAnyOrder("currentPassword", "newPassword");
    }

    @Test
    void aMissingCurrentPasswordIsRefusedNamingTheFieldAndThePasswordStays() throws Exception {
        String token = JsonPath.read(login().getResponse().getContentAsString(StandardCharsets.UTF_8), "$.token");

        MvcResult r = mvc.perform(MockMvcRequestBuilders.post("/api/v1/me/password")
                .header("Authorization", "Bearer " + token).contentType(MediaType.APPLICATION_JSON)
                .content("{\"currentPassword\":\" \",\"newPassword\":\"another-secret-9\"}")).andReturn();

        String json = r.getResponse().getContentAsString(StandardCharsets.UTF_8);
        assertThat(r.getResponse().getStatus()).as(json).isEqualTo(422);
        assertThat(r.getResponse().getContentType()).startsWith("application/problem+json");
        assertThat((String) JsonPath.read(json, "$.fields[0].field")).isEqualTo("currentPassword");
        assertThat((String) JsonPath.read(json, "$.detail")).isEqualTo("当前密码：不能为空，请填写。");
        assertThat(login().getResponse().getStatus()).as("the old password still opens the account").isEqualTo(201);
    }
}
