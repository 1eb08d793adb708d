package cn.jifen.audit.internal;

import cn.jifen.audit.AuditLog;
import cn.jifen.shared.Actor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** The audit log of the actor's scope, newest first. Read-only: there is no edit anywhere. */
@Controller
class AuditPage {
    private final AuditLog log;

    AuditPage(AuditLog log) {
        this.log = log;
    }

    @GetMapping("/console/audit")
    String list(Actor actor, @RequestParam(defaultValue = "0") int page, Model model) {
        model.addAttribute("page", log.read(actor, Math.max(0, page), 50));
        return "audit";
    }
}
