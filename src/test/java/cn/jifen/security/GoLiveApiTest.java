package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;

import cn.jifen.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.request.MockMvcRequestBuilders;

/**
 * The jobs a county needs to go live without a browser: roster import over the API and initial
 * passwords exchanged over the API.
 */
@IntegrationTest
class GoLiveApiTest extends SecuritySupport {
    private static final String HEADER = "户编号,网格,家庭住址,低收入户,姓名,与户主关系,性别,出生年份\n";

    private MvcResult upload(String token, String villageCode, String filename, byte[] content) {
        var b = MockMvcRequestBuilders.multipart("/api/v1/villages/" + villageCode + "/roster")
                .file(new MockMultipartFile("file", filename, "text/csv", content));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return mvc.perform(b).andReturn();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private long households(String villageCode) {
        return jdbc.sql("SELECT COUNT(*) FROM household h JOIN org_unit v ON v.id = h.village_id WHERE v.code = :c")
                .param("c", villageCode).query(Long.class).single();
    }

    private String villageAdminToken() {
        return token("demo-v06", "demo-village");
    }

    private static byte[] csv(String... rows) {
        return (HEADER + String.join("\n", rows) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    // ---------------------------------------------------------------- roster

    @Test
    void aGoodRosterImportsOnceAndAgainReportsEveryoneUnchanged() {
        String a = unique("R");
        String b = unique("R");
        byte[] file = csv(a + "," + Matrix.SJ_SQ + "-G1,社区1号,否,陈建国,户主,男,1960",
                a + "," + Matrix.SJ_SQ + "-G1,社区1号,否,黄秀英,配偶,女,1962",
                b + "," + Matrix.SJ_SQ + "-G2,社区2号,否,李德福,户主,男,1955");
        long before = households(Matrix.SJ_SQ);

        MvcResult first = upload(villageAdminToken(), Matrix.SJ_SQ, "花名册.csv", file);
        MvcResult again = upload(villageAdminToken(), Matrix.SJ_SQ, "花名册.csv", file);

        assertThat(first.getResponse().getStatus()).as(body(first)).isEqualTo(200);
        assertThat((Integer) json(first, "$.householdsAdded")).isEqualTo(2);
        assertThat((Integer) json(first, "$.residentsAdded")).isEqualTo(3);
        assertThat((Integer) json(first, "$.unchanged")).isEqualTo(0);
        assertThat(again.getResponse().getStatus()).isEqualTo(200);
        assertThat((Integer) json(again, "$.householdsAdded")).isEqualTo(0);
        assertThat((Integer) json(again, "$.unchanged")).isEqualTo(3);
        assertThat(households(Matrix.SJ_SQ)).isEqualTo(before + 2);
    }

    @Test
    void aBadRosterIs422WithRowColumnAndChineseMessageAndWritesNothing() {
        String a = unique("R");
        String b = unique("R");
        byte[] file = csv(a + "," + Matrix.SJ_SQ + "-G1,社区9号,否,王五,户主,男,1960",
                b + "," + Matrix.SJ_SQ + "-G1,,否,赵六,户主,男,1961");
        long before = households(Matrix.SJ_SQ);

        MvcResult r = upload(villageAdminToken(), Matrix.SJ_SQ, "花名册.csv", file);

        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(422);
        assertThat((Integer) json(r, "$.errors[0].row")).isEqualTo(3);
        assertThat((String) json(r, "$.errors[0].column")).isEqualTo("家庭住址");
        assertThat(hasChinese(json(r, "$.errors[0].message"))).isTrue();
        assertThat(households(Matrix.SJ_SQ)).isEqualTo(before);
    }

    @Test
    void rosterImportOutsideOnesScopeOrWithoutAnAdminRoleIsRefusedAndWritesNothing() {
        byte[] file = csv(unique("R") + "," + Matrix.SJ_LN + "-G1,龙南1号,否,孙七,户主,男,1960");
        long before = households(Matrix.SJ_LN);

        MvcResult otherVillage = upload(villageAdminToken(), Matrix.SJ_LN, "花名册.csv", file);
        MvcResult gridWorker = upload(token("demo-grid", "demo-grid"), Matrix.SJ_LN, "花名册.csv", file);
        MvcResult anonymous = upload(null, Matrix.SJ_LN, "花名册.csv", file);

        assertThat(otherVillage.getResponse().getStatus()).isEqualTo(404);
        assertThat(gridWorker.getResponse().getStatus()).isEqualTo(403);
        assertThat(anonymous.getResponse().getStatus()).isEqualTo(401);
        assertThat(households(Matrix.SJ_LN)).isEqualTo(before);
    }

    // ---------------------------------------------------------------- initial passwords

    private String newStaffWithInitialPassword() {
        String username = unique("gl");
        asAdmin("POST", "/api/v1/users", "{\"username\":" + q(username) + ",\"displayName\":\"上线测试\","
                + "\"role\":\"GRID_WORKER\",\"orgCode\":" + q(Matrix.SJ_SQ + "-G1") + ",\"password\":" + q(INITIAL) + "}", 201);
        return username;
    }

    private MvcResult tokenWithNewPassword(String login, String password, String newPassword) {
        return api("POST", "/api/v1/tokens", null, "{\"username\":" + q(login) + ",\"password\":" + q(password)
                + ",\"newPassword\":" + q(newPassword) + "}");
    }

    @Test
    void anInitialPasswordWithoutNewPasswordIsToldInChineseToChangeIt() {
        String u = newStaffWithInitialPassword();

        MvcResult r = requestToken(u, INITIAL);

        assertThat(r.getResponse().getStatus()).isEqualTo(403);
        assertThat((String) json(r, "$.detail")).contains("初始密码").contains("newPassword");
    }

    @Test
    void anInitialPasswordIsExchangedForTheUsersOwnAndTheTokenWorks() {
        String u = newStaffWithInitialPassword();

        MvcResult r = tokenWithNewPassword(u, INITIAL, "Own-pass-2026");

        assertThat(r.getResponse().getStatus()).as(body(r)).isEqualTo(201);
        String token = json(r, "$.token");
        assertThat(api("GET", "/api/v1/supermarkets", token, null).getResponse().getStatus()).isEqualTo(200);
        assertThat(requestToken(u, INITIAL).getResponse().getStatus()).isEqualTo(401);
        assertThat(requestToken(u, "Own-pass-2026").getResponse().getStatus()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT must_change_password FROM app_user WHERE username = :u").param("u", u)
                .query(Boolean.class).single()).isFalse();
    }

    @Test
    void aWeakNewPasswordIsRefusedWithAChineseMessageAndTheInitialOneStays() {
        String u = newStaffWithInitialPassword();

        MvcResult r = tokenWithNewPassword(u, INITIAL, "short");

        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(hasChinese(json(r, "$.detail"))).isTrue();
        assertThat((List<Map<String, String>>) json(r, "$.fields")).extracting(f -> f.get("field")).contains("newPassword");
        assertThat(requestToken(u, INITIAL).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void aWrongInitialPasswordWithNewPasswordIs401AndChangesNothing() {
        String u = newStaffWithInitialPassword();

        MvcResult r = tokenWithNewPassword(u, "Wrong-pass-2026", "Own-pass-2026");

        assertThat(r.getResponse().getStatus()).isEqualTo(401);
        assertThat(requestToken(u, "Own-pass-2026").getResponse().getStatus()).isEqualTo(401);
    }

    @Test
    void mePasswordChangesItWithTheCurrentOneAndRefusesAWrongCurrentOrAWeakNewOne() {
        String u = newStaffWithInitialPassword();
        String token = json(tokenWithNewPassword(u, INITIAL, "Own-pass-2026"), "$.token");

        MvcResult wrong = api("POST", "/api/v1/me/password", token,
                "{\"currentPassword\":\"Nope-pass-2026\",\"newPassword\":\"Later-pass-2026\"}");
        MvcResult weak = api("POST", "/api/v1/me/password", token,
                "{\"currentPassword\":\"Own-pass-2026\",\"newPassword\":\"abc\"}");
        MvcResult ok = api("POST", "/api/v1/me/password", token,
                "{\"currentPassword\":\"Own-pass-2026\",\"newPassword\":\"Later-pass-2026\"}");

        assertThat(wrong.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(wrong, "$.detail")).contains("当前密码不正确");
        assertThat(weak.getResponse().getStatus()).isEqualTo(422);
        assertThat(ok.getResponse().getStatus()).as(body(ok)).isEqualTo(204);
        assertThat(requestToken(u, "Later-pass-2026").getResponse().getStatus()).isEqualTo(201);
        assertThat(requestToken(u, "Own-pass-2026").getResponse().getStatus()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- many residents at once

    @Test
    void manyResidentsSignUpAndCheckInAtOnceAndARefusedLineDoesNotStopTheOthers() {
        String admin = token("demo-village", "demo-village");
        MvcResult a = api("POST", "/api/v1/activities", admin, "{\"village\":\"" + Matrix.SJ_LN + "\",\"title\":\"批量测试"
                + unique("A") + "\",\"place\":\"村委\",\"startsAt\":\"2099-01-01T09:00\",\"itemCode\":\"ZY01\",\"points\":5,\"quota\":50}");
        assertThat(a.getResponse().getStatus()).as(body(a)).isEqualTo(201);
        String path = "/api/v1/activities/" + ((Number) json(a, "$.villageId")).longValue() + "/" + ((Number) json(a, "$.id")).longValue();
        MvcResult h1 = api("GET", "/api/v1/passbooks/441821100201-0004", admin, null);
        MvcResult h2 = api("GET", "/api/v1/passbooks/441821100201-0007", admin, null);
        long r1 = ((Number) json(h1, "$.members[0].id")).longValue();
        long r2 = ((Number) json(h2, "$.members[0].id")).longValue();

        MvcResult signups = api("POST", path + "/signups/batch", admin, "{\"people\":["
                + "{\"passbookNumber\":\"441821100201-0004\",\"residentId\":" + r1 + "},"
                + "{\"passbookNumber\":\"441821100201-0007\",\"residentId\":" + r2 + "},"
                + "{\"passbookNumber\":\"441821100201-0004\",\"residentId\":" + r2 + "}]}");
        // households 0004 and 0007 are in 龙南村 G1, the grid worker's grid
        MvcResult checkins = api("POST", path + "/checkins/batch", token("demo-grid", "demo-grid"),
                "{\"residentIds\":[" + r1 + "," + r2 + ",999999999]}");
        MvcResult keeper = api("POST", path + "/checkins/batch", token("demo-keeper", "demo-keeper"), "{\"residentIds\":[" + r1 + "]}");

        assertThat(signups.getResponse().getStatus()).as(body(signups)).isEqualTo(200);
        assertThat((List<Boolean>) json(signups, "$[*].ok")).containsExactly(true, true, false);
        assertThat(hasChinese(json(signups, "$[2].message"))).isTrue();
        assertThat(checkins.getResponse().getStatus()).as(body(checkins)).isEqualTo(200);
        assertThat((List<Boolean>) json(checkins, "$[*].ok")).containsExactly(true, true, false);
        assertThat(keeper.getResponse().getStatus()).isEqualTo(403);
        MvcResult detail = api("GET", path, admin, null);
        assertThat((List<Object>) json(detail, "$.signups[*].checkedInAt")).hasSize(2).doesNotContainNull();
    }
}
