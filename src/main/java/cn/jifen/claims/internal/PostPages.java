package cn.jifen.claims.internal;

import cn.jifen.claims.Claim;
import cn.jifen.claims.Claims;
import cn.jifen.claims.PostDraft;
import cn.jifen.claims.ResponsibilityPost;
import cn.jifen.claims.ResponsibilityPosts;
import cn.jifen.directory.OrgUnit;
import cn.jifen.shared.Actor;
import cn.jifen.shared.InvalidInput;
import cn.jifen.shared.Role;
import cn.jifen.shared.Texts;
import cn.jifen.web.ProblemMessages;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/** Responsibility posts for staff (/console/posts) and villagers (/me/posts). */
@Controller
class PostPages {
    private final ResponsibilityPosts posts;
    private final Claims claims;

    private final ProblemMessages problems;

    PostPages(ResponsibilityPosts posts, Claims claims, ProblemMessages problems) {
        this.posts = posts;
        this.claims = claims;
        this.problems = problems;
    }

    @GetMapping({"/console/posts", "/me/posts"})
    String list(Actor actor, @RequestParam(required = false) String village, Model model) {
        fill(actor, village, model);
        model.addAttribute("form", Map.of());
        return "claim-posts";
    }

    private void fill(Actor actor, String village, Model model) {
        Optional<OrgUnit> v = actor.is(Role.VILLAGER) || Texts.clean(village) != null
                ? Optional.of(claims.village(actor, village)) : claims.defaultVillage(actor);
        model.addAttribute("villages", v.isEmpty() ? claims.villages(actor) : List.of());
        model.addAttribute("village", v.orElse(null));
        model.addAttribute("posts", v.map(u -> posts.list(actor, u.code())).orElse(List.of()));
        Set<Long> open = v.isPresent() && actor.isStaff()
                ? posts.uninspected(actor, v.get().code(), null).stream().map(ResponsibilityPost::id)
                        .collect(Collectors.toSet()) : Set.of();
        model.addAttribute("uninspected", open);
        model.addAttribute("admin", actor.is(Role.VILLAGE_ADMIN));
        model.addAttribute("inspector", actor.is(Role.VILLAGE_ADMIN) || actor.is(Role.GRID_WORKER));
        model.addAttribute("villager", actor.is(Role.VILLAGER));
        model.addAttribute("base", actor.isStaff() ? "/console/posts" : "/me/posts");
        // the rule items a new post may name: those in force in the village today, picked from a list
        model.addAttribute("items", actor.is(Role.VILLAGE_ADMIN) && v.isPresent() ? claims.itemsInForce(v.get()) : List.of());
    }

    @PostMapping("/console/posts")
    String create(Actor actor, @RequestParam String village, @RequestParam(required = false) String name,
                  @RequestParam(required = false) String itemCode, @RequestParam(required = false) String description,
                  Model model, HttpServletResponse response) {
        try {
            posts.create(actor, new PostDraft(village, name, itemCode, description));
        } catch (InvalidInput e) {
            // the form again, with what was typed and why it was refused
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            fill(actor, village, model);
            Map<String, Object> form = new HashMap<>();
            form.put("name", name);
            form.put("itemCode", itemCode);
            form.put("description", description);
            model.addAttribute("form", form);
            model.addAttribute("problems", problems.of(e));
            return "claim-posts";
        }
        return "redirect:/console/posts?village=" + village;
    }

    @PostMapping({"/console/posts/{villageId}/{id}/adopt", "/me/posts/{villageId}/{id}/adopt"})
    String adopt(Actor actor, @PathVariable long villageId, @PathVariable long id,
                 @RequestParam(required = false) String passbook) {
        posts.adopt(actor, villageId, id, null, passbook);
        return actor.isStaff() ? "redirect:/console/posts?village=" + posts.villageCode(villageId) : "redirect:/me/posts";
    }

    @PostMapping("/console/posts/{villageId}/{id}/inspections")
    String inspect(Actor actor, @PathVariable long villageId, @PathVariable long id,
                   @RequestParam(required = false) Integer points,
                   @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate occurredOn,
                   @RequestParam(required = false) String note) {
        Claim c = posts.inspect(actor, villageId, id, points, occurredOn, note);
        return "redirect:/console/claims/" + c.villageId() + "/" + c.id();
    }

}
