package cn.jifen.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;

import cn.jifen.security.Matrix.Who;
import cn.jifen.support.IntegrationTest;
import java.time.OffsetDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.test.web.servlet.MvcResult;

/**
 * Who may use the notification pages and API: everyone their own inbox and settings; only a county admin the
 * county's SMS budget, digest hour, dead letters and webhooks. Denials change nothing.
 */
@IntegrationTest
class NotifyAccessMatrixTest extends SecuritySupport {

    private MvcResult page(String path, Who who) {
        var b = get(path);
        var s = sessionFor(who);
        if (s != null) {
            b.session(s);
        }
        return perform(b);
    }

    @ParameterizedTest
    @EnumSource(value = Who.class, names = {"COUNTY_ADMIN", "TOWN_ADMIN", "VILLAGE_ADMIN", "GRID_WORKER", "KEEPER",
            "AUDITOR", "VILLAGER"})
    void everyAccountOpensItsOwnInboxAndNotificationSettings(Who who) {
        MvcResult inbox = page("/inbox", who);
        assertThat(inbox.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(inbox)).contains("站内信");
        assertThat(page("/inbox/settings", who).getResponse().getStatus()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/inbox", tokenFor(who), null).getResponse().getStatus()).isEqualTo(200);
        assertThat(api("GET", "/api/v1/me/notifications", tokenFor(who), null).getResponse().getStatus()).isEqualTo(200);
    }

    @Test
    void theInboxNeedsALogin() {
        MvcResult r = page("/inbox", Who.ANONYMOUS);
        assertThat(r.getResponse().getStatus()).isEqualTo(302);
        assertThat(r.getResponse().getRedirectedUrl()).contains("/login");
        assertThat(api("GET", "/api/v1/inbox", null, null).getResponse().getStatus()).isEqualTo(401);
        assertThat(api("POST", "/api/v1/inbox/1/read", null, null).getResponse().getStatus()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(value = Who.class, names = {"TOWN_ADMIN", "VILLAGE_ADMIN", "GRID_WORKER", "KEEPER", "AUDITOR", "VILLAGER"})
    void onlyTheCountyAdminOpensTheCountysNotificationPage(Who who) {
        assertThat(page("/console/notify", who).getResponse().getStatus()).isEqualTo(403);
    }

    @Test
    void theCountyAdminOpensTheNotificationPageWithTheSmsCounter() {
        MvcResult r = page("/console/notify", Who.COUNTY_ADMIN);
        assertThat(r.getResponse().getStatus()).isEqualTo(200);
        assertThat(body(r)).contains("短信已用").contains("超出预算后不再发短信").contains("Webhook");
    }

    @ParameterizedTest
    @EnumSource(value = Who.class, names = {"TOWN_ADMIN", "VILLAGE_ADMIN", "GRID_WORKER", "KEEPER", "AUDITOR", "VILLAGER"})
    void noOneButTheCountyAdminChangesTheBudgetOrWebhooks(Who who) {
        long audits = auditCount();
        var s = sessionFor(who);
        MvcResult form = perform(post("/console/notify/settings").session(s).with(csrf())
                .param("smsBudget", "1").param("digestHour", "3"));
        assertThat(form.getResponse().getStatus()).isEqualTo(403);
        String token = tokenFor(who);
        assertThat(api("PUT", "/api/v1/notify/settings", token, "{\"smsBudget\":1,\"digestHour\":3}")
                .getResponse().getStatus()).isEqualTo(403);
        assertThat(api("GET", "/api/v1/webhooks", token, null).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/webhooks", token,
                "{\"url\":\"http://127.0.0.1:9/x\",\"secret\":\"0123456789abcdef0\"}").getResponse().getStatus())
                .isEqualTo(403);
        assertThat(api("GET", "/api/v1/notify/dead-letters", token, null).getResponse().getStatus()).isEqualTo(403);
        assertThat(api("POST", "/api/v1/notify/dead-letters/1/retry", token, null).getResponse().getStatus())
                .isEqualTo(403);
        assertThat(auditCount()).isEqualTo(audits);
    }

    @Test
    void theCountyAuditorReadsTheBudgetButATownAdminDoesNot() {
        assertThat(api("GET", "/api/v1/notify/settings", tokenFor(Who.AUDITOR), null).getResponse().getStatus())
                .isEqualTo(200);
        assertThat(api("GET", "/api/v1/notify/settings", tokenFor(Who.TOWN_ADMIN), null).getResponse().getStatus())
                .isEqualTo(403);
    }

    @Test
    void aBadWebhookIsRefusedWithAMessageNamingTheField() {
        long before = count("SELECT COUNT(*) FROM notify_webhook");
        MvcResult r = api("POST", "/api/v1/webhooks", adminToken(), "{\"url\":\"ftp://x\",\"secret\":\"short\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("url");
        assertThat((String) json(r, "$.fields[0].message")).contains("http://");
        assertThat((String) json(r, "$.fields[1].field")).isEqualTo("secret");
        assertThat(count("SELECT COUNT(*) FROM notify_webhook")).isEqualTo(before);
    }

    @Test
    void aRefusedWebhookFormKeepsWhatWasTyped() {
        var s = sessionFor(Who.COUNTY_ADMIN);
        MvcResult r = perform(post("/console/notify/webhooks").session(s).with(csrf())
                .param("url", "http://bank.example/hook").param("secret", "short").param("scope", Matrix.SJ_LN));
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat(body(r)).contains("签名密钥请填 16 到 200 个字符").contains("value=\"http://bank.example/hook\"")
                .contains("value=\"" + Matrix.SJ_LN + "\"");
    }

    @Test
    void theCountyAdminAddsAndEndsAWebhookByApi() {
        long audits = auditCount();
        MvcResult created = api("POST", "/api/v1/webhooks", adminToken(),
                "{\"url\":\"http://127.0.0.1:9/matrix\",\"secret\":\"0123456789abcdef0\",\"scope\":\"" + Matrix.SJ_SQ
                        + "\",\"eventTypes\":[\"cn.jifen.posting.created\"]}");
        assertThat(created.getResponse().getStatus()).isEqualTo(201);
        assertThat(body(created)).doesNotContain("0123456789abcdef0");
        Number id = json(created, "$.id");
        assertThat(api("DELETE", "/api/v1/webhooks/" + id, adminToken(), null).getResponse().getStatus()).isEqualTo(204);
        assertThat(api("DELETE", "/api/v1/webhooks/" + id, adminToken(), null).getResponse().getStatus()).isEqualTo(404);
        assertThat(auditCount()).isEqualTo(audits + 2);
    }

    @Test
    void aMessageOfAnotherAccountCannotBeMarkedRead() {
        long villager = userId(Matrix.VILLAGER_LOGIN);
        jdbc.sql("""
                INSERT INTO notify_inbox (idem_key, user_id, kind, subject, body, created_at)
                VALUES (:k, :u, 'POSTING_CREATED', '积分入账', '测试', :t)""")
                .param("k", "matrix-" + System.nanoTime()).param("u", villager).param("t", OffsetDateTime.now()).update();
        long id = count("SELECT MAX(id) FROM notify_inbox WHERE user_id = " + villager);
        assertThat(api("POST", "/api/v1/inbox/" + id + "/read", tokenFor(Who.GRID_WORKER), null).getResponse()
                .getStatus()).isEqualTo(404);
        assertThat(count("SELECT COUNT(*) FROM notify_inbox WHERE read_at IS NULL AND id = " + id)).isEqualTo(1);
        assertThat(api("POST", "/api/v1/inbox/" + id + "/read", tokenFor(Who.VILLAGER), null).getResponse()
                .getStatus()).isEqualTo(204);
        assertThat(count("SELECT COUNT(*) FROM notify_inbox WHERE read_at IS NULL AND id = " + id)).isZero();
    }

    @Test
    void aVillagerWithABadPhoneIsToldWhatToFixAndNothingIsSaved() {
        long before = count("SELECT COUNT(*) FROM notify_preference");
        MvcResult r = api("PUT", "/api/v1/me/notifications", tokenFor(Who.VILLAGER),
                "{\"smsOn\":true,\"smsPhone\":\"12345\"}");
        assertThat(r.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(r, "$.fields[0].field")).isEqualTo("smsPhone");
        assertThat((String) json(r, "$.detail")).contains("11 位");
        assertThat(count("SELECT COUNT(*) FROM notify_preference")).isEqualTo(before);
        MvcResult email = api("PUT", "/api/v1/me/notifications", tokenFor(Who.VILLAGER),
                "{\"emailOn\":true,\"email\":\"a@b.cn\"}");
        assertThat(email.getResponse().getStatus()).isEqualTo(422);
        assertThat((String) json(email, "$.fields[0].field")).isEqualTo("email");
    }

    @Test
    void theInboxLinkWithItsUnreadCountIsInEveryHeader() {
        long villager = userId(Matrix.VILLAGER_LOGIN);
        jdbc.sql("""
                INSERT INTO notify_inbox (idem_key, user_id, kind, subject, body, created_at)
                VALUES (:k, :u, 'POSTING_CREATED', '积分入账', '测试', :t)""")
                .param("k", "badge-" + System.nanoTime()).param("u", villager).param("t", OffsetDateTime.now()).update();
        long unread = count("SELECT COUNT(*) FROM notify_inbox WHERE read_at IS NULL AND user_id = " + villager);
        String home = body(page("/me", Who.VILLAGER));
        assertThat(home).contains("id=\"menu-inbox\"").contains("id=\"inbox-count\">" + unread + "<");
    }
}
