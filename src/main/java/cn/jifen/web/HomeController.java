package cn.jifen.web;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** The entry: staff go to their workbench (a keeper to its counter), villagers to their passbook. */
@Controller
class HomeController {
    private final boolean demo;

    HomeController(@Value("${jifen.demo:true}") boolean demo) {
        this.demo = demo;
    }

    @GetMapping("/")
    String home(Authentication auth) {
        boolean villager = auth != null && auth.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_VILLAGER"));
        return villager ? "redirect:/me" : "redirect:/console/start";
    }

    @GetMapping("/login")
    String login(Model model) {
        model.addAttribute("demo", demo);
        return "login";
    }
}
