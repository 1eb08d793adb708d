package cn.jifen.notify.internal;

import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.Page;
import cn.jifen.shared.Paging;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The inbox, one's own notification preferences, and (county admins) settings, dead letters and webhooks. */
@RestController
@Tag(name = "notifications", description = "站内信、通知设置、Webhook / inbox, preferences, webhooks")
class NotifyApi {
    record Unread(long unread) { }

    record SettingsBody(Integer smsBudget, Integer digestHour) { }

    record WebhookBody(String url, String secret, String scope, List<String> eventTypes) { }

    private final Inbox inbox;
    private final NotifyPreferences preferences;
    private final NotifySettings settings;
    private final DeadLetters deadLetters;
    private final Webhooks webhooks;

    NotifyApi(Inbox inbox, NotifyPreferences preferences, NotifySettings settings, DeadLetters deadLetters,
              Webhooks webhooks) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.webhooks = webhooks;
    }

    @GetMapping("/api/v1/inbox")
    @Operation(summary = "自己的站内信（新的在前，分页） / one's own inbox, newest first, paged")
    Page<Inbox.Message> inbox(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                              @RequestParam(required = false) Integer size) {
        return inbox.mine(actor, Paging.of(page, size));
    }

    @GetMapping("/api/v1/inbox/unread")
    @Operation(summary = "未读条数 / unread count")
    Unread unread(@Parameter(hidden = true) Actor actor) {
        return new Unread(inbox.unread(actor.userId()));
    }

    @PostMapping("/api/v1/inbox/{id}/read")
    @Operation(summary = "标为已读 / mark one message read")
    ResponseEntity<Void> read(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        inbox.markRead(actor, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/api/v1/inbox/read-all")
    @Operation(summary = "全部标为已读 / mark all read")
    Unread readAll(@Parameter(hidden = true) Actor actor) {
        inbox.markAllRead(actor);
        return new Unread(inbox.unread(actor.userId()));
    }

    @GetMapping("/api/v1/me/notifications")
    @Operation(summary = "自己的通知设置 / one's own notification preferences")
    NotifyPreferences.Preference mine(@Parameter(hidden = true) Actor actor) {
        return preferences.mine(actor);
    }

    @PutMapping("/api/v1/me/notifications")
    @Operation(summary = "修改自己的通知设置 / change one's own notification preferences")
    NotifyPreferences.Preference save(@Parameter(hidden = true) Actor actor,
                                      @Valid @RequestBody(required = false) NotifyPreferences.Change body) {
        return preferences.save(actor, body == null
                ? new NotifyPreferences.Change(null, null, null, null, null, null, null, null) : body);
    }

    @GetMapping("/api/v1/notify/settings")
    @Operation(summary = "县的短信预算、汇总时间和本月用量（县级管理员、县审计） / county SMS budget, digest hour, usage")
    Map<String, Object> countySettings(@Parameter(hidden = true) Actor actor) {
        return Map.of("settings", settings.mine(actor), "usage", settings.myUsage(actor));
    }

    @PutMapping("/api/v1/notify/settings")
    @Operation(summary = "修改县的短信预算和汇总时间（县级管理员） / set the county's SMS budget and digest hour")
    NotifySettings.Settings saveSettings(@Parameter(hidden = true) Actor actor,
                                         @RequestBody(required = false) SettingsBody body) {
        SettingsBody b = body == null ? new SettingsBody(null, null) : body;
        return settings.save(actor, b.smsBudget() == null ? null : b.smsBudget().toString(),
                b.digestHour() == null ? null : b.digestHour().toString());
    }

    @GetMapping("/api/v1/notify/dead-letters")
    @Operation(summary = "多次发送失败的消息（县级管理员） / dead letters")
    Page<DeadLetters.Letter> dead(@Parameter(hidden = true) Actor actor, @RequestParam(required = false) Integer page,
                                  @RequestParam(required = false) Integer size) {
        return deadLetters.list(actor, Paging.of(page, size));
    }

    @PostMapping("/api/v1/notify/dead-letters/{id}/retry")
    @Operation(summary = "重新发送一条失败的消息 / send a dead letter again")
    ResponseEntity<Void> retry(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        deadLetters.retry(actor, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/api/v1/webhooks")
    @Operation(summary = "Webhook 订阅（县级管理员） / webhook subscriptions")
    List<Webhooks.Subscription> webhooks(@Parameter(hidden = true) Actor actor) {
        return webhooks.list(actor);
    }

    @PostMapping("/api/v1/webhooks")
    @Operation(summary = "新建 Webhook 订阅 / create a webhook subscription")
    ResponseEntity<Webhooks.Subscription> createWebhook(@Parameter(hidden = true) Actor actor,
                                                        @RequestBody(required = false) WebhookBody body) {
        WebhookBody b = body == null ? new WebhookBody(null, null, null, null) : body;
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(webhooks.create(actor, b.url(), b.secret(), b.scope(), b.eventTypes()));
    }

    @DeleteMapping("/api/v1/webhooks/{id}")
    @Operation(summary = "停用 Webhook 订阅 / end a webhook subscription")
    ResponseEntity<Void> deleteWebhook(@Parameter(hidden = true) Actor actor, @PathVariable long id) {
        webhooks.delete(actor, id);
        return ResponseEntity.noContent().build();
    }
}
