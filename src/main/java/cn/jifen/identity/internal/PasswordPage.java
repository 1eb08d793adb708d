package cn.jifen.identity.internal;

import cn.jifen.identity.Users;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Change your own password; the first login of a clerk-made account lands here. */
@Controller
class PasswordPage {
    private final Users users;
    private final ProblemMessages problems;
    private final AccountSessions sessions;

    PasswordPage(Users users, ProblemMessages problems, AccountSessions sessions) {
        this.users = users;
        this.problems = problems;
        this.sessions = sessions;
    }

    @GetMapping("/password")
    String form(HttpSession session, Model model) {
        model.addAttribute("first", session.getAttribute(FirstLoginHandler.MUST_CHANGE) != null);
        return "password";
    }

    @PostMapping("/password")
    String change(Actor actor, @RequestParam(defaultValue = "") String currentPassword,
                  @RequestParam(defaultValue = "") String newPassword,
                  @RequestParam(defaultValue = "") String confirmPassword, HttpSession session, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        model.addAttribute("first", session.getAttribute(FirstLoginHandler.MUST_CHANGE) != null);
        if (!newPassword.equals(confirmPassword)) {
            response.setStatus(422);
            model.addAttribute("problems", List.of(problems.msg("password.mismatch")));
            return "password";
        }
        try {
            users.changeOwnPassword(actor, currentPassword, newPassword, session.getId());
        } catch (InvalidInput e) {
            response.setStatus(422);
            model.addAttribute("problems", problems.of(e));
            return "password";
        }
        // every other session and token of the account has ended; this one goes on under a new id
        sessions.reissue(request, response, actor.userId());
        boolean wasFirst = session.getAttribute(FirstLoginHandler.MUST_CHANGE) != null;
        session.removeAttribute(FirstLoginHandler.MUST_CHANGE);
        if (wasFirst) {
            return "redirect:/";
        }
        model.addAttribute("first", false);
        model.addAttribute("done", true);
        return "password";
    }
}
