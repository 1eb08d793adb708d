package cn.jifen.notify.internal;

import cn.jifen.notify.Inbox;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Paging;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The inbox (every account), one's own notification settings, and the county admin's notification page. */
@Controller
class NotifyPages {
    private final Inbox inbox;
    private final NotifyPreferences preferences;
    private final NotifySettings settings;
    private final DeadLetters deadLetters;
    private final Webhooks webhooks;
    private final ProblemMessages problems;

    NotifyPages(Inbox inbox, NotifyPreferences preferences, NotifySettings settings, DeadLetters deadLetters,
                Webhooks webhooks, ProblemMessages problems) {
        this.inbox = inbox;
        this.preferences = preferences;
        this.settings = settings;
        this.deadLetters = deadLetters;
        this.webhooks = webhooks;
        this.problems = problems;
    }

    @GetMapping("/inbox")
    String inbox(Actor actor, @RequestParam(required = false) Integer page, Model model) {
        model.addAttribute("messages", inbox.mine(actor, Paging.of(page, 20)));
        model.addAttribute("unread", inbox.unread(actor.userId()));
        return "inbox";
    }

    @PostMapping("/inbox/{id}/read")
    String read(Actor actor, @PathVariable long id) {
        inbox.markRead(actor, id);
        return "redirect:/inbox";
    }

    @PostMapping("/inbox/read-all")
    String readAll(Actor actor) {
        inbox.markAllRead(actor);
        return "redirect:/inbox";
    }

    @GetMapping("/inbox/settings")
    String settingsPage(Actor actor, Model model) {
        NotifyPreferences.Preference p = preferences.mine(actor);
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("smsOn", p.smsOn());
        form.put("smsPhone", p.smsPhone());
        form.put("wechatOn", p.wechatOn());
        form.put("wechatOpenid", p.wechatOpenid());
        form.put("emailOn", p.emailOn());
        form.put("email", p.email());
        form.put("digest", p.digest());
        form.put("optedOut", p.optedOut().stream().map(Enum::name).toList());
        return preferencesPage(actor, form, model);
    }

    private String preferencesPage(Actor actor, Map<String, Object> form, Model model) {
        model.addAttribute("form", form);
        model.addAttribute("kinds", preferences.optionalKinds(actor));
        model.addAttribute("staff", actor.isStaff());
        return "notify-preferences";
    }

    @PostMapping("/inbox/settings")
    String save(Actor actor, @RequestParam(defaultValue = "false") boolean smsOn,
                @RequestParam(required = false) String smsPhone, @RequestParam(defaultValue = "false") boolean wechatOn,
                @RequestParam(required = false) String wechatOpenid, @RequestParam(defaultValue = "false") boolean emailOn,
                @RequestParam(required = false) String email, @RequestParam(defaultValue = "false") boolean digest,
                @RequestParam(required = false) List<String> optedOut, Model model, HttpServletResponse response) {
        try {
            preferences.save(actor, new NotifyPreferences.Change(smsOn, smsPhone, wechatOn, wechatOpenid, emailOn,
                    email, digest, optedOut));
            return "redirect:/inbox/settings?saved";
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("smsOn", smsOn);
            form.put("smsPhone", smsPhone);
            form.put("wechatOn", wechatOn);
            form.put("wechatOpenid", wechatOpenid);
            form.put("emailOn", emailOn);
            form.put("email", email);
            form.put("digest", digest);
            form.put("optedOut", optedOut == null ? List.of() : optedOut);
            model.addAttribute("problems", problems.of(e));
            return preferencesPage(actor, form, model);
        }
    }

    @GetMapping("/console/notify")
    String county(Actor actor, @RequestParam(required = false) Integer page, Model model) {
        NotifySettings.requireCountyAdmin(actor);
        NotifySettings.Settings s = settings.mine(actor);
        if (!model.containsAttribute("form")) {
            model.addAttribute("form", Map.of("smsBudget", s.smsBudget() == null ? "" : s.smsBudget().toString(),
                    "digestHour", String.valueOf(s.digestHour())));
        }
        if (!model.containsAttribute("hook")) {
            model.addAttribute("hook", Map.of());
        }
        model.addAttribute("usage", settings.myUsage(actor));
        model.addAttribute("dead", deadLetters.list(actor, Paging.of(page, 20)));
        model.addAttribute("webhooks", webhooks.list(actor));
        model.addAttribute("eventTypes", NoticeKind.EVENT_TYPES);
        return "notify-county";
    }

    @PostMapping("/console/notify/settings")
    String saveSettings(Actor actor, @RequestParam(required = false) String smsBudget,
                        @RequestParam(required = false) String digestHour, Model model, HttpServletResponse response) {
        try {
            settings.save(actor, smsBudget, digestHour);
            return "redirect:/console/notify?saved";
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("problems", problems.of(e));
            Map<String, Object> form = new LinkedHashMap<>();
            form.put("smsBudget", smsBudget);
            form.put("digestHour", digestHour);
            model.addAttribute("form", form);
            return county(actor, null, model);
        }
    }

    @PostMapping("/console/notify/dead/{id}/retry")
    String retry(Actor actor, @PathVariable long id) {
        deadLetters.retry(actor, id);
        return "redirect:/console/notify?retried";
    }

    @PostMapping("/console/notify/webhooks")
    String createWebhook(Actor actor, @RequestParam(required = false) String url,
                         @RequestParam(required = false) String secret, @RequestParam(required = false) String scope,
                         @RequestParam(required = false) List<String> eventTypes, Model model,
                         HttpServletResponse response) {
        try {
            webhooks.create(actor, url, secret, scope, eventTypes);
            return "redirect:/console/notify?webhookSaved";
        } catch (InvalidInput e) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("problems", problems.of(e));
            Map<String, Object> hook = new LinkedHashMap<>();
            hook.put("url", url);
            hook.put("scope", scope);
            hook.put("eventTypes", eventTypes == null ? List.of() : eventTypes);
            model.addAttribute("hook", hook);
            return county(actor, null, model);
        }
    }

    @PostMapping("/console/notify/webhooks/{id}/delete")
    String deleteWebhook(Actor actor, @PathVariable long id) {
        webhooks.delete(actor, id);
        return "redirect:/console/notify?webhookDeleted";
    }
}
